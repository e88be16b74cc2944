package legacy

import (
	"strconv"

	"github.com/charmgen/charmgen/internal/pyyaml"
	"github.com/charmgen/charmgen/meta"
)

// value converts a parsed meta.Node into the value charmcraft holds once
// it has read the same YAML: map keys in source order (SafeDump sorts them
// when it writes), scalars with their types.
func value(n *meta.Node) *pyyaml.Node {
	if n == nil {
		return pyyaml.NewNull()
	}
	switch n.Kind {
	case meta.KindBool:
		return pyyaml.NewBool(n.Bool)
	case meta.KindInt:
		return pyyaml.NewInt(n.Int)
	case meta.KindFloat:
		return pyyaml.NewFloat(n.Float)
	case meta.KindString:
		return pyyaml.NewStr(n.Str)
	case meta.KindSeq:
		out := pyyaml.NewSeq()
		for _, it := range n.Items {
			out.Items = append(out.Items, value(it))
		}
		return out
	case meta.KindMap:
		out := pyyaml.NewMap()
		for _, e := range n.Entries {
			out.Set(e.Key, value(e.Value))
		}
		return out
	}
	return pyyaml.NewNull()
}

// floatDefaults writes a float option's whole-number default as a float:
// charmcraft reads options into JujuFloatOption, whose default is a float
// (charmcraft/models/config.py), so default: 1 is written as 1.0.
func floatDefaults(config *pyyaml.Node) {
	for _, e := range config.Entries {
		if e.Key != "options" || e.Value.Kind != pyyaml.Map {
			continue
		}
		for _, o := range e.Value.Entries {
			var typ, def *pyyaml.Node
			for _, f := range o.Value.Entries {
				switch f.Key {
				case "type":
					typ = f.Value
				case "default":
					def = f.Value
				}
			}
			if typ != nil && typ.Value == "float" && def != nil && def.Kind == pyyaml.Int {
				if f, err := strconv.ParseFloat(def.Value, 64); err == nil {
					*def = *pyyaml.NewFloat(f)
				}
			}
		}
	}
}
