package model

import (
	"encoding/json"
	"fmt"

	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/names"
	"github.com/charmgen/charmgen/meta"
)

// paramsType makes the params struct of an action, called name (already
// taken), from its object schema: the codec's type builder makes the types
// (codec.ObjectType), then they are named here, in the charm package's
// namespace: nested structs and enums after their parent and field
// (types), fields per struct. Every named type is appended to out.
func paramsType(types *names.Scope, out *[]*Type, name string, schema *meta.Node, doc string) (*Type, error) {
	src, err := json.Marshal(schema.Interface())
	if err != nil {
		return nil, fmt.Errorf("params schema: %w", err)
	}
	t, err := codec.ObjectType(src, doc)
	if err != nil {
		return nil, fmt.Errorf("params schema: %w", err)
	}
	n := &namer{types: types, out: out}
	t.Name = name
	n.object(t)
	return t, nil
}

// namer names schema-made types in the order their schema gives them: a
// type before the types of its fields, fields in order.
type namer struct {
	types *names.Scope
	out   *[]*Type
}

// object names the fields of the struct t (named already) and their types.
func (n *namer) object(t *Type) {
	*n.out = append(*n.out, t)
	fields := names.NewScope()
	for _, f := range t.Fields {
		f.Name = fields.Take(names.Exported(f.Key))
		n.use(f.Type, t.Name+f.Name)
	}
}

// use names t, and what it holds, after name.
func (n *namer) use(t *Type, name string) {
	if t.Name != "" {
		return // a type the schema uses twice, named at its first use
	}
	switch t.Kind {
	case TList:
		n.use(t.Elem, name+"Item")
	case TStruct:
		t.Name = n.types.Take(name)
		n.object(t)
	case TEnum:
		t.Name = n.types.Take(name)
		// The type's own name is taken: a value that names no identifier
		// ("", "-") must not give a constant of the type's name.
		cs := names.NewScope(t.Name)
		for i, v := range t.Values {
			switch v := v.(type) {
			case string:
				t.Consts = append(t.Consts, cs.Take(t.Name+names.Exported(v)))
			case int64:
				if v < 0 {
					t.Consts = append(t.Consts, cs.Take(fmt.Sprintf("%sMinus%d", t.Name, -v)))
				} else {
					t.Consts = append(t.Consts, cs.Take(fmt.Sprintf("%s%d", t.Name, v)))
				}
			default:
				// One constant per value, whatever its kind.
				t.Consts = append(t.Consts, cs.Take(fmt.Sprintf("%sValue%d", t.Name, i+1)))
			}
		}
		*n.out = append(*n.out, t)
	}
}
