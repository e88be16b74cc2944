package emit

import (
	"fmt"
	"strings"

	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/dave/jennifer/jen"
)

// Actions declares the params types (structs and enums) of every action and
// the functions that decode and validate them from action-get.
func Actions(f *jen.File, m *model.Charm) {
	for _, t := range m.Types {
		switch t.Kind {
		case model.TEnum:
			EnumType(f, t)
		case model.TStruct:
			StructType(f, t)
			StructDecoder(f, t)
		}
	}
	for _, a := range m.Actions {
		ActionDecoder(f, a)
	}
}

// goType is the Go type of a schema-made type.
func goType(t *model.Type) *jen.Statement {
	switch t.Kind {
	case model.TString:
		return jen.String()
	case model.TInt:
		return jen.Int64()
	case model.TFloat:
		return jen.Float64()
	case model.TBool:
		return jen.Bool()
	case model.TList:
		return jen.Index().Add(goType(t.Elem))
	case model.TMap:
		return jen.Map(jen.String()).Any()
	case model.TStruct, model.TEnum:
		return jen.Id(t.Name)
	}
	return jen.Any()
}

// EnumType declares a named type with one constant per allowed value.
func EnumType(f *jen.File, t *model.Type) {
	doc(f, t.Name, "is one of the values the schema allows.")
	f.Type().Id(t.Name).Add(goType(&model.Type{Kind: t.Base}))
	f.Line()
	f.Comment("The values " + t.Name + " may take.")
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, v := range t.Values {
			g.Id(t.Consts[i]).Id(t.Name).Op("=").Add(untyped(v))
		}
	})
}

// untyped renders a constant without a conversion, so it can take the
// enum's named type (jen.Lit(int64(1)) would be int64(1)).
func untyped(v any) jen.Code {
	if n, ok := v.(int64); ok {
		return jen.Lit(int(n))
	}
	return jen.Lit(v)
}

// StructType declares a params struct.
func StructType(f *jen.File, t *model.Type) {
	text := t.Doc
	if text == "" {
		text = "is an object of the action's params."
	} else {
		text = "holds the " + strings.TrimSuffix(lowerFirst(oneLine(text)), ".") + "."
	}
	doc(f, t.Name, text)
	f.Type().Id(t.Name).StructFunc(func(g *jen.Group) {
		for _, fl := range t.Fields {
			if fl.Doc != "" {
				g.Comment(fl.Name + " is the " + fl.Key + " param: " + oneLine(fl.Doc))
			}
			typ := goType(fl.Type)
			if fl.Pointer {
				typ = jen.Op("*").Add(typ)
			}
			tag := fl.Key
			if !fl.Required {
				tag += ",omitempty"
			}
			g.Id(fl.Name).Add(typ).Tag(map[string]string{"json": tag})
		}
	})
}

// StructDecoder declares (*T).decode: required keys, unknown keys when the
// schema is closed, then each field with its checks and default.
func StructDecoder(f *jen.File, t *model.Type) {
	f.Comment(fmt.Sprintf("decode fills %s from JSON members, checking them against the schema.", t.Name))
	f.Func().Params(jen.Id("p").Op("*").Id(t.Name)).Id("decode").Params(
		jen.Id("m").Map(jen.String()).Qual("encoding/json", "RawMessage"), jen.Id("path").String(),
	).Error().BlockFunc(func(g *jen.Group) {
		var req, known []jen.Code
		for _, fl := range t.Fields {
			known = append(known, jen.Lit(fl.Key))
			if fl.Required {
				req = append(req, jen.Lit(fl.Key))
			}
		}
		if len(req) > 0 {
			g.If(jen.Err().Op(":=").Qual(param, "Required").Call(append([]jen.Code{jen.Id("m"), jen.Id("path")}, req...)...), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		}
		if t.Closed {
			g.If(jen.Err().Op(":=").Qual(param, "Known").Call(append([]jen.Code{jen.Id("m"), jen.Id("path")}, known...)...), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		}
		for _, fl := range t.Fields {
			target := jen.Id("p").Dot(fl.Name)
			body := decodeValue(fl.Type, jen.Id("m").Index(jen.Lit(fl.Key)), jen.Qual(param, "Join").Call(jen.Id("path"), jen.Lit(fl.Key)), 0)
			if fl.Pointer {
				body = append(body, target.Clone().Op("=").Op("&").Id("v0"))
			} else {
				body = append(body, target.Clone().Op("=").Id("v0"))
			}
			st := jen.If(jen.Qual(param, "Present").Call(jen.Id("m"), jen.Lit(fl.Key))).Block(body...)
			if fl.HasDefault && !fl.Pointer {
				if lit := defaultLiteral(fl.Type, fl.Default); lit != nil {
					st = st.Else().Block(jen.Id("p").Dot(fl.Name).Op("=").Add(lit))
				}
			}
			g.Add(st)
		}
		g.Return(jen.Nil())
	})
}

// decodeValue returns statements that decode raw (at path) into a new
// variable v<depth>, with the type's checks.
func decodeValue(t *model.Type, raw, path jen.Code, depth int) []jen.Code {
	v := fmt.Sprintf("v%d", depth)
	ret := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
	var out []jen.Code
	switch t.Kind {
	case model.TString, model.TInt, model.TFloat, model.TBool, model.TAny:
		fn := map[model.TypeKind]string{model.TString: "String", model.TInt: "Int", model.TFloat: "Float", model.TBool: "Bool", model.TAny: "Any"}[t.Kind]
		out = append(out, jen.List(jen.Id(v), jen.Err()).Op(":=").Qual(param, fn).Call(path, raw), ret)
		out = append(out, checks(t, jen.Id(v), path)...)
	case model.TEnum:
		fn := "String"
		if t.Base == model.TInt {
			fn = "Int"
		}
		b := fmt.Sprintf("b%d", depth)
		var vals []jen.Code
		for _, val := range t.Values {
			vals = append(vals, jen.Lit(val))
		}
		out = append(out,
			jen.List(jen.Id(b), jen.Err()).Op(":=").Qual(param, fn).Call(path, raw), ret,
			jen.If(jen.Err().Op(":=").Qual(param, "Enum").Call(append([]jen.Code{path, jen.Id(b)}, vals...)...), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id(v).Op(":=").Id(t.Name).Call(jen.Id(b)),
		)
	case model.TStruct:
		mm := fmt.Sprintf("m%d", depth)
		out = append(out,
			jen.List(jen.Id(mm), jen.Err()).Op(":=").Qual(param, "Object").Call(path, raw), ret,
			jen.Var().Id(v).Id(t.Name),
			jen.If(jen.Err().Op(":=").Id(v).Dot("decode").Call(jen.Id(mm), path), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		)
	case model.TList:
		items, i, it := fmt.Sprintf("items%d", depth), fmt.Sprintf("i%d", depth), fmt.Sprintf("it%d", depth)
		out = append(out, jen.List(jen.Id(items), jen.Err()).Op(":=").Qual(param, "List").Call(path, raw), ret)
		if t.MinItems >= 0 || t.MaxItems >= 0 {
			out = append(out, jen.If(jen.Err().Op(":=").Qual(param, "Items").Call(path, jen.Len(jen.Id(items)), jen.Lit(t.MinItems), jen.Lit(t.MaxItems)), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
		}
		inner := decodeValue(t.Elem, jen.Id(it), jen.Qual(param, "Index").Call(path, jen.Id(i)), depth+1)
		inner = append(inner, jen.Id(v).Op("=").Append(jen.Id(v), jen.Id(fmt.Sprintf("v%d", depth+1))))
		out = append(out,
			jen.Id(v).Op(":=").Make(goType(t), jen.Lit(0), jen.Len(jen.Id(items))),
			jen.For(jen.List(jen.Id(i), jen.Id(it)).Op(":=").Range().Id(items)).Block(inner...),
		)
	case model.TMap:
		mm, k, r := fmt.Sprintf("m%d", depth), fmt.Sprintf("k%d", depth), fmt.Sprintf("r%d", depth)
		out = append(out,
			jen.List(jen.Id(mm), jen.Err()).Op(":=").Qual(param, "Object").Call(path, raw), ret,
			jen.Id(v).Op(":=").Map(jen.String()).Any().Values(),
			jen.For(jen.List(jen.Id(k), jen.Id(r)).Op(":=").Range().Id(mm)).Block(
				jen.List(jen.Id("x"), jen.Err()).Op(":=").Qual(param, "Any").Call(jen.Qual(param, "Join").Call(path, jen.Id(k)), jen.Id(r)), ret,
				jen.Id(v).Index(jen.Id(k)).Op("=").Id("x"),
			),
		)
	}
	return out
}

// checks are the schema's bounds on a decoded scalar.
func checks(t *model.Type, v, path jen.Code) []jen.Code {
	var out []jen.Code
	check := func(call jen.Code) {
		out = append(out, jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())))
	}
	num := v
	if t.Kind == model.TInt {
		num = jen.Float64().Call(v)
	}
	if t.Min != nil {
		check(jen.Qual(param, "Min").Call(path, num, jen.Lit(*t.Min), jen.Lit(t.ExclMin)))
	}
	if t.Max != nil {
		check(jen.Qual(param, "Max").Call(path, num, jen.Lit(*t.Max), jen.Lit(t.ExclMax)))
	}
	if t.MinLen >= 0 || t.MaxLen >= 0 {
		check(jen.Qual(param, "Length").Call(path, v, jen.Lit(t.MinLen), jen.Lit(t.MaxLen)))
	}
	if t.Pattern != "" {
		check(jen.Qual(param, "Pattern").Call(path, v, jen.Qual("regexp", "MustCompile").Call(jen.Lit(t.Pattern))))
	}
	return out
}

// defaultLiteral renders a schema default as a Go value of t, or nil when
// it cannot (then the field keeps its zero value).
func defaultLiteral(t *model.Type, v any) jen.Code {
	switch t.Kind {
	case model.TString:
		if s, ok := v.(string); ok {
			return jen.Lit(s)
		}
	case model.TInt:
		switch x := v.(type) {
		case int64:
			return jen.Lit(x)
		case float64:
			if x == float64(int64(x)) {
				return jen.Lit(int64(x))
			}
		}
	case model.TFloat:
		switch x := v.(type) {
		case int64:
			return jen.Lit(float64(x))
		case float64:
			return jen.Lit(x)
		}
	case model.TBool:
		if b, ok := v.(bool); ok {
			return jen.Lit(b)
		}
	case model.TEnum:
		for i, val := range t.Values {
			if val == v {
				return jen.Id(t.Consts[i])
			}
		}
	}
	return nil
}

// ActionDecoder declares decode<Params>, which reads action-get.
func ActionDecoder(f *jen.File, a *model.Action) {
	name := "decode" + a.Params.Name
	f.Comment(fmt.Sprintf("%s reads the %s action's params with action-get and checks them.", name, a.Name))
	f.Func().Id(name).Params(jen.Id("c").Op("*").Qual(rt, "Context")).Params(jen.Id(a.Params.Name), jen.Error()).Block(
		jen.Var().Id("p").Id(a.Params.Name),
		jen.Var().Id("raw").Qual("encoding/json", "RawMessage"),
		jen.If(jen.Err().Op(":=").Id("c").Dot("ActionParams").Call(jen.Op("&").Id("raw")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("p"), jen.Err())),
		jen.List(jen.Id("m"), jen.Err()).Op(":=").Qual(param, "Object").Call(jen.Lit(""), jen.Id("raw")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("p"), jen.Err())),
		jen.Return(jen.Id("p"), jen.Id("p").Dot("decode").Call(jen.Id("m"), jen.Lit(""))),
	)
}
