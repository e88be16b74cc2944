package databag

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrEmpty is what a generated decoder (and package validate) returns for
// a databag that holds no data at all, when its schema requires some: the
// remote side has not written its data yet (or has wiped it). It means
// "waiting", not "broken": the Python charm libraries treat such a bag as
// "not ready" rather than as invalid. Test for it with errors.Is. A bag
// with some keys but required ones missing is an *Error as usual.
var ErrEmpty = errors.New("databag is empty: the remote side has not written its data yet")

// IsEmpty reports whether bag holds no data written by a charm: it has no
// keys, or only keys set to "" (Juju deletes those) and the keys Juju
// itself writes into unit databags (JujuKeys), which decoders ignore.
func IsEmpty(bag map[string]string) bool {
	for k, v := range bag {
		if v != "" && !IsJujuKey(k) {
			return false
		}
	}
	return true
}

// Path names a value inside a databag: a top-level key, then object keys
// and array indexes, as in certificates[2].ca. Paths are built on the
// stack while decoding and only turned into text when an error is
// reported, so a valid databag costs no allocation for them.
type Path struct {
	parent *Path
	key    string
	index  int // -1 for an object key
}

// Field returns the path of a top-level databag key.
func Field(key string) Path { return Path{key: key, index: -1} }

// Key returns the path of key inside the object at p.
func (p *Path) Key(key string) Path { return Path{parent: p, key: key, index: -1} }

// Index returns the path of element i of the array at p.
func (p *Path) Index(i int) Path { return Path{parent: p, index: i} }

// String renders the path: top-level keys as they are, nested keys after a
// dot (or as ["key"] when they are not plain words), indexes in brackets.
func (p *Path) String() string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	p.write(&b)
	return b.String()
}

func (p *Path) write(b *strings.Builder) {
	if p.parent != nil {
		p.parent.write(b)
	}
	switch {
	case p.index >= 0:
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(p.index))
		b.WriteByte(']')
	case len(p.key) > MaxQuoted:
		// A key is remote input too (an unknown key can be any size):
		// a long one is shown quoted and cut.
		if p.parent == nil {
			b.WriteString(QuoteValue(p.key))
			return
		}
		b.WriteByte('[')
		b.WriteString(QuoteValue(p.key))
		b.WriteByte(']')
	case p.parent == nil:
		b.WriteString(p.key)
	case plainKey(p.key):
		b.WriteByte('.')
		b.WriteString(p.key)
	default:
		b.WriteByte('[')
		b.WriteString(QuoteJSON(p.key))
		b.WriteByte(']')
	}
}

// plainKey reports whether k can be written after a dot in a path.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// FieldError is one problem in a databag, at a path.
type FieldError struct {
	// Path is the field path, such as certificates[2].ca; empty for a
	// problem with the databag as a whole.
	Path string
	// Msg says what is wrong, such as "required".
	Msg string
}

func (e FieldError) String() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Error is the error a decoder returns: every problem found, in a stable
// order (declared fields in schema order, then other keys sorted; inside
// JSON values, in document order).
type Error struct {
	Fields []FieldError
	// More counts problems left out after MaxErrors.
	More int
}

// MaxErrors is how many problems an Error lists; more are only counted.
const MaxErrors = 50

func (e *Error) Error() string {
	var b strings.Builder
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	if e.More > 0 {
		b.WriteString("; and ")
		b.WriteString(strconv.Itoa(e.More))
		b.WriteString(" more")
	}
	return b.String()
}

// Errors collects the problems found while decoding or encoding one
// databag. The zero value is ready to use.
type Errors struct {
	list []FieldError
	more int
}

// Add records msg at path p (nil for the databag as a whole).
func (e *Errors) Add(p *Path, msg string) {
	if len(e.list) >= MaxErrors {
		e.more++
		return
	}
	e.list = append(e.list, FieldError{Path: p.String(), Msg: msg})
}

// Len returns how many problems were recorded.
func (e *Errors) Len() int { return len(e.list) + e.more }

// truncate forgets every problem recorded after the first n.
func (e *Errors) truncate(n int) {
	if n < len(e.list) {
		e.list = e.list[:n]
	}
	e.more = 0
}

// Err returns nil when nothing was recorded, and an *Error otherwise.
func (e *Errors) Err() error {
	if len(e.list) == 0 {
		return nil
	}
	return &Error{Fields: append([]FieldError(nil), e.list...), More: e.more}
}

// Messages shared by generated decoders and the validator, so that both
// report the same problems in the same words.
const (
	MsgRequired = "required"
	MsgUnknown  = "unknown key (the schema allows no other keys)"
	MsgEmpty    = `empty value cannot be stored (Juju deletes a key set to ""); leave the field unset instead`
)

// Missing records that the field key of the object at p is required.
func (e *Errors) Missing(p *Path, key string) {
	if p == nil {
		q := Field(key)
		e.Add(&q, MsgRequired)
		return
	}
	q := p.Key(key)
	e.Add(&q, MsgRequired)
}

// Unknown records that key is not allowed in the object at p.
func (e *Errors) Unknown(p *Path, key string) {
	if p == nil {
		q := Field(key)
		e.Add(&q, MsgUnknown)
		return
	}
	q := p.Key(key)
	e.Add(&q, MsgUnknown)
}

// AnyOfRequired records that none of the groups of keys is complete.
func (e *Errors) AnyOfRequired(p *Path, groups [][]string) {
	var b strings.Builder
	b.WriteString("one of ")
	for i, g := range groups {
		if i > 0 {
			b.WriteString(" or ")
		}
		for j, k := range g {
			if j > 0 {
				b.WriteString(" and ")
			}
			b.WriteString(QuoteValue(k))
		}
	}
	b.WriteString(" is required")
	e.Add(p, b.String())
}

// MaxQuoted is how many bytes of a value an error message shows. A value
// is remote input of any size (Juju allows megabytes per databag), and
// an error carrying all of it (a 100 MB value made a 104 MB message) costs
// memory in every log line, status message and wrapped error it reaches.
const MaxQuoted = 64

// QuoteValue returns s as a JSON string for an error message: all of s
// when it has at most MaxQuoted bytes, otherwise its first MaxQuoted bytes
// or fewer, cut at a character boundary, and then "… (N bytes)" with the
// length of s. Every message that quotes a value goes through it, or
// through BoundText; QuoteJSON quotes all of s, for comparisons.
func QuoteValue(s string) string {
	if len(s) <= MaxQuoted {
		return QuoteJSON(s)
	}
	cut := MaxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return string(AppendQuoted(nil, s[:cut])) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// BoundText bounds text for an error message that is already written out:
// the JSON text of a value (generated decoders pass QuoteJSON's result to
// BadEnum and BadConst) or a number literal. Text of at most MaxQuoted+2
// bytes is returned as is; longer text is cut, at a character boundary
// and never inside a backslash escape, a cut JSON string is closed with
// its quote, and "… (N bytes)" gives the length of the text.
func BoundText(text string) string {
	if len(text) <= MaxQuoted+2 {
		return text
	}
	limit := MaxQuoted + 1 // the opening quote, and MaxQuoted bytes
	i := 0
	for i < len(text) {
		n := 1
		switch c := text[i]; {
		case c == '\\' && i+1 < len(text) && text[i+1] == 'u':
			n = 6
		case c == '\\':
			n = 2
		case c >= utf8.RuneSelf:
			_, n = utf8.DecodeRuneInString(text[i:])
		}
		if i+n > limit {
			break
		}
		i += n
	}
	out := text[:i]
	if text[0] == '"' {
		out += `"`
	}
	return out + "… (" + strconv.Itoa(len(text)) + " bytes)"
}
