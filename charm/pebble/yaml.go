package pebble

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pebble speaks YAML in two places: POST /v1/layers takes a layer as a YAML
// string and GET /v1/plan?format=yaml returns one, produced by yaml.v3's
// Marshal (canonical/pebble internals/daemon/api_plan.go). This package may
// only use the standard library, so it carries a small YAML reader and
// writer of its own:
//
//   - the writer emits block style with yaml.v3's 4-space indent and every
//     string as a double-quoted scalar, which needs no guessing about what
//     would otherwise read as a number, a boolean or null;
//   - the reader takes the block subset yaml.v3's Marshal emits (block
//     mappings and sequences, plain, single- and double-quoted scalars,
//     literal and folded block scalars, explicit "? " keys, {} and []),
//     plus comments and simple flow collections as people write layers by
//     hand. Its scalar scanners follow libyaml's (which yaml.v3 ports), so
//     line folding and chomping come out the same. Anchors, aliases, tags,
//     directives and multiple documents are rejected, always with the line.

// maxYAMLDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxYAMLDepth = 64

// YAMLError is a YAML document this package cannot read.
type YAMLError struct {
	Line int // 1-based
	Msg  string
}

// Error returns "yaml: line N: message", as yaml.v3 words its errors.
func (e *YAMLError) Error() string { return fmt.Sprintf("yaml: line %d: %s", e.Line, e.Msg) }

type yKind int

const (
	yScalar yKind = iota
	yMap
	ySeq
)

// yNode is one parsed YAML node. An empty node (a key with no value) is a
// plain scalar with an empty value, which resolves to null like "~".
type yNode struct {
	kind  yKind
	line  int
	plain bool   // plain scalar: subject to null/number resolution
	value string // scalar text
	keys  []*yNode
	vals  []*yNode
	items []*yNode
}

func (n *yNode) isNull() bool {
	if n.kind != yScalar || !n.plain {
		return false
	}
	switch n.value {
	case "", "~", "null", "Null", "NULL":
		return true
	}
	return false
}

func (n *yNode) kindName() string {
	switch n.kind {
	case yMap:
		return "!!map"
	case ySeq:
		return "!!seq"
	}
	if n.isNull() {
		return "!!null"
	}
	return "!!str"
}

type yamlParser struct {
	src      []byte
	pos      int
	line     int // 1-based
	col      int // 0-based, in characters
	inIndent bool
	depth    int
}

// yamlAbort carries a *YAMLError out of the recursive parser; parseYAML
// recovers only this type, so a real bug still crashes loudly in tests.
type yamlAbort struct{ err *YAMLError }

func (p *yamlParser) fail(format string, args ...any) {
	panic(yamlAbort{&YAMLError{Line: p.line, Msg: fmt.Sprintf(format, args...)}})
}

// parseYAML parses one YAML document. A document with no content is a null
// node.
func parseYAML(data []byte) (root *yNode, err error) {
	p := &yamlParser{src: data, line: 1, inIndent: true}
	defer func() {
		if r := recover(); r != nil {
			a, ok := r.(yamlAbort)
			if !ok {
				panic(r)
			}
			root, err = nil, a.err
		}
	}()
	p.checkChars()
	if bytes.HasPrefix(p.src, []byte("\ufeff")) {
		p.pos = 3
	}
	null := &yNode{kind: yScalar, plain: true}
	m := p.toNextContentLine()
	if m < 0 && !p.isDocMarker("---") {
		if p.isDocMarker("...") {
			// yaml.v3 wants a document before an end marker.
			p.fail("did not find expected node content")
		}
		null.line = p.line
		return null, nil
	}
	if m == 0 && p.peek() == '%' {
		p.fail("directives are not supported")
	}
	if p.isDocMarker("---") {
		p.pos += 3
		p.col += 3
		p.inIndent = false
		root = p.parseBlockValue(-1, afterDocStart)
	} else {
		root = p.parseNodeAt(-1, true)
	}
	p.toNextContentLine()
	p.finishDocument()
	return root, nil
}

// finishDocument accepts an optional "..." end marker and then nothing but
// blank lines and comments.
func (p *yamlParser) finishDocument() {
	if p.isDocMarker("...") {
		p.pos += 3
		p.col += 3
		p.inIndent = false
		if p.toNextContentLine() < 0 && !p.isDocMarker("---") && !p.isDocMarker("...") {
			return
		}
	}
	if p.pos < len(p.src) {
		if p.isDocMarker("---") || p.isDocMarker("...") {
			p.fail("multiple documents are not supported")
		}
		p.fail("did not find expected end of document (found %q)", p.peekRune())
	}
}

// checkChars rejects what libyaml's reader rejects: invalid UTF-8 and
// characters YAML does not allow in a stream.
func (p *yamlParser) checkChars() {
	line := 1
	for i := 0; i < len(p.src); {
		r, size := utf8.DecodeRune(p.src[i:])
		if r == utf8.RuneError && size <= 1 {
			p.line = line
			p.fail("invalid UTF-8")
		}
		ok := r == 0x09 || r == 0x0A || r == 0x0D || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
			(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
		if !ok {
			p.line = line
			p.fail("control characters are not allowed")
		}
		if r == '\n' || r == 0x85 || r == 0x2028 || r == 0x2029 || (r == '\r' && (i+1 >= len(p.src) || p.src[i+1] != '\n')) {
			line++
		}
		i += size
	}
}

func (p *yamlParser) eof() bool { return p.pos >= len(p.src) }

func (p *yamlParser) peek() byte { return p.at(0) }

func (p *yamlParser) at(off int) byte {
	if p.pos+off < len(p.src) {
		return p.src[p.pos+off]
	}
	return 0
}

func (p *yamlParser) peekRune() rune {
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	return r
}

// breakLen returns the length of the line break at offset off, or 0.
// libyaml breaks lines at CR, LF, CRLF, NEL, LS and PS.
func (p *yamlParser) breakLen(off int) int {
	i := p.pos + off
	if i >= len(p.src) {
		return 0
	}
	switch c := p.src[i]; {
	case c == '\r':
		if i+1 < len(p.src) && p.src[i+1] == '\n' {
			return 2
		}
		return 1
	case c == '\n':
		return 1
	case c == 0xC2 && i+1 < len(p.src) && p.src[i+1] == 0x85:
		return 2
	case c == 0xE2 && i+2 < len(p.src) && p.src[i+1] == 0x80 && (p.src[i+2] == 0xA8 || p.src[i+2] == 0xA9):
		return 3
	}
	return 0
}

func (p *yamlParser) isBreak() bool { return p.breakLen(0) > 0 }

func (p *yamlParser) isBlank() bool { c := p.peek(); return c == ' ' || c == '\t' }

func (p *yamlParser) isBlankZ() bool { return p.isBlankZAt(0) }

func (p *yamlParser) isBlankZAt(off int) bool {
	if p.pos+off >= len(p.src) {
		return true
	}
	c := p.src[p.pos+off]
	return c == ' ' || c == '\t' || p.breakLen(off) > 0
}

func (p *yamlParser) isBreakZ() bool { return p.eof() || p.isBreak() }

// advance moves past one character that is not a line break.
func (p *yamlParser) advance() {
	if p.pos >= len(p.src) {
		return
	}
	if p.src[p.pos] < utf8.RuneSelf {
		p.pos++
	} else {
		_, size := utf8.DecodeRune(p.src[p.pos:])
		p.pos += size
	}
	p.col++
	p.inIndent = false
}

// readBreak moves past a line break and returns it as libyaml keeps it: CR,
// LF, CRLF and NEL become "\n", LS and PS stay themselves.
func (p *yamlParser) readBreak() string {
	n := p.breakLen(0)
	if n == 0 {
		return ""
	}
	b := "\n"
	if n == 3 {
		b = string(p.src[p.pos : p.pos+3])
	}
	p.pos += n
	p.line++
	p.col = 0
	p.inIndent = true
	return b
}

func (p *yamlParser) isDocMarker(m string) bool {
	return p.col == 0 && bytes.HasPrefix(p.src[p.pos:], []byte(m)) && p.isBlankZAt(3)
}

func (p *yamlParser) skipBlanks() {
	for p.isBlank() {
		p.advance()
	}
}

// toNextContentLine finishes the current line, which may hold only blanks
// and a comment after what was parsed, skips blank and comment lines, and
// stops at the first character of the next line with content. It returns
// that column, or -1 at the end of the document (end of input or a
// document marker). Calling it again without consuming anything returns the
// same answer.
func (p *yamlParser) toNextContentLine() int {
	if !p.inIndent {
		p.skipBlanks()
		if p.peek() == '#' {
			for !p.isBreakZ() {
				p.advance()
			}
		}
		if !p.isBreakZ() {
			p.fail("did not find expected end of line (found %q)", p.peekRune())
		}
		p.readBreak()
	}
	for {
		for p.peek() == ' ' {
			p.advance()
		}
		p.inIndent = true
		switch {
		case p.eof():
			return -1
		case p.isBreak():
			p.readBreak()
		case p.peek() == '#':
			for !p.isBreakZ() {
				p.advance()
			}
			p.inIndent = true
		case p.peek() == '\t':
			p.fail("found a tab character where an indentation space is expected")
		case p.isDocMarker("---") || p.isDocMarker("..."):
			return -1
		default:
			return p.col
		}
	}
}

func (p *yamlParser) enter() {
	p.depth++
	if p.depth > maxYAMLDepth {
		p.fail("document nested deeper than %d levels", maxYAMLDepth)
	}
}

// Where a block value sits decides what it may be; see parseBlockValue.
const (
	afterSimpleKey   = iota // "key: value": no block collection on the key's line
	afterEntry              // "- item", "? key": compact collections allowed
	afterExplicitKey        // ": value" of a "? key": both
	afterDocStart           // "--- value"
)

// parseBlockValue parses the node after an indicator ("- ", "? ", ": ", or
// "---") of a block collection whose indent is parent. A block collection
// may start on the indicator's line only after "- ", "? " and an explicit
// ": " (compact form); a mapping value may be a sequence at the mapping's
// own indent.
func (p *yamlParser) parseBlockValue(parent int, where int) *yNode {
	if where == afterEntry || where == afterExplicitKey {
		// After "- ", "? " and an explicit ": " a simple key may follow,
		// and yaml.v3's scanner then takes no tab before it.
		for p.peek() == ' ' {
			p.advance()
		}
		if p.peek() == '\t' {
			p.fail("found a tab character where an indentation space is expected")
		}
	}
	p.skipBlanks()
	if p.peek() == '#' || p.isBreakZ() {
		line := p.line
		m := p.toNextContentLine()
		switch {
		case m > parent:
			return p.parseNodeAt(parent, true)
		case (where == afterSimpleKey || where == afterExplicitKey) && m == parent && p.peek() == '-' && p.isBlankZAt(1):
			return p.parseBlockSeq(m)
		}
		return &yNode{kind: yScalar, plain: true, line: line}
	}
	return p.parseNodeAt(parent, where == afterEntry || where == afterExplicitKey)
}

// parseNodeAt parses the node that starts at the current position, inside a
// block collection with indent parent. blockOK allows a block collection to
// start here.
func (p *yamlParser) parseNodeAt(parent int, blockOK bool) *yNode {
	c := p.col
	switch ch := p.peek(); {
	case ch == '-' && p.isBlankZAt(1):
		if !blockOK {
			p.fail("block sequence entries are not allowed in this context")
		}
		return p.parseBlockSeq(c)
	case ch == '?' && p.isBlankZAt(1):
		if !blockOK {
			p.fail("mapping keys are not allowed in this context")
		}
		return p.parseBlockMap(c, nil)
	case ch == ':' && p.isBlankZAt(1):
		p.fail("mapping values are not allowed in this context")
	case ch == '|' || ch == '>':
		return p.scanBlockScalar(parent)
	case ch == '[' || ch == '{':
		n := p.parseFlow(parent)
		p.skipBlanks()
		if p.peek() == ':' {
			p.fail("collections as mapping keys are not supported")
		}
		return n
	case ch == '&' || ch == '*' || ch == '!':
		p.fail("anchors, aliases and tags are not supported")
	case strings.IndexByte(",]}%@`#", ch) >= 0:
		p.fail("found character %q that cannot start any token", ch)
	}
	line := p.line
	n := p.scanScalar(parent, false)
	p.skipBlanks()
	if p.peek() == ':' && p.isBlankZAt(1) {
		if p.line != line {
			p.fail("could not find expected ':'")
		}
		if !blockOK {
			p.fail("mapping values are not allowed in this context")
		}
		p.checkKeyLength(c)
		return p.parseBlockMap(c, n)
	}
	return n
}

// checkKeyLength refuses a "key: value" key that starts at column start
// and runs past the 1024 characters libyaml allows a simple key; the
// position is at the ':'.
func (p *yamlParser) checkKeyLength(start int) {
	if p.col-start > 1024 {
		p.fail("could not find expected ':' (simple keys are limited to 1024 characters)")
	}
}

// scanScalar scans a quoted or plain scalar at the current position.
func (p *yamlParser) scanScalar(parent int, flow bool) *yNode {
	switch p.peek() {
	case '\'', '"':
		return p.scanQuoted()
	}
	return p.scanPlain(parent, flow)
}

// parseBlockMap parses a block mapping whose keys sit at column indent. If
// first is set, it is the already scanned first key and the position is at
// its ':'.
func (p *yamlParser) parseBlockMap(indent int, first *yNode) *yNode {
	p.enter()
	defer func() { p.depth-- }()
	n := &yNode{kind: yMap, line: p.line}
	seen := map[string]int{}
	for {
		var key, val *yNode
		explicit := false
		switch {
		case first != nil:
			key, first = first, nil
		case p.peek() == '?' && p.isBlankZAt(1):
			p.advance()
			explicit = true
			key = p.parseBlockValue(indent, afterEntry)
			if key.kind != yScalar {
				p.fail("collections as mapping keys are not supported")
			}
			if m := p.toNextContentLine(); m != indent || p.peek() != ':' || !p.isBlankZAt(1) {
				val = &yNode{kind: yScalar, plain: true, line: p.line}
			}
		default:
			switch ch := p.peek(); {
			case ch == '-' && p.isBlankZAt(1):
				p.fail("did not find expected key (found a block sequence entry)")
			case ch == '[' || ch == '{':
				p.fail("collections as mapping keys are not supported")
			case ch == '|' || ch == '>':
				p.fail("block scalars as mapping keys are not supported")
			case ch == '&' || ch == '*' || ch == '!':
				p.fail("anchors, aliases and tags are not supported")
			case ch == ':' && p.isBlankZAt(1):
				p.fail("did not find expected key (found an empty key)")
			case strings.IndexByte(",]}%@`#", ch) >= 0:
				p.fail("found character %q that cannot start any token", ch)
			}
			line, col := p.line, p.col
			key = p.scanScalar(indent, false)
			p.skipBlanks()
			if p.line != line || p.peek() != ':' || !p.isBlankZAt(1) {
				p.fail("could not find expected ':'")
			}
			p.checkKeyLength(col)
		}
		switch {
		case val != nil:
		case explicit:
			p.advance() // ':'
			val = p.parseBlockValue(indent, afterExplicitKey)
		default:
			p.advance() // ':'
			val = p.parseBlockValue(indent, afterSimpleKey)
		}
		p.addEntry(n, seen, key, val)
		m := p.toNextContentLine()
		if m < indent {
			return n
		}
		if m > indent {
			p.fail("bad indentation of a mapping entry")
		}
	}
}

// addEntry adds a key and value to mapping n, refusing duplicate keys as
// yaml.v3 does (comparing the keys' text) and merge keys, which yaml.v3
// expands and this reader does not.
func (p *yamlParser) addEntry(n *yNode, seen map[string]int, key, val *yNode) {
	if key.plain && key.value == "<<" {
		p.line = key.line
		p.fail("merge keys are not supported")
	}
	if prev, ok := seen[key.value]; ok {
		p.line = key.line
		p.fail("mapping key %q already defined at line %d", key.value, prev)
	}
	seen[key.value] = key.line
	n.keys = append(n.keys, key)
	n.vals = append(n.vals, val)
}

// parseBlockSeq parses a block sequence whose "-" indicators sit at column
// indent.
func (p *yamlParser) parseBlockSeq(indent int) *yNode {
	p.enter()
	defer func() { p.depth-- }()
	n := &yNode{kind: ySeq, line: p.line}
	for {
		p.advance() // '-'
		n.items = append(n.items, p.parseBlockValue(indent, afterEntry))
		m := p.toNextContentLine()
		if m < indent || (m == indent && (p.peek() != '-' || !p.isBlankZAt(1))) {
			return n
		}
		if m > indent {
			p.fail("bad indentation of a sequence entry")
		}
	}
}

// scalarGap holds the blanks and line breaks between two runs of a plain
// or quoted scalar, which libyaml (yaml_parser_scan_plain_scalar and
// yaml_parser_scan_flow_scalar alike) joins or folds when the next run
// starts: blanks within a line are kept, a single line break becomes a
// space, and further breaks stay as they are.
type scalarGap struct {
	whitespaces    []byte
	leadingBreak   []byte
	trailingBreaks []byte
	// leadingBlanks says a line break was met: blanks are dropped from then.
	leadingBlanks bool
}

// read consumes the blank or line break at p.
func (g *scalarGap) read(p *yamlParser) {
	switch {
	case p.isBlank():
		if !g.leadingBlanks {
			g.whitespaces = append(g.whitespaces, p.peek())
		}
		p.advance()
	case !g.leadingBlanks:
		g.whitespaces = g.whitespaces[:0]
		g.leadingBreak = append(g.leadingBreak[:0], p.readBreak()...)
		g.leadingBlanks = true
	default:
		g.trailingBreaks = append(g.trailingBreaks, p.readBreak()...)
	}
}

// flush appends the gap, joined or folded, to s and empties it.
func (g *scalarGap) flush(s []byte) []byte {
	if !g.leadingBlanks {
		s = append(s, g.whitespaces...)
		g.whitespaces = g.whitespaces[:0]
		return s
	}
	if string(g.leadingBreak) == "\n" {
		if len(g.trailingBreaks) == 0 {
			s = append(s, ' ')
		} else {
			s = append(s, g.trailingBreaks...)
		}
	} else {
		s = append(s, g.leadingBreak...)
		s = append(s, g.trailingBreaks...)
	}
	g.leadingBreak, g.trailingBreaks = g.leadingBreak[:0], g.trailingBreaks[:0]
	g.leadingBlanks = false
	return s
}

// scanPlain scans a plain scalar the way libyaml's yaml_parser_scan_plain_scalar
// does, including its multi-line folding; continuation lines must be indented
// past parent. The position ends right after the last character of the
// scalar.
func (p *yamlParser) scanPlain(parent int, flow bool) *yNode {
	indent := parent + 1
	n := &yNode{kind: yScalar, plain: true, line: p.line}
	var s []byte
	var gap scalarGap
	endPos, endLine, endCol := p.pos, p.line, p.col
	for {
		if p.isDocMarker("---") || p.isDocMarker("...") || p.peek() == '#' {
			break
		}
		for !p.isBlankZ() {
			c := p.peek()
			// yaml.v3 (scannerc.go) ends a plain scalar at ": " and, in a
			// flow collection, at any of ",?[]{}".
			if c == ':' && p.isBlankZAt(1) || flow && strings.IndexByte(",?[]{}", c) >= 0 {
				break
			}
			s = gap.flush(s)
			start := p.pos
			p.advance()
			s = append(s, p.src[start:p.pos]...)
			endPos, endLine, endCol = p.pos, p.line, p.col
		}
		if !p.isBlank() && !p.isBreak() {
			break
		}
		for p.isBlank() || p.isBreak() {
			if gap.leadingBlanks && p.col < indent && p.peek() == '\t' {
				p.fail("found a tab character that violates indentation")
			}
			gap.read(p)
		}
		if !flow && p.col < indent {
			break
		}
	}
	// Give back the blanks, breaks and comment after the scalar: the
	// structure parser reads them.
	p.pos, p.line, p.col, p.inIndent = endPos, endLine, endCol, false
	n.value = string(s)
	return n
}

// scanQuoted scans a single- or double-quoted scalar the way libyaml's
// yaml_parser_scan_flow_scalar does: escapes, and line folding where a
// single line break becomes a space.
func (p *yamlParser) scanQuoted() *yNode {
	single := p.peek() == '\''
	quote := p.peek()
	n := &yNode{kind: yScalar, line: p.line}
	p.advance()
	var s []byte
	var gap scalarGap
	for {
		if p.isDocMarker("---") || p.isDocMarker("...") {
			p.fail("found unexpected document indicator while scanning a quoted scalar")
		}
		if p.eof() {
			p.line = n.line
			p.fail("found unexpected end of stream while scanning a quoted scalar")
		}
		for !p.isBlankZ() {
			c := p.peek()
			switch {
			case single && c == '\'' && p.at(1) == '\'':
				s = append(s, '\'')
				p.advance()
				p.advance()
			case c == quote:
				goto endOfRun
			case !single && c == '\\' && p.breakLen(1) > 0:
				p.advance()
				p.readBreak()
				gap.leadingBlanks = true
				goto endOfRun
			case !single && c == '\\':
				s = p.scanEscape(s)
			default:
				start := p.pos
				p.advance()
				s = append(s, p.src[start:p.pos]...)
			}
		}
	endOfRun:
		if p.peek() == quote {
			break
		}
		for p.isBlank() || p.isBreak() {
			gap.read(p)
		}
		s = gap.flush(s)
	}
	p.advance() // closing quote
	n.value = string(s)
	return n
}

// scanEscape decodes the escape sequence at the position (a backslash) and
// appends it to s.
func (p *yamlParser) scanEscape(s []byte) []byte {
	simple := map[byte]string{
		'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
		'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '/': "/", '\'': "'",
		'\\': "\\", 'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
	}
	c := p.at(1)
	if r, ok := simple[c]; ok {
		p.advance()
		p.advance()
		return append(s, r...)
	}
	length := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
	if length == 0 {
		p.fail("found unknown escape character while parsing a quoted scalar")
	}
	p.advance()
	p.advance()
	var v rune
	for i := 0; i < length; i++ {
		d, ok := hexDigit(p.peek())
		if !ok {
			p.fail("did not find expected hexdecimal number while parsing a quoted scalar")
		}
		v = v<<4 | rune(d)
		p.advance()
	}
	if (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF {
		p.fail("found invalid Unicode character escape code while parsing a quoted scalar")
	}
	return utf8.AppendRune(s, v)
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// scanBlockScalar scans a literal (|) or folded (>) block scalar the way
// libyaml's yaml_parser_scan_block_scalar does; parent is the indent of the
// enclosing block collection. The position ends at the start of the first
// line that is not part of the scalar.
func (p *yamlParser) scanBlockScalar(parent int) *yNode {
	n := &yNode{kind: yScalar, line: p.line}
	literal := p.peek() == '|'
	p.advance()
	chomping, increment := 0, 0
	readChomp := func() bool {
		switch p.peek() {
		case '+':
			chomping = 1
		case '-':
			chomping = -1
		default:
			return false
		}
		p.advance()
		return true
	}
	readIncrement := func() bool {
		c := p.peek()
		if c < '0' || c > '9' {
			return false
		}
		if c == '0' {
			p.fail("found an indentation indicator equal to 0 while scanning a block scalar")
		}
		increment = int(c - '0')
		p.advance()
		return true
	}
	if readChomp() {
		readIncrement()
	} else if readIncrement() {
		readChomp()
	}
	p.skipBlanks()
	if p.peek() == '#' {
		for !p.isBreakZ() {
			p.advance()
		}
	}
	if !p.isBreakZ() {
		p.fail("did not find expected comment or line break while scanning a block scalar")
	}
	p.readBreak()
	indent := 0
	if increment > 0 {
		if parent >= 0 {
			indent = parent + increment
		} else {
			indent = increment
		}
	}
	var s, leadingBreak, trailingBreaks []byte
	leadingBlank := false
	p.blockScalarBreaks(&indent, &trailingBreaks, parent)
	for p.col == indent && !p.eof() {
		trailingBlank := p.isBlank()
		if !literal && string(leadingBreak) == "\n" && !leadingBlank && !trailingBlank {
			if len(trailingBreaks) == 0 {
				s = append(s, ' ')
			}
		} else {
			s = append(s, leadingBreak...)
		}
		leadingBreak = leadingBreak[:0]
		s = append(s, trailingBreaks...)
		trailingBreaks = trailingBreaks[:0]
		leadingBlank = p.isBlank()
		start := p.pos
		for !p.isBreakZ() {
			p.advance()
		}
		s = append(s, p.src[start:p.pos]...)
		leadingBreak = append(leadingBreak[:0], p.readBreak()...)
		p.blockScalarBreaks(&indent, &trailingBreaks, parent)
	}
	if chomping != -1 {
		s = append(s, leadingBreak...)
	}
	if chomping == 1 {
		s = append(s, trailingBreaks...)
	}
	// Everything before the position on this line is indentation.
	p.inIndent = true
	n.value = string(s)
	return n
}

// blockScalarBreaks eats indentation and empty lines inside a block scalar
// and, if the indent is not yet known, settles it (libyaml's
// yaml_parser_scan_block_scalar_breaks).
func (p *yamlParser) blockScalarBreaks(indent *int, breaks *[]byte, parent int) {
	maxIndent := 0
	for {
		for (*indent == 0 || p.col < *indent) && p.peek() == ' ' {
			p.advance()
		}
		maxIndent = max(maxIndent, p.col)
		if (*indent == 0 || p.col < *indent) && p.peek() == '\t' {
			p.fail("found a tab character where an indentation space is expected")
		}
		if !p.isBreak() {
			break
		}
		*breaks = append(*breaks, p.readBreak()...)
	}
	if *indent == 0 {
		*indent = max(maxIndent, parent+1, 1)
	}
}

// skipFlowSpace skips blanks, line breaks and comments inside a flow
// collection.
func (p *yamlParser) skipFlowSpace() {
	for {
		switch {
		case p.isBlank():
			p.advance()
		case p.isBreak():
			p.readBreak()
		case p.peek() == '#':
			for !p.isBreakZ() {
				p.advance()
			}
		case p.isDocMarker("---") || p.isDocMarker("..."):
			p.fail("found unexpected document indicator inside a flow collection")
		default:
			p.inIndent = false
			return
		}
	}
}

// parseFlow parses a flow sequence or mapping: [a, b] or {k: v}.
// parent is the indent of the enclosing block collection; yaml.v3 still
// checks plain scalars' tab indentation against it.
func (p *yamlParser) parseFlow(parent int) *yNode {
	p.enter()
	defer func() { p.depth-- }()
	n := &yNode{kind: ySeq, line: p.line}
	closer := byte(']')
	if p.peek() == '{' {
		n.kind, closer = yMap, '}'
	}
	p.advance()
	seen := map[string]int{}
	for {
		p.skipFlowSpace()
		if p.eof() {
			p.fail("did not find expected %q", closer)
		}
		if p.peek() == closer {
			p.advance()
			return n
		}
		if n.kind == ySeq {
			item := p.parseFlowNode(parent)
			p.skipFlowSpace()
			if p.peek() == ':' {
				p.fail("mappings inside flow sequences are not supported")
			}
			n.items = append(n.items, item)
		} else {
			key := p.parseFlowNode(parent)
			if key.kind != yScalar {
				p.fail("collections as mapping keys are not supported")
			}
			p.skipFlowSpace()
			val := &yNode{kind: yScalar, plain: true, line: p.line}
			if p.peek() == ':' {
				if p.line != key.line {
					// A simple key must be on one line.
					p.fail("could not find expected ':'")
				}
				p.advance()
				p.skipFlowSpace()
				if p.peek() != ',' && p.peek() != '}' {
					val = p.parseFlowNode(parent)
				}
			}
			p.addEntry(n, seen, key, val)
		}
		p.skipFlowSpace()
		switch p.peek() {
		case ',':
			p.advance()
		case closer:
		default:
			p.fail("did not find expected ',' or %q", closer)
		}
	}
}

func (p *yamlParser) parseFlowNode(parent int) *yNode {
	switch ch := p.peek(); {
	case ch == '[' || ch == '{':
		return p.parseFlow(parent)
	case ch == '\'' || ch == '"':
		return p.scanQuoted()
	case ch == '&' || ch == '*' || ch == '!':
		p.fail("anchors, aliases and tags are not supported")
	case ch == '?':
		// yaml.v3 reads any '?' here as an explicit key.
		p.fail("explicit keys inside flow collections are not supported")
	case ch == ':':
		// yaml.v3 reads any ':' here as a value indicator.
		p.fail("found unexpected ':' inside a flow collection")
	case ch == '-' && p.isBlankZAt(1):
		p.fail("found unexpected '-' inside a flow collection")
	case strings.IndexByte(",[]{}#|>%@`", ch) >= 0 || p.eof():
		p.fail("did not find expected node content inside a flow collection")
	}
	return p.scanPlain(parent, true)
}

// Decoding nodes into Go values. The rules are yaml.v3's for the types the
// plan uses: a null node leaves the zero value, strings take any scalar's
// text, numbers must be plain scalars, [] and {} give empty (not nil)
// slices and maps.

type yamlDecoder struct {
	strict bool // reject unknown fields, as Pebble's KnownFields(true)
}

func (d *yamlDecoder) decode(n *yNode, v reflect.Value) error {
	if n.isNull() {
		v.Set(reflect.Zero(v.Type()))
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		if err := d.decode(n, e.Elem()); err != nil {
			return err
		}
		v.Set(e)
		return nil
	case reflect.Struct:
		if n.kind != yMap {
			return d.typeError(n, v)
		}
		fields := yamlFields(v.Type())
		for i, k := range n.keys {
			idx, ok := fields[k.value]
			if !ok {
				if d.strict {
					return &YAMLError{Line: k.line, Msg: fmt.Sprintf("field %s not found in type %s", k.value, v.Type())}
				}
				continue
			}
			if err := d.decode(n.vals[i], v.Field(idx)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if n.kind != yMap {
			return d.typeError(n, v)
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.keys))
		for i, k := range n.keys {
			if k.isNull() {
				// yaml.v3 cannot set a null key in a string-keyed map
				// and drops the entry.
				continue
			}
			key := reflect.New(v.Type().Key()).Elem()
			if err := d.decode(k, key); err != nil {
				return err
			}
			val := reflect.New(v.Type().Elem()).Elem()
			if err := d.decode(n.vals[i], val); err != nil {
				return err
			}
			m.SetMapIndex(key, val)
		}
		v.Set(m)
		return nil
	case reflect.Slice:
		if n.kind != ySeq {
			return d.typeError(n, v)
		}
		s := reflect.MakeSlice(v.Type(), 0, len(n.items))
		for _, item := range n.items {
			if item.isNull() && v.Type().Elem().Kind() != reflect.Pointer {
				// yaml.v3 drops null items of a non-pointer list ("- ~"
				// in a []string is no item at all).
				continue
			}
			e := reflect.New(v.Type().Elem()).Elem()
			if err := d.decode(item, e); err != nil {
				return err
			}
			s = reflect.Append(s, e)
		}
		v.Set(s)
		return nil
	case reflect.String:
		if n.kind != yScalar {
			return d.typeError(n, v)
		}
		v.SetString(n.value)
		return nil
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.kind != yScalar || !n.plain {
			return d.typeError(n, v)
		}
		i, err := strconv.ParseInt(n.value, 10, 64)
		if err != nil || v.OverflowInt(i) {
			return d.typeError(n, v)
		}
		v.SetInt(i)
		return nil
	case reflect.Float64:
		if n.kind != yScalar || !n.plain {
			return d.typeError(n, v)
		}
		f, ok := parseYAMLFloat(n.value)
		if !ok {
			return d.typeError(n, v)
		}
		v.SetFloat(f)
		return nil
	}
	return &YAMLError{Line: n.line, Msg: fmt.Sprintf("cannot decode into %s", v.Type())}
}

func (d *yamlDecoder) typeError(n *yNode, v reflect.Value) error {
	if n.kind == yScalar {
		return &YAMLError{Line: n.line, Msg: fmt.Sprintf("cannot unmarshal %s `%s` into %s", n.kindName(), n.value, v.Type())}
	}
	return &YAMLError{Line: n.line, Msg: fmt.Sprintf("cannot unmarshal %s into %s", n.kindName(), v.Type())}
}

// yamlFloat is what yaml.v3 resolves as a float (besides .inf and .nan).
var yamlFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

func parseYAMLFloat(s string) (float64, bool) {
	switch s {
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1), true
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1), true
	case ".nan", ".NaN", ".NAN":
		return math.NaN(), true
	}
	if !yamlFloat.MatchString(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// yamlFields maps the YAML keys of a struct type to field indexes.
func yamlFields(t reflect.Type) map[string]int {
	fields := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if name != "" && name != "-" {
			fields[name] = i
		}
	}
	return fields
}

// Emitting.

type yamlEmitter struct {
	buf bytes.Buffer
}

// emitYAML writes v (a pointer to a struct of this package) as a block YAML
// document.
func emitYAML(v any) ([]byte, error) {
	e := &yamlEmitter{}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return []byte("null\n"), nil
	}
	if err := e.value(reflect.Indirect(rv), 0, true); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

// isBlockValue reports whether v is written as an indented block (a
// non-empty mapping, struct or sequence) rather than on the key's line.
func isBlockValue(v reflect.Value) bool {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		return v.Len() > 0
	case reflect.Struct:
		return len(structEntries(v)) > 0
	}
	return false
}

type structEntry struct {
	key   string
	value reflect.Value
}

// structEntries lists the fields of a struct that are written, in
// declaration order, honouring omitempty like yaml.v3.
func structEntries(v reflect.Value) []structEntry {
	var entries []structEntry
	for i := range v.NumField() {
		name, opts, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		f := v.Field(i)
		if opts == "omitempty" && f.IsZero() || opts == "omitempty" && (f.Kind() == reflect.Map || f.Kind() == reflect.Slice) && f.Len() == 0 {
			continue
		}
		entries = append(entries, structEntry{name, f})
	}
	return entries
}

// value writes v. At top level (or as a block under a key) indent is the
// column of its entries.
func (e *yamlEmitter) value(v reflect.Value, indent int, top bool) error {
	if !isBlockValue(v) {
		s, err := inlineYAML(v)
		if err != nil {
			return err
		}
		e.buf.WriteString(s)
		e.buf.WriteByte('\n')
		return nil
	}
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	pad := strings.Repeat(" ", indent)
	switch v.Kind() {
	case reflect.Struct:
		for _, f := range structEntries(v) {
			if err := e.entry(pad, f.key, f.value, indent); err != nil {
				return err
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			qk, err := quoteYAML(k.String())
			if err != nil {
				return err
			}
			if err := e.entry(pad, qk, v.MapIndex(k), indent); err != nil {
				return err
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			item := v.Index(i)
			if isBlockValue(item) {
				return fmt.Errorf("cannot write nested collections in a YAML sequence")
			}
			s, err := inlineYAML(item)
			if err != nil {
				return err
			}
			fmt.Fprintf(&e.buf, "%s- %s\n", pad, s)
		}
	}
	return nil
}

// entry writes one mapping entry; key is already in YAML form.
func (e *yamlEmitter) entry(pad, key string, v reflect.Value, indent int) error {
	// libyaml only takes keys of up to 1024 characters in the simple
	// "key: value" form; longer ones need the explicit "? key" form.
	if len(key) > 1000 {
		fmt.Fprintf(&e.buf, "%s? %s\n%s:", pad, key, pad)
	} else {
		fmt.Fprintf(&e.buf, "%s%s:", pad, key)
	}
	if isBlockValue(v) {
		e.buf.WriteByte('\n')
		return e.value(v, indent+4, false)
	}
	e.buf.WriteByte(' ')
	return e.value(v, indent+4, false)
}

// inlineYAML renders a scalar or an empty collection.
func inlineYAML(v reflect.Value) (string, error) {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "null", nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		return quoteYAML(v.String())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Float64:
		f := v.Float()
		switch {
		case math.IsInf(f, 1):
			return ".inf", nil
		case math.IsInf(f, -1):
			return "-.inf", nil
		case math.IsNaN(f):
			return ".nan", nil
		}
		return strconv.FormatFloat(f, 'g', -1, 64), nil
	case reflect.Map, reflect.Struct:
		return "{}", nil
	case reflect.Slice:
		return "[]", nil
	}
	return "", fmt.Errorf("cannot write %s as YAML", v.Type())
}

// quoteYAML writes s as a double-quoted YAML scalar. Printable characters
// are written as they are; everything else is escaped in a form libyaml
// reads back exactly (no JSON surrogate pairs, which YAML rejects).
func quoteYAML(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("cannot write %q as YAML: not valid UTF-8", s)
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == 0x2028, r == 0x2029:
			// Line breaks to libyaml (LS, PS): written raw they would end
			// the line.
			fmt.Fprintf(&b, `\u%04X`, r)
		case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF, r >= 0x10000:
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02X`, r)
		default:
			fmt.Fprintf(&b, `\u%04X`, r)
		}
	}
	b.WriteByte('"')
	return b.String(), nil
}

// ParseLayer parses a layer in YAML as Pebble does: unknown fields are
// errors (Pebble decodes with yaml.v3's KnownFields). Names of services,
// checks and log targets are set from their keys; Order and Label are left
// for the caller. The layer is not validated: Layers.Add does that, as
// Pebble's API does.
func ParseLayer(data []byte) (*Layer, error) {
	var layer Layer
	if err := decodeYAML(data, &layer, true); err != nil {
		return nil, fmt.Errorf("cannot parse layer: %w", err)
	}
	setNames(layer.Services, layer.Checks, layer.LogTargets)
	return &layer, nil
}

// ParsePlan parses the plan YAML that GET /v1/plan?format=yaml returns.
// Unknown fields are skipped rather than refused, so that a newer Pebble
// (which may add fields or plan sections) does not break the client; syntax
// this package does not read is still an error.
func ParsePlan(data []byte) (*Plan, error) {
	var plan Plan
	if err := decodeYAML(data, &plan, false); err != nil {
		return nil, fmt.Errorf("cannot parse plan: %w", err)
	}
	setNames(plan.Services, plan.Checks, plan.LogTargets)
	return &plan, nil
}

func decodeYAML(data []byte, v any, strict bool) error {
	root, err := parseYAML(data)
	if err != nil {
		return err
	}
	d := &yamlDecoder{strict: strict}
	return d.decode(root, reflect.ValueOf(v).Elem())
}

func setNames(services map[string]*Service, checks map[string]*Check, targets map[string]*LogTarget) {
	for name, s := range services {
		if s != nil {
			s.Name = name
		}
	}
	for name, c := range checks {
		if c != nil {
			c.Name = name
		}
	}
	for name, t := range targets {
		if t != nil {
			t.Name = name
		}
	}
}

// YAML returns the layer as a YAML document that Pebble's layer parser
// (yaml.v3 with KnownFields) reads back to the same layer. Strings must be
// valid UTF-8.
func (l *Layer) YAML() ([]byte, error) {
	return emitYAML(l)
}

// YAML returns the plan as a YAML document, in the shape GET /v1/plan
// returns (the simulator serves it), though not byte for byte yaml.v3's:
// strings are always double-quoted.
func (p *Plan) YAML() ([]byte, error) {
	return emitYAML(p)
}
