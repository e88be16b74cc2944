// Package param decodes and validates the values Juju hands a charm as JSON
// — action params (action-get) and config (config-get) — for the code
// charmgen generates. Every error names the value's path ("compression.level:
// must be at most 9"), so a user sees what to fix. Standard library only.
package param

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is a param or option that is missing or invalid.
type Error struct {
	Path    string
	Message string
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// Errorf returns an *Error for path.
func Errorf(path, format string, args ...any) error {
	return &Error{Path: path, Message: fmt.Sprintf(format, args...)}
}

// Join appends a key to a path.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Index appends a list index to a path.
func Index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// Object decodes a JSON object into its raw members. null is an empty
// object.
func Object(path string, data []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if len(bytes.TrimSpace(data)) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, Errorf(path, "must be an object")
	}
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	return m, nil
}

// Present reports whether key is set to something other than null.
func Present(m map[string]json.RawMessage, key string) bool {
	v, ok := m[key]
	return ok && !bytes.Equal(bytes.TrimSpace(v), []byte("null"))
}

// Required fails for the first of keys that is absent or null.
func Required(m map[string]json.RawMessage, path string, keys ...string) error {
	for _, k := range keys {
		if !Present(m, k) {
			return Errorf(Join(path, k), "required")
		}
	}
	return nil
}

// Known fails for the first key (in sorted order) that is not in known: a
// schema with additionalProperties false, which Juju 4 assumes when the
// schema says nothing.
func Known(m map[string]json.RawMessage, path string, known ...string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		found := false
		for _, kn := range known {
			if k == kn {
				found = true
				break
			}
		}
		if !found {
			return Errorf(Join(path, k), "unknown; the known ones are %s", strings.Join(known, ", "))
		}
	}
	return nil
}

// String decodes a JSON string.
func String(path string, data json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return "", Errorf(path, "must be a string, not %s", brief(data))
	}
	return s, nil
}

// Bool decodes a JSON boolean.
func Bool(path string, data json.RawMessage) (bool, error) {
	var b bool
	if err := json.Unmarshal(data, &b); err != nil {
		return false, Errorf(path, "must be true or false, not %s", brief(data))
	}
	return b, nil
}

// Int decodes a JSON number that is a whole number.
func Int(path string, data json.RawMessage) (int64, error) {
	var f json.Number
	if err := json.Unmarshal(data, &f); err != nil {
		return 0, Errorf(path, "must be a whole number, not %s", brief(data))
	}
	if i, err := f.Int64(); err == nil {
		return i, nil
	}
	fl, err := f.Float64()
	if err != nil || fl != math.Trunc(fl) || math.Abs(fl) > 1<<53 {
		return 0, Errorf(path, "must be a whole number, not %s", f)
	}
	return int64(fl), nil
}

// Float decodes a JSON number.
func Float(path string, data json.RawMessage) (float64, error) {
	var f float64
	if err := json.Unmarshal(data, &f); err != nil {
		return 0, Errorf(path, "must be a number, not %s", brief(data))
	}
	return f, nil
}

// List decodes a JSON array into its raw elements.
func List(path string, data json.RawMessage) ([]json.RawMessage, error) {
	var l []json.RawMessage
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, Errorf(path, "must be a list, not %s", brief(data))
	}
	return l, nil
}

// Any decodes any JSON value (for params whose schema has no type).
func Any(path string, data json.RawMessage) (any, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, Errorf(path, "is not valid JSON")
	}
	return v, nil
}

// Enum fails unless v is one of allowed.
func Enum[T comparable](path string, v T, allowed ...T) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	parts := make([]string, len(allowed))
	for i, a := range allowed {
		parts[i] = fmt.Sprintf("%v", a)
	}
	return Errorf(path, "must be one of %s, not %v", strings.Join(parts, ", "), v)
}

// Min fails if v < min (or v <= min when exclusive).
func Min(path string, v, min float64, exclusive bool) error {
	if v < min || exclusive && v == min {
		word := "at least"
		if exclusive {
			word = "more than"
		}
		return Errorf(path, "must be %s %v, not %v", word, min, v)
	}
	return nil
}

// Max fails if v > max (or v >= max when exclusive).
func Max(path string, v, max float64, exclusive bool) error {
	if v > max || exclusive && v == max {
		word := "at most"
		if exclusive {
			word = "less than"
		}
		return Errorf(path, "must be %s %v, not %v", word, max, v)
	}
	return nil
}

// Length checks a string's length in characters against min and max
// (negative: no bound).
func Length(path, s string, min, max int) error {
	n := utf8.RuneCountInString(s)
	if min >= 0 && n < min {
		return Errorf(path, "must be at least %d characters long", min)
	}
	if max >= 0 && n > max {
		return Errorf(path, "must be at most %d characters long", max)
	}
	return nil
}

// Items checks a list's length against min and max (negative: no bound).
func Items(path string, n, min, max int) error {
	if min >= 0 && n < min {
		return Errorf(path, "must have at least %d items", min)
	}
	if max >= 0 && n > max {
		return Errorf(path, "must have at most %d items", max)
	}
	return nil
}

// Pattern fails unless s matches re.
func Pattern(path, s string, re *regexp.Regexp) error {
	if !re.MatchString(s) {
		return Errorf(path, "must match %s", re)
	}
	return nil
}

func brief(data []byte) string {
	s := strings.TrimSpace(string(data))
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
