package legacy

import (
	"fmt"

	"github.com/charmgen/charmgen/meta"
	"gopkg.in/yaml.v3"
)

// unifiedMetadataKeys are the charmcraft.yaml keys that go into
// metadata.yaml (charmcraft's CharmMetadata model). title and links are
// renamed on the way; every other charmcraft.yaml key (type, parts, bases,
// base, build-base, platforms, charmhub, analysis, charm-libs, extensions,
// config, actions) is a build or sibling-file key and stays out.
var unifiedMetadataKeys = map[string]bool{
	"name": true, "title": true, "summary": true, "description": true, "links": true,
	"provides": true, "requires": true, "peers": true, "extra-bindings": true,
	"subordinate": true, "containers": true, "resources": true, "storage": true,
	"devices": true, "assumes": true, "charm-user": true, "terms": true,
}

// metadataNode builds metadata.yaml from the file the metadata came from.
func metadataNode(c *meta.Charm) (*yaml.Node, error) {
	src := c.Sources["metadata"]
	if src == "" {
		return nil, fmt.Errorf("meta convert: the charm has no metadata (name, summary, description); add them to %s", meta.CharmcraftFile)
	}
	n := c.Raw[src]
	if n == nil || n.Kind != meta.KindMap {
		return nil, fmt.Errorf("meta convert: %s holds no metadata mapping", src)
	}
	if src != meta.CharmcraftFile {
		// charmcraft copies a metadata.yaml as it is: so do we, key for
		// key (display-name, maintainers, docs, series...).
		return toYAML(n), nil
	}
	return unifiedMetadata(n), nil
}

// unifiedMetadata maps the metadata keys of a charmcraft.yaml onto
// metadata.yaml, in source order: title becomes display-name, and links are
// flattened (contact → maintainers, always a list; documentation → docs;
// issues, source and website keep their names and their form). As in
// charmcraft, top-level keys whose value is null are left out.
func unifiedMetadata(n *meta.Node) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		out.Content = append(out.Content, strNode(key), v)
	}
	for _, e := range n.Entries {
		if !unifiedMetadataKeys[e.Key] || e.Value == nil || e.Value.Kind == meta.KindNull {
			continue
		}
		switch e.Key {
		case "title":
			add("display-name", toYAML(e.Value))
		case "links":
			if e.Value.Kind != meta.KindMap {
				continue
			}
			for _, le := range e.Value.Entries {
				v := le.Value
				if v == nil || v.Kind == meta.KindNull {
					continue
				}
				switch le.Key {
				case "contact":
					y := toYAML(v)
					if v.Kind != meta.KindSeq {
						y = &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{y}}
					}
					add("maintainers", y)
				case "documentation":
					add("docs", toYAML(v))
				case "issues", "source", "website":
					add(le.Key, toYAML(v))
				}
			}
		default:
			add(e.Key, toYAML(e.Value))
		}
	}
	return out
}
