package databag

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// Kind is the kind of a JSON value.
type Kind uint8

// JSON value kinds. KindInvalid means the input is not JSON there.
const (
	KindInvalid Kind = iota
	KindNull
	KindBoolean
	KindNumber
	KindString
	KindArray
	KindObject
)

var kindNames = [...]string{"invalid JSON", "null", "boolean", "number", "string", "array", "object"}

func (k Kind) String() string { return kindNames[k] }

// MaxDepth is the deepest nesting of arrays and objects a decoder accepts.
const MaxDepth = 1000

// Decoder reads one JSON text, held in a databag value, without reflection.
// Typed reads report wrong types at their path and skip the value, so one
// bad field does not hide the others. A syntax error stops decoding: Finish
// then replaces everything reported inside the value with one
// "invalid JSON" problem.
//
// Generated code drives a Decoder; it is not meant to be used by hand.
type Decoder struct {
	s         string
	i         int
	needComma bool
	depth     int
	err       string
	e         *Errors
	mark      int
}

// NewDecoder returns a decoder of the JSON text s that reports to e.
func NewDecoder(s string, e *Errors) Decoder {
	return Decoder{s: s, e: e, mark: e.Len()}
}

// Errs returns the error collector the decoder reports to.
func (d *Decoder) Errs() *Errors { return d.e }

// Failed reports whether a syntax error has been found.
func (d *Decoder) Failed() bool { return d.err != "" }

func (d *Decoder) fail(msg string) {
	if d.err == "" {
		if d.i >= len(d.s) {
			d.err = msg + " at end of input"
		} else {
			d.err = msg + " at offset " + strconv.Itoa(d.i)
		}
	}
	d.i = len(d.s)
}

func (d *Decoder) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// Peek returns the kind of the next value without consuming it.
func (d *Decoder) Peek() Kind {
	if d.err != "" {
		return KindInvalid
	}
	d.ws()
	if d.i >= len(d.s) {
		return KindInvalid
	}
	switch c := d.s[d.i]; {
	case c == '"':
		return KindString
	case c == '{':
		return KindObject
	case c == '[':
		return KindArray
	case c == 't' || c == 'f':
		return KindBoolean
	case c == 'n':
		return KindNull
	case c == '-' || c >= '0' && c <= '9':
		return KindNumber
	}
	return KindInvalid
}

// Finish checks that nothing but white space follows the value. If the
// text was not valid JSON, it withdraws every problem reported inside the
// value and reports one "invalid JSON" problem at p. It returns whether the
// text was valid JSON.
func (d *Decoder) Finish(p *Path) bool {
	if d.err == "" {
		d.ws()
		if d.i < len(d.s) {
			d.fail("unexpected " + quoteChar(d.s[d.i]) + " after the value")
		}
	}
	if d.err != "" {
		d.e.truncate(d.mark)
		d.e.Add(p, "invalid JSON: "+d.err)
		return false
	}
	return true
}

func quoteChar(c byte) string {
	if c < 0x20 || c >= 0x7f {
		return "byte 0x" + strconv.FormatUint(uint64(c), 16)
	}
	return strconv.QuoteRune(rune(c))
}

// invalid reports the syntax error at the current position.
func (d *Decoder) invalid() {
	if d.i >= len(d.s) {
		d.fail("unexpected end")
		return
	}
	d.fail("unexpected " + quoteChar(d.s[d.i]))
}

// typeErr reports that the next value is not of the wanted type and skips
// it.
func (d *Decoder) typeErr(p *Path, want string, k Kind) {
	if k == KindInvalid {
		d.invalid()
		return
	}
	d.e.Add(p, "expected "+want+", got "+k.String())
	d.Skip()
}

// Null consumes a null if one is next.
func (d *Decoder) Null() bool {
	if d.Peek() != KindNull {
		return false
	}
	if !d.lit("null") {
		return false
	}
	d.needComma = true
	return true
}

func (d *Decoder) lit(l string) bool {
	if len(d.s)-d.i >= len(l) && d.s[d.i:d.i+len(l)] == l {
		d.i += len(l)
		return true
	}
	d.invalid()
	return false
}

// String reads a string.
func (d *Decoder) String(p *Path) (string, bool) {
	k := d.Peek()
	if k != KindString {
		d.typeErr(p, "string", k)
		return "", false
	}
	s, ok := d.str()
	d.needComma = true
	return s, ok
}

// str reads the string starting at d.i (which holds the opening quote).
// Strings without escapes are returned as substrings of the input; others
// are decoded into one buffer sized from the raw text.
func (d *Decoder) str() (string, bool) {
	s := d.s
	start := d.i + 1
	i := start
	for i < len(s) {
		i = scanPlain(s, i)
		if i >= len(s) {
			break
		}
		c := s[i]
		if c == '"' {
			d.i = i + 1
			return s[start:i], true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			d.i = i
			d.fail("invalid UTF-8 in string")
			return "", false
		}
		i += size
	}
	// Slow path: find the closing quote to size the buffer, then decode.
	buf := make([]byte, 0, closingQuote(s, i)-start)
	buf = append(buf, s[start:i]...)
	for i < len(s) {
		// Copy a run of plain ASCII at once.
		k := scanPlain(s, i)
		buf = append(buf, s[i:k]...)
		i = k
		if i >= len(s) {
			break
		}
		c := s[i]
		switch {
		case c == '"':
			d.i = i + 1
			return unsafe.String(unsafe.SliceData(buf), len(buf)), true
		case c < 0x20:
			d.i = i
			d.fail("control character in string")
			return "", false
		case c == '\\':
			if i+1 >= len(s) {
				d.i = len(s)
				d.fail("unexpected end")
				return "", false
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				buf = append(buf, e)
				i += 2
			case 'b':
				buf = append(buf, '\b')
				i += 2
			case 'f':
				buf = append(buf, '\f')
				i += 2
			case 'n':
				buf = append(buf, '\n')
				i += 2
			case 'r':
				buf = append(buf, '\r')
				i += 2
			case 't':
				buf = append(buf, '\t')
				i += 2
			case 'u':
				r, ok := hex4(s, i+2)
				if !ok {
					d.i = i
					d.fail("invalid \\u escape")
					return "", false
				}
				i += 6
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(-1), false
					if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
						r2, ok2 = hex4(s, i+2)
					}
					if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				d.i = i
				d.fail("invalid escape \\" + string(e))
				return "", false
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				d.i = i
				d.fail("invalid UTF-8 in string")
				return "", false
			}
			buf = append(buf, s[i:i+size]...)
			i += size
		}
	}
	d.i = len(s)
	d.fail("unterminated string")
	return "", false
}

// closingQuote returns the index of the quote that ends the string whose
// text continues at i (len(s) when there is none).
func closingQuote(s string, i int) int {
	for {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			return len(s)
		}
		q += i
		n := 0
		for j := q - 1; j >= i && s[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		i = q + 1
	}
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// scanPlain returns the index of the first byte at or after i that is a
// quote, a backslash, a control character or not ASCII (len(s) if none),
// looking at 8 bytes at a time.
func scanPlain(s string, i int) int {
	for i+8 <= len(s) {
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))
		q := x ^ (lsb * '"')
		b := x ^ (lsb * '\\')
		special := ((q - lsb) &^ q) | ((b - lsb) &^ b) | (x - lsb*0x20) | x
		if special&msb != 0 {
			break
		}
		i += 8
	}
	for i < len(s) {
		c := s[i]
		if c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			return i
		}
		i++
	}
	return i
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number scans a number literal at d.i and returns it, and whether it has
// no fraction or exponent.
func (d *Decoder) number() (string, bool, bool) {
	start := d.i
	i := d.i
	s := d.s
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		d.i = i
		d.invalid()
		return "", false, false
	}
	isInt := true
	if i < len(s) && s[i] == '.' {
		isInt = false
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			d.i = i
			d.invalid()
			return "", false, false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		isInt = false
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			d.i = i
			d.invalid()
			return "", false, false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	d.i = i
	return s[start:i], isInt, true
}

// Int reads an integer. A number with a fraction or an exponent is accepted
// when its value is a whole number that fits.
func (d *Decoder) Int(p *Path) (int64, bool) {
	k := d.Peek()
	if k != KindNumber {
		d.typeErr(p, "integer", k)
		return 0, false
	}
	lit, isInt, ok := d.number()
	if !ok {
		return 0, false
	}
	d.needComma = true
	if isInt {
		v, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			d.e.Add(p, "integer "+BoundText(lit)+" is out of range")
			return 0, false
		}
		return v, true
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || f != math.Trunc(f) || f < -9.223372036854775808e18 || f >= 9.223372036854775808e18 {
		d.e.Add(p, "expected integer, got "+BoundText(lit))
		return 0, false
	}
	return int64(f), true
}

// Float reads a number.
func (d *Decoder) Float(p *Path) (float64, bool) {
	k := d.Peek()
	if k != KindNumber {
		d.typeErr(p, "number", k)
		return 0, false
	}
	lit, _, ok := d.number()
	if !ok {
		return 0, false
	}
	d.needComma = true
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		d.e.Add(p, "number "+BoundText(lit)+" is out of range")
		return 0, false
	}
	return f, true
}

// Bool reads true or false.
func (d *Decoder) Bool(p *Path) (bool, bool) {
	k := d.Peek()
	if k != KindBoolean {
		d.typeErr(p, "boolean", k)
		return false, false
	}
	if d.s[d.i] == 't' {
		if !d.lit("true") {
			return false, false
		}
		d.needComma = true
		return true, true
	}
	if !d.lit("false") {
		return false, false
	}
	d.needComma = true
	return false, true
}

// Raw reads any JSON value and returns a copy of its text.
func (d *Decoder) Raw(p *Path) (json.RawMessage, bool) {
	if d.Peek() == KindInvalid {
		d.invalid()
		return nil, false
	}
	start := d.i
	if !d.Skip() {
		return nil, false
	}
	raw := d.s[start:d.i]
	// Keep values in compact form, so that a decoded value and its
	// re-encoding are equal.
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case ' ', '\t', '\n', '\r':
			var buf bytes.Buffer
			buf.Grow(len(raw))
			if json.Compact(&buf, []byte(raw)) == nil {
				return json.RawMessage(buf.Bytes()), true
			}
			return json.RawMessage(raw), true
		}
	}
	return json.RawMessage(raw), true
}

// Skip consumes the next value, checking its syntax.
func (d *Decoder) Skip() bool {
	var stack [32]byte
	open := stack[:0]
	for {
		switch d.Peek() {
		case KindInvalid:
			d.invalid()
			return false
		case KindNull:
			if !d.lit("null") {
				return false
			}
		case KindBoolean:
			if d.s[d.i] == 't' {
				if !d.lit("true") {
					return false
				}
			} else if !d.lit("false") {
				return false
			}
		case KindNumber:
			if _, _, ok := d.number(); !ok {
				return false
			}
		case KindString:
			if _, ok := d.skipStr(); !ok {
				return false
			}
		case KindArray, KindObject:
			if len(open)+d.depth >= MaxDepth {
				d.fail("nesting too deep")
				return false
			}
			c := d.s[d.i]
			d.i++
			d.ws()
			if d.i < len(d.s) && d.s[d.i] == c+2 { // [] or {}
				d.i++
				break
			}
			open = append(open, c)
			if c == '{' && !d.colonKey() {
				return false
			}
			continue
		}
		// A value is complete: close what it completes.
		for {
			if len(open) == 0 {
				d.needComma = true
				return true
			}
			d.ws()
			if d.i >= len(d.s) {
				d.invalid()
				return false
			}
			c := d.s[d.i]
			top := open[len(open)-1]
			if c == top+2 {
				d.i++
				open = open[:len(open)-1]
				continue
			}
			if c != ',' {
				d.invalid()
				return false
			}
			d.i++
			if top == '{' && !d.colonKey() {
				return false
			}
			break
		}
	}
}

// skipStr skips a string, validating it, without building its value when
// it has no escapes.
func (d *Decoder) skipStr() (string, bool) { return d.str() }

// colonKey reads `"key":` inside an object.
func (d *Decoder) colonKey() bool {
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		d.invalid()
		return false
	}
	if _, ok := d.str(); !ok {
		return false
	}
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != ':' {
		d.invalid()
		return false
	}
	d.i++
	return true
}

// Object starts reading an object. It returns false, after reporting a
// type error and skipping the value, when the next value is not an object.
func (d *Decoder) Object(p *Path) bool {
	k := d.Peek()
	if k != KindObject {
		d.typeErr(p, "object", k)
		return false
	}
	if d.depth >= MaxDepth {
		d.fail("nesting too deep")
		return false
	}
	d.depth++
	d.i++
	d.needComma = false
	return true
}

// Key returns the next key of the object being read, or false at its end.
func (d *Decoder) Key() (string, bool) {
	if d.err != "" {
		return "", false
	}
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		d.depth--
		d.needComma = true
		return "", false
	}
	if d.needComma {
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			d.invalid()
			return "", false
		}
		d.i++
		d.ws()
	}
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		d.invalid()
		return "", false
	}
	k, ok := d.str()
	if !ok {
		return "", false
	}
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != ':' {
		d.invalid()
		return "", false
	}
	d.i++
	d.needComma = false
	return k, true
}

// Array starts reading an array. It returns false, after reporting a type
// error and skipping the value, when the next value is not an array.
func (d *Decoder) Array(p *Path) bool {
	k := d.Peek()
	if k != KindArray {
		d.typeErr(p, "array", k)
		return false
	}
	if d.depth >= MaxDepth {
		d.fail("nesting too deep")
		return false
	}
	d.depth++
	d.i++
	d.needComma = false
	return true
}

// More reports whether the array being read has another element.
func (d *Decoder) More() bool {
	if d.err != "" {
		return false
	}
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		d.depth--
		d.needComma = true
		return false
	}
	if d.needComma {
		if d.i >= len(d.s) || d.s[d.i] != ',' {
			d.invalid()
			return false
		}
		d.i++
	}
	d.needComma = false
	return true
}
