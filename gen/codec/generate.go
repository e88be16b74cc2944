package codec

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/charmgen/charmgen/gen/ifaceschema"
	"github.com/charmgen/charmgen/gen/internal/gofmtlite"
	"github.com/dave/jennifer/jen"
)

// FileName is the name of the generated file in each package.
const FileName = "databags.go"

// FuzzFileName is the name of the generated fuzz test (Config.FuzzTests).
const FuzzFileName = "databags_fuzz_test.go"

// Generate generates the codec packages of the given interface versions.
// It returns the files to write, keyed by slash-separated path relative to
// the output directory (<name>/v<N>/databags.go). Every problem in the
// schemas is passed to warn (warnings and errors alike, each naming the
// file and JSON pointer); an interface whose schemas describe no databag
// produces no files and a warning. Generate fails only when it cannot
// produce valid Go, which is a bug in charmgen; then it still returns the
// files of every other interface (one interface never stops the others),
// with the errors of the ones that failed.
func Generate(cfg Config, ifaces []*ifaceschema.Interface, warn func(ifaceschema.Diagnostic)) (map[string][]byte, error) {
	if warn == nil {
		warn = func(ifaceschema.Diagnostic) {}
	}
	// Interfaces are generated in parallel; diagnostics and files are
	// collected per interface and reported in input order, so the output
	// does not depend on scheduling.
	type result struct {
		diags []ifaceschema.Diagnostic
		files map[string][]byte
		err   error
	}
	results := make([]result, len(ifaces))
	parallel(len(ifaces), func(i int) {
		it := ifaces[i]
		r := &results[i]
		collect := func(d ifaceschema.Diagnostic) { r.diags = append(r.diags, d) }
		r.diags = append(r.diags, it.Diags()...)
		g := buildPackage(&cfg, it, collect)
		if g == nil {
			collect(ifaceschema.Diagnostic{Severity: ifaceschema.Warning, File: it.Dir,
				Msg: fmt.Sprintf("%s: the schemas describe no databag; no package generated (charms get raw access)", it)})
			return
		}
		src, err := renderPackage(g, &cfg)
		if err != nil {
			r.err = fmt.Errorf("%s: %w", it, err)
			return
		}
		r.files = map[string][]byte{path.Join(g.dir, FileName): src}
		if cfg.FuzzTests {
			fz, err := renderFuzz(g)
			if err != nil {
				r.err = fmt.Errorf("%s: %w", it, err)
				return
			}
			r.files[path.Join(g.dir, FuzzFileName)] = fz
		}
	})
	files := map[string][]byte{}
	var errs []error
	for _, r := range results {
		for _, d := range r.diags {
			warn(d)
		}
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		for k, v := range r.files {
			files[k] = v
		}
	}
	return files, errors.Join(errs...)
}

// parallel runs f(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	if workers > n {
		workers = n
	}
	if workers <= 1 {
		for i := 0; i < n; i++ {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// PackageInfo describes the package generated for one interface version,
// for callers that refer to its types (the charm generator).
type PackageInfo struct {
	// Name is the Go package name (ingressv2).
	Name string
	// Dir is the package directory relative to the output directory
	// (ingress/v2).
	Dir string
	// Bags maps "provider.app", "provider.unit", "requirer.app" and
	// "requirer.unit" to the type of that databag, for the databags the
	// schemas describe. A legacy flat databag fills both sides of its role.
	Bags map[string]string
}

// Describe returns what Generate generates for it, or nil when it
// generates nothing. Problems go to warn, as with Generate.
func Describe(cfg Config, it *ifaceschema.Interface, warn func(ifaceschema.Diagnostic)) *PackageInfo {
	if warn == nil {
		warn = func(ifaceschema.Diagnostic) {}
	}
	g := buildPackage(&cfg, it, warn)
	if g == nil {
		return nil
	}
	info := &PackageInfo{Name: g.name, Dir: g.dir, Bags: map[string]string{}}
	for _, b := range g.bags {
		if b.side == "" {
			info.Bags[b.role+".app"] = b.aliases[0]
			info.Bags[b.role+".unit"] = b.aliases[1]
			continue
		}
		info.Bags[b.role+"."+b.side] = b.st.name
	}
	return info
}

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
