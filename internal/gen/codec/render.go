package codec

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/internal/gen/gofmtlite"
	"github.com/dave/jennifer/jen"
)

// Files are assembled here from the constructors (emit_*.go) and
// formatted as gofmt does.

// renderPackage emits the package's one file.
func renderPackage(g *goPackage, cfg *Config) ([]byte, error) {
	f := jen.NewFile(g.name)
	f.HeaderComment(Header)
	for _, line := range wrap(newPackageDoc(g, cfg.Module), 77) {
		f.PackageComment(line)
	}
	f.ImportName(RuntimePath, "databag")
	f.ImportName(pkgCharm, "charm")
	var names []string
	for _, b := range g.bags {
		names = append(names, b.st.name)
	}
	f.Add(newAssertion(names))
	for _, b := range g.bags {
		f.Line()
		f.Add(newStructDecl(b.st))
		for _, a := range b.aliases {
			f.Line()
			f.Add(newAliasDecl(a, b.st.name))
		}
		f.Line()
		f.Add(newUnmarshalMethod(b.st))
		f.Line()
		f.Add(newMarshalMethod(b.st))
	}
	for _, st := range g.structs {
		f.Line()
		f.Add(newStructDecl(st))
		f.Line()
		f.Add(newDecodeMethod(st))
		f.Line()
		f.Add(newEncodeMethod(st))
	}
	for _, en := range g.enums {
		f.Line()
		f.Add(newEnumDecl(en))
	}
	rules := append([]*ruleVar(nil), g.rules...)
	sort.SliceStable(rules, func(i, j int) bool { return rules[i].name < rules[j].name })
	if len(rules) > 0 {
		f.Line()
		f.Comment("Checks the schema puts on values.")
		var defs []jen.Code
		for _, r := range rules {
			defs = append(defs, jen.Id(r.name).Op("=").Add(ruleValueExpr(r)))
		}
		f.Var().Defs(defs...)
	}
	return render(f)
}

// formatSource formats the raw text jennifer renders. gofmtlite.Source
// produces go/format's bytes without parsing and printing the file (half
// of generation time), and falls back to go/format for anything it does
// not handle.
var formatSource = gofmtlite.Source

// render emits f formatted as gofmt does, and reports the numbered source
// when the code does not parse (a bug in charmgen).
func render(f *jen.File) ([]byte, error) {
	var raw bytes.Buffer
	f.NoFormat = true
	if err := f.Render(&raw); err != nil {
		return nil, fmt.Errorf("generated code does not render: %v", err)
	}
	formatMu.RLock()
	format := formatSource
	formatMu.RUnlock()
	out, err := format(raw.Bytes())
	if err != nil {
		return nil, fmt.Errorf("generated code does not format: %v\n%s", err, numbered(raw.String()))
	}
	return out, nil
}

func numbered(src string) string {
	var b strings.Builder
	for i, l := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%5d  %s\n", i+1, l)
	}
	return b.String()
}

// renderFuzz emits a fuzz test of every databag type of the package.
func renderFuzz(g *goPackage) ([]byte, error) {
	f := jen.NewFile(g.name)
	f.HeaderComment(Header)
	f.ImportName(RuntimePath, "databag")
	f.Add(newFuzzTest(g))
	return render(f)
}
