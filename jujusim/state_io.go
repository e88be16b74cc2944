package jujusim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/charmgen/charmgen/internal/atomicfile"
	"github.com/charmgen/charmgen/internal/fsutil"
)

// Load reads a State from a JSON file. Errors name the file and, for bad
// JSON, the line and column: "state.json: line 3 col 7: message". The
// file must be a regular file (a FIFO or a device is refused, not read) of
// at most fsutil.MaxInput bytes; a symlink is followed, the user named it.
func Load(path string) (*State, error) {
	data, err := fsutil.ReadFile(path, fsutil.MaxInput)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes a State from JSON; name is used in error messages. Unknown
// fields are errors that name the field. The decoded State is validated.
func Parse(name string, data []byte) (*State, error) {
	var s State
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&s); err != nil {
		return nil, jsonError(name, data, dec, err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		off := dec.InputOffset()
		if err != nil {
			return nil, jsonError(name, data, dec, err)
		}
		line, col := lineCol(data, off-1)
		return nil, fmt.Errorf("%s: line %d col %d: unexpected data after the state object (%v)", name, line, col, tok)
	}
	normalizeState(&s)
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &s, nil
}

// jsonError turns an encoding/json error into "name: line N col M: message".
func jsonError(name string, data []byte, dec *json.Decoder, err error) error {
	var off int64 = -1
	msg := strings.TrimPrefix(err.Error(), "json: ")
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	// Offsets count the bytes read, so the offending byte is the one before.
	switch {
	case errors.As(err, &syn):
		off = syn.Offset - 1
	case errors.As(err, &typ):
		off = typ.Offset - 1
		field := typ.Field
		if field == "" {
			field = "value"
		}
		msg = fmt.Sprintf("%s: cannot use JSON %s as %s", field, typ.Value, typ.Type)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: empty file, expected a JSON object", name)
	case errors.Is(err, io.ErrUnexpectedEOF):
		off = int64(len(data))
		msg = "unexpected end of JSON input"
	case strings.HasPrefix(msg, "unknown field "):
		// encoding/json reports no offset for unknown fields: point at the
		// first place the name is used as a key.
		off = keyOffset(data, strings.TrimPrefix(msg, "unknown field "))
	default:
		off = dec.InputOffset()
	}
	if off < 0 {
		return fmt.Errorf("%s: %s", name, msg)
	}
	line, col := lineCol(data, off)
	return fmt.Errorf("%s: line %d col %d: %s", name, line, col, msg)
}

// keyOffset returns the offset of the first occurrence of quoted (a JSON
// string literal) used as an object key, or -1.
func keyOffset(data []byte, quoted string) int64 {
	from := 0
	for {
		i := bytes.Index(data[from:], []byte(quoted))
		if i < 0 {
			return -1
		}
		pos := from + i
		rest := bytes.TrimLeft(data[pos+len(quoted):], " \t\r\n")
		if len(rest) > 0 && rest[0] == ':' {
			return int64(pos)
		}
		from = pos + 1
	}
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	line, col = 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// Marshal encodes the State as indented JSON with a trailing newline. The
// output is deterministic: map keys are sorted, HTML characters are not
// escaped, and slices keep their order.
func (s *State) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Save writes the State to path atomically (temporary file and rename), so
// a reader never sees a half-written state. The state holds secret
// content, so the file is always a new one of ours with mode 0600: the
// temporary file is made with O_EXCL under a random name in path's
// directory (never a fixed path+".tmp", where someone sharing the
// directory could plant a symlink to have us write elsewhere, or a file
// of their own that the rename would make the state file), and whatever
// was at path, a symlink included, is replaced rather than written
// through.
func (s *State) Save(path string) error {
	data, err := s.Marshal()
	if err != nil {
		return err
	}
	return atomicfile.Replace(path, data, 0o600, true)
}

// Clone returns a deep copy of the State. It panics only if a caller put a
// value that JSON cannot encode (a channel, a NaN) into one of the any-typed
// maps; NewAgent reports that case as an error instead.
func (s *State) Clone() *State {
	c, err := s.clone()
	if err != nil {
		panic("jujusim: " + err.Error())
	}
	return c
}

func (s *State) clone() (*State, error) {
	data, err := s.Marshal()
	if err != nil {
		return nil, fmt.Errorf("cannot copy state: %w", err)
	}
	var c State
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("cannot copy state: %w", err)
	}
	normalizeState(&c)
	return &c, nil
}

// normalizeState turns json.Number values into int64 or float64, typed by the
// declared config option where there is one.
func normalizeState(s *State) {
	for k, v := range s.Config {
		s.Config[k] = normalizeValue(v)
	}
	for k, o := range s.ConfigOptions {
		o.Default = normalizeValue(o.Default)
		s.ConfigOptions[k] = o
	}
	for k, v := range s.Config {
		if o, ok := s.ConfigOptions[k]; ok && o.Type == "float" {
			if n, ok := v.(int64); ok {
				s.Config[k] = float64(n)
			}
		}
	}
	for k, o := range s.ConfigOptions {
		if n, ok := o.Default.(int64); ok && o.Type == "float" {
			o.Default = float64(n)
			s.ConfigOptions[k] = o
		}
	}
	if s.Action != nil {
		for k, v := range s.Action.Params {
			s.Action.Params[k] = normalizeValue(v)
		}
		for k, v := range s.Action.Results {
			s.Action.Results[k] = normalizeValue(v)
		}
	}
}

// NormalizeValue converts json.Number (recursively, through maps and
// lists) to int64 when integral and float64 otherwise: the value types a
// State holds after decoding with UseNumber.
func NormalizeValue(v any) any { return normalizeValue(v) }

func normalizeValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		// Out of float64 range: keep the literal, which still encodes.
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = normalizeValue(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalizeValue(e)
		}
		return x
	}
	return v
}
