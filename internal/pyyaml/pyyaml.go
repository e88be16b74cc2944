// Package pyyaml writes YAML byte for byte as PyYAML's safe_dump does with
// its defaults (block style, two-space indent, 80-column folding, ASCII
// output), which is how charmcraft writes the metadata files of a packed
// charm: metadata.yaml, config.yaml and actions.yaml through
// yaml.safe_dump (keys sorted), manifest.yaml through yaml.dump with
// sort_keys=False; both with charmcraft's representer that writes
// multi-line strings as literal blocks (charmcraft/utils/yaml.py,
// _repr_str and dump_yaml).
//
// The emitter follows PyYAML's emitter.py (analyze_scalar,
// choose_scalar_style, the write_* functions, the block collection states)
// and its resolver.py implicit resolvers, so that a string gets the quoting
// PyYAML gives it: '22.04' and 'yes' single-quoted, long text folded at
// column 80, control and non-ASCII characters escaped in double quotes.
// Only what safe_dump of plain data needs is here: no anchors, tags, flow
// style (beyond the [] and {} of empty collections) or folded scalars.
package pyyaml

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	yamlv2 "gopkg.in/yaml.v2"
	"gopkg.in/yaml.v3"
)

// Kind is the kind of a Node.
type Kind int

// The kinds of nodes, as Python values: None, bool, int, float, str, list
// and dict.
const (
	Null Kind = iota
	Bool
	Int
	Float
	Str
	Seq
	Map
)

// Node is a value to write. Scalars carry their text in Value: the string
// itself for Str, and for the other kinds the text PyYAML's representer
// writes (null, true, 8080, 1.0e+20), which the constructors make.
type Node struct {
	Kind    Kind
	Value   string
	Items   []*Node
	Entries []Entry
}

// Entry is one key and value of a Map. Keys are strings, as in every file
// charmcraft writes.
type Entry struct {
	Key   string
	Value *Node
}

// NewNull returns None.
func NewNull() *Node { return &Node{Kind: Null, Value: "null"} }

// NewBool returns a bool.
func NewBool(b bool) *Node { return &Node{Kind: Bool, Value: strconv.FormatBool(b)} }

// NewInt returns an int.
func NewInt(i int64) *Node { return &Node{Kind: Int, Value: strconv.FormatInt(i, 10)} }

// NewFloat returns a float, written as PyYAML's represent_float writes it.
func NewFloat(f float64) *Node { return &Node{Kind: Float, Value: FloatText(f)} }

// NewStr returns a string.
func NewStr(s string) *Node { return &Node{Kind: Str, Value: s} }

// NewSeq returns a list of items.
func NewSeq(items ...*Node) *Node { return &Node{Kind: Seq, Items: items} }

// NewMap returns an empty dict; Set adds to it.
func NewMap() *Node { return &Node{Kind: Map} }

// Set appends key: v to a Map (in insertion order, which Marshal keeps
// unless Options.SortKeys) and returns the map.
func (n *Node) Set(key string, v *Node) *Node {
	n.Entries = append(n.Entries, Entry{Key: key, Value: v})
	return n
}

// Options say which of charmcraft's two dump calls to imitate.
type Options struct {
	// SortKeys sorts every mapping's keys, as yaml.safe_dump does by
	// default (metadata.yaml, config.yaml, actions.yaml); without it keys
	// keep their order, as in charmcraft's dump_yaml (manifest.yaml).
	SortKeys bool
	// LiteralMultiline writes strings that hold a newline as literal
	// blocks (|), as charmcraft's _repr_str representer does, where
	// PyYAML alone would quote them.
	LiteralMultiline bool
	// QuoteAmbiguous single-quotes a string PyYAML would leave plain but
	// that a YAML 1.2 reader (yaml.v3) or Juju's yaml.v2 reads as another
	// type: 1e3 and 0o17 (numbers in YAML 1.2), y and n (booleans to
	// yaml.v2). PyYAML's YAML 1.1 resolver does not know these forms, so
	// charmcraft writes them plain and Juju then reads a config default
	// "y" as true. This is the one place where the output is meant to
	// differ from PyYAML's.
	QuoteAmbiguous bool
}

// The two ways charmcraft writes a file of a packed charm, as charmgen
// writes them: with QuoteAmbiguous, its one deliberate difference.
var (
	// SafeDump is yaml.safe_dump as charmcraft calls it for metadata.yaml,
	// config.yaml and actions.yaml, after its dump_yaml has registered the
	// multi-line representer on SafeDumper: keys sorted, multi-line
	// strings as | blocks.
	SafeDump = Options{SortKeys: true, LiteralMultiline: true, QuoteAmbiguous: true}
	// DumpYAML is charmcraft's dump_yaml, which writes manifest.yaml: keys
	// in the order given, multi-line strings as | blocks.
	DumpYAML = Options{LiteralMultiline: true, QuoteAmbiguous: true}
)

// Marshal writes n as one YAML document.
func Marshal(n *Node, opts Options) ([]byte, error) {
	if err := check(n); err != nil {
		return nil, err
	}
	e := &emitter{opts: opts, indent: noIndent, whitespace: true, indention: true}
	e.node(n, context{root: true})
	// expect_document_end, then the stream end: a document whose last
	// scalar keeps its trailing newlines (|+) is closed with "...".
	e.writeIndent()
	if e.openEnded {
		e.writeIndicator("...", true, false, false)
		e.writeIndent()
	}
	return []byte(e.out.String()), nil
}

func check(n *Node) error {
	if n == nil {
		return fmt.Errorf("pyyaml: nil node")
	}
	switch n.Kind {
	case Seq:
		for _, it := range n.Items {
			if err := check(it); err != nil {
				return err
			}
		}
	case Map:
		seen := make(map[string]bool, len(n.Entries))
		for _, e := range n.Entries {
			if seen[e.Key] {
				return fmt.Errorf("pyyaml: duplicate key %q", e.Key)
			}
			seen[e.Key] = true
			if err := check(e.Value); err != nil {
				return err
			}
		}
	case Null, Bool, Int, Float, Str:
	default:
		return fmt.Errorf("pyyaml: unknown node kind %d", n.Kind)
	}
	return nil
}

// FloatText is PyYAML's represent_float: Python's repr of the float, lower
// case, with ".0" added before an exponent that follows a bare integer
// (1e+20 becomes 1.0e+20), and .inf, -.inf and .nan.
func FloatText(f float64) string {
	switch {
	case math.IsNaN(f):
		return ".nan"
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	}
	s := strings.ToLower(pythonRepr(f))
	if !strings.Contains(s, ".") && strings.Contains(s, "e") {
		s = strings.Replace(s, "e", ".0e", 1)
	}
	return s
}

// pythonRepr is Python's repr of a finite float: the shortest digits that
// read back as f, in fixed notation when the decimal point falls within
// (-4, 16] digits (always with a fractional part, 1.0), else as d.ddde±XX.
func pythonRepr(f float64) string {
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, exp, _ := strings.Cut(sci, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	decpt := x + 1 // the value is 0.DIGITS × 10^decpt
	if decpt > -4 && decpt <= 16 {
		switch {
		case decpt <= 0:
			return sign + "0." + strings.Repeat("0", -decpt) + digits
		case decpt >= len(digits):
			return sign + digits + strings.Repeat("0", decpt-len(digits)) + ".0"
		default:
			return sign + digits[:decpt] + "." + digits[decpt:]
		}
	}
	m := digits[:1]
	if len(digits) > 1 {
		m += "." + digits[1:]
	}
	return sign + m + fmt.Sprintf("e%+03d", decpt-1)
}

// floatResolver is PyYAML's implicit resolver for floats (YAML 1.1): a
// decimal point is required, an exponent must be signed, and a sign may
// not precede a leading point (-.5 is a string).
var floatResolver = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)

// The implicit resolvers of PyYAML's resolver.py (YAML 1.1). A plain
// scalar that matches one of them reads as that type, so a string that
// matches is quoted.
var resolvers = []*regexp.Regexp{
	regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`),
	floatResolver,
	regexp.MustCompile(`^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`),
	regexp.MustCompile(`^(?:<<)$`),
	regexp.MustCompile(`^(?:~|null|Null|NULL|)$`),
	regexp.MustCompile(`^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$`),
	regexp.MustCompile(`^(?:=)$`),
	regexp.MustCompile(`^(?:!|&|\*)$`),
}

// resolvesAsStr reports whether s, written plain, reads back as a string
// under PyYAML's resolver. Python's $ also matches before a final newline,
// so that form is tried too.
func resolvesAsStr(s string) bool {
	for _, re := range resolvers {
		if re.MatchString(s) || (strings.HasSuffix(s, "\n") && re.MatchString(s[:len(s)-1])) {
			return false
		}
	}
	return true
}

// PlainStr reports whether s, written as a plain scalar, reads back as the
// string s under PyYAML's YAML 1.1 resolver, yaml.v3 (YAML 1.2) and Juju's
// yaml.v2 alike: the rule by which Marshal, with QuoteAmbiguous, quotes a
// string that would read as another type ('22.04', 'yes', 'y', '1e3',
// '~'). Whether s can be written plain at all (a leading space, ": ", a
// line break) is a matter of layout, which each writer decides.
func PlainStr(s string) bool { return resolvesAsStr(s) && !ambiguous(s) }

// PlainFloat reports whether text, written as a plain scalar, reads as a
// float under PyYAML's resolver and yaml.v3 alike: 1.5, 1.0e+3 and .inf
// do; 1e3 does not (a string to PyYAML), nor does -.5.
func PlainFloat(text string) bool {
	if !floatResolver.MatchString(text) {
		return false
	}
	v, ok := plainV3(text)
	return ok && v.ShortTag() == "!!float"
}

// plainV3 is the plain scalar yaml.v3 reads from text, when it reads one.
func plainV3(text string) (*yaml.Node, bool) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(text), &n); err != nil || len(n.Content) != 1 {
		return nil, false
	}
	v := n.Content[0]
	return v, v.Kind == yaml.ScalarNode && v.Style == 0
}

// ambiguous reports whether s, written plain, reads as something other
// than the string s under yaml.v3 (YAML 1.2) or yaml.v2 (Juju).
func ambiguous(s string) bool {
	if v, ok := plainV3(s); !ok || v.ShortTag() != "!!str" || v.Value != s {
		return true
	}
	var v any
	if err := yamlv2.Unmarshal([]byte(s), &v); err != nil {
		return true
	}
	got, ok := v.(string)
	return !ok || got != s
}

// noIndent is PyYAML's indent None: nothing emitted yet.
const noIndent = -1

const (
	bestIndent = 2
	bestWidth  = 80
)

// context is what expect_node records about the node being written.
type context struct {
	root, sequence, mapping, simpleKey bool
}

type emitter struct {
	opts    Options
	out     strings.Builder
	indent  int
	indents []int
	// Characteristics of the last character written, as in PyYAML.
	column     int
	whitespace bool
	indention  bool
	openEnded  bool
	flowLevel  int
}

func (e *emitter) increaseIndent(flow, indentless bool) {
	e.indents = append(e.indents, e.indent)
	switch {
	case e.indent == noIndent && flow:
		e.indent = bestIndent
	case e.indent == noIndent:
		e.indent = 0
	case !indentless:
		e.indent += bestIndent
	}
}

func (e *emitter) popIndent() {
	e.indent = e.indents[len(e.indents)-1]
	e.indents = e.indents[:len(e.indents)-1]
}

func (e *emitter) node(n *Node, c context) {
	switch n.Kind {
	case Seq:
		if len(n.Items) == 0 {
			e.emptyFlow("[", "]")
			return
		}
		e.blockSequence(n, c)
	case Map:
		if len(n.Entries) == 0 {
			e.emptyFlow("{", "}")
			return
		}
		e.blockMapping(n)
	default:
		e.scalar(n, c)
	}
}

// emptyFlow writes [] or {}: PyYAML writes an empty collection in flow
// style, block style having no way to say "empty".
func (e *emitter) emptyFlow(open, close string) {
	e.writeIndicator(open, true, true, false)
	e.flowLevel++
	e.increaseIndent(true, false)
	e.popIndent()
	e.flowLevel--
	e.writeIndicator(close, false, false, false)
}

func (e *emitter) blockSequence(n *Node, c context) {
	e.increaseIndent(false, c.mapping && !e.indention)
	for _, it := range n.Items {
		e.writeIndent()
		e.writeIndicator("-", true, false, true)
		e.node(it, context{sequence: true})
	}
	e.popIndent()
}

func (e *emitter) blockMapping(n *Node) {
	e.increaseIndent(false, false)
	entries := n.Entries
	if e.opts.SortKeys {
		entries = append([]Entry(nil), entries...)
		// Python sorts str keys by code point, which is UTF-8 byte order.
		sort.Slice(entries, func(i, j int) bool { return entries[i].Key < entries[j].Key })
	}
	for _, ent := range entries {
		e.writeIndent()
		key := NewStr(ent.Key)
		if e.simpleKey(key) {
			e.node(key, context{mapping: true, simpleKey: true})
			e.writeIndicator(":", false, false, false)
			e.node(ent.Value, context{mapping: true})
			continue
		}
		e.writeIndicator("?", true, false, true)
		e.node(key, context{mapping: true})
		e.writeIndent()
		e.writeIndicator(":", true, false, true)
		e.node(ent.Value, context{mapping: true})
	}
	e.popIndent()
}

// simpleKey is check_simple_key for a string key: PyYAML counts the
// prepared tag (!!str, 5 characters) in the 128-character limit even
// though it never writes it.
func (e *emitter) simpleKey(key *Node) bool {
	a := analyze([]rune(key.Value))
	return len(a.text)+len("!!str") < 128 && !a.empty && !a.multiline
}

func (e *emitter) scalar(n *Node, c context) {
	text := []rune(n.Value)
	a := analyze(text)
	style := e.chooseStyle(n, a, c)
	e.increaseIndent(true, false)
	split := !c.simpleKey
	switch style {
	case '"':
		e.writeDoubleQuoted(text, split)
	case '\'':
		e.writeSingleQuoted(text, split)
	case '|':
		e.writeLiteral(text)
	default:
		e.writePlain(text, split, c.root)
	}
	e.popIndent()
}

// chooseStyle is choose_scalar_style. The style asked for is none, except
// for a multi-line string under LiteralMultiline, which asks for |.
func (e *emitter) chooseStyle(n *Node, a analysis, c context) rune {
	var want rune
	if n.Kind == Str && e.opts.LiteralMultiline && strings.Contains(n.Value, "\n") {
		want = '|'
	}
	// implicit[0]: written plain, the text reads back with the node's own
	// tag. Representers give null/bool/int/float text that does.
	implicit := n.Kind != Str || resolvesAsStr(n.Value)
	if want == 0 && implicit {
		if !(c.simpleKey && (a.empty || a.multiline)) &&
			((e.flowLevel > 0 && a.allowFlowPlain) || (e.flowLevel == 0 && a.allowBlockPlain)) {
			if !(e.opts.QuoteAmbiguous && n.Kind == Str && ambiguous(n.Value)) {
				return 0
			}
		}
	}
	if want == '|' {
		if e.flowLevel == 0 && !c.simpleKey && a.allowBlock {
			return '|'
		}
		return '"'
	}
	if a.allowSingleQuoted && !(c.simpleKey && a.multiline) {
		return '\''
	}
	return '"'
}

// analysis is PyYAML's ScalarAnalysis.
type analysis struct {
	text                            []rune
	empty, multiline                bool
	allowFlowPlain, allowBlockPlain bool
	allowSingleQuoted, allowBlock   bool
}

func isBreak(r rune) bool { return r == '\n' || r == '\u0085' || r == '\u2028' || r == '\u2029' }

func isSpaceOrBreak(r rune) bool {
	return r == 0 || r == ' ' || r == '\t' || r == '\r' || isBreak(r)
}

// analyze is analyze_scalar, with allow_unicode off (safe_dump's default):
// any character outside printable ASCII makes the scalar double-quoted.
func analyze(s []rune) analysis {
	if len(s) == 0 {
		return analysis{text: s, empty: true, allowBlockPlain: true, allowSingleQuoted: true}
	}
	var blockIndicators, flowIndicators, lineBreaks, special bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	str := string(s)
	if strings.HasPrefix(str, "---") || strings.HasPrefix(str, "...") {
		blockIndicators, flowIndicators = true, true
	}
	precededByWhitespace := true
	followedByWhitespace := len(s) == 1 || isSpaceOrBreak(s[1])
	previousSpace, previousBreak := false, false
	for i, ch := range s {
		if i == 0 {
			if strings.ContainsRune("#,[]{}&*!|>'\"%@`", ch) {
				flowIndicators, blockIndicators = true, true
			}
			if ch == '?' || ch == ':' {
				flowIndicators = true
				if followedByWhitespace {
					blockIndicators = true
				}
			}
			if ch == '-' && followedByWhitespace {
				flowIndicators, blockIndicators = true, true
			}
		} else {
			if strings.ContainsRune(",?[]{}", ch) {
				flowIndicators = true
			}
			if ch == ':' {
				flowIndicators = true
				if followedByWhitespace {
					blockIndicators = true
				}
			}
			if ch == '#' && precededByWhitespace {
				flowIndicators, blockIndicators = true, true
			}
		}
		if isBreak(ch) {
			lineBreaks = true
		}
		if !(ch == '\n' || (ch >= 0x20 && ch <= 0x7E)) {
			// Unicode or control: either way not writable raw without
			// allow_unicode.
			special = true
		}
		switch {
		case ch == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i == len(s)-1 {
				trailingSpace = true
			}
			if previousBreak {
				breakSpace = true
			}
			previousSpace, previousBreak = true, false
		case isBreak(ch):
			if i == 0 {
				leadingBreak = true
			}
			if i == len(s)-1 {
				trailingBreak = true
			}
			if previousSpace {
				spaceBreak = true
			}
			previousSpace, previousBreak = false, true
		default:
			previousSpace, previousBreak = false, false
		}
		precededByWhitespace = isSpaceOrBreak(ch)
		followedByWhitespace = i+2 >= len(s) || isSpaceOrBreak(s[i+2])
	}
	a := analysis{text: s, multiline: lineBreaks,
		allowFlowPlain: true, allowBlockPlain: true, allowSingleQuoted: true, allowBlock: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.allowFlowPlain, a.allowBlockPlain = false, false
	}
	if trailingSpace {
		a.allowBlock = false
	}
	if breakSpace {
		a.allowFlowPlain, a.allowBlockPlain, a.allowSingleQuoted = false, false, false
	}
	if spaceBreak || special {
		a.allowFlowPlain, a.allowBlockPlain, a.allowSingleQuoted, a.allowBlock = false, false, false, false
	}
	if lineBreaks {
		a.allowFlowPlain, a.allowBlockPlain = false, false
	}
	if flowIndicators {
		a.allowFlowPlain = false
	}
	if blockIndicators {
		a.allowBlockPlain = false
	}
	return a
}

func (e *emitter) write(s string) { e.out.WriteString(s) }

func (e *emitter) writeRunes(r []rune) {
	e.column += len(r)
	e.out.WriteString(string(r))
}

func (e *emitter) writeIndicator(ind string, needWhitespace, whitespace, indention bool) {
	data := ind
	if !e.whitespace && needWhitespace {
		data = " " + ind
	}
	e.whitespace = whitespace
	e.indention = e.indention && indention
	e.column += len(data)
	e.openEnded = false
	e.write(data)
}

func (e *emitter) writeIndent() {
	indent := e.indent
	if indent == noIndent {
		indent = 0
	}
	if !e.indention || e.column > indent || (e.column == indent && !e.whitespace) {
		e.writeLineBreak('\n')
	}
	if e.column < indent {
		e.whitespace = true
		e.write(strings.Repeat(" ", indent-e.column))
		e.column = indent
	}
}

func (e *emitter) writeLineBreak(br rune) {
	e.whitespace = true
	e.indention = true
	e.column = 0
	e.write(string(br))
}

// writeBreaks writes the line breaks in text, each as itself.
func (e *emitter) writeBreaks(text []rune) {
	for _, br := range text {
		e.writeLineBreak(br)
	}
}

// none stands for Python's None: the position past the end of the text.
const none rune = -1

func at(text []rune, i int) rune {
	if i < len(text) {
		return text[i]
	}
	return none
}

func (e *emitter) writePlain(text []rune, split, root bool) {
	if root {
		e.openEnded = true
	}
	if len(text) == 0 {
		return
	}
	if !e.whitespace {
		e.column++
		e.write(" ")
	}
	e.whitespace, e.indention = false, false
	spaces, breaks := false, false
	start := 0
	for end := 0; end <= len(text); end++ {
		ch := at(text, end)
		switch {
		case spaces:
			if ch != ' ' {
				if start+1 == end && e.column > bestWidth && split {
					e.writeIndent()
					e.whitespace, e.indention = false, false
				} else {
					e.writeRunes(text[start:end])
				}
				start = end
			}
		case breaks:
			if !isBreak(ch) {
				if text[start] == '\n' {
					e.writeLineBreak('\n')
				}
				e.writeBreaks(text[start:end])
				e.writeIndent()
				e.whitespace, e.indention = false, false
				start = end
			}
		default:
			if ch == none || ch == ' ' || isBreak(ch) {
				e.writeRunes(text[start:end])
				start = end
			}
		}
		if ch != none {
			spaces, breaks = ch == ' ', isBreak(ch)
		}
	}
}

func (e *emitter) writeSingleQuoted(text []rune, split bool) {
	e.writeIndicator("'", true, false, false)
	spaces, breaks := false, false
	start := 0
	for end := 0; end <= len(text); end++ {
		ch := at(text, end)
		switch {
		case spaces:
			if ch == none || ch != ' ' {
				if start+1 == end && e.column > bestWidth && split && start != 0 && end != len(text) {
					e.writeIndent()
				} else {
					e.writeRunes(text[start:end])
				}
				start = end
			}
		case breaks:
			if ch == none || !isBreak(ch) {
				if text[start] == '\n' {
					e.writeLineBreak('\n')
				}
				e.writeBreaks(text[start:end])
				e.writeIndent()
				start = end
			}
		default:
			if ch == none || ch == ' ' || isBreak(ch) || ch == '\'' {
				if start < end {
					e.writeRunes(text[start:end])
					start = end
				}
			}
		}
		if ch == '\'' {
			e.column += 2
			e.write("''")
			start = end + 1
		}
		if ch != none {
			spaces, breaks = ch == ' ', isBreak(ch)
		}
	}
	e.writeIndicator("'", false, false, false)
}

var escapes = map[rune]string{
	0: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f",
	0x0D: "r", 0x1B: "e", '"': "\"", '\\': "\\", 0x85: "N", 0xA0: "_",
	0x2028: "L", 0x2029: "P",
}

func escape(ch rune) string {
	if s, ok := escapes[ch]; ok {
		return `\` + s
	}
	switch {
	case ch <= 0xFF:
		return fmt.Sprintf(`\x%02X`, ch)
	case ch <= 0xFFFF:
		return fmt.Sprintf(`\u%04X`, ch)
	}
	return fmt.Sprintf(`\U%08X`, ch)
}

func (e *emitter) writeDoubleQuoted(text []rune, split bool) {
	e.writeIndicator(`"`, true, false, false)
	start := 0
	for end := 0; end <= len(text); end++ {
		ch := at(text, end)
		if ch == none || strings.ContainsRune("\"\\\u0085\u2028\u2029\uFEFF", ch) || ch < 0x20 || ch > 0x7E {
			if start < end {
				e.writeRunes(text[start:end])
				start = end
			}
			if ch != none {
				data := escape(ch)
				e.column += len(data)
				e.write(data)
				start = end + 1
			}
		}
		if 0 < end && end < len(text)-1 && (ch == ' ' || start >= end) && e.column+(end-start) > bestWidth && split {
			// Python's text[start:end] is empty when start > end (just
			// after an escape).
			var chunk []rune
			if start < end {
				chunk = text[start:end]
				start = end
			}
			e.writeRunes(append(append([]rune(nil), chunk...), '\\'))
			e.writeIndent()
			e.whitespace, e.indention = false, false
			if text[start] == ' ' {
				e.column++
				e.write(`\`)
			}
		}
	}
	e.writeIndicator(`"`, false, false, false)
}

// blockHints is determine_block_hints: an indentation indicator when the
// text starts with a space or a break, and - (strip) or + (keep) chomping.
func blockHints(text []rune) string {
	hints := ""
	if len(text) == 0 {
		return hints
	}
	if text[0] == ' ' || isBreak(text[0]) {
		hints += strconv.Itoa(bestIndent)
	}
	switch {
	case !isBreak(text[len(text)-1]):
		hints += "-"
	case len(text) == 1 || isBreak(text[len(text)-2]):
		hints += "+"
	}
	return hints
}

func (e *emitter) writeLiteral(text []rune) {
	hints := blockHints(text)
	e.writeIndicator("|"+hints, true, false, false)
	if strings.HasSuffix(hints, "+") {
		e.openEnded = true
	}
	e.writeLineBreak('\n')
	breaks := true
	start := 0
	for end := 0; end <= len(text); end++ {
		ch := at(text, end)
		if breaks {
			if ch == none || !isBreak(ch) {
				e.writeBreaks(text[start:end])
				if ch != none {
					e.writeIndent()
				}
				start = end
			}
		} else if ch == none || isBreak(ch) {
			// PyYAML does not advance the column here; the next break
			// resets it.
			e.write(string(text[start:end]))
			if ch == none {
				e.writeLineBreak('\n')
			}
			start = end
		}
		if ch != none {
			breaks = isBreak(ch)
		}
	}
}
