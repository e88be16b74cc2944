package emit

import (
	"github.com/charmgen/charmgen/internal/gen/comment"
	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/charmgen/charmgen/meta"
	"github.com/dave/jennifer/jen"
)

// optionGoType is the Go type of an option's value.
func optionGoType(o *model.Option) *jen.Statement {
	var t *jen.Statement
	switch o.Type {
	case meta.TypeInt:
		t = jen.Int64()
	case meta.TypeFloat:
		t = jen.Float64()
	case meta.TypeBoolean:
		t = jen.Bool()
	default:
		t = jen.String()
	}
	if o.Pointer {
		return jen.Op("*").Add(t)
	}
	return t
}

// ConfigDecl declares Config and LoadConfig.
func ConfigDecl(f *jen.File, m *model.Charm) {
	ConfigStruct(f, m)
	LoadConfigFunc(f, m)
}

// ConfigStruct declares the Config struct: one field per option, a pointer
// when the option has no default (nil until the user sets it).
func ConfigStruct(f *jen.File, m *model.Charm) {
	f.Comment("Config is the charm's configuration, typed and validated once per hook.")
	f.Comment("Options without a default are pointers: nil until the user sets them.")
	f.Type().Id("Config").StructFunc(func(g *jen.Group) {
		for _, o := range m.Options {
			c := o.Field + " is the " + o.Name + " option"
			if o.Type == meta.TypeSecret {
				c += ", a secret URI"
			}
			if o.Doc != "" {
				c += ": " + oneLine(o.Doc)
			} else {
				c += "."
			}
			g.Comment(c)
			g.Id(o.Field).Add(optionGoType(o)).Tag(map[string]string{"json": o.Name})
		}
	})
}

// LoadConfigFunc declares LoadConfig: config-get, then each option checked
// against its type. A bad value is an error naming the option.
func LoadConfigFunc(f *jen.File, m *model.Charm) {
	f.Comment("LoadConfig reads and checks the charm's config. The error names the")
	f.Comment("option and the problem, as a blocked status should.")
	f.Func().Id("LoadConfig").Params(jen.Id("c").Op("*").Qual(rt, "Context")).Params(jen.Id("Config"), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.Var().Id("cfg").Id("Config")
		if len(m.Options) == 0 {
			g.Return(jen.Id("cfg"), jen.Nil())
			return
		}
		g.List(jen.Id("all"), jen.Err()).Op(":=").Id("c").Dot("Config").Call()
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("cfg"), jen.Err()))
		g.List(jen.Id("raw"), jen.Err()).Op(":=").Qual("encoding/json", "Marshal").Call(jen.Id("all"))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("cfg"), jen.Err()))
		g.List(jen.Id("m"), jen.Err()).Op(":=").Qual(param, "Object").Call(jen.Lit("config"), jen.Id("raw"))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("cfg"), jen.Err()))
		for _, o := range m.Options {
			g.Add(loadOption(o))
		}
		g.Return(jen.Id("cfg"), jen.Nil())
	})
}

// loadOption decodes one option into cfg.<Field>.
func loadOption(o *model.Option) jen.Code {
	var dec string
	switch o.Type {
	case meta.TypeInt:
		dec = "Int"
	case meta.TypeFloat:
		dec = "Float"
	case meta.TypeBoolean:
		dec = "Bool"
	default:
		dec = "String"
	}
	path := "option " + o.Name
	decode := jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(param, dec).Call(jen.Lit(path), jen.Id("m").Index(jen.Lit(o.Name)))
	check := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("cfg"), jen.Err()))
	var assign jen.Code
	if o.Pointer {
		assign = jen.Id("cfg").Dot(o.Field).Op("=").Op("&").Id("v")
	} else {
		assign = jen.Id("cfg").Dot(o.Field).Op("=").Id("v")
	}
	body := []jen.Code{decode, check}
	if o.Type == meta.TypeSecret {
		body = append(body, jen.If(jen.Id("v").Op("!=").Lit("").Op("&&").Op("!").Qual("strings", "HasPrefix").Call(jen.Id("v"), jen.Lit("secret:"))).Block(
			jen.Return(jen.Id("cfg"), jen.Qual(param, "Errorf").Call(jen.Lit(path), jen.Lit("must be a secret URI (secret:...), not %q"), jen.Id("v")))))
	}
	body = append(body, assign)
	st := jen.If(jen.Qual(param, "Present").Call(jen.Id("m"), jen.Lit(o.Name))).Block(body...)
	if !o.Pointer {
		st = st.Else().Block(jen.Id("cfg").Dot(o.Field).Op("=").Add(literal(o.Default, o.Type)))
	}
	return st
}

// literal renders a default value as a Go literal of the option's type.
func literal(v any, t meta.OptionType) jen.Code {
	switch t {
	case meta.TypeInt:
		n, _ := v.(int64)
		return jen.Lit(n)
	case meta.TypeFloat:
		switch x := v.(type) {
		case float64:
			return jen.Lit(x)
		case int64:
			return jen.Lit(float64(x))
		}
		return jen.Lit(0.0)
	case meta.TypeBoolean:
		b, _ := v.(bool)
		return jen.Lit(b)
	}
	s, _ := v.(string)
	return jen.Lit(s)
}

func oneLine(s string) string {
	s, _ = comment.Safe(s) // descriptions come from the charm's metadata
	out := []rune{}
	space := false
	for _, r := range s {
		if r == '\n' || r == '\t' || r == ' ' || r == '\r' {
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, r)
	}
	return string(out)
}
