package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/charm/databag"
)

// ValueKind is the kind of a JSON value in a schema file.
type ValueKind uint8

// JSON value kinds.
const (
	ValNull ValueKind = iota
	ValBool
	ValNumber
	ValString
	ValArray
	ValObject
)

// Value is a JSON value read from a schema file, with object keys in file
// order and the byte offset where the value starts.
type Value struct {
	Kind   ValueKind
	Offset int64
	Bool   bool
	Number json.Number
	Str    string
	Items  []*Value
	Keys   []string
	Vals   []*Value
}

// Get returns the member key of an object value, or nil.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != ValObject {
		return nil
	}
	for i, k := range v.Keys {
		if k == key {
			return v.Vals[i]
		}
	}
	return nil
}

// JSON returns the value as compact JSON text (object keys in file order).
func (v *Value) JSON() string {
	var b []byte
	b = v.appendJSON(b)
	return string(b)
}

func (v *Value) appendJSON(b []byte) []byte {
	switch v.Kind {
	case ValNull:
		return append(b, "null"...)
	case ValBool:
		return strconv.AppendBool(b, v.Bool)
	case ValNumber:
		return append(b, v.Number...)
	case ValString:
		return databag.AppendQuoted(b, v.Str)
	case ValArray:
		b = append(b, '[')
		for i, it := range v.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = it.appendJSON(b)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i, k := range v.Keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = databag.AppendQuoted(b, k)
		b = append(b, ':')
		b = v.Vals[i].appendJSON(b)
	}
	return append(b, '}')
}

// IsInt reports whether the value is a number with a whole value that
// fits an int64, and returns it.
func (v *Value) IsInt() (int64, bool) {
	if v == nil || v.Kind != ValNumber {
		return 0, false
	}
	if n, err := v.Number.Int64(); err == nil {
		return n, true
	}
	f, err := v.Number.Float64()
	if err != nil || f != float64(int64(f)) {
		return 0, false
	}
	return int64(f), true
}

// Float returns a number value as a float64.
func (v *Value) Float() (float64, bool) {
	if v == nil || v.Kind != ValNumber {
		return 0, false
	}
	f, err := v.Number.Float64()
	return f, err == nil
}

// Canonical returns the value's JSON text in the form decoders compare
// enum and const values in: compact, object keys sorted, numbers as the
// shortest form of their float64 value (integers as integers).
func (v *Value) Canonical() string {
	return string(v.appendCanonical(nil))
}

func (v *Value) appendCanonical(b []byte) []byte {
	switch v.Kind {
	case ValNumber:
		if n, ok := v.IsInt(); ok {
			return strconv.AppendInt(b, n, 10)
		}
		f, _ := v.Number.Float64()
		return databag.AppendFloat(b, f)
	case ValArray:
		b = append(b, '[')
		for i, it := range v.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = it.appendCanonical(b)
		}
		return append(b, ']')
	case ValObject:
		idx := make([]int, len(v.Keys))
		for i := range idx {
			idx[i] = i
		}
		sortIdx(idx, v.Keys)
		b = append(b, '{')
		for n, i := range idx {
			if n > 0 {
				b = append(b, ',')
			}
			b = databag.AppendQuoted(b, v.Keys[i])
			b = append(b, ':')
			b = v.Vals[i].appendCanonical(b)
		}
		return append(b, '}')
	}
	return v.appendJSON(b)
}

func sortIdx(idx []int, keys []string) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && keys[idx[j]] < keys[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

// ParseValue reads one JSON text into a Value tree, keeping object key
// order and offsets. Duplicate object keys are kept; Get returns the
// first.
func ParseValue(data []byte) (*Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the JSON value at offset %d", dec.InputOffset())
	}
	return v, nil
}

func parseValue(dec *json.Decoder, depth int) (*Value, error) {
	if depth > 200 {
		return nil, errors.New("nesting too deep")
	}
	off := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("empty file: no JSON value")
		}
		return nil, err
	}
	v := &Value{Offset: skipSpaceOffset(off)}
	switch t := tok.(type) {
	case nil:
		v.Kind = ValNull
	case bool:
		v.Kind, v.Bool = ValBool, t
	case json.Number:
		v.Kind, v.Number = ValNumber, t
	case string:
		v.Kind, v.Str = ValString, t
	case json.Delim:
		switch t {
		case '[':
			v.Kind = ValArray
			for dec.More() {
				it, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				v.Items = append(v.Items, it)
			}
		case '{':
			v.Kind = ValObject
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				val, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				v.Keys = append(v.Keys, k)
				v.Vals = append(v.Vals, val)
			}
		}
		if _, err := dec.Token(); err != nil { // closing delimiter
			return nil, err
		}
	}
	return v, nil
}

// skipSpaceOffset is the offset of the token that follows off; the
// decoder's InputOffset is just after the previous token (and any comma
// or colon), so the caller adjusts it when it has the text.
func skipSpaceOffset(off int64) int64 { return off }

// Pointer escapes one JSON pointer reference token.
func Pointer(token string) string {
	if !strings.ContainsAny(token, "~/") {
		return token
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(token)
}

// LineCol returns the 1-based line and column of byte offset off in data,
// moved forward past white space, commas and colons to the value itself.
func LineCol(data []byte, off int64) (int, int) {
	i := int(off)
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r', ',', ':':
			i++
			continue
		}
		break
	}
	if i > len(data) {
		i = len(data)
	}
	line, col := 1, 1
	for _, c := range data[:i] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
