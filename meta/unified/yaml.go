package unified

import (
	"bytes"
	"strconv"

	"github.com/charmgen/charmgen/internal/pyyaml"
	"github.com/charmgen/charmgen/meta"
	"gopkg.in/yaml.v3"
)

// The unified charmcraft.yaml is written by yaml.v3 in the layout its
// readers know from charmcraft's documentation (keys in the order given,
// sequences indented under their key, nulls as they were written), not in
// safe_dump's: it is a file for people to edit. What a scalar must look
// like to be read back as the same value, by charmcraft's PyYAML and by
// yaml.v3 and Juju's yaml.v2, is internal/pyyaml's rule, the one the legacy
// files are written by.

// written converts a parsed meta.Node into a yaml.Node that encodes to the
// same data for every reader: map keys keep their order, strings that
// would read as another type are quoted, floats keep a decimal point, and
// a null is spelled as it was written (nothing as in amd64:, ~ or null).
func written(n *meta.Node) *yaml.Node {
	if n == nil {
		return null()
	}
	switch n.Kind {
	case meta.KindNull:
		if n.Raw == "" || n.Raw == "~" {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: n.Raw}
		}
	case meta.KindBool:
		return scalar("!!bool", strconv.FormatBool(n.Bool))
	case meta.KindInt:
		return scalar("!!int", strconv.FormatInt(n.Int, 10))
	case meta.KindFloat:
		return scalar("!!float", floatText(n))
	case meta.KindString:
		return Str(n.Str)
	case meta.KindSeq:
		out := &yaml.Node{Kind: yaml.SequenceNode}
		for _, it := range n.Items {
			out.Content = append(out.Content, written(it))
		}
		return out
	case meta.KindMap:
		out := &yaml.Node{Kind: yaml.MappingNode}
		for _, e := range n.Entries {
			out.Content = append(out.Content, Str(e.Key), written(e.Value))
		}
		return out
	}
	return null()
}

func scalar(tag, text string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: text}
}

func null() *yaml.Node { return scalar("!!null", "null") }

// Str returns a string scalar for Doc.Set, laid out as yaml.v3 lays out a
// Go string (plain where it can be, quoted where its syntax needs it, a
// literal block for multi-line text), except that a string yaml.v3 would
// write plain is double-quoted when, plain, it would read as another type
// to PyYAML, yaml.v3 or yaml.v2 (pyyaml.PlainStr: 22.04, yes, y, 1e3, =).
func Str(s string) *yaml.Node {
	var n yaml.Node
	if err := n.Encode(s); err != nil {
		// Encoding a string cannot fail; keep a quoted scalar regardless.
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
	}
	n.Line, n.Column = 0, 0
	if n.Style == 0 && !pyyaml.PlainStr(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return &n
}

// floatText is a float as it was written when PyYAML and yaml.v3 both read
// that text as a float, and otherwise as PyYAML writes the value (1e3,
// a string to PyYAML, becomes 1000.0).
func floatText(n *meta.Node) string {
	if pyyaml.PlainFloat(n.Raw) {
		return n.Raw
	}
	return pyyaml.FloatText(n.Float)
}

// mapping returns a mapping of the given key/value pairs, in order.
func mapping(kv ...any) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		out.Content = append(out.Content, Str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return out
}

// seq returns a sequence of the given nodes.
func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

// encode writes a YAML document with 2-space indentation.
func encode(n *yaml.Node) ([]byte, error) {
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
