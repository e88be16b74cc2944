package legacy

import (
	"github.com/charmgen/charmgen/internal/pyyaml"
	"github.com/charmgen/charmgen/meta"
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

// unifiedMetadata maps the metadata keys of a charmcraft.yaml onto
// metadata.yaml, in source order (SafeDump sorts it): title becomes display-name, and links are flattened
// (contact → maintainers, always a list; documentation → docs; issues,
// source and website keep their names and their form). As in charmcraft,
// top-level keys whose value is null are left out.
func unifiedMetadata(n *meta.Node) *pyyaml.Node {
	out := pyyaml.NewMap()
	for _, e := range n.Entries {
		if !unifiedMetadataKeys[e.Key] || e.Value == nil || e.Value.Kind == meta.KindNull {
			continue
		}
		switch e.Key {
		case "title":
			out.Set("display-name", value(e.Value))
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
					y := value(v)
					if v.Kind != meta.KindSeq {
						y = pyyaml.NewSeq(y)
					}
					out.Set("maintainers", y)
				case "documentation":
					out.Set("docs", value(v))
				case "issues", "source", "website":
					out.Set(le.Key, value(v))
				}
			}
		default:
			out.Set(e.Key, value(e.Value))
		}
	}
	return out
}
