// Package yamlout writes charm metadata back out as YAML: the conversions
// of meta/legacy and meta/unified share it, so both write values the same
// way, for YAML 1.1 readers (charmcraft, Juju's Python tooling) and YAML
// 1.2 ones (yaml.v3, Juju) alike.
package yamlout

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/meta"
	"gopkg.in/yaml.v3"
)

// Node converts a parsed meta.Node into a yaml.Node that encodes to the
// same data, whichever YAML reader consumes it: charmcraft and Juju's
// Python and YAML 1.1 readers, or yaml.v3. Map keys keep their order;
// strings that would read as another type (22.04, yes, ~) are quoted;
// floats keep a decimal point so they do not come back as ints.
func Node(n *meta.Node) *yaml.Node { return node(n, false) }

// Written is Node, except that a null is spelled as it was written:
// nothing (amd64:), ~ or null.
func Written(n *meta.Node) *yaml.Node { return node(n, true) }

func node(n *meta.Node, asWritten bool) *yaml.Node {
	if n == nil {
		return Null()
	}
	switch n.Kind {
	case meta.KindNull:
		if asWritten && (n.Raw == "" || n.Raw == "~") {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: n.Raw}
		}
	case meta.KindBool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(n.Bool)}
	case meta.KindInt:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(n.Int, 10)}
	case meta.KindFloat:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: floatText(n)}
	case meta.KindString:
		return Str(n.Str)
	case meta.KindSeq:
		out := &yaml.Node{Kind: yaml.SequenceNode}
		for _, it := range n.Items {
			out.Content = append(out.Content, node(it, asWritten))
		}
		return out
	case meta.KindMap:
		out := &yaml.Node{Kind: yaml.MappingNode}
		for _, e := range n.Entries {
			out.Content = append(out.Content, Str(e.Key), node(e.Value, asWritten))
		}
		return out
	}
	return Null()
}

// Null returns a null scalar.
func Null() *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

// Str returns a string scalar styled the way yaml.v3 styles a Go string:
// plain when that reads back as the same string, quoted otherwise
// (including YAML 1.1 booleans such as yes and on, which Python reads as
// booleans), literal block for multi-line text.
func Str(s string) *yaml.Node {
	var n yaml.Node
	if err := n.Encode(s); err != nil {
		// Encoding a string cannot fail; keep a quoted scalar regardless.
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
	}
	n.Line, n.Column = 0, 0
	return &n
}

// Map returns a mapping of the given key/value pairs, in order.
func Map(kv ...any) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Content = append(out.Content, Str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return out
}

// Seq returns a sequence of the given nodes.
func Seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

// yaml11FloatRE is the YAML 1.1 float form (PyYAML's, less base 60): it
// needs a decimal point and a signed exponent, so 1e3 is a string there.
var yaml11FloatRE = regexp.MustCompile(`^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)

// floatText writes a float as it was written when both YAML 1.1 and 1.2
// readers take that text for a float, and otherwise in a form they both do
// (1e3 becomes 1000.0).
func floatText(n *meta.Node) string {
	if yaml11FloatRE.MatchString(n.Raw) && resolvesTo(n.Raw, "!!float") {
		return n.Raw
	}
	f := n.Float
	switch {
	case math.IsNaN(f):
		return ".nan"
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if strings.ContainsRune(s, '.') {
		return s
	}
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		return s[:i] + ".0" + s[i:]
	}
	return s + ".0"
}

// resolvesTo reports whether text, written as a plain scalar, reads back
// with the given tag.
func resolvesTo(text, tag string) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil || len(doc.Content) != 1 {
		return false
	}
	v := doc.Content[0]
	return v.Kind == yaml.ScalarNode && v.Style == 0 && v.ShortTag() == tag
}

// Encode writes a YAML document with 2-space indentation.
func Encode(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
