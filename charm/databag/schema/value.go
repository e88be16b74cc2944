package schema

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

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

// ParseValue reads one JSON text (RFC 8259) into a Value tree, keeping
// object key order and the offset where each value starts. Duplicate
// object keys are kept; Get returns the first. Strings are read as
// encoding/json reads them (invalid UTF-8 and lone surrogates become
// U+FFFD). A syntax error is a *SyntaxError with the offset of the byte
// at fault.
//
// It is written by hand because schema files are read on every
// generation: encoding/json's token API took half the time of discovering
// and parsing the whole interface corpus.
func ParseValue(data []byte) (*Value, error) {
	r := &valueReader{data: data}
	r.space()
	if r.i == len(data) {
		return nil, &SyntaxError{Offset: int64(r.i), Msg: "empty file: no JSON value"}
	}
	v, err := r.value(0)
	if err != nil {
		return nil, err
	}
	r.space()
	if r.i < len(data) {
		return nil, r.errorf("unexpected data after the JSON value")
	}
	return v, nil
}

// SyntaxError is a JSON syntax error at a byte offset.
type SyntaxError struct {
	Offset int64
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s (offset %d)", e.Msg, e.Offset) }

type valueReader struct {
	data []byte
	i    int
	buf  []byte // scratch for strings with escapes
}

func (r *valueReader) errorf(format string, args ...any) error {
	return &SyntaxError{Offset: int64(r.i), Msg: fmt.Sprintf(format, args...)}
}

func (r *valueReader) unexpected(what string) error {
	if r.i >= len(r.data) {
		return r.errorf("unexpected end of JSON input")
	}
	return r.errorf("invalid character %s %s", quoteChar(r.data[r.i]), what)
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

func (r *valueReader) space() {
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *valueReader) value(depth int) (*Value, error) {
	if depth > 200 {
		return nil, r.errorf("nesting too deep")
	}
	if r.i >= len(r.data) {
		return nil, r.errorf("unexpected end of JSON input")
	}
	v := &Value{Offset: int64(r.i)}
	switch c := r.data[r.i]; {
	case c == '{':
		v.Kind = ValObject
		r.i++
		r.space()
		if r.i < len(r.data) && r.data[r.i] == '}' {
			r.i++
			return v, nil
		}
		for {
			r.space()
			if r.i >= len(r.data) || r.data[r.i] != '"' {
				return nil, r.unexpected("looking for beginning of object key string")
			}
			k, err := r.str()
			if err != nil {
				return nil, err
			}
			r.space()
			if r.i >= len(r.data) || r.data[r.i] != ':' {
				return nil, r.unexpected("after object key")
			}
			r.i++
			r.space()
			val, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.Keys = append(v.Keys, k)
			v.Vals = append(v.Vals, val)
			r.space()
			if r.i < len(r.data) && r.data[r.i] == ',' {
				r.i++
				continue
			}
			if r.i < len(r.data) && r.data[r.i] == '}' {
				r.i++
				return v, nil
			}
			return nil, r.unexpected("after object key:value pair")
		}
	case c == '[':
		v.Kind = ValArray
		r.i++
		r.space()
		if r.i < len(r.data) && r.data[r.i] == ']' {
			r.i++
			return v, nil
		}
		for {
			r.space()
			it, err := r.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.Items = append(v.Items, it)
			r.space()
			if r.i < len(r.data) && r.data[r.i] == ',' {
				r.i++
				continue
			}
			if r.i < len(r.data) && r.data[r.i] == ']' {
				r.i++
				return v, nil
			}
			return nil, r.unexpected("after array element")
		}
	case c == '"':
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		v.Kind, v.Str = ValString, s
	case c == '-' || c >= '0' && c <= '9':
		n, err := r.number()
		if err != nil {
			return nil, err
		}
		v.Kind, v.Number = ValNumber, json.Number(n)
	case c == 't':
		v.Kind, v.Bool = ValBool, true
		return v, r.literal("true")
	case c == 'f':
		v.Kind = ValBool
		return v, r.literal("false")
	case c == 'n':
		v.Kind = ValNull
		return v, r.literal("null")
	default:
		return nil, r.unexpected("looking for beginning of value")
	}
	return v, nil
}

func (r *valueReader) literal(word string) error {
	for j := 0; j < len(word); j++ {
		if r.i >= len(r.data) {
			return r.errorf("unexpected end of JSON input")
		}
		if r.data[r.i] != word[j] {
			return r.errorf("invalid character %s in literal %s (expecting %s)", quoteChar(r.data[r.i]), word, quoteChar(word[j]))
		}
		r.i++
	}
	return nil
}

// number reads -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?.
func (r *valueReader) number() (string, error) {
	start := r.i
	digits := func() int {
		n := 0
		for r.i < len(r.data) && r.data[r.i] >= '0' && r.data[r.i] <= '9' {
			r.i++
			n++
		}
		return n
	}
	if r.data[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(r.data) && r.data[r.i] == '0':
		r.i++
	case digits() == 0:
		return "", r.unexpected("in numeric literal")
	}
	if r.i < len(r.data) && r.data[r.i] == '.' {
		r.i++
		if digits() == 0 {
			return "", r.unexpected("after decimal point in numeric literal")
		}
	}
	if r.i < len(r.data) && (r.data[r.i] == 'e' || r.data[r.i] == 'E') {
		r.i++
		if r.i < len(r.data) && (r.data[r.i] == '+' || r.data[r.i] == '-') {
			r.i++
		}
		if digits() == 0 {
			return "", r.unexpected("in exponent of numeric literal")
		}
	}
	return string(r.data[start:r.i]), nil
}

// str reads a string at r.i (a '"'), as encoding/json does.
func (r *valueReader) str() (string, error) {
	r.i++ // opening quote
	start := r.i
	// Fast path: no escapes, ASCII or valid UTF-8.
	for r.i < len(r.data) {
		c := r.data[r.i]
		if c == '"' {
			s := string(r.data[start:r.i])
			r.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		r.i++
	}
	b := append(r.buf[:0], r.data[start:r.i]...)
	for {
		if r.i >= len(r.data) {
			return "", r.errorf("unexpected end of JSON input")
		}
		c := r.data[r.i]
		switch {
		case c == '"':
			r.i++
			r.buf = b
			return string(b), nil
		case c < 0x20:
			return "", r.errorf("invalid character %s in string literal", quoteChar(c))
		case c == '\\':
			r.i++
			if r.i >= len(r.data) {
				return "", r.errorf("unexpected end of JSON input")
			}
			e := r.data[r.i]
			r.i++
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r1, ok := r.hex4()
				if !ok {
					return "", r.errorf("invalid character in \\u hexadecimal character escape")
				}
				if utf16.IsSurrogate(r1) {
					// A pair, or U+FFFD for a lone half.
					save := r.i
					if r.i+1 < len(r.data) && r.data[r.i] == '\\' && r.data[r.i+1] == 'u' {
						r.i += 2
						if r2, ok := r.hex4(); ok {
							if d := utf16.DecodeRune(r1, r2); d != utf8.RuneError {
								b = utf8.AppendRune(b, d)
								continue
							}
						}
					}
					r.i = save
					r1 = utf8.RuneError
				}
				b = utf8.AppendRune(b, r1)
			default:
				r.i--
				return "", r.errorf("invalid character %s in string escape code", quoteChar(e))
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			r.i++
		default:
			ru, size := utf8.DecodeRune(r.data[r.i:])
			r.i += size
			b = utf8.AppendRune(b, ru) // invalid bytes become U+FFFD
		}
	}
}

func (r *valueReader) hex4() (rune, bool) {
	if r.i+4 > len(r.data) {
		return 0, false
	}
	var v rune
	for _, c := range r.data[r.i : r.i+4] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	r.i += 4
	return v, true
}

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
