package codec

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Type declarations: the databag types and nested object types, the
// per-side aliases of a legacy flat databag, and enum types.

// newStructDecl declares a databag or nested object type.
//
//	// Doc.
//	type Name struct {
//		// Field doc.
//		Field T
//		// Extra holds ...
//		Extra map[string]string
//	}
func newStructDecl(st *structType) jen.Code {
	var fields []jen.Code
	for i, f := range st.fields {
		if i > 0 {
			fields = append(fields, jen.Line())
		}
		fields = append(fields, comment(f.name+": "+strings.Join(f.doc, "\n"))...)
		fields = append(fields, jen.Id(f.name).Add(typeExpr(f.t)))
	}
	if st.extra != extraNone {
		if len(fields) > 0 {
			fields = append(fields, jen.Line())
		}
		var et jen.Code = jen.Qual(pkgJSON, "RawMessage")
		what := "their JSON text"
		switch {
		case st.top:
			et, what = jen.String(), "their databag values"
		case st.extra == extraTyped:
			et, what = typeExpr(st.extraType), "their values"
		}
		fields = append(fields, comment("Extra holds the keys the schema does not declare, with "+what+". They survive a decode and encode round trip.")...)
		fields = append(fields, jen.Id("Extra").Map(jen.String()).Add(et))
	}
	doc := st.doc
	if doc == "" {
		doc = st.name + " is an object of the schema."
	} else if !strings.HasPrefix(doc, st.name+" ") {
		doc = st.name + ": " + doc
	}
	out := jen.Add(comment(doc)...)
	return jen.Add(out, jen.Line(), jen.Type().Id(st.name).Struct(fields...))
}

// newAliasDecl names a legacy flat databag for one side.
//
//	// ProviderApp is Provider: the legacy schema does not say which databag it describes.
//	type ProviderApp = Provider
func newAliasDecl(alias, target string) jen.Code {
	return jen.Add(
		jen.Comment(alias+" is "+target+": the legacy schema does not say which databag it describes."),
		jen.Line(),
		jen.Type().Id(alias).Op("=").Id(target),
	)
}

// newEnumDecl declares an enum type, its constants, Valid and the list of
// allowed values used in messages.
func newEnumDecl(en *enumType) jen.Code {
	base := jen.String()
	if en.isInt {
		base = jen.Int64()
	}
	doc := en.doc
	if doc == "" {
		doc = en.name + " is one of the values the schema allows."
	} else if !strings.HasPrefix(doc, en.name+" ") {
		doc = en.name + ": " + doc
	}
	var consts, cases, values []jen.Code
	for _, c := range en.consts {
		var lit jen.Code
		if en.isInt {
			n, _ := c.value.IsInt()
			lit = jen.Lit(int(n))
			values = append(values, jen.Lit(strconv.FormatInt(n, 10)))
		} else {
			lit = jen.Lit(c.value.Str)
			values = append(values, jen.Lit(c.value.JSON()))
		}
		consts = append(consts, jen.Id(c.name).Id(en.name).Op("=").Add(lit))
		cases = append(cases, jen.Id(c.name))
	}
	code := jen.Add(comment(doc)...).Line().
		Type().Id(en.name).Add(base).Line().Line().
		Comment("Values of "+en.name+".").Line().
		Const().Defs(consts...).Line().Line().
		Comment("Valid reports whether v is one of the values the schema allows.").Line().
		Func().Params(jen.Id("v").Id(en.name)).Id("Valid").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(jen.Case(cases...).Block(jen.Return(jen.True()))),
		jen.Return(jen.False()),
	).Line().Line().
		Var().Id(en.values).Op("=").Index().String().Values(values...)
	return code
}
