package databag

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads and writes the YAML that Python charm libraries put in
// databag values with PyYAML's yaml.safe_dump (the ingress key of
// traefik's ingress v1 and ingress_per_unit providers): block style, keys sorted, strings quoted only when
// needed, "{}" and "[]" for empty collections. The reader takes the subset
// safe_dump writes for JSON-like data, plus flow collections, comments and
// the --- and ... markers; anchors, aliases, tags, block scalars and
// complex (?) keys are refused. Plain scalars resolve by YAML 1.1 rules as
// PyYAML's safe_load does (yes, on and off are booleans, 017 is octal);
// a timestamp is read as its text.

// YAMLMaxDepth is the deepest nesting of collections the YAML reader
// accepts.
const YAMLMaxDepth = 200

// YAMLError is a YAML syntax error, naming the 1-based line.
type YAMLError struct {
	Line int
	Msg  string
}

func (e *YAMLError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Msg }

// YAMLToJSON reads one YAML document and returns the same value as compact
// JSON text; mapping keys keep their document order.
func YAMLToJSON(s string) (string, error) {
	p := &yparser{s: s, line: 1}
	n, err := p.document()
	if err != nil {
		return "", err
	}
	var b []byte
	b, err = n.appendJSON(b)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// YAMLText converts the YAML document s, a databag value, to JSON text for
// a Decoder. A YAML syntax error is reported at p and ok is false.
func YAMLText(p *Path, e *Errors, s string) (string, bool) {
	j, err := YAMLToJSON(s)
	if err != nil {
		e.Add(p, "invalid YAML: "+err.Error())
		return "", false
	}
	return j, true
}

// JSONToYAML writes the JSON text j as PyYAML's safe_dump writes the same
// value.
func JSONToYAML(j string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(j))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	if dec.More() {
		return "", errors.New("text after the JSON value")
	}
	return MarshalYAML(v)
}

// YAMLFromJSON is JSONToYAML for generated encoders, whose JSON text is
// valid; should it not be, the text is returned as it is.
func YAMLFromJSON(j string) string {
	y, err := JSONToYAML(j)
	if err != nil {
		return j
	}
	return y
}

// MarshalYAML writes a JSON-like value (nil, bool, string, json.Number,
// float64, int, int64, []any, map[string]any) as PyYAML's safe_dump does.
func MarshalYAML(v any) (string, error) {
	var b []byte
	var err error
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			return "{}\n", nil
		}
		b, err = yamlBlock(b, v, 0, 0)
	case []any:
		if len(x) == 0 {
			return "[]\n", nil
		}
		b, err = yamlBlock(b, v, 0, 0)
	default:
		var plain bool
		b, plain, err = yamlScalar(b, v)
		b = append(b, '\n')
		if plain {
			b = append(b, "...\n"...)
		}
	}
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// yamlBlock writes collection v, non-empty, whose first line starts at the
// current position (already indented) and whose other lines at indent.
func yamlBlock(b []byte, v any, indent, depth int) ([]byte, error) {
	if depth > YAMLMaxDepth {
		return b, errors.New("value nested too deeply")
	}
	pad := func(b []byte, n int) []byte {
		for ; n > 0; n-- {
			b = append(b, ' ')
		}
		return b
	}
	var err error
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i > 0 {
				b = pad(b, indent)
			}
			if complexKey(k) {
				b = append(b, "? "...)
				if b, _, err = yamlScalar(b, k); err != nil {
					return b, err
				}
				b = append(b, '\n')
				b = pad(b, indent)
				b = append(b, ": "...)
				if b, err = yamlItem(b, x[k], indent, depth); err != nil {
					return b, err
				}
				continue
			}
			if b, _, err = yamlScalar(b, k); err != nil {
				return b, err
			}
			b = append(b, ':')
			switch y := x[k].(type) {
			case map[string]any:
				if len(y) == 0 {
					b = append(b, " {}\n"...)
					continue
				}
				b = append(b, '\n')
				b = pad(b, indent+2)
				b, err = yamlBlock(b, y, indent+2, depth+1)
			case []any:
				if len(y) == 0 {
					b = append(b, " []\n"...)
					continue
				}
				b = append(b, '\n')
				b = pad(b, indent)
				b, err = yamlBlock(b, y, indent, depth+1)
			default:
				b = append(b, ' ')
				b, _, err = yamlScalar(b, y)
				b = append(b, '\n')
			}
			if err != nil {
				return b, err
			}
		}
	case []any:
		for i, it := range x {
			if i > 0 {
				b = pad(b, indent)
			}
			b = append(b, "- "...)
			if b, err = yamlItem(b, it, indent, depth); err != nil {
				return b, err
			}
		}
	}
	return b, nil
}

// yamlItem writes v after "- " or a complex key's ": " at indent.
func yamlItem(b []byte, v any, indent, depth int) ([]byte, error) {
	var err error
	switch y := v.(type) {
	case map[string]any:
		if len(y) == 0 {
			return append(b, "{}\n"...), nil
		}
		return yamlBlock(b, y, indent+2, depth+1)
	case []any:
		if len(y) == 0 {
			return append(b, "[]\n"...), nil
		}
		return yamlBlock(b, y, indent+2, depth+1)
	}
	b, _, err = yamlScalar(b, v)
	return append(b, '\n'), err
}

// complexKey reports whether PyYAML writes key k as "? k": it is empty,
// has a line break or is 128 characters or longer.
func complexKey(k string) bool {
	return k == "" || utf8.RuneCountInString(k) >= 128 || strings.ContainsAny(k, "\n\u0085\u2028\u2029")
}

// yamlScalar writes a scalar and reports whether it was written plain.
func yamlScalar(b []byte, v any) ([]byte, bool, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), true, nil
	case bool:
		if x {
			return append(b, "true"...), true, nil
		}
		return append(b, "false"...), true, nil
	case string:
		return yamlString(b, x)
	case json.Number:
		s := string(x)
		if !strings.ContainsAny(s, ".eE") {
			n, ok := new(big.Int).SetString(s, 10)
			if !ok {
				return b, false, errors.New("invalid number " + s)
			}
			return n.Append(b, 10), true, nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return b, false, errors.New("invalid number " + s)
		}
		return appendPyFloat(b, f), true, nil
	case float64:
		return appendPyFloat(b, x), true, nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), true, nil
	case int64:
		return strconv.AppendInt(b, x, 10), true, nil
	}
	return b, false, errors.New("cannot write a value of this type as YAML")
}

// appendPyFloat writes f as PyYAML does: Python's repr, with ".0" added to
// a mantissa without a point, and .inf, -.inf, .nan.
func appendPyFloat(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, ".nan"...)
	case math.IsInf(f, 1):
		return append(b, ".inf"...)
	case math.IsInf(f, -1):
		return append(b, "-.inf"...)
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	i := strings.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[i+1:])
	if exp >= -4 && exp < 16 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		b = append(b, s...)
		if !strings.Contains(s, ".") {
			b = append(b, ".0"...)
		}
		return b
	}
	m := e[:i]
	b = append(b, m...)
	if !strings.Contains(m, ".") {
		b = append(b, ".0"...)
	}
	return append(b, e[i:]...)
}

// yamlString writes s plain, single-quoted or double-quoted, choosing as
// PyYAML does for a block context (without folding long lines).
func yamlString(b []byte, s string) ([]byte, bool, error) {
	special, breaks := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' {
			breaks = true
		} else if c < 0x20 || c > 0x7e {
			special = true
		}
	}
	if special || breaks {
		if !utf8.ValidString(s) {
			return b, false, errors.New("string is not valid UTF-8")
		}
		return appendDoubleQuoted(b, s), false, nil
	}
	if plainOK(s) {
		return append(b, s...), true, nil
	}
	b = append(b, '\'')
	b = append(b, strings.ReplaceAll(s, "'", "''")...)
	return append(b, '\''), false, nil
}

// plainOK reports whether the printable ASCII string s may be written
// plain in a block context and read back as the same string.
func plainOK(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		return false
	}
	ws := func(i int) bool { return i >= len(s) || s[i] == ' ' }
	switch c := s[0]; c {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '?', ':', '-':
		if ws(1) {
			return false
		}
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case ':':
			if ws(i + 1) {
				return false
			}
		case '#':
			if s[i-1] == ' ' {
				return false
			}
		}
	}
	_, isStr := resolvePlain(s)
	return isStr && !timestampRE.MatchString(s) && s != "=" && s != "<<"
}

func appendDoubleQuoted(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	for _, r := range s {
		switch r {
		case 0:
			b = append(b, `\0`...)
		case 7:
			b = append(b, `\a`...)
		case 8:
			b = append(b, `\b`...)
		case 9:
			b = append(b, `\t`...)
		case 10:
			b = append(b, `\n`...)
		case 11:
			b = append(b, `\v`...)
		case 12:
			b = append(b, `\f`...)
		case 13:
			b = append(b, `\r`...)
		case 0x1b:
			b = append(b, `\e`...)
		case '"':
			b = append(b, `\"`...)
		case '\\':
			b = append(b, `\\`...)
		case 0x85:
			b = append(b, `\N`...)
		case 0xa0:
			b = append(b, `\_`...)
		case 0x2028:
			b = append(b, `\L`...)
		case 0x2029:
			b = append(b, `\P`...)
		default:
			if r >= 0x20 && r <= 0x7e {
				b = append(b, byte(r))
				continue
			}
			var n int
			switch {
			case r <= 0xff:
				b, n = append(b, `\x`...), 2
			case r <= 0xffff:
				b, n = append(b, `\u`...), 4
			default:
				b, n = append(b, `\U`...), 8
			}
			for k := n - 1; k >= 0; k-- {
				b = append(b, hex[(r>>(4*k))&0xf])
			}
		}
	}
	return append(b, '"')
}

// ---------------------------------------------------------------------
// Resolving plain scalars (PyYAML's YAML 1.1 implicit resolvers).

var (
	boolRE      = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	floatRE     = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
	intRE       = regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	nullRE      = regexp.MustCompile(`^(?:~|null|Null|NULL|)$`)
	timestampRE = regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`)
)

// resolvePlain returns the node a plain scalar stands for, and whether it
// is a string.
func resolvePlain(s string) (*ynode, bool) {
	if s != "" {
		c := s[0]
		if strings.IndexByte("yYnNtTfFoO", c) >= 0 && boolRE.MatchString(s) {
			return &ynode{kind: KindBoolean, text: strconv.FormatBool(s[0] == 'y' || s[0] == 'Y' || s[0] == 't' || s[0] == 'T' || s == "on" || s == "On" || s == "ON")}, false
		}
		if strings.IndexByte("-+0123456789.", c) >= 0 && floatRE.MatchString(s) {
			return &ynode{kind: KindNumber, text: s, float: true}, false
		}
		if strings.IndexByte("-+0123456789", c) >= 0 && intRE.MatchString(s) {
			return &ynode{kind: KindNumber, text: s}, false
		}
	}
	if nullRE.MatchString(s) {
		return &ynode{kind: KindNull}, false
	}
	return &ynode{kind: KindString, text: s}, true
}

// ---------------------------------------------------------------------
// Nodes

type ynode struct {
	kind  Kind
	text  string // string value, or the number or boolean as written
	float bool
	block bool // a block mapping
	line  int
	keys  []string
	items []*ynode // values of keys, or sequence items
}

func (n *ynode) appendJSON(b []byte) ([]byte, error) {
	var err error
	switch n.kind {
	case KindNull:
		return append(b, "null"...), nil
	case KindBoolean:
		return append(b, n.text...), nil
	case KindString:
		return AppendQuoted(b, n.text), nil
	case KindNumber:
		return appendYAMLNumber(b, n)
	case KindArray:
		b = append(b, '[')
		for i, it := range n.items {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = it.appendJSON(b); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case KindObject:
		b = append(b, '{')
		for i, k := range n.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendQuoted(b, k)
			b = append(b, ':')
			if b, err = n.items[i].appendJSON(b); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	}
	return b, nil
}

// appendYAMLNumber converts a YAML 1.1 number as PyYAML constructs it.
func appendYAMLNumber(b []byte, n *ynode) ([]byte, error) {
	s := strings.ReplaceAll(n.text, "_", "")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	bad := func() ([]byte, error) {
		return b, &YAMLError{n.line, "number " + QuoteValue(n.text) + " has no JSON form"}
	}
	if n.float {
		var f float64
		ls := strings.ToLower(s)
		switch {
		case ls == ".inf" || ls == ".nan":
			return bad()
		case strings.Contains(s, ":"):
			for _, part := range strings.Split(s, ":") {
				d, err := strconv.ParseFloat(part, 64)
				if err != nil {
					return bad()
				}
				f = f*60 + d
			}
		default:
			if strings.HasPrefix(s, ".") {
				s = "0" + s
			}
			d, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return bad()
			}
			f = d
		}
		if math.IsInf(f, 0) {
			return bad()
		}
		if neg {
			f = -f
		}
		t := strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(t, ".e") {
			t += ".0"
		}
		return append(b, t...), nil
	}
	v := new(big.Int)
	ok := true
	switch {
	case s == "0":
	case strings.HasPrefix(s, "0b"):
		_, ok = v.SetString(s[2:], 2)
	case strings.HasPrefix(s, "0x"):
		_, ok = v.SetString(s[2:], 16)
	case strings.HasPrefix(s, "0"):
		_, ok = v.SetString(s[1:], 8)
	case strings.Contains(s, ":"):
		for _, part := range strings.Split(s, ":") {
			d, ok2 := new(big.Int).SetString(part, 10)
			if !ok2 {
				return bad()
			}
			v.Mul(v, big.NewInt(60)).Add(v, d)
		}
	default:
		_, ok = v.SetString(s, 10)
	}
	if !ok {
		return bad()
	}
	if neg {
		v.Neg(v)
	}
	return v.Append(b, 10), nil
}

// ---------------------------------------------------------------------
// Parser

type yparser struct {
	s         string
	i         int
	line      int
	lineStart int
	depth     int
}

func (p *yparser) errf(msg string) error { return &YAMLError{p.line, msg} }

func (p *yparser) col() int { return p.i - p.lineStart }

func (p *yparser) eof() bool { return p.i >= len(p.s) }

// atBreak reports whether i is at a line end or the end of input.
func (p *yparser) atBreak(i int) bool { return i >= len(p.s) || p.s[i] == '\n' || p.s[i] == '\r' }

func (p *yparser) skipSpaces() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// newline consumes one line break at i.
func (p *yparser) newline() {
	if p.i < len(p.s) && p.s[p.i] == '\r' {
		p.i++
	}
	if p.i < len(p.s) && p.s[p.i] == '\n' {
		p.i++
	}
	p.line++
	p.lineStart = p.i
}

// endLine expects only spaces and a comment before the line end.
func (p *yparser) endLine() error {
	p.skipSpaces()
	if p.i < len(p.s) && p.s[p.i] == '#' {
		for !p.atBreak(p.i) {
			p.i++
		}
	}
	if !p.atBreak(p.i) {
		return p.errf("unexpected " + quoteChar(p.s[p.i]))
	}
	if !p.eof() {
		p.newline()
	}
	return nil
}

// nextContent skips blank and comment lines from the start of a line and
// leaves p at the first content character of the next line with content;
// it returns false at the end of input (or of the document).
func (p *yparser) nextContent() bool {
	for !p.eof() {
		p.skipSpaces()
		if p.atBreak(p.i) || p.s[p.i] == '#' {
			for !p.atBreak(p.i) {
				p.i++
			}
			if p.eof() {
				return false
			}
			p.newline()
			continue
		}
		if p.col() == 0 && p.docMarker("...") {
			return false
		}
		return true
	}
	return false
}

func (p *yparser) docMarker(m string) bool {
	return strings.HasPrefix(p.s[p.i:], m) && (p.i+3 >= len(p.s) || strings.IndexByte(" \t\r\n", p.s[p.i+3]) >= 0)
}

func (p *yparser) document() (*ynode, error) {
	if strings.HasPrefix(p.s, "\ufeff") {
		p.i += 3
		p.lineStart = 3
	}
	if !p.nextContent() {
		return &ynode{kind: KindNull, line: p.line}, p.rest()
	}
	if p.col() == 0 && p.docMarker("---") {
		p.i += 3
		p.skipSpaces()
		if p.atBreak(p.i) || p.s[p.i] == '#' {
			if err := p.endLine(); err != nil {
				return nil, err
			}
		}
	} else if p.s[p.i] == '%' {
		return nil, p.errf("directives are not supported")
	}
	n, err := p.node(-1, false)
	if err != nil {
		return nil, err
	}
	return n, p.rest()
}

// rest checks what follows the document: nothing, or ... and nothing.
func (p *yparser) rest() error {
	if p.nextContent() {
		if p.col() == 0 && p.docMarker("---") {
			return p.errf("more than one document")
		}
		return p.errf("unexpected " + quoteChar(p.s[p.i]) + " after the value")
	}
	if p.eof() {
		return nil
	}
	// At "...".
	p.i += 3
	if err := p.endLine(); err != nil {
		return err
	}
	if p.nextContent() || !p.eof() {
		if p.eof() {
			return nil
		}
		return p.errf("content after the end of the document")
	}
	return nil
}

// node reads the value of a block node whose parent is at column parent.
// p is either on the line of its indicator (after "key:" or "- ") or at a
// line start. indentless allows a sequence at column parent (a mapping
// value).
func (p *yparser) node(parent int, indentless bool) (*ynode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > YAMLMaxDepth {
		return nil, p.errf("value nested too deeply")
	}
	line := p.line
	p.skipSpaces()
	if p.atBreak(p.i) || p.s[p.i] == '#' {
		if err := p.endLine(); err != nil {
			return nil, err
		}
		save := *p
		if !p.nextContent() {
			*p = save
			return &ynode{kind: KindNull, line: line}, nil
		}
		c := p.col()
		if c < parent || c == parent && !(indentless && p.seqIndicator()) {
			*p = save
			return &ynode{kind: KindNull, line: line}, nil
		}
	}
	col := p.col()
	line = p.line
	switch c := p.s[p.i]; c {
	case '-':
		if p.seqIndicator() {
			return p.seq(col)
		}
	case '[', '{':
		n, err := p.flow()
		if err != nil {
			return nil, err
		}
		return n, p.endLine()
	case '"', '\'':
		save := *p
		if _, multi, err := p.quoted(parent); err != nil {
			return nil, err
		} else if p.skipSpaces(); !multi && p.i < len(p.s) && p.s[p.i] == ':' && p.atSep(p.i+1) {
			*p = save
			return p.mapping(col, line)
		}
		*p = save
		s, _, _ := p.quoted(parent)
		return &ynode{kind: KindString, text: s, line: line}, p.endLine()
	case '?':
		if p.atSep(p.i + 1) {
			return p.mapping(col, line)
		}
	case '&', '*', '!', '|', '>', '%', '@', '`', ']', '}', ',', '#':
		return nil, p.errf(indicatorMsg(c))
	}
	// A plain scalar: a key if ": " follows on this line.
	save := *p
	if _, ok := p.plainKey(); ok {
		*p = save
		return p.mapping(col, line)
	}
	s, err := p.plain(parent)
	if err != nil {
		return nil, err
	}
	n, _ := resolvePlain(s)
	n.line = line
	return n, nil
}

func indicatorMsg(c byte) string {
	switch c {
	case '&':
		return "anchors are not supported"
	case '*':
		return "aliases are not supported"
	case '!':
		return "tags are not supported"
	case '|', '>':
		return "block scalars are not supported"
	}
	return "unexpected " + quoteChar(c)
}

// atSep reports whether i is at a space, a line end or the end of input.
func (p *yparser) atSep(i int) bool {
	return p.atBreak(i) || p.s[i] == ' ' || p.s[i] == '\t'
}

func (p *yparser) seqIndicator() bool {
	return p.i < len(p.s) && p.s[p.i] == '-' && p.atSep(p.i+1)
}

// plainKey reads a plain mapping key and its ':' if the current line has
// one.
func (p *yparser) plainKey() (string, bool) {
	for j := p.i; !p.atBreak(j); j++ {
		switch p.s[j] {
		case '#':
			if j > p.i && (p.s[j-1] == ' ' || p.s[j-1] == '\t') {
				return "", false
			}
		case ':':
			if p.atSep(j + 1) {
				k := strings.TrimRight(p.s[p.i:j], " \t")
				p.i = j + 1
				return k, true
			}
		}
	}
	return "", false
}

func (p *yparser) mapping(col int, line int) (*ynode, error) {
	m := &ynode{kind: KindObject, line: line, block: true}
	index := map[string]int{}
	for {
		complex := p.s[p.i] == '?'
		key, hasValue, err := p.key(col)
		if err != nil {
			return nil, err
		}
		v := &ynode{kind: KindNull, line: p.line}
		if hasValue {
			keyLine := p.line
			if v, err = p.node(col, true); err != nil {
				return nil, err
			}
			if !complex && v.block && v.line == keyLine {
				return nil, &YAMLError{keyLine, "mapping values are not allowed here"}
			}
		}
		if at, dup := index[key]; dup {
			m.items[at] = v
		} else {
			index[key] = len(m.keys)
			m.keys = append(m.keys, key)
			m.items = append(m.items, v)
		}
		save := *p
		if !p.nextContent() || p.col() < col {
			*p = save
			return m, nil
		}
		if p.col() > col {
			return nil, p.errf("unexpected indentation")
		}
	}
}

// key reads a mapping key at column col and the ':' after it; hasValue
// is false for a complex (?) key with no ':' line.
func (p *yparser) key(col int) (key string, hasValue bool, err error) {
	c := p.s[p.i]
	switch {
	case c == '?' && p.atSep(p.i+1):
		p.i++
		kn, err := p.node(col, false)
		if err != nil {
			return "", false, err
		}
		if kn.kind == KindArray || kn.kind == KindObject {
			return "", false, p.errf("mapping keys must be scalars")
		}
		save := *p
		if p.nextContent() && p.col() == col && p.s[p.i] == ':' && p.atSep(p.i+1) {
			p.i++
			return keyText(kn), true, nil
		}
		*p = save
		return keyText(kn), false, nil
	case c == '"' || c == '\'':
		k, multi, err := p.quoted(col)
		if err != nil {
			return "", false, err
		}
		p.skipSpaces()
		if multi || p.i >= len(p.s) || p.s[p.i] != ':' || !p.atSep(p.i+1) {
			return "", false, p.errf("expected ':' after the key")
		}
		p.i++
		return k, true, nil
	case strings.IndexByte("-?[{&*!|>%@`]},", c) >= 0 && (p.atSep(p.i+1) || (c != '-' && c != '?')):
		return "", false, p.errf("expected a mapping key, found " + quoteChar(c))
	}
	k, ok := p.plainKey()
	if !ok {
		return "", false, p.errf("expected a mapping key")
	}
	n, _ := resolvePlain(k)
	n.line = p.line
	return keyText(n), true, nil
}

// keyText is the JSON key of a scalar key, as json.dumps writes Python's.
func keyText(n *ynode) string {
	switch n.kind {
	case KindNull:
		return "null"
	case KindNumber:
		if b, err := appendYAMLNumber(nil, n); err == nil {
			return string(b)
		}
	}
	return n.text
}

func (p *yparser) seq(col int) (*ynode, error) {
	n := &ynode{kind: KindArray, line: p.line}
	for {
		p.i++ // the '-'
		v, err := p.node(col, false)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, v)
		save := *p
		if !p.nextContent() || p.col() < col {
			*p = save
			return n, nil
		}
		if p.col() > col {
			return nil, p.errf("unexpected indentation")
		}
		if !p.seqIndicator() {
			// The next key of the mapping an indentless sequence is in.
			*p = save
			return n, nil
		}
	}
}

// plain reads a plain scalar value that may continue on lines indented
// more than parent.
func (p *yparser) plain(parent int) (string, error) {
	var b strings.Builder
	for {
		start := p.i
		end := p.i
		for j := p.i; !p.atBreak(j); j++ {
			c := p.s[j]
			if c == '#' && j > start && (p.s[j-1] == ' ' || p.s[j-1] == '\t') {
				break
			}
			if c == ':' && p.atSep(j+1) {
				return "", p.errf("mapping values are not allowed here")
			}
			end = j + 1
			p.i = j + 1
		}
		seg := strings.TrimRight(p.s[start:end], " \t")
		if !utf8.ValidString(seg) {
			return "", p.errf("invalid UTF-8")
		}
		b.WriteString(seg)
		if err := p.endLine(); err != nil {
			return "", err
		}
		// Continuation lines.
		save := *p
		breaks := 0
		for !p.eof() {
			p.skipSpaces()
			if p.atBreak(p.i) {
				breaks++
				p.newline()
				continue
			}
			break
		}
		if p.eof() || p.s[p.i] == '#' || p.col() <= parent || p.col() == 0 && (p.docMarker("---") || p.docMarker("...")) {
			*p = save
			return b.String(), nil
		}
		if breaks == 0 {
			b.WriteByte(' ')
		}
		for ; breaks > 0; breaks-- {
			b.WriteByte('\n')
		}
	}
}

// quoted reads a single- or double-quoted scalar, which may span lines
// indented more than parent, and reports whether it did.
func (p *yparser) quoted(parent int) (string, bool, error) {
	q := p.s[p.i]
	startLine := p.line
	p.i++
	var b []byte
	for {
		if p.eof() {
			return "", false, &YAMLError{startLine, "unterminated quoted string"}
		}
		c := p.s[p.i]
		switch {
		case c == q && q == '\'' && p.i+1 < len(p.s) && p.s[p.i+1] == '\'':
			b = append(b, '\'')
			p.i += 2
		case c == q:
			p.i++
			if !utf8.Valid(b) {
				return "", false, &YAMLError{startLine, "invalid UTF-8"}
			}
			return string(b), p.line != startLine, nil
		case c == '\\' && q == '"':
			if p.i+1 >= len(p.s) {
				return "", false, &YAMLError{startLine, "unterminated quoted string"}
			}
			e := p.s[p.i+1]
			if e == '\n' || e == '\r' {
				p.i++
				p.newline()
				p.skipSpaces()
				continue
			}
			p.i += 2
			if r, ok := yamlEscapes[e]; ok {
				b = utf8.AppendRune(b, r)
				continue
			}
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			if n == 0 {
				return "", false, p.errf("invalid escape \\" + string(rune(e)))
			}
			if p.i+n > len(p.s) {
				return "", false, p.errf("invalid escape \\" + string(rune(e)))
			}
			v, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
			if err != nil || v > utf8.MaxRune {
				return "", false, p.errf("invalid escape \\" + string(rune(e)) + p.s[p.i:p.i+n])
			}
			b = utf8.AppendRune(b, rune(v))
			p.i += n
		case c == '\n' || c == '\r':
			// Fold: trailing white space is dropped, one break is a
			// space, each further (blank) line a newline.
			for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
				b = b[:len(b)-1]
			}
			breaks := 0
			for {
				p.newline()
				p.skipSpaces()
				if p.atBreak(p.i) && !p.eof() {
					breaks++
					continue
				}
				break
			}
			if !p.eof() && p.col() <= parent {
				return "", false, p.errf("quoted string continues at too small an indentation")
			}
			if p.col() == 0 && (p.docMarker("---") || p.docMarker("...")) {
				return "", false, p.errf("document marker inside a quoted string")
			}
			if breaks == 0 {
				b = append(b, ' ')
			}
			for ; breaks > 0; breaks-- {
				b = append(b, '\n')
			}
		case c == '\t' || c >= 0x20:
			b = append(b, c)
			p.i++
		default:
			return "", false, p.errf("control character in quoted string")
		}
	}
}

var yamlEscapes = map[byte]rune{
	'0': 0, 'a': 7, 'b': 8, 't': 9, '\t': 9, 'n': 10, 'v': 11, 'f': 12, 'r': 13, 'e': 0x1b,
	' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
}

// flow reads a flow collection ([a, b] or {a: b}) on one or more lines.
func (p *yparser) flow() (*ynode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > YAMLMaxDepth {
		return nil, p.errf("value nested too deeply")
	}
	open := p.s[p.i]
	close := byte(']')
	n := &ynode{kind: KindArray, line: p.line}
	if open == '{' {
		close = '}'
		n.kind = KindObject
	}
	p.i++
	for first := true; ; first = false {
		if err := p.flowSpace(); err != nil {
			return nil, err
		}
		if p.s[p.i] == close {
			p.i++
			return n, nil
		}
		if !first {
			if p.s[p.i] != ',' {
				return nil, p.errf("expected ',' or " + quoteChar(close))
			}
			p.i++
			if err := p.flowSpace(); err != nil {
				return nil, err
			}
			if p.s[p.i] == close {
				p.i++
				return n, nil
			}
		}
		v, err := p.flowValue()
		if err != nil {
			return nil, err
		}
		if open == '[' {
			n.items = append(n.items, v)
			continue
		}
		if v.kind == KindArray || v.kind == KindObject {
			return nil, p.errf("mapping keys must be scalars")
		}
		key := v.text
		if v.kind == KindNull {
			key = "null"
		}
		if err := p.flowSpace(); err != nil {
			return nil, err
		}
		var val *ynode
		if p.s[p.i] == ':' {
			p.i++
			if err := p.flowSpace(); err != nil {
				return nil, err
			}
			if p.s[p.i] == ',' || p.s[p.i] == '}' {
				val = &ynode{kind: KindNull, line: p.line}
			} else if val, err = p.flowValue(); err != nil {
				return nil, err
			}
		} else {
			val = &ynode{kind: KindNull, line: p.line}
		}
		n.keys = append(n.keys, key)
		n.items = append(n.items, val)
	}
}

// flowSpace skips white space, line breaks and comments inside a flow
// collection; the end of input is an error.
func (p *yparser) flowSpace() error {
	for {
		p.skipSpaces()
		if p.eof() {
			return p.errf("unterminated flow collection")
		}
		switch p.s[p.i] {
		case '#':
			for !p.atBreak(p.i) {
				p.i++
			}
		case '\n', '\r':
			p.newline()
		default:
			return nil
		}
	}
}

func (p *yparser) flowValue() (*ynode, error) {
	line := p.line
	switch c := p.s[p.i]; c {
	case '[', '{':
		return p.flow()
	case '"', '\'':
		s, _, err := p.quoted(-1)
		if err != nil {
			return nil, err
		}
		return &ynode{kind: KindString, text: s, line: line}, nil
	case '&', '*', '!', '|', '>', '%', '@', '`', ',', ']', '}', '#':
		return nil, p.errf(indicatorMsg(c))
	}
	start := p.i
	for !p.atBreak(p.i) {
		c := p.s[p.i]
		if c == ',' || c == '[' || c == ']' || c == '{' || c == '}' {
			break
		}
		if c == ':' && (p.atSep(p.i+1) || strings.IndexByte(",[]{}", p.s[p.i+1]) >= 0) {
			break
		}
		if c == '#' && p.i > start && (p.s[p.i-1] == ' ' || p.s[p.i-1] == '\t') {
			break
		}
		p.i++
	}
	s := strings.TrimRight(p.s[start:p.i], " \t")
	if !utf8.ValidString(s) {
		return nil, p.errf("invalid UTF-8")
	}
	n, _ := resolvePlain(s)
	n.line = line
	return n, nil
}
