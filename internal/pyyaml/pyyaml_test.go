package pyyaml

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func mustMarshal(t *testing.T, n *Node, opts Options) string {
	t.Helper()
	b, err := Marshal(n, opts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMarshal pins outputs checked against PyYAML 6.0 (yaml.safe_dump, or
// yaml.dump with charmcraft's multi-line representer): each want is what
// Python printed for the same data.
func TestMarshal(t *testing.T) {
	long := "Comma-separated list of admin users to create, with their passwords, in the form user:pass, several of them"
	tests := []struct {
		name string
		n    *Node
		opts Options
		want string
	}{{
		name: "sorted keys, indentless sequences, quoted version",
		n: NewMap().Set("name", NewStr("demo")).Set("bases", NewSeq(
			NewMap().Set("name", NewStr("ubuntu")).Set("channel", NewStr("22.04")).Set("architectures", NewSeq(NewStr("amd64"))),
		)),
		opts: Options{SortKeys: true},
		want: "bases:\n- architectures:\n  - amd64\n  channel: '22.04'\n  name: ubuntu\nname: demo\n",
	}, {
		name: "insertion order",
		n:    NewMap().Set("b", NewInt(1)).Set("a", NewBool(false)).Set("c", NewNull()),
		want: "b: 1\na: false\nc: null\n",
	}, {
		name: "strings that read as other types are quoted",
		n: NewSeq(NewStr("yes"), NewStr("No"), NewStr("~"), NewStr(""), NewStr("0x1F"), NewStr("1:20"),
			NewStr("2020-03-14T00:00:00+00:00"), NewStr("<<"), NewStr("="), NewStr("8080"), NewStr(".inf")),
		want: "- 'yes'\n- 'No'\n- '~'\n- ''\n- '0x1F'\n- '1:20'\n- '2020-03-14T00:00:00+00:00'\n- '<<'\n- '='\n- '8080'\n- '.inf'\n",
	}, {
		name: "indicators",
		n: NewMap().Set("a", NewStr("- x")).Set("b", NewStr("x: y")).Set("c", NewStr("x #y")).Set("d", NewStr("it's")).
			Set("e", NewStr("@x")).Set("f", NewStr("a:b")).Set("g", NewStr("x,y")).Set("h", NewStr(" lead")).Set("i", NewStr("tab\there")),
		want: "a: '- x'\nb: 'x: y'\nc: 'x #y'\nd: it's\ne: '@x'\nf: a:b\ng: x,y\nh: ' lead'\ni: \"tab\\there\"\n",
	}, {
		name: "non-ASCII is escaped",
		n:    NewMap().Set("k", NewStr("café ☕ \U0001F600")),
		want: "k: \"caf\\xE9 \\u2615 \\U0001F600\"\n",
	}, {
		name: "long plain text folds at 80 columns",
		n:    NewMap().Set("options", NewMap().Set("admins", NewMap().Set("description", NewStr(long)))),
		want: "options:\n  admins:\n    description: Comma-separated list of admin users to create, with their passwords,\n      in the form user:pass, several of them\n",
	}, {
		name: "multi-line: quoted by PyYAML",
		n:    NewMap().Set("description", NewStr("two\nlines\n")),
		want: "description: 'two\n\n  lines\n\n  '\n",
	}, {
		name: "multi-line: literal with charmcraft's representer",
		n:    NewMap().Set("description", NewStr("two\nlines\n")).Set("strip", NewStr("no\nnewline")).Set("keep", NewStr("x\n\n")),
		opts: Options{LiteralMultiline: true},
		want: "description: |\n  two\n  lines\nstrip: |-\n  no\n  newline\nkeep: |+\n  x\n\n...\n",
	}, {
		name: "literal with a leading space gets an indentation indicator",
		n:    NewMap().Set("d", NewSeq(NewStr("  indented\ntext\n"))),
		opts: Options{LiteralMultiline: true},
		want: "d:\n- |2\n    indented\n  text\n",
	}, {
		name: "a trailing space before a break is double-quoted",
		n:    NewMap().Set("d", NewStr("a \nb")),
		opts: Options{LiteralMultiline: true},
		want: "d: \"a \\nb\"\n",
	}, {
		name: "empty collections and nesting",
		n:    NewMap().Set("e", NewMap()).Set("l", NewSeq()).Set("n", NewSeq(NewSeq(NewStr("a"), NewStr("b")), NewSeq())),
		want: "e: {}\nl: []\nn:\n- - a\n  - b\n- []\n",
	}, {
		name: "floats",
		n: NewSeq(NewFloat(1), NewFloat(0.5), NewFloat(1e16), NewFloat(1e15), NewFloat(0.0001), NewFloat(0.00001),
			NewFloat(-2.5e-7), NewFloat(math.Inf(1)), NewFloat(math.Inf(-1)), NewFloat(math.NaN()), NewFloat(math.Copysign(0, -1)), NewFloat(123456789.125)),
		want: "- 1.0\n- 0.5\n- 1.0e+16\n- 1000000000000000.0\n- 0.0001\n- 1.0e-05\n- -2.5e-07\n- .inf\n- -.inf\n- .nan\n- -0.0\n- 123456789.125\n",
	}, {
		name: "keys: long, empty and null-like",
		n:    NewMap().Set("", NewInt(1)).Set("null", NewInt(2)).Set("Ring of Power", NewNull()),
		opts: Options{SortKeys: true},
		want: "? ''\n: 1\nRing of Power: null\n'null': 2\n",
	}, {
		name: "ambiguous strings are quoted only on request",
		n:    NewSeq(NewStr("1e3"), NewStr("0o17"), NewStr("y"), NewStr("n"), NewStr("plain")),
		want: "- 1e3\n- 0o17\n- y\n- n\n- plain\n",
	}, {
		name: "ambiguous strings quoted",
		n:    NewSeq(NewStr("1e3"), NewStr("0o17"), NewStr("y"), NewStr("n"), NewStr("plain")),
		opts: Options{QuoteAmbiguous: true},
		want: "- '1e3'\n- '0o17'\n- 'y'\n- 'n'\n- plain\n",
	}, {
		name: "empty root",
		n:    NewMap(),
		want: "{}\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustMarshal(t, tt.n, tt.opts); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestLongKeyIsComplex(t *testing.T) {
	key := strings.Repeat("k", 123) // 123 + len("!!str") = 128: not simple
	got := mustMarshal(t, NewMap().Set(key, NewInt(1)).Set(key[:122], NewInt(2)), Options{})
	want := "? " + key + "\n: 1\n" + key[:122] + ": 2\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestDuplicateKey(t *testing.T) {
	if _, err := Marshal(NewMap().Set("a", NewInt(1)).Set("a", NewInt(2)), Options{}); err == nil {
		t.Error("Marshal accepted a duplicate key")
	}
}

// TestRoundTrip checks that what Marshal writes reads back as the same
// data with yaml.v3, for the generated documents of TestAgainstPyYAML.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 300; i++ {
		n := genNode(r, 0)
		b := mustMarshal(t, n, Options{SortKeys: i%2 == 0, LiteralMultiline: i%3 == 0, QuoteAmbiguous: true})
		var back yaml.Node
		if err := yaml.Unmarshal([]byte(b), &back); err != nil {
			t.Fatalf("output does not parse: %v\n%s", err, b)
		}
		if d := same(n, back.Content[0]); d != "" {
			t.Fatalf("doc %d: %s\n%s", i, d, b)
		}
	}
}

// same compares a Node with what yaml.v3 read back. Strings must come back
// as the same strings (QuoteAmbiguous makes yaml.v3 agree with PyYAML).
func same(n *Node, y *yaml.Node) string {
	switch n.Kind {
	case Map:
		if y.Kind != yaml.MappingNode || len(y.Content) != 2*len(n.Entries) {
			return "mapping shape differs"
		}
		vals := map[string]*yaml.Node{}
		for i := 0; i < len(y.Content); i += 2 {
			vals[y.Content[i].Value] = y.Content[i+1]
		}
		for _, e := range n.Entries {
			v, ok := vals[e.Key]
			if !ok {
				return "key " + strconv.Quote(e.Key) + " lost"
			}
			if d := same(e.Value, v); d != "" {
				return e.Key + ": " + d
			}
		}
	case Seq:
		if y.Kind != yaml.SequenceNode || len(y.Content) != len(n.Items) {
			return "sequence shape differs"
		}
		for i, it := range n.Items {
			if d := same(it, y.Content[i]); d != "" {
				return strconv.Itoa(i) + ": " + d
			}
		}
	case Str:
		if y.ShortTag() != "!!str" || y.Value != n.Value {
			return "string " + strconv.Quote(n.Value) + " read back as " + y.ShortTag() + " " + strconv.Quote(y.Value)
		}
	case Float:
		if y.ShortTag() != "!!float" {
			return "float " + n.Value + " read back as " + y.ShortTag()
		}
	case Int:
		if y.ShortTag() != "!!int" || y.Value != n.Value {
			return "int " + n.Value + " read back as " + y.ShortTag() + " " + y.Value
		}
	}
	return ""
}

var words = []string{
	"a", "word", "yes", "no", "~", "null", "22.04", "1e3", "0o17", "0x1F", "y", "n", "-", "- x", "a: b", ":", "#", " #x",
	"x#y", "it's", "\"q\"", "back\\slash", "tab\tx", "café", "☕", "\U0001F600", "\u2028", "\u0085", "\u00a0", "2020-03-14",
	"1:20", "<<", "=", "!", "&a", "*a", "%", "@", "`", "[x]", "{x}", ",", "?", "? x", "---", "...", "--- x",
	"https://example.com/a?b=c#d", "user:pass[,user:pass]+", "1.5", ".5", "+1", "-1", "1_000", ".inf", "Off", "TRUE",
}

func genString(r *rand.Rand) string {
	switch r.Intn(6) {
	case 0:
		return words[r.Intn(len(words))]
	case 1: // long text: folding
		var b strings.Builder
		for i := 0; i < 10+r.Intn(40); i++ {
			if i > 0 {
				b.WriteString([]string{" ", " ", " ", "  ", "\n", "\n\n", " \n"}[r.Intn(7)])
			}
			b.WriteString(words[r.Intn(len(words))])
		}
		return b.String()
	case 2: // multi-line text, possibly with leading spaces and trailing breaks
		var b strings.Builder
		for i := 0; i < 1+r.Intn(5); i++ {
			b.WriteString(strings.Repeat(" ", r.Intn(3)) + words[r.Intn(len(words))] + "\n")
		}
		return b.String() + strings.Repeat("\n", r.Intn(2))
	default:
		var b strings.Builder
		for i := 0; i < 1+r.Intn(4); i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.Intn(len(words))])
		}
		return b.String()
	}
}

func genScalar(r *rand.Rand) *Node {
	switch r.Intn(8) {
	case 0:
		return NewNull()
	case 1:
		return NewBool(r.Intn(2) == 0)
	case 2:
		return NewInt(r.Int63n(1<<40) - 1<<39)
	case 3:
		return NewFloat([]float64{0, 1, -1.5, 1e16, 1e-5, 123.456, 1e300, 5e-324, math.Inf(1), 0.1}[r.Intn(10)] * math.Pow(10, float64(r.Intn(7)-3)))
	}
	return NewStr(genString(r))
}

func genNode(r *rand.Rand, depth int) *Node {
	if depth > 3 || r.Intn(3) == 0 {
		return genScalar(r)
	}
	if r.Intn(2) == 0 {
		n := NewSeq()
		for i := 0; i < r.Intn(4); i++ {
			n.Items = append(n.Items, genNode(r, depth+1))
		}
		return n
	}
	n := NewMap()
	seen := map[string]bool{}
	for i := 0; i < r.Intn(5); i++ {
		k := genString(r)
		if r.Intn(3) == 0 {
			k = strings.Repeat("k", 110+r.Intn(30))
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		n.Set(k, genNode(r, depth+1))
	}
	return n
}

// toTyped encodes a Node as JSON that keeps its kinds, for the Python side.
func toTyped(n *Node) any {
	switch n.Kind {
	case Seq:
		items := []any{}
		for _, it := range n.Items {
			items = append(items, toTyped(it))
		}
		return map[string]any{"t": "seq", "v": items}
	case Map:
		entries := []any{}
		for _, e := range n.Entries {
			entries = append(entries, []any{e.Key, toTyped(e.Value)})
		}
		return map[string]any{"t": "map", "v": entries}
	}
	return map[string]any{"t": [...]string{"null", "bool", "int", "float", "str"}[n.Kind], "v": n.Value}
}

// pyDump is PyYAML, run the way charmcraft runs it: safe_dump (sorted) or
// dump with sort_keys=False, with or without the multi-line representer.
const pyDump = `
import json, sys, yaml
def repr_str(dumper, data):
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)
class Plain(yaml.SafeDumper): pass
class Literal(yaml.SafeDumper): pass
Literal.add_representer(str, repr_str)
def build(n):
    t, v = n["t"], n["v"]
    if t == "null": return None
    if t == "bool": return v == "true"
    if t == "int": return int(v)
    if t == "float": return {".inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}.get(v) or float(v)
    if t == "str": return v
    if t == "seq": return [build(i) for i in v]
    return {k: build(x) for k, x in v}
out = []
for doc in json.load(sys.stdin):
    dumper = Literal if doc["literal"] else Plain
    out.append(yaml.dump(build(doc["node"]), Dumper=dumper, sort_keys=doc["sort"]))
json.dump(out, sys.stdout)
`

// TestAgainstPyYAML writes random documents with Marshal and with PyYAML
// itself and compares the bytes. It needs python3 with PyYAML.
func TestAgainstPyYAML(t *testing.T) {
	if err := exec.Command("python3", "-c", "import yaml").Run(); err != nil {
		t.Skipf("python3 with PyYAML is not available (%v): the outputs are pinned by TestMarshal instead", err)
	}
	r := rand.New(rand.NewSource(16))
	type doc struct {
		Node    any  `json:"node"`
		Sort    bool `json:"sort"`
		Literal bool `json:"literal"`
	}
	var docs []doc
	var nodes []*Node
	for i := 0; i < 2000; i++ {
		n := genNode(r, 0)
		if i%4 == 0 {
			n = NewMap().Set("k", n)
		}
		nodes = append(nodes, n)
		docs = append(docs, doc{Node: toTyped(n), Sort: r.Intn(2) == 0, Literal: r.Intn(2) == 0})
	}
	in, err := json.Marshal(docs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", "-c", pyDump)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.Bytes())
	}
	var want []string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i, n := range nodes {
		got := mustMarshal(t, n, Options{SortKeys: docs[i].Sort, LiteralMultiline: docs[i].Literal})
		if got != want[i] {
			failed++
			if failed <= 3 {
				t.Errorf("doc %d (sort=%v literal=%v) differs from PyYAML:\n--- pyyaml\n%s\n--- charmgen\n%s", i, docs[i].Sort, docs[i].Literal, want[i], got)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d of %d documents differ", failed, len(nodes))
	}
}

// plainCases are texts and how PlainStr and PlainFloat judge them.
var plainCases = []struct {
	text       string
	str, float bool
}{
	{"tea", true, false},
	{"juju >= 3.6", true, false},
	{"22.04", false, true},
	{"1.0", false, true},
	{"1.0e+3", false, true},
	{".inf", false, true},
	{"-.inf", false, true},
	{"1e3", false, false},    // a float to yaml.v3, a string to PyYAML
	{"-.5", false, false},    // a float to yaml.v3, a string to PyYAML
	{"1:30.5", false, false}, // a base-60 float to PyYAML, a string to yaml.v3
	{"yes", false, false},    // a YAML 1.1 boolean
	{"y", false, false},      // a boolean to yaml.v2
	{"0o17", false, false},   // an int to yaml.v3
	{"0x1F", false, false},   // an int everywhere
	{"~", false, false},      // null
	{"", false, false},       // null
	{"2024-01-01", false, false},
	{"=", false, false}, // PyYAML's value resolver
	{"1_000", false, false},
}

// TestPlain checks PlainStr and PlainFloat, and, with python3 and PyYAML,
// that PyYAML reads each plain text as they say.
func TestPlain(t *testing.T) {
	var texts []string
	for _, c := range plainCases {
		if got := PlainStr(c.text); got != c.str {
			t.Errorf("PlainStr(%q) = %v, want %v", c.text, got, c.str)
		}
		if got := PlainFloat(c.text); got != c.float {
			t.Errorf("PlainFloat(%q) = %v, want %v", c.text, got, c.float)
		}
		texts = append(texts, c.text)
	}
	if err := exec.Command("python3", "-c", "import yaml").Run(); err != nil {
		t.Skipf("python3 with PyYAML is not available (%v): PyYAML's reading is not checked", err)
	}
	in, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	const py = `import json, sys, yaml
out = []
for s in json.load(sys.stdin):
    try:
        v = yaml.safe_load(s)
    except yaml.YAMLError:
        out.append("other")
        continue
    out.append("str" if v == s and isinstance(v, str) else "float" if isinstance(v, float) else "other")
json.dump(out, sys.stdout)
`
	cmd := exec.Command("python3", "-c", py)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var kinds []string
	if err := json.Unmarshal(out, &kinds); err != nil {
		t.Fatal(err)
	}
	for i, c := range plainCases {
		if c.str && kinds[i] != "str" {
			t.Errorf("PlainStr(%q) is true, but PyYAML reads it as %s", c.text, kinds[i])
		}
		if c.float && kinds[i] != "float" {
			t.Errorf("PlainFloat(%q) is true, but PyYAML reads it as %s", c.text, kinds[i])
		}
	}
}
