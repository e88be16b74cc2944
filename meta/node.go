package meta

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/charmgen/charmgen/internal/fsutil"
)

// Kind is the kind of a YAML value once its tag is resolved.
type Kind int

// The kinds a Node can hold.
const (
	KindNull Kind = iota
	KindBool
	KindInt
	KindFloat
	KindString
	KindSeq
	KindMap
)

func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "boolean"
	case KindInt:
		return "integer"
	case KindFloat:
		return "number"
	case KindString:
		return "string"
	case KindSeq:
		return "list"
	case KindMap:
		return "mapping"
	}
	return "unknown"
}

// Node is a YAML value with its source position. Aliases are expanded and
// merge keys applied, so consumers never see YAML's graph structure; map
// entries keep their source order.
type Node struct {
	Kind Kind
	Pos  Pos
	// Raw is the scalar's text as written (empty for collections).
	Raw     string
	Bool    bool
	Int     int64
	Float   float64
	Str     string
	Items   []*Node
	Entries []*Entry
}

// Entry is one key/value pair of a mapping.
type Entry struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// Get returns the value of key in a mapping, or nil.
func (n *Node) Get(key string) *Node {
	if e := n.Entry(key); e != nil {
		return e.Value
	}
	return nil
}

// Entry returns the entry of key in a mapping, or nil.
func (n *Node) Entry(key string) *Entry {
	if n == nil || n.Kind != KindMap {
		return nil
	}
	for _, e := range n.Entries {
		if e.Key == key {
			return e
		}
	}
	return nil
}

// Interface converts the node into plain Go values: nil, bool, int64,
// float64, string, []any and *OrderedMap (which keeps key order when
// marshalled to JSON or YAML).
func (n *Node) Interface() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case KindNull:
		return nil
	case KindBool:
		return n.Bool
	case KindInt:
		return n.Int
	case KindFloat:
		return n.Float
	case KindString:
		return n.Str
	case KindSeq:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			out[i] = it.Interface()
		}
		return out
	case KindMap:
		m := &OrderedMap{}
		for _, e := range n.Entries {
			m.Set(e.Key, e.Value.Interface())
		}
		return m
	}
	return nil
}

// OrderedMap is a string-keyed map that remembers insertion order, so output
// built from it is deterministic and follows the source.
type OrderedMap struct {
	Keys   []string
	Values map[string]any
}

// Set adds or replaces key.
func (m *OrderedMap) Set(key string, v any) {
	if m.Values == nil {
		m.Values = map[string]any{}
	}
	if _, ok := m.Values[key]; !ok {
		m.Keys = append(m.Keys, key)
	}
	m.Values[key] = v
}

// Get returns the value of key.
func (m *OrderedMap) Get(key string) (any, bool) {
	v, ok := m.Values[key]
	return v, ok
}

// MarshalJSON writes the keys in order.
func (m *OrderedMap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range m.Keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(jsonSafe(m.Values[k]))
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// jsonSafe replaces the floats JSON cannot hold (NaN and the infinities,
// which YAML writes .nan, .inf and -.inf) with their YAML spelling, so a
// schema holding one still renders instead of failing to marshal.
func jsonSafe(v any) any {
	switch x := v.(type) {
	case float64:
		switch {
		case math.IsNaN(x):
			return ".nan"
		case math.IsInf(x, 1):
			return ".inf"
		case math.IsInf(x, -1):
			return "-.inf"
		}
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonSafe(e)
		}
		return out
	}
	return v
}

// MarshalYAML writes the keys in order.
func (m *OrderedMap) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, k := range m.Keys {
		var kn, vn yaml.Node
		if err := kn.Encode(k); err != nil {
			return nil, err
		}
		if err := vn.Encode(m.Values[k]); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &kn, &vn)
	}
	return n, nil
}

// Limits that keep a hostile file from exhausting memory or time.
const (
	// MaxFileSize is the largest metadata file charmgen reads (4 MiB, the
	// limit of every input file, fsutil.MaxInput).
	MaxFileSize = fsutil.MaxInput
	// maxNodes bounds the nodes built from one file after alias expansion,
	// which defuses "billion laughs" documents.
	maxNodes = 1_000_000
	// maxAliasNodes bounds the nodes built by expanding aliases. Charms
	// that use anchors reuse a few small schemas; a "billion laughs"
	// document of a few lines expands into millions of nodes, and without
	// this bound would take hundreds of megabytes before maxNodes stops it.
	maxAliasNodes = 50_000
	// maxDepth bounds nesting.
	maxDepth = 200
)

// ParseYAML parses one YAML document into a Node tree. Syntax errors and
// structural problems (duplicate keys, alias bombs, non-UTF-8 text) come back
// as diagnostics with positions. An empty document yields a nil node.
func ParseYAML(file string, data []byte) (*Node, Diagnostics) {
	var r reporter
	n := parseYAML(&r, file, data)
	return n, r.diags
}

func parseYAML(r *reporter, file string, data []byte) *Node {
	if len(data) > MaxFileSize {
		r.errorf(Pos{File: file, Line: 1, Col: 1}, "file-too-large", "file is %d bytes, larger than the %d charmgen reads; metadata files are small, check this is the right file", len(data), MaxFileSize)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line, col := firstInvalidUTF8(data)
		r.errorf(Pos{File: file, Line: line, Col: col}, "encoding", "file is not valid UTF-8; save it as UTF-8")
		return nil
	}
	if bytes.IndexByte(data, 0) >= 0 {
		line, col := lineCol(data, bytes.IndexByte(data, 0))
		r.errorf(Pos{File: file, Line: line, Col: col}, "encoding", "file contains a NUL byte; it is not a text file")
		return nil
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil
		}
		r.add(yamlError(file, data, err))
		return nil
	}
	// A second document is almost always a mistake in metadata.
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		r.errorf(Pos{File: file, Line: extra.Line, Col: extra.Column}, "yaml", "file holds more than one YAML document; charm metadata is a single document, remove the '---' separator")
		return nil
	} else if err.Error() != "EOF" {
		r.add(yamlError(file, data, err))
		return nil
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		b := &builder{r: r, file: file}
		return b.build(doc.Content[0], 0)
	}
	return nil
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlParserProblems are the messages of yaml.v3's parser, as opposed to its
// scanner. For parser errors yaml.v3 prints the 0-based line of the mark
// (go-yaml/yaml#205), one less than the line an editor shows.
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
	"found undefined tag handle":             true,
}

var unknownAnchorRE = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

func yamlError(file string, data []byte, err error) Diagnostic {
	msg := err.Error()
	line, col := 1, 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		msg = m[2]
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
			if yamlParserProblems[msg] {
				line++
			}
		}
	}
	// yaml.v3 gives no line for an alias to an unknown anchor: point at
	// the first use of the alias.
	if m := unknownAnchorRE.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line, col = lineCol(data, i)
		}
	}
	// Tabs in indentation are the commonest YAML mistake, and yaml.v3's
	// message for them ("found character that cannot start any token")
	// does not say so.
	lines := bytes.Split(data, []byte("\n"))
	if line >= 1 && line <= len(lines) {
		text := lines[line-1]
		indent := text[:len(text)-len(bytes.TrimLeft(text, " \t"))]
		if i := bytes.IndexByte(indent, '\t'); i >= 0 {
			col = i + 1
			msg += "; the line is indented with a tab, and YAML indents with spaces only"
		}
	}
	return Diagnostic{Pos: Pos{File: file, Line: line, Col: col}, Severity: SeverityError, Code: "yaml", Message: "invalid YAML: " + msg}
}

func firstInvalidUTF8(data []byte) (int, int) {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return lineCol(data, i)
		}
		i += size
	}
	return 1, 1
}

func lineCol(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

type builder struct {
	r     *reporter
	file  string
	count int
	over  bool
	// inAlias is how many aliases are being expanded; aliased counts the
	// nodes built while expanding them.
	inAlias int
	aliased int
}

func (b *builder) pos(n *yaml.Node) Pos { return Pos{File: b.file, Line: n.Line, Col: n.Column} }

func (b *builder) build(n *yaml.Node, depth int) *Node {
	if b.over {
		return nil
	}
	b.count++
	if b.inAlias > 0 {
		b.aliased++
	}
	if b.count > maxNodes || b.aliased > maxAliasNodes || depth > maxDepth {
		b.over = true
		what := "too many nodes after expanding aliases"
		if depth > maxDepth {
			what = "nesting too deep"
		}
		b.r.errorf(b.pos(n), "yaml", "document is too large (%s); charm metadata never needs this, remove the anchors and aliases", what)
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			b.r.errorf(b.pos(n), "yaml", "alias to an unknown anchor")
			return nil
		}
		b.inAlias++
		out := b.build(n.Alias, depth+1)
		b.inAlias--
		if out != nil {
			// Report positions where the alias is used: that is the line
			// whose value the user sees.
			out = relocate(out, b.pos(n))
		}
		return out
	case yaml.ScalarNode:
		return b.scalar(n)
	case yaml.SequenceNode:
		out := &Node{Kind: KindSeq, Pos: b.pos(n)}
		for _, c := range n.Content {
			if it := b.build(c, depth+1); it != nil {
				out.Items = append(out.Items, it)
			} else if b.over {
				return nil
			}
		}
		return out
	case yaml.MappingNode:
		return b.mapping(n, depth)
	}
	b.r.errorf(b.pos(n), "yaml", "unsupported YAML node")
	return nil
}

// relocate gives a copied subtree the position of the alias that refers to
// it, without mutating the shared anchor subtree.
func relocate(n *Node, p Pos) *Node {
	c := *n
	c.Pos = p
	return &c
}

func (b *builder) mapping(n *yaml.Node, depth int) *Node {
	out := &Node{Kind: KindMap, Pos: b.pos(n)}
	seen := map[string]Pos{}
	var merged []*Entry
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.Tag == "!!merge" {
			v := b.build(vn, depth+1)
			if b.over {
				return nil
			}
			var srcs []*Node
			if v != nil && v.Kind == KindMap {
				srcs = []*Node{v}
			} else if v != nil && v.Kind == KindSeq {
				srcs = v.Items
			}
			for _, s := range srcs {
				if s.Kind != KindMap {
					b.r.errorf(b.pos(vn), "yaml", "merge key '<<' needs a mapping or a list of mappings")
					continue
				}
				merged = append(merged, s.Entries...)
			}
			continue
		}
		if kn.Kind != yaml.ScalarNode {
			b.r.errorf(b.pos(kn), "yaml", "mapping key must be a plain scalar, not a %s", yamlKindName(kn))
			continue
		}
		key := kn.Value
		p, dup := seen[key]
		if dup {
			// Juju reads metadata with yaml.v2's non-strict Unmarshal
			// (juju/juju internal/charm/meta.go) and charmcraft with
			// PyYAML: both keep the later value and drop the first
			// without a word. A warning, and the model does the same.
			b.r.warnf(b.pos(kn), "duplicate-key", "duplicate key %q (first at line %d): Juju and charmcraft keep this later value and silently drop the first; keep one", key, p.Line)
		}
		seen[key] = b.pos(kn)
		v := b.build(vn, depth+1)
		if b.over {
			return nil
		}
		if v == nil {
			v = &Node{Kind: KindNull, Pos: b.pos(vn)}
		}
		e := &Entry{Key: key, KeyPos: b.pos(kn), Value: v}
		if dup {
			for i, old := range out.Entries {
				if old.Key == key {
					out.Entries[i] = e
				}
			}
			continue
		}
		out.Entries = append(out.Entries, e)
	}
	// Merged keys never override explicit ones (YAML merge semantics).
	for _, e := range merged {
		if _, ok := seen[e.Key]; ok {
			continue
		}
		seen[e.Key] = e.KeyPos
		out.Entries = append(out.Entries, e)
	}
	return out
}

func yamlKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	return "scalar"
}

// yaml11Bools are the plain scalars that YAML 1.1 parsers (PyYAML, which
// charmcraft uses, and the yaml.v2 that Juju uses) read as booleans while
// YAML 1.2 reads them as strings. charmgen follows the tools that consume
// the file.
var yaml11Bools = map[string]bool{
	"yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

func (b *builder) scalar(n *yaml.Node) *Node {
	out := &Node{Pos: b.pos(n), Raw: n.Value}
	// Plain means unquoted and without an explicit tag: only those are
	// resolved by the YAML 1.1 rules.
	plain := n.Style == 0
	switch n.ShortTag() {
	case "!!null":
		out.Kind = KindNull
	case "!!bool":
		out.Kind = KindBool
		var v bool
		if err := n.Decode(&v); err != nil {
			out.Kind, out.Str = KindString, n.Value
		} else {
			out.Bool = v
		}
	case "!!int":
		var v int64
		if err := n.Decode(&v); err != nil {
			// Too large for int64: keep it as a float, as PyYAML keeps
			// precision but Juju would not.
			f, ferr := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
			if ferr != nil {
				out.Kind, out.Str = KindString, n.Value
			} else {
				out.Kind, out.Float = KindFloat, f
			}
		} else {
			out.Kind, out.Int = KindInt, v
		}
	case "!!float":
		var v float64
		if err := n.Decode(&v); err != nil {
			out.Kind, out.Str = KindString, n.Value
		} else {
			out.Kind, out.Float = KindFloat, v
		}
	default:
		out.Kind, out.Str = KindString, n.Value
		if v, ok := yaml11Bools[n.Value]; ok && plain {
			out.Kind, out.Bool, out.Str = KindBool, v, ""
		}
	}
	return out
}

// describe names a node's kind and value for error messages.
func describe(n *Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case KindSeq, KindMap:
		return "a " + n.Kind.String()
	case KindNull:
		return "null"
	}
	return fmt.Sprintf("%s %q", n.Kind, n.Raw)
}
