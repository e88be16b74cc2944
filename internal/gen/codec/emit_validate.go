package codec

import (
	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/dave/jennifer/jen"
)

// Checks: the package variables holding a schema's rules, and the
// statements that check a value against them. Decoders make them of what
// they read; encoders make the same checks of what they write, so an
// encoder never writes what its decoder refuses.

// newRuleVar declares a package variable holding checks.
//
//	var stringRules0 = databag.StringRules{Format: "uri", MinLength: 1, MaxLength: -1}
func newRuleVar(r *ruleVar) jen.Code {
	return jen.Var().Id(r.name).Op("=").Add(ruleValueExpr(r))
}

// ruleValueExpr is the value of a rules variable.
func ruleValueExpr(r *ruleVar) jen.Code {
	switch r.kind {
	case "regexp":
		return jen.Qual(pkgRegexp, "MustCompile").Call(jen.Lit(r.re))
	case "string":
		d := jen.Dict{
			jen.Id("MinLength"): jen.Lit(r.node.MinLength),
			jen.Id("MaxLength"): jen.Lit(r.node.MaxLength),
		}
		if r.node.Format != "" {
			d[jen.Id("Format")] = jen.Lit(r.node.Format)
		}
		if r.re != "" {
			d[jen.Id("Pattern")] = jen.Id(r.re)
		}
		return rt("StringRules").Values(d)
	case "number":
		d := jen.Dict{}
		var has []jen.Code
		for _, b := range []struct {
			v    *float64
			name string
		}{
			{r.node.Minimum, "Minimum"}, {r.node.Maximum, "Maximum"},
			{r.node.ExclusiveMinimum, "ExclusiveMinimum"}, {r.node.ExclusiveMaximum, "ExclusiveMaximum"},
			{r.node.MultipleOf, "MultipleOf"},
		} {
			if b.v == nil {
				continue
			}
			d[jen.Id(b.name)] = jen.Lit(*b.v)
			has = append(has, rt("Has"+b.name))
		}
		hasExpr := jen.Add(has[0])
		for _, h := range has[1:] {
			hasExpr = hasExpr.Op("|").Add(h)
		}
		d[jen.Id("Has")] = hasExpr
		return rt("NumberRules").Values(d)
	}
	return rt("ArrayRules").Values(jen.Dict{
		jen.Id("MinItems"): jen.Lit(r.node.MinItems),
		jen.Id("MaxItems"): jen.Lit(r.node.MaxItems),
	})
}

// checks returns the checks of a scalar value v after it is read.
func checks(t *goType, v expr, p pathRef, errs expr) []jen.Code {
	var out []jen.Code
	switch t.kind {
	case tString, tEnum, tAddr, tNetwork, tInterface, tTime, tSecret:
		if t.strRules != nil && !(t.kind == tEnum && t.en.isInt) {
			out = append(out, rt("CheckString").Call(p.ptr(), errs(), v(), jen.Op("&").Id(t.strRules.name)))
		}
	}
	switch t.kind {
	case tInt, tEnum:
		if t.numRules != nil && (t.kind == tInt || t.en.isInt) {
			out = append(out, rt("CheckInt").Call(p.ptr(), errs(), v(), jen.Op("&").Id(t.numRules.name)))
		}
	case tFloat:
		if t.numRules != nil {
			out = append(out, rt("CheckFloat").Call(p.ptr(), errs(), v(), jen.Op("&").Id(t.numRules.name)))
		}
	}
	if t.kind != tEnum && t.node != nil {
		out = append(out, constCheck(t, v, p, errs)...)
	}
	return out
}

// jsonText returns an expression of the JSON text of scalar v, for
// messages.
func jsonText(t *goType, v expr) *jen.Statement {
	switch t.kind {
	case tInt:
		return jen.Qual(pkgStrconv, "FormatInt").Call(v(), jen.Lit(10))
	case tFloat:
		return rt("FormatFloat").Call(v())
	case tBool:
		return jen.Qual(pkgStrconv, "FormatBool").Call(v())
	}
	return rt("QuoteJSON").Call(v())
}

func scalarLit(t *goType, val *schema.Value) (jen.Code, bool) {
	switch t.kind {
	case tString, tAddr, tNetwork, tInterface, tTime, tSecret:
		if val.Kind == schema.ValString {
			return jen.Lit(val.Str), true
		}
	case tInt:
		if n, ok := val.IsInt(); ok {
			return jen.Lit(int(n)), true
		}
	case tFloat:
		if f, ok := val.Float(); ok {
			return jen.Lit(f), true
		}
	case tBool:
		if val.Kind == schema.ValBool {
			return jen.Lit(val.Bool), true
		}
	case tEnum:
		for _, c := range t.en.consts {
			if c.value.Canonical() == val.Canonical() {
				return jen.Id(c.name), true
			}
		}
	}
	return nil, false
}

// constCheck checks const and (for types without an enum type) enum.
func constCheck(t *goType, v expr, p pathRef, errs expr) []jen.Code {
	var out []jen.Code
	n := t.node
	if t.kind != tString && t.kind != tInt && t.kind != tFloat && t.kind != tBool {
		return nil
	}
	if n.Const != nil {
		if lit, ok := scalarLit(t, n.Const); ok {
			out = append(out, jen.If(v().Op("!=").Add(lit)).Block(
				rt("BadConst").Call(p.ptr(), errs(), jsonText(t, v), jen.Lit(n.Const.Canonical()))))
		}
	}
	if len(n.Enum) > 0 && (t.kind == tFloat || t.kind == tBool) {
		var lits, texts []jen.Code
		for _, e := range n.Enum {
			if lit, ok := scalarLit(t, e); ok {
				lits = append(lits, lit)
				texts = append(texts, jen.Lit(e.Canonical()))
			}
		}
		out = append(out, jen.Switch(v()).Block(
			jen.Case(lits...),
			jen.Default().Block(rt("BadEnum").Call(p.ptr(), errs(), jsonText(t, v), jen.Index().String().Values(texts...))),
		))
	}
	return out
}

// enumCheck converts a read value to the enum type and checks it.
func enumCheck(t *goType, raw, ev string, p pathRef, errs expr) []jen.Code {
	text := rt("QuoteJSON").Call(jen.Id(raw))
	if t.en.isInt {
		text = jen.Qual(pkgStrconv, "FormatInt").Call(jen.Id(raw), jen.Lit(10))
	}
	return []jen.Code{
		jen.Id(ev).Op(":=").Id(t.en.name).Call(jen.Id(raw)),
		jen.If(jen.Op("!").Id(ev).Dot("Valid").Call()).Block(
			rt("BadEnum").Call(p.ptr(), errs(), text, jen.Id(t.en.values))),
	}
}

// formatConv returns the runtime function converting a checked string to
// a typed format value.
func formatConv(t *goType) (string, string) {
	switch t.kind {
	case tAddr:
		return "Addr", "ipvanyaddress"
	case tNetwork:
		return "Network", "ipvanynetwork"
	case tInterface:
		return "Interface", "ipvanyinterface"
	case tSecret:
		return "SecretURI", "juju-secret-uri"
	}
	return "DateTime", "date-time"
}

// uniqueCheck reports equal items of a uniqueItems array.
func uniqueCheck(t *goType, v string, p pathRef, errs expr) jen.Code {
	e := t.elem
	var key jen.Code
	var kt jen.Code
	switch e.kind {
	case tString, tInt, tFloat, tBool, tEnum, tAddr, tNetwork, tInterface, tSecret:
		key, kt = jen.Id(v).Index(jen.Id("i")), typeExpr(e)
	default:
		// Compare items by their JSON text.
		body := []jen.Code{jen.Var().Id("w").Add(rt("Encoder"))}
		body = append(body, encodeJSON(e, func() *jen.Statement { return jen.Id(v).Index(jen.Id("i")) }, pathRef{},
			ectx{w: "w", wVal: true, errs: func() *jen.Statement { return jen.Op("&").Add(rt("Errors")).Values() }, chk: func() *jen.Statement { return jen.Op("&").Add(rt("Errors")).Values() }, depth: 9, noCheck: true})...)
		body = append(body, jen.Return(jen.Id("w").Dot("Text").Call()))
		return rt("CheckUnique").Call(p.ptr(), errs(), jen.Len(jen.Id(v)),
			jen.Func().Params(jen.Id("i").Int()).String().Block(body...))
	}
	return rt("CheckUnique").Call(p.ptr(), errs(), jen.Len(jen.Id(v)),
		jen.Func().Params(jen.Id("i").Int()).Add(kt).Block(jen.Return(key)))
}

func anyRequiredCheck(st *structType, has func(string) jen.Code, p pathRef, errs expr) jen.Code {
	var cond *jen.Statement
	var groups []jen.Code
	for gi, g := range st.anyReq {
		var all *jen.Statement
		var keys []jen.Code
		for i, k := range g {
			if i == 0 {
				all = jen.Add(has(k))
			} else {
				all = all.Op("&&").Add(has(k))
			}
			keys = append(keys, jen.Lit(k))
		}
		if all == nil {
			all = jen.True()
		}
		if gi == 0 {
			cond = jen.Parens(all)
		} else {
			cond = cond.Op("||").Parens(all)
		}
		groups = append(groups, jen.Values(keys...))
	}
	return jen.If(jen.Op("!").Parens(cond)).Block(
		errs().Dot("AnyOfRequired").Call(p.ptr(), jen.Index().Index().String().Values(groups...)))
}

// validateRaw checks the JSON text v (already read) against t.
func validateRaw(t *goType, c ctx) []jen.Code {
	vc := ctx{d: "vd", dVal: true, depth: c.depth + 1}
	out := []jen.Code{
		jen.Id("vd").Op(":=").Add(rt("NewDecoder")).Call(jen.String().Call(jen.Id("v")), jen.Id(c.d).Dot("Errs").Call()),
		jen.Var().Id("tmp").Add(typeExpr(t)),
	}
	out = append(out, decodeJSON(t, id("tmp"), pathVal("q"), vc)...)
	return append(out, jen.Id("vd").Dot("Finish").Call(jen.Op("&").Id("q")), jen.Id("_").Op("=").Id("tmp"))
}

// needsCheck reports whether a value of type t has checks a decoder makes
// (beyond its JSON type), which an encoder makes too.
func needsCheck(t *goType) bool {
	switch t.kind {
	case tEnum, tTime, tNetwork, tSecret:
		return true
	case tString, tInt, tFloat, tBool, tAddr, tInterface:
		return t.strRules != nil || t.numRules != nil || t.node != nil && (t.node.Const != nil || len(t.node.Enum) > 0)
	case tPtr:
		return needsCheck(t.elem)
	case tSlice:
		return t.arrRules != nil || t.unique || needsCheck(t.elem)
	case tMap:
		return t.keyPattern != nil || needsCheck(t.elem)
	case tStruct:
		return true
	}
	return false
}

// encChecks returns the checks a decoder makes of scalar val (of type t)
// once read, made on the Go value before it is written. inJSON: the value
// is written as a JSON string, whose invalid UTF-8 the decoder reads as
// U+FFFD.
func encChecks(t *goType, val expr, p pathRef, errs expr, inJSON bool) []jen.Code {
	if legacyMarshal {
		return nil
	}
	switch t.kind {
	case tEnum:
		conv, text := jen.String(), rt("QuoteJSON").Call(jen.String().Call(val()))
		if t.en.isInt {
			conv, text = jen.Int64(), jen.Qual(pkgStrconv, "FormatInt").Call(jen.Int64().Call(val()), jen.Lit(10))
		}
		out := []jen.Code{jen.If(jen.Op("!").Parens(val()).Dot("Valid").Call()).Block(
			rt("BadEnum").Call(p.ptr(), errs(), text, jen.Id(t.en.values)))}
		raw := func() *jen.Statement { return jen.Add(conv).Call(val()) }
		return append(out, checks(t, raw, p, errs)...)
	case tString:
		if inJSON && (t.strRules != nil || t.node != nil && t.node.Const != nil) {
			sv := func() *jen.Statement { return rt("ValidUTF8").Call(val()) }
			if c := checks(t, sv, p, errs); len(c) > 0 {
				return []jen.Code{jen.Block(append([]jen.Code{jen.Id("cs").Op(":=").Add(sv())}, checks(t, id("cs"), p, errs)...)...)}
			}
			return nil
		}
		return checks(t, val, p, errs)
	case tInt, tFloat, tBool:
		return checks(t, val, p, errs)
	case tAddr, tInterface, tNetwork, tTime, tSecret:
		// Addr.String and Prefix.String always read back as an address
		// and an interface; a network must have no host bits, a time
		// must format as RFC 3339 and a secret URI have Juju's syntax.
		_, format := formatConv(t)
		var str *jen.Statement
		if t.kind == tTime {
			str = rt("FormatDateTime").Call(val())
		} else {
			str = jen.Parens(val()).Dot("String").Call()
		}
		var body []jen.Code
		if t.kind == tNetwork || t.kind == tTime || t.kind == tSecret {
			body = append(body, rt("CheckFormat").Call(p.ptr(), errs(), jen.Id("cs"), jen.Lit(format)))
		}
		body = append(body, checks(t, id("cs"), p, errs)...)
		if len(body) == 0 {
			return nil
		}
		body = append([]jen.Code{jen.Id("cs").Op(":=").Add(str)}, body...)
		if t.kind == tTime {
			return []jen.Code{jen.Block(body...)}
		}
		if t.kind == tSecret {
			// The zero SecretURI is "no value set", reported apart.
			return []jen.Code{jen.If(jen.Add(val()).Op("!=").Lit("")).Block(body...)}
		}
		return []jen.Code{jen.If(jen.Parens(val()).Dot("IsValid").Call()).Block(body...)}
	}
	return nil
}

// presenceChecks reports, as a decoder of a nested object does, required
// keys the encoder leaves out (a required field equal to its default) and
// unmet groups of required keys.
func presenceChecks(st *structType, selx func(expr, string) expr, p pathRef, errs expr) []jen.Code {
	if legacyMarshal {
		return nil
	}
	var out []jen.Code
	for _, f := range st.fields {
		if f.mustExist {
			if pr := presence(f, selx(id("x"), f.name)); pr != nil {
				out = append(out, jen.If(jen.Op("!").Parens(pr)).Block(errs().Dot("Missing").Call(p.ptr(), jen.Lit(f.wire))))
			}
		}
	}
	if len(st.anyReq) > 0 {
		out = append(out, anyRequiredCheck(st, func(key string) jen.Code {
			if f := st.field(key); f != nil {
				if pr := presence(f, selx(id("x"), f.name)); pr != nil {
					return jen.Parens(pr)
				}
				return jen.True()
			}
			return jen.False()
		}, p, errs))
	}
	return out
}

// extraKeepChecks checks the JSON text v of an extra key k of a nested
// object kept as raw JSON, as the decoder does: against the schema of the
// pattern it matches or of additionalProperties, or refused.
func extraKeepChecks(st *structType) []jen.Code {
	if legacyMarshal || st.extra != extraKeep || !(len(st.patterns) > 0 || st.node.Additional == schema.AdditionalSchema || st.node.Additional == schema.AdditionalForbid) {
		return nil
	}
	validate := func(t *goType) []jen.Code {
		vc := ctx{d: "vd", dVal: true, depth: 2}
		out := []jen.Code{
			jen.Id("vd").Op(":=").Add(rt("NewDecoder")).Call(jen.String().Call(jen.Id("v")), jen.Id("ce")),
			jen.Var().Id("tmp").Add(typeExpr(t)),
		}
		out = append(out, decodeJSON(t, id("tmp"), pathVal("q"), vc)...)
		return append(out, jen.Id("vd").Dot("Finish").Call(jen.Op("&").Id("q")), jen.Id("_").Op("=").Id("tmp"))
	}
	var cases []jen.Code
	for _, pr := range st.patterns {
		cases = append(cases, jen.Case(jen.Id(pr.re.name).Dot("MatchString").Call(jen.Id("k"))).Block(validate(pr.t)...))
	}
	switch st.node.Additional {
	case schema.AdditionalSchema:
		cases = append(cases, jen.Default().Block(validate(st.extraType)...))
	case schema.AdditionalForbid:
		cases = append(cases, jen.Default().Block(jen.Id("ce").Dot("Unknown").Call(jen.Id("p"), jen.Id("k")), jen.Continue()))
	}
	return []jen.Code{jen.Switch().Block(cases...)}
}
