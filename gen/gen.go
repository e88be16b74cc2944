// Package gen turns a charm's metadata into the Go code of a charm: the
// generated files (regenerated on every run, never edited) and, once, the
// user-owned files (the charm's handler and main) that the user then owns.
//
// The pipeline is meta (load, validate) → resolve (relation schemas into
// codec models, internal/gen/codec.Build, once per interface version;
// then the charm model, internal/gen/model, which takes its databag types
// from them) → emit (jennifer: internal/gen/emit and
// internal/gen/codec.Render, which never resolve) → write; this package
// plans the files and writes them. The stages are internal to charmgen;
// this package is its entry point.
package gen

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/diff"
	"github.com/charmgen/charmgen/internal/gen/emit"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/charmgen/charmgen/internal/gen/overlays"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/meta"
)

// Options say what to generate.
type Options struct {
	// Dir is the charm root (holding charmcraft.yaml and go.mod).
	Dir string
	// Settings are the charm's charmgen.yaml settings.
	Settings *settings.Settings
	// Charm is the loaded metadata.
	Charm *meta.Charm
	// Module, when set, is the Go module path of Dir instead of the one
	// go.mod names (golden tests generate inside charmgen's own module).
	Module string
	// Warn receives warnings about relation schemas (file:line:col).
	Warn func(string)
	// SchemaErrors, when set, counts the error-severity schema problems
	// passed to Warn (an unreadable or invalid schema file): the command
	// writes what it can and then fails, as interfaces gen does.
	SchemaErrors *int
	// BareSchemas generates the relation codecs from the schemas as
	// published: neither charmgen's overlays (internal/gen/overlays) nor the ones
	// charmgen.yaml's overlays key names apply.
	BareSchemas bool
}

// File is one planned file, relative to the charm root.
type File struct {
	Path    string
	Content []byte
	// Generated files are rewritten whenever their content changes;
	// user-owned ones are only created when missing.
	Generated bool
}

// Plan returns every file generation would produce, in a fixed order.
func Plan(o Options) ([]File, error) {
	s := o.Settings
	if s == nil {
		s = settings.Default()
	}
	module := o.Module
	if module == "" {
		var err error
		if module, err = modulePath(o.Dir); err != nil {
			return nil, err
		}
	}
	// Stages: resolve (relation schemas into codec models, then the charm
	// model, which takes its databag types from them), then emit (both
	// models into files; emitting never resolves).
	rels, err := resolveRelations(o, s, module)
	if err != nil {
		return nil, err
	}
	m, err := model.Build(o.Charm, s.Package, s.JujuMajor(), model.WithCodecs(rels.endpoints))
	if err != nil {
		return nil, err
	}
	codecFiles, err := codec.Render(rels.packages)
	if err != nil {
		return nil, err
	}
	rendered, err := emit.Render(m)
	if err != nil {
		return nil, err
	}
	var files []File
	for _, name := range sortedKeys(rendered) {
		files = append(files, File{Path: path.Join(s.Output, name), Content: rendered[name], Generated: true})
	}
	for _, name := range sortedKeys(codecFiles) {
		files = append(files, File{Path: path.Join(s.Output, name), Content: codecFiles[name], Generated: true})
	}
	warnForeignCodecs(o, s, codecFiles)
	// The daemon layout's charm.go (a daemon.Reconciler) and main.go
	// (daemon.Main) are the user's, in another shape than the Go layout's
	// Handler stub and charm.Main: gen makes neither.
	if s.Layout == "daemon" {
		return files, nil
	}
	// User-owned files: only what does not exist yet, and only methods the
	// user has not written anywhere in the package.
	existing, err := declared(filepath.Join(o.Dir, filepath.FromSlash(s.Output)))
	if err != nil {
		return nil, err
	}
	stub := filepath.Join(o.Dir, filepath.FromSlash(s.Output), "charm.go")
	if _, err := os.Stat(stub); errors.Is(err, fs.ErrNotExist) {
		if src, err := emit.HandlerStub(m, existing); err != nil {
			return nil, err
		} else if src != nil {
			files = append(files, File{Path: path.Join(s.Output, "charm.go"), Content: src})
		}
	}
	mainPath := path.Join("cmd", m.Name, "main.go")
	if _, err := os.Stat(filepath.Join(o.Dir, filepath.FromSlash(mainPath))); errors.Is(err, fs.ErrNotExist) {
		src, err := emit.MainFile(m, module+"/"+s.Output)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: mainPath, Content: src})
	}
	return files, nil
}

// warnForeignCodecs warns about codec package directories of an earlier
// run that no endpoint uses now but that hold something charmgen did not
// generate: Write and Check leave those alone (only wholly generated ones
// are deleted and reported as stale), so the user has to decide.
func warnForeignCodecs(o Options, s *settings.Settings, codecFiles map[string][]byte) {
	if o.Warn == nil {
		return
	}
	out, err := fsutil.Join(o.Dir, filepath.FromSlash(s.Output))
	if err != nil {
		return
	}
	keep := map[string]bool{}
	for name := range codecFiles {
		keep[filepath.Dir(filepath.Join(out, filepath.FromSlash(name)))] = true
	}
	_, foreign := staleCodecs(out, keep)
	for _, c := range foreign {
		rel := func(p string) string {
			r, err := filepath.Rel(o.Dir, p)
			if err != nil {
				return p
			}
			return filepath.ToSlash(r)
		}
		o.Warn(fmt.Sprintf("%s: warning: generated codec package no endpoint uses any more, left alone because %s is not generated by charmgen; move it and delete the directory", rel(c.dir), rel(c.foreign)))
	}
}

// relations is what the schema stage resolves for a charm's endpoints:
// the codec model of each interface version they use, built once, and the
// typed databags each endpoint takes from it.
type relations struct {
	// endpoints maps the name of each endpoint whose interface has a
	// schema to its typed databags.
	endpoints map[string]*model.EndpointCodec
	// packages are the codec models, in endpoint order.
	packages []*codec.Package
}

// resolveRelations finds, in the schema trees charmgen.yaml names, the
// interface of each provides and requires endpoint and builds the model of
// its codec package, once per interface version (only those the charm
// uses; they are generated under the output directory). An endpoint whose
// interface has no schema, or a schema that describes no databag, keeps
// raw access. Peers keep raw access: peer interfaces are the charm's own.
func resolveRelations(o Options, s *settings.Settings, module string) (*relations, error) {
	rels := &relations{endpoints: map[string]*model.EndpointCodec{}}
	root := o.Dir
	if o.Charm != nil && o.Charm.Dir != "" {
		root = o.Charm.Dir
	}
	var ovl *overlays.Set
	if !o.BareSchemas {
		var err error
		if ovl, err = Overlays(s, root); err != nil {
			return nil, err
		}
	}
	if len(s.Schemas) == 0 || o.Charm == nil {
		return rels, nil
	}
	var trees []string
	for _, t := range s.Schemas {
		trees = append(trees, filepath.Join(root, filepath.FromSlash(t)))
	}
	warn := func(d ifaceschema.Diagnostic) {
		if d.Severity == ifaceschema.Error && o.SchemaErrors != nil {
			*o.SchemaErrors++
		}
		if o.Warn != nil {
			o.Warn(d.String())
		}
	}
	cfg := codec.Config{Module: module + "/" + s.Output, Encodings: s.Encodings()}
	resolved := map[string]*ifaceschema.Interface{} // by interface and version asked for
	built := map[string]*codec.Package{}            // by interface version found
	for _, r := range o.Charm.Relations {
		if r.Role == meta.Peers || r.Interface.V == "" {
			continue
		}
		version := -1
		if e, ok := s.Endpoints[r.Name]; ok && e.Version > 0 {
			version = e.Version
		}
		ask := fmt.Sprintf("%s@%d", r.Interface.V, version)
		it, ok := resolved[ask]
		if !ok {
			var err error
			it, err = ifaceschema.Resolve(trees, r.Interface.V, version)
			if errors.Is(err, ifaceschema.ErrNotFound) {
				it = nil
			} else if err != nil {
				return nil, fmt.Errorf("endpoint %s: %w", r.Name, err)
			}
			// The reviewed overlays (internal/gen/overlays) make the codec agree
			// with the interface's library where the published schema lags
			// it; the charm's own (charmgen.yaml's overlays) apply after
			// them.
			if it != nil && ovl != nil {
				if err := ovl.Apply([]*ifaceschema.Interface{it}); err != nil {
					return nil, fmt.Errorf("endpoint %s: %w", r.Name, err)
				}
			}
			resolved[ask] = it
		}
		if it == nil {
			continue
		}
		key := fmt.Sprintf("%s/%d", it.Name, it.Version)
		pkg, ok := built[key]
		if !ok {
			pkg = buildCodec(cfg, it, warn)
			built[key] = pkg
			if pkg != nil {
				rels.packages = append(rels.packages, pkg)
			}
		}
		if pkg == nil {
			continue
		}
		info := pkg.Info()
		local, remote := "provider", "requirer"
		if r.Role == meta.Requires {
			local, remote = remote, local
		}
		rels.endpoints[r.Name] = &model.EndpointCodec{
			Import: module + "/" + s.Output + "/" + info.Dir, Package: info.Name,
			LocalApp: info.Bags[local+".app"], LocalUnit: info.Bags[local+".unit"],
			RemoteApp: info.Bags[remote+".app"], RemoteUnit: info.Bags[remote+".unit"],
		}
	}
	return rels, nil
}

// buildCodec builds the codec model of it and reports the problems of its
// schemas, its own and those building finds, once. An interface whose
// schemas describe no databag gives nil and reports nothing: its endpoints
// keep raw access.
func buildCodec(cfg codec.Config, it *ifaceschema.Interface, warn func(ifaceschema.Diagnostic)) *codec.Package {
	var diags []ifaceschema.Diagnostic
	pkg := codec.Build(cfg, it, func(d ifaceschema.Diagnostic) { diags = append(diags, d) })
	if pkg == nil {
		return nil
	}
	for _, d := range it.Diags() {
		warn(d)
	}
	for _, d := range diags {
		warn(d)
	}
	return pkg
}

// Overlays returns charmgen's built-in overlays followed by those of the
// directories s.Overlays names, relative to root. A directory that does
// not exist, or is not one, is an error at its position in charmgen.yaml;
// a bad overlay file is an error naming the file (and the operation).
func Overlays(s *settings.Settings, root string) (*overlays.Set, error) {
	set, err := overlays.Default()
	if err != nil {
		return nil, err
	}
	var errs []error
	for i, d := range s.Overlays {
		pos := meta.Pos{File: settings.FileName}
		if i < len(s.OverlaysPos) {
			pos = s.OverlaysPos[i]
		}
		display := d
		if pos.File != "" && !filepath.IsAbs(d) {
			display = filepath.Join(filepath.Dir(pos.File), filepath.FromSlash(d))
		}
		dir := d
		if !filepath.IsAbs(d) {
			dir = filepath.Join(root, filepath.FromSlash(d))
		}
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			what := "does not exist"
			if err == nil {
				what = "is not a directory"
			} else if !errors.Is(err, fs.ErrNotExist) {
				what = err.Error()
			}
			errs = append(errs, fmt.Errorf("%s: overlays: %s %s; list directories laid out as <interface>/v<N>/<provider|requirer>.json", pos, d, what))
			continue
		}
		user, err := overlays.ParseDir(dir, display)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		set = set.Then(user)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return set, nil
}

// Write writes the planned files under dir: generated files only when
// their content changed (so mtimes stay put), user-owned ones only when
// missing, each atomically. Generated files of an earlier run that the
// plan no longer has are removed. It returns the paths it changed.
func Write(dir string, files []File) ([]string, error) {
	var changed []string
	keep := map[string]bool{}
	outDirs := map[string]bool{}
	for _, f := range files {
		p, err := fsutil.Join(dir, filepath.FromSlash(f.Path))
		if err != nil {
			return changed, err
		}
		keep[p] = true
		if f.Generated {
			outDirs[filepath.Dir(p)] = true
		} else if _, err := os.Stat(p); err == nil {
			continue
		}
		ok, err := fsutil.WriteFile(p, f.Content, 0o644)
		if err != nil {
			return changed, err
		}
		if ok {
			changed = append(changed, f.Path)
		}
	}
	for d := range outDirs {
		// Temporary files of a run killed mid-write (".X.gen.go.charmgen-
		// tmp-N", older than a minute, ours, never through a symlink).
		// They are not output, so they are not reported as changed.
		fsutil.RemoveStaleTemps(d)
		stale, _ := staleGenerated(d, keep)
		for _, p := range stale {
			if err := os.Remove(p); err != nil {
				return changed, err
			}
			rel, _ := filepath.Rel(dir, p)
			changed = append(changed, filepath.ToSlash(rel))
		}
	}
	for _, out := range outputDirs(outDirs) {
		stale, _ := staleCodecs(out, outDirs)
		for _, c := range stale {
			for _, p := range c.files {
				if err := os.Remove(p); err != nil {
					return changed, err
				}
				rel, _ := filepath.Rel(dir, p)
				changed = append(changed, filepath.ToSlash(rel))
			}
			if err := os.Remove(c.dir); err != nil {
				return changed, err
			}
			// The <interface> directory goes too once it holds no version;
			// os.Remove fails, harmlessly, on a directory that is not empty.
			_ = os.Remove(filepath.Dir(c.dir))
		}
	}
	sort.Strings(changed)
	return changed, nil
}

// Check compares the generated files with what is on disk and returns a
// unified diff of every difference ("" when up to date). User-owned files
// are not compared: they are the user's.
func Check(dir string, files []File) (string, error) {
	var out strings.Builder
	keep := map[string]bool{}
	outDirs := map[string]bool{}
	for _, f := range files {
		p, err := fsutil.Join(dir, filepath.FromSlash(f.Path))
		if err != nil {
			return "", err
		}
		keep[p] = true
		if !f.Generated {
			continue
		}
		outDirs[filepath.Dir(p)] = true
		old, err := os.ReadFile(p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		out.WriteString(diff.Unified("a/"+f.Path, "b/"+f.Path, string(old), string(f.Content)))
	}
	for d := range outDirs {
		stale, _ := staleGenerated(d, keep)
		for _, p := range stale {
			old, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out.WriteString(diff.Unified("a/"+filepath.ToSlash(rel), "/dev/null", string(old), ""))
		}
	}
	for _, o := range outputDirs(outDirs) {
		stale, _ := staleCodecs(o, outDirs)
		for _, c := range stale {
			for _, p := range c.files {
				old, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(dir, p)
				out.WriteString(diff.Unified("a/"+filepath.ToSlash(rel), "/dev/null", string(old), ""))
			}
		}
	}
	return out.String(), nil
}

// staleGenerated lists generated files in d (by their header) that the
// plan does not keep.
func staleGenerated(d string, keep map[string]bool) ([]string, error) {
	ents, err := os.ReadDir(d)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		p := filepath.Join(d, e.Name())
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || keep[p] {
			continue
		}
		b, err := os.ReadFile(p)
		if err == nil && bytes.HasPrefix(b, []byte("// "+emit.Header)) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// outputDirs returns the directories of outDirs (the directories of the
// planned generated files) that are not the package directory of a codec
// under another of them: the output directories, where codec packages live
// as <interface>/v<N>.
func outputDirs(outDirs map[string]bool) []string {
	var out []string
	for d := range outDirs {
		if versionDirRE.MatchString(filepath.Base(d)) && outDirs[filepath.Dir(filepath.Dir(d))] {
			continue
		}
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

var (
	versionDirRE = regexp.MustCompile(`^v[0-9]+$`)
	ifaceDirRE   = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// codecDir is a codec package directory of an earlier run.
type codecDir struct {
	dir string
	// files are its files, all generated, sorted.
	files []string
	// foreign, when set, is an entry charmgen did not generate (a file
	// without its header, a subdirectory): the directory is left alone.
	foreign string
}

// staleCodecs lists the codec package directories (<out>/<interface>/v<N>)
// of an earlier run that the plan no longer has (keep holds the directories
// of the planned files): an endpoint was removed, or its interface lost its
// schema. A directory counts as charmgen's only when it holds at least one
// file with charmgen's header; it is stale, to be deleted, when every entry
// is such a file. Ones that also hold something else are returned in
// foreign, never to be deleted. It never looks outside out.
func staleCodecs(out string, keep map[string]bool) (stale, foreign []codecDir) {
	ifaces, err := os.ReadDir(out)
	if err != nil {
		return nil, nil
	}
	for _, ie := range ifaces {
		if !ie.IsDir() || !ifaceDirRE.MatchString(ie.Name()) {
			continue
		}
		vers, err := os.ReadDir(filepath.Join(out, ie.Name()))
		if err != nil {
			continue
		}
		for _, ve := range vers {
			d := filepath.Join(out, ie.Name(), ve.Name())
			if !ve.IsDir() || !versionDirRE.MatchString(ve.Name()) || keep[d] {
				continue
			}
			ents, err := os.ReadDir(d)
			if err != nil {
				continue
			}
			c := codecDir{dir: d}
			for _, e := range ents {
				p := filepath.Join(d, e.Name())
				if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go") && isGenerated(p) {
					c.files = append(c.files, p)
				} else if c.foreign == "" {
					c.foreign = p
				}
			}
			switch {
			case len(c.files) == 0:
				// Not charmgen's: none of its files.
			case c.foreign != "":
				foreign = append(foreign, c)
			default:
				stale = append(stale, c)
			}
		}
	}
	return stale, foreign
}

// isGenerated reports whether the file at p starts with charmgen's header.
func isGenerated(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	want := []byte("// " + emit.Header)
	b := make([]byte, len(want))
	n, _ := io.ReadFull(f, b)
	return bytes.Equal(b[:n], want)
}

// declared returns the names declared at package level in the Go files of
// dir that are not generated: types, and methods as "Type.Method".
func declared(dir string) (map[string]bool, error) {
	out := map[string]bool{}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || bytes.HasPrefix(src, []byte("// "+emit.Header)) {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), src, parser.SkipObjectResolution)
		if err != nil {
			// A file that does not parse yet is the user's business; its
			// declarations just are not seen.
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						out[ts.Name.Name] = true
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) == 1 {
					out[recvType(d.Recv.List[0].Type)+"."+d.Name.Name] = true
				}
			}
		}
	}
	return out, nil
}

func recvType(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvType(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvType(t.X)
	}
	return ""
}

// modulePath reads the module path from dir's go.mod.
func modulePath(dir string) (string, error) {
	p := filepath.Join(dir, "go.mod")
	f, err := os.Open(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("%s:1:1: no go.mod: the charm must be a Go module; run 'go mod init <module path>' in %s", p, dir)
		}
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			mod := strings.Trim(strings.TrimSpace(rest), `"`)
			if mod == "" {
				return "", fmt.Errorf("%s:%d:1: module line without a path", p, n)
			}
			return mod, nil
		}
	}
	return "", fmt.Errorf("%s:1:1: no module line; add 'module <path>'", p)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
