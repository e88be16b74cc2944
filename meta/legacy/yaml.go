package legacy

import (
	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/internal/yamlout"
	"gopkg.in/yaml.v3"
)

// toYAML converts a parsed meta.Node into a yaml.Node that encodes to the
// same data for YAML 1.1 and 1.2 readers (yamlout.Node).
func toYAML(n *meta.Node) *yaml.Node { return yamlout.Node(n) }

// strNode returns a string scalar styled as yaml.v3 styles a Go string.
func strNode(s string) *yaml.Node { return yamlout.Str(s) }

// encode writes a YAML document with 2-space indentation.
func encode(n *yaml.Node) ([]byte, error) { return yamlout.Encode(n) }
