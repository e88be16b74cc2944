package databag

import (
	"encoding/json"
	"math"
	"net/netip"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Encoder writes one compact JSON text. Object keys are written in the
// order the caller gives them; generated code gives schema order, then
// extra keys sorted, so the output is deterministic.
//
// Generated code drives an Encoder; it is not meant to be used by hand.
type Encoder struct {
	b     []byte
	comma bool
}

// Reset empties the encoder, keeping its buffer.
func (w *Encoder) Reset() { w.b, w.comma = w.b[:0], false }

// Text returns the JSON text written so far.
func (w *Encoder) Text() string { return string(w.b) }

// Bytes returns the JSON text written so far; it is valid until the next
// write or Reset.
func (w *Encoder) Bytes() []byte { return w.b }

func (w *Encoder) sep() {
	if w.comma {
		w.b = append(w.b, ',')
	}
}

// String writes a string.
func (w *Encoder) String(s string) {
	w.sep()
	w.b = AppendQuoted(w.b, s)
	w.comma = true
}

// Int writes an integer.
func (w *Encoder) Int(v int64) {
	w.sep()
	w.b = strconv.AppendInt(w.b, v, 10)
	w.comma = true
}

// Float writes a number. NaN and infinities have no JSON form: they are
// reported at p and written as null.
func (w *Encoder) Float(p *Path, e *Errors, v float64) {
	w.sep()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		e.Add(p, "cannot encode "+strconv.FormatFloat(v, 'g', -1, 64)+" in JSON")
		w.b = append(w.b, "null"...)
	} else {
		w.b = AppendFloat(w.b, v)
	}
	w.comma = true
}

// Bool writes true or false.
func (w *Encoder) Bool(v bool) {
	w.sep()
	w.b = strconv.AppendBool(w.b, v)
	w.comma = true
}

// Null writes null.
func (w *Encoder) Null() {
	w.sep()
	w.b = append(w.b, "null"...)
	w.comma = true
}

// Raw writes a JSON value given as text. Text that is not one valid JSON
// value is reported at p, and null is written instead.
func (w *Encoder) Raw(p *Path, e *Errors, v json.RawMessage) {
	w.sep()
	if len(v) == 0 || !json.Valid(v) {
		e.Add(p, "not a valid JSON value")
		w.b = append(w.b, "null"...)
	} else {
		w.b = append(w.b, v...)
	}
	w.comma = true
}

// BeginObject writes {.
func (w *Encoder) BeginObject() {
	w.sep()
	w.b = append(w.b, '{')
	w.comma = false
}

// Key writes an object key and its colon.
func (w *Encoder) Key(k string) {
	w.sep()
	w.b = AppendQuoted(w.b, k)
	w.b = append(w.b, ':')
	w.comma = false
}

// EndObject writes }.
func (w *Encoder) EndObject() {
	w.b = append(w.b, '}')
	w.comma = true
}

// BeginArray writes [.
func (w *Encoder) BeginArray() {
	w.sep()
	w.b = append(w.b, '[')
	w.comma = false
}

// EndArray writes ].
func (w *Encoder) EndArray() {
	w.b = append(w.b, ']')
	w.comma = true
}

const hexDigits = "0123456789abcdef"

// AppendQuoted appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// as with encoding/json; non-ASCII text is kept as it is.
func AppendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// QuoteJSON returns s as a JSON string.
func QuoteJSON(s string) string { return string(AppendQuoted(nil, s)) }

// AppendFloat appends f as encoding/json does: the shortest text that
// reads back as f, in exponent form only for very large or small values.
func AppendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// FormatFloat returns f as AppendFloat writes it.
func FormatFloat(f float64) string { return string(AppendFloat(nil, f)) }

// SortedKeys returns the keys of m in order, for deterministic output.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Addr writes an IP address as a string. The zero Addr (no address) is
// reported at p and written as null.
func (w *Encoder) Addr(p *Path, e *Errors, a netip.Addr) {
	if !a.IsValid() {
		e.Add(p, "no IP address set")
		w.Null()
		return
	}
	w.String(a.String())
}

// SecretURI writes a Juju secret URI as a string. The zero SecretURI is
// reported at p and written as null; CheckFormat checks the rest.
func (w *Encoder) SecretURI(p *Path, e *Errors, u SecretURI) {
	if u == "" {
		e.Add(p, "no secret URI set")
		w.Null()
		return
	}
	w.String(string(u))
}

// Prefix writes an IP network or interface as a string. The zero Prefix is
// reported at p and written as null.
func (w *Encoder) Prefix(p *Path, e *Errors, pr netip.Prefix) {
	if !pr.IsValid() {
		e.Add(p, "no IP network set")
		w.Null()
		return
	}
	w.String(pr.String())
}

// ValidUTF8 returns s as a decoder reads it back after AppendQuoted wrote
// it: each byte of invalid UTF-8 becomes U+FFFD. Valid text is returned as
// it is. Generated encoders check strings in this form, so that they refuse
// exactly what the decoder of their output refuses.
func ValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}
