package codec

import (
	"errors"
	"fmt"
	"path"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

// FileName is the name of the generated file in each package.
const FileName = "databags.go"

// FuzzFileName is the name of the generated fuzz test (Config.FuzzTests).
const FuzzFileName = "databags_fuzz_test.go"

// Package is the Go model of the codec package of one interface version:
// Build resolves it once (types, names, wire forms, checks); Render only
// emits it, and a caller that refers to its types (the charm model) reads
// them from Info, so the charm and its codecs agree by construction.
type Package struct {
	cfg Config
	g   *goPackage
}

// Build makes the Go model of the package generated for it, or returns nil
// when its schemas describe no databag (then nothing is generated for it).
// Problems in the schemas that making the model finds go to warn (a nil
// warn drops them); it reports none of the interface's own diagnostics
// (it.Diags), which the caller reports as it sees fit.
func Build(cfg Config, it *ifaceschema.Interface, warn func(ifaceschema.Diagnostic)) *Package {
	if warn == nil {
		warn = func(ifaceschema.Diagnostic) {}
	}
	g := buildPackage(&cfg, it, warn)
	if g == nil {
		return nil
	}
	return &Package{cfg: cfg, g: g}
}

// Render emits the files of the packages, keyed by slash-separated path
// relative to the output directory (<name>/v<N>/databags.go), packages in
// parallel. It fails only when it cannot produce valid Go, which is a bug
// in charmgen; then it still returns the files of every other package,
// with the errors of the ones that failed.
func Render(pkgs []*Package) (map[string][]byte, error) {
	type result struct {
		files map[string][]byte
		err   error
	}
	results := make([]result, len(pkgs))
	parallel(len(pkgs), func(i int) {
		results[i].files, results[i].err = pkgs[i].render()
	})
	files := map[string][]byte{}
	var errs []error
	for _, r := range results {
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

// render emits the package's files.
func (p *Package) render() (map[string][]byte, error) {
	src, err := renderPackage(p.g, &p.cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.g.iface, err)
	}
	files := map[string][]byte{path.Join(p.g.dir, FileName): src}
	if p.cfg.FuzzTests {
		fz, err := renderFuzz(p.g)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.g.iface, err)
		}
		files[path.Join(p.g.dir, FuzzFileName)] = fz
	}
	return files, nil
}

// Generate generates the codec packages of the given interface versions:
// Build then Render, for callers that do not need the models (charmgen
// interfaces gen). It returns the files as Render does. Every problem in
// the schemas is passed to warn (the interfaces' diagnostics and Build's,
// warnings and errors alike, each naming the file and JSON pointer); an
// interface whose schemas describe no databag produces no files and a
// warning. Generate fails only when it cannot produce valid Go, which is a
// bug in charmgen; then it still returns the files of every other
// interface (one interface never stops the others), with the errors of the
// ones that failed.
func Generate(cfg Config, ifaces []*ifaceschema.Interface, warn func(ifaceschema.Diagnostic)) (map[string][]byte, error) {
	if warn == nil {
		warn = func(ifaceschema.Diagnostic) {}
	}
	// Interfaces are built in parallel; diagnostics are collected per
	// interface and reported in input order, so the output does not depend
	// on scheduling.
	diags := make([][]ifaceschema.Diagnostic, len(ifaces))
	built := make([]*Package, len(ifaces))
	parallel(len(ifaces), func(i int) {
		it := ifaces[i]
		collect := func(d ifaceschema.Diagnostic) { diags[i] = append(diags[i], d) }
		diags[i] = append(diags[i], it.Diags()...)
		if built[i] = Build(cfg, it, collect); built[i] == nil {
			collect(ifaceschema.Diagnostic{Severity: ifaceschema.Warning, File: it.Dir,
				Msg: fmt.Sprintf("%s: the schemas describe no databag; no package generated (charms get raw access)", it)})
		}
	})
	var pkgs []*Package
	for i, p := range built {
		for _, d := range diags[i] {
			warn(d)
		}
		if p != nil {
			pkgs = append(pkgs, p)
		}
	}
	return Render(pkgs)
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

// Info describes the package that Render generates for p.
func (p *Package) Info() *PackageInfo {
	g := p.g
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
