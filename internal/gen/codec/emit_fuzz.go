package codec

import "github.com/dave/jennifer/jen"

// The fuzz test written beside each package when Config.FuzzTests is set.

// newFuzzTest checks that decoders never panic and that what they accept
// re-encodes to a databag that decodes to the same value.
//
//	func FuzzDatabags(f *testing.F) {
//		f.Add([]byte("key\x00value"))
//		f.Fuzz(func(t *testing.T, data []byte) { ... })
//	}
func newFuzzTest(g *goPackage) jen.Code {
	var body []jen.Code
	body = append(body, jen.Id("bag").Op(":=").Add(rt("BagFromBytes")).Call(jen.Id("data")))
	for _, b := range g.bags {
		n := b.st.name
		body = append(body, jen.Block(
			jen.Var().Id("x").Id(n),
			jen.If(jen.Err().Op(":=").Id("x").Dot("UnmarshalDatabag").Call(jen.Id("bag")), jen.Err().Op("==").Nil()).Block(
				jen.List(jen.Id("out"), jen.Err()).Op(":=").Id("x").Dot("MarshalDatabag").Call(),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatalf").Call(jen.Lit(n+": accepted %q but cannot encode it: %v"), jen.Id("bag"), jen.Err())),
				jen.Var().Id("y").Id(n),
				jen.If(jen.Err().Op(":=").Id("y").Dot("UnmarshalDatabag").Call(jen.Id("out")), jen.Err().Op("!=").Nil()).Block(
					jen.Id("t").Dot("Fatalf").Call(jen.Lit(n+": re-encoded %q does not decode: %v"), jen.Id("out"), jen.Err())),
				jen.If(jen.Op("!").Qual("reflect", "DeepEqual").Call(jen.Id("x"), jen.Id("y"))).Block(
					jen.Id("t").Dot("Fatalf").Call(jen.Lit(n+": %q decodes to %+v, re-encoded as %q it decodes to %+v"), jen.Id("bag"), jen.Id("x"), jen.Id("out"), jen.Id("y"))),
			),
		))
	}
	return jen.Comment("FuzzDatabags feeds random databags to every decoder of the package: a").Line().
		Comment("decoder never panics, and what it accepts re-encodes to a databag that").Line().
		Comment("decodes to the same value.").Line().
		Func().Id("FuzzDatabags").Params(jen.Id("f").Op("*").Qual("testing", "F")).Block(
		jen.Id("f").Dot("Add").Call(jen.Index().Byte().Call(jen.Lit(""))),
		jen.Id("f").Dot("Fuzz").Call(jen.Func().Params(jen.Id("t").Op("*").Qual("testing", "T"), jen.Id("data").Index().Byte()).Block(body...)),
	)
}
