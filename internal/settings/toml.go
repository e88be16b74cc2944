package settings

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmgen/charmgen/meta"
)

// A small TOML reader, enough for pyproject.toml: it reads all of TOML's
// syntax (tables, arrays of tables, dotted and quoted keys, the four kinds
// of strings, arrays, inline tables) into meta.Nodes with positions, so
// that the lint settings are checked by the code that checks charmgen.yaml.
// Numbers, booleans and dates are kept as their text (KindBool for true and
// false, KindInt for decimal integers, KindFloat for the rest).

type tomlParser struct {
	file string
	src  string
	i    int
	line int
	bol  int // offset of the current line's start
	// defined marks the tables made by a [header] or a key = value, which
	// may not be defined again; implicit ones (a.b of [a.b.c]) may.
	defined map[*meta.Node]bool
	inline  map[*meta.Node]bool // inline tables and arrays: closed
}

type tomlError struct{ d meta.Diagnostic }

func parseTOML(file string, data []byte) (root *meta.Node, err error) {
	p := &tomlParser{file: file, src: string(data), line: 1, defined: map[*meta.Node]bool{}, inline: map[*meta.Node]bool{}}
	defer func() {
		if r := recover(); r != nil {
			te, ok := r.(tomlError)
			if !ok {
				panic(r)
			}
			root, err = nil, meta.Diagnostics{te.d}
		}
	}()
	if !utf8.ValidString(p.src) {
		p.i = strings.IndexFunc(p.src, func(r rune) bool { return r == utf8.RuneError })
		p.fixLine()
		p.fail("not UTF-8 text; TOML files are UTF-8")
	}
	root = &meta.Node{Kind: meta.KindMap, Pos: p.pos()}
	cur := root
	for {
		p.skipBlank()
		if p.eof() {
			return root, nil
		}
		if p.peek() == '[' {
			cur = p.header(root)
		} else {
			p.keyValue(cur)
		}
		p.endLine()
	}
}

// fixLine recomputes line and bol for p.i (after a jump).
func (p *tomlParser) fixLine() {
	p.line = 1 + strings.Count(p.src[:p.i], "\n")
	p.bol = strings.LastIndex(p.src[:p.i], "\n") + 1
}

func (p *tomlParser) pos() meta.Pos {
	return meta.Pos{File: p.file, Line: p.line, Col: utf8.RuneCountInString(p.src[p.bol:p.i]) + 1}
}

func (p *tomlParser) failAt(pos meta.Pos, format string, args ...any) {
	panic(tomlError{meta.Diagnostic{Pos: pos, Severity: meta.SeverityError, Code: "toml", Message: "invalid TOML: " + fmt.Sprintf(format, args...)}})
}

func (p *tomlParser) fail(format string, args ...any) { p.failAt(p.pos(), format, args...) }

func (p *tomlParser) eof() bool { return p.i >= len(p.src) }

func (p *tomlParser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.src[p.i]
}

func (p *tomlParser) newline() {
	p.i++
	p.line++
	p.bol = p.i
}

// skipSpace skips spaces and tabs.
func (p *tomlParser) skipSpace() {
	for !p.eof() && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

func (p *tomlParser) skipComment() {
	if p.peek() == '#' {
		for !p.eof() && p.src[p.i] != '\n' {
			p.i++
		}
	}
}

// skipBlank skips whitespace, newlines and comments.
func (p *tomlParser) skipBlank() {
	for {
		p.skipSpace()
		p.skipComment()
		switch {
		case p.peek() == '\n':
			p.newline()
		case strings.HasPrefix(p.src[p.i:], "\r\n"):
			p.i++
			p.newline()
		default:
			return
		}
	}
}

// endLine expects the end of a line: spaces, a comment, a newline or EOF.
func (p *tomlParser) endLine() {
	p.skipSpace()
	p.skipComment()
	switch {
	case p.eof():
	case p.peek() == '\n':
		p.newline()
	case strings.HasPrefix(p.src[p.i:], "\r\n"):
		p.i++
		p.newline()
	default:
		p.fail("unexpected %q; expected the end of the line", p.rest())
	}
}

// rest is the text from p.i to a delimiter, for messages.
func (p *tomlParser) rest() string {
	end := p.i
	for end < len(p.src) && !strings.ContainsRune(" \t\r\n,]}#=", rune(p.src[end])) {
		end++
	}
	if end == p.i && end < len(p.src) {
		_, n := utf8.DecodeRuneInString(p.src[end:])
		end += n
	}
	return p.src[p.i:end]
}

func isBareKey(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

type tomlKey struct {
	name string
	pos  meta.Pos
}

// key reads a dotted key.
func (p *tomlParser) key() []tomlKey {
	var out []tomlKey
	for {
		p.skipSpace()
		at := p.pos()
		var name string
		switch c := p.peek(); {
		case c == '"' || c == '\'':
			if strings.HasPrefix(p.src[p.i:], `"""`) || strings.HasPrefix(p.src[p.i:], `'''`) {
				p.fail("a key cannot be a multi-line string")
			}
			name = p.str()
		case isBareKey(c):
			start := p.i
			for !p.eof() && isBareKey(p.src[p.i]) {
				p.i++
			}
			name = p.src[start:p.i]
		default:
			p.fail("expected a key, found %q", p.rest())
		}
		out = append(out, tomlKey{name, at})
		p.skipSpace()
		if p.peek() != '.' {
			return out
		}
		p.i++
	}
}

// header reads [table] or [[array.of.tables]] and returns the table that
// the next keys go into.
func (p *tomlParser) header(root *meta.Node) *meta.Node {
	at := p.pos()
	array := strings.HasPrefix(p.src[p.i:], "[[")
	if array {
		p.i += 2
	} else {
		p.i++
	}
	keys := p.key()
	closer := "]"
	if array {
		closer = "]]"
	}
	if !strings.HasPrefix(p.src[p.i:], closer) {
		p.fail("expected %s to close the table header", closer)
	}
	p.i += len(closer)
	t := p.walk(root, keys[:len(keys)-1])
	last := keys[len(keys)-1]
	e := t.Entry(last.name)
	if array {
		if e == nil {
			e = &meta.Entry{Key: last.name, KeyPos: last.pos, Value: &meta.Node{Kind: meta.KindSeq, Pos: at}}
			t.Entries = append(t.Entries, e)
		} else if e.Value.Kind != meta.KindSeq || p.inline[e.Value] {
			p.failAt(last.pos, "%s is defined twice", dotted(keys))
		}
		n := &meta.Node{Kind: meta.KindMap, Pos: at}
		p.defined[n] = true
		e.Value.Items = append(e.Value.Items, n)
		return n
	}
	if e == nil {
		n := &meta.Node{Kind: meta.KindMap, Pos: at}
		t.Entries = append(t.Entries, &meta.Entry{Key: last.name, KeyPos: last.pos, Value: n})
		p.defined[n] = true
		return n
	}
	if e.Value.Kind != meta.KindMap || p.defined[e.Value] || p.inline[e.Value] {
		p.failAt(last.pos, "table %s is defined twice", dotted(keys))
	}
	p.defined[e.Value] = true
	return e.Value
}

func dotted(keys []tomlKey) string {
	var names []string
	for _, k := range keys {
		names = append(names, k.name)
	}
	return strings.Join(names, ".")
}

// walk descends from t through keys, making the tables that do not exist;
// an array of tables stands for its last table.
func (p *tomlParser) walk(t *meta.Node, keys []tomlKey) *meta.Node {
	for i, k := range keys {
		e := t.Entry(k.name)
		if e == nil {
			n := &meta.Node{Kind: meta.KindMap, Pos: k.pos}
			t.Entries = append(t.Entries, &meta.Entry{Key: k.name, KeyPos: k.pos, Value: n})
			t = n
			continue
		}
		v := e.Value
		if v.Kind == meta.KindSeq && !p.inline[v] && len(v.Items) > 0 {
			v = v.Items[len(v.Items)-1]
		}
		if v.Kind != meta.KindMap || p.inline[v] {
			p.failAt(k.pos, "%s is already a value, not a table", dotted(keys[:i+1]))
		}
		t = v
	}
	return t
}

// keyValue reads key = value into table t.
func (p *tomlParser) keyValue(t *meta.Node) {
	keys := p.key()
	if p.peek() != '=' {
		p.fail("expected = after the key %s", dotted(keys))
	}
	p.i++
	p.skipSpace()
	v := p.value()
	parent := p.walkDotted(t, keys[:len(keys)-1])
	last := keys[len(keys)-1]
	if parent.Entry(last.name) != nil {
		p.failAt(last.pos, "%s is defined twice", dotted(keys))
	}
	parent.Entries = append(parent.Entries, &meta.Entry{Key: last.name, KeyPos: last.pos, Value: v})
}

// walkDotted is walk for the dotted keys of a key = value, which define
// the tables they name.
func (p *tomlParser) walkDotted(t *meta.Node, keys []tomlKey) *meta.Node {
	for i, k := range keys {
		e := t.Entry(k.name)
		if e == nil {
			n := &meta.Node{Kind: meta.KindMap, Pos: k.pos}
			t.Entries = append(t.Entries, &meta.Entry{Key: k.name, KeyPos: k.pos, Value: n})
			p.defined[n] = true
			t = n
			continue
		}
		if e.Value.Kind != meta.KindMap || p.inline[e.Value] {
			p.failAt(k.pos, "%s is already a value, not a table", dotted(keys[:i+1]))
		}
		t = e.Value
	}
	return t
}

// value reads a value.
func (p *tomlParser) value() *meta.Node {
	at := p.pos()
	switch c := p.peek(); c {
	case '"', '\'':
		start := p.i
		s := p.str()
		return &meta.Node{Kind: meta.KindString, Pos: at, Str: s, Raw: p.src[start:p.i]}
	case '[':
		p.i++
		n := &meta.Node{Kind: meta.KindSeq, Pos: at}
		p.inline[n] = true
		for {
			p.skipBlank()
			if p.peek() == ']' {
				p.i++
				return n
			}
			if p.eof() {
				p.failAt(at, "the array is not closed")
			}
			n.Items = append(n.Items, p.value())
			p.skipBlank()
			switch p.peek() {
			case ',':
				p.i++
			case ']':
			case 0:
				p.failAt(at, "the array is not closed")
			default:
				p.fail("expected , or ] in the array, found %q", p.rest())
			}
		}
	case '{':
		p.i++
		n := &meta.Node{Kind: meta.KindMap, Pos: at}
		p.skipSpace()
		if p.peek() == '}' {
			p.i++
			p.inline[n] = true
			return n
		}
		for {
			p.skipBlank()
			if p.eof() {
				p.failAt(at, "the inline table is not closed")
			}
			p.keyValue(n)
			p.skipBlank()
			switch p.peek() {
			case ',':
				p.i++
			case '}':
				p.i++
				p.inline[n] = true
				return n
			case 0:
				p.failAt(at, "the inline table is not closed")
			default:
				p.fail("expected , or } in the inline table, found %q", p.rest())
			}
		}
	case 0, '\n', '\r', '#', ',', ']', '}':
		p.fail("expected a value")
	}
	// A bare value: a number, boolean or date (which may hold a space
	// between the date and the time).
	start := p.i
	for !p.eof() {
		c := p.src[p.i]
		if c == ' ' && p.i+1 < len(p.src) && p.src[p.i+1] >= '0' && p.src[p.i+1] <= '9' && p.i-start == 10 {
			p.i++ // 1979-05-27 07:32:00
			continue
		}
		if strings.IndexByte(" \t\r\n,]}#", c) >= 0 {
			break
		}
		p.i++
	}
	raw := p.src[start:p.i]
	n := &meta.Node{Pos: at, Raw: raw, Str: raw}
	switch {
	case raw == "true" || raw == "false":
		n.Kind, n.Bool = meta.KindBool, raw == "true"
	case isTOMLNumberOrDate(raw):
		n.Kind = meta.KindFloat
		if v, err := strconv.ParseInt(strings.ReplaceAll(raw, "_", ""), 0, 64); err == nil {
			n.Kind, n.Int = meta.KindInt, v
		}
	default:
		p.failAt(at, "%q is not a value; a string needs quotes", raw)
	}
	return n
}

func isTOMLNumberOrDate(s string) bool {
	switch strings.TrimLeft(s, "+-") {
	case "inf", "nan":
		return true
	}
	if s == "" {
		return false
	}
	c := s[0]
	if c == '+' || c == '-' {
		if len(s) == 1 {
			return false
		}
		c = s[1]
	}
	if c < '0' || c > '9' {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEFxXoO_+-.:TtZz ", r) {
			return false
		}
	}
	return true
}

// str reads a string of any of the four kinds.
func (p *tomlParser) str() string {
	at := p.pos()
	q := p.src[p.i]
	multi := strings.HasPrefix(p.src[p.i:], strings.Repeat(string(q), 3))
	if multi {
		p.i += 3
		// A newline right after the opening quotes is not part of it.
		if strings.HasPrefix(p.src[p.i:], "\r\n") {
			p.i++
		}
		if p.peek() == '\n' {
			p.newline()
		}
	} else {
		p.i++
	}
	var b strings.Builder
	for {
		if p.eof() {
			p.failAt(at, "the string is not closed")
		}
		c := p.src[p.i]
		switch {
		case c == q && (!multi || strings.HasPrefix(p.src[p.i:], strings.Repeat(string(q), 3))):
			if !multi {
				p.i++
				return b.String()
			}
			// Up to two quotes may come right before the closing three.
			n := 3
			for n < 5 && p.i+n < len(p.src) && p.src[p.i+n] == q {
				n++
			}
			b.WriteString(strings.Repeat(string(q), n-3))
			p.i += n
			return b.String()
		case c == '\n':
			if !multi {
				p.fail("the string is not closed on its line")
			}
			b.WriteByte('\n')
			p.newline()
		case c == '\\' && q == '"':
			p.i++
			p.escape(&b, multi)
		default:
			b.WriteByte(c)
			p.i++
		}
	}
}

func (p *tomlParser) escape(b *strings.Builder, multi bool) {
	if p.eof() {
		p.fail("the string is not closed")
	}
	c := p.src[p.i]
	simple := map[byte]string{'b': "\b", 't': "\t", 'n': "\n", 'f': "\f", 'r': "\r", 'e': "\x1b", '"': `"`, '\\': `\`}
	if s, ok := simple[c]; ok {
		b.WriteString(s)
		p.i++
		return
	}
	switch c {
	case 'u', 'U', 'x':
		n := map[byte]int{'u': 4, 'U': 8, 'x': 2}[c]
		if p.i+1+n > len(p.src) {
			p.fail("bad escape \\%c", c)
		}
		v, err := strconv.ParseUint(p.src[p.i+1:p.i+1+n], 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			p.fail("bad escape \\%s", p.src[p.i:p.i+1+n])
		}
		b.WriteRune(rune(v))
		p.i += 1 + n
		return
	}
	if multi {
		// A line-ending backslash trims the newline and the blanks after it.
		j := p.i
		for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\t' || p.src[j] == '\r') {
			j++
		}
		if j < len(p.src) && p.src[j] == '\n' {
			p.i = j
			for !p.eof() && strings.IndexByte(" \t\r\n", p.src[p.i]) >= 0 {
				if p.src[p.i] == '\n' {
					p.newline()
				} else {
					p.i++
				}
			}
			return
		}
	}
	p.i--
	p.fail("bad escape \\%c", c)
}
