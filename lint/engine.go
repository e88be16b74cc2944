package lint

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/charmgen/charmgen/daemon"
	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/lint/python"
	"github.com/charmgen/charmgen/lint/rule"
	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/settings"
)

// Options control a lint run.
type Options struct {
	// Paths are what to lint: charm roots, or files and directories in a
	// charm (only findings in them are reported). A directory that is not
	// in a charm is searched for charms. Empty means ".".
	Paths []string
	// Dir is the directory paths are relative to, and findings are shown
	// relative to; "" means the working directory.
	Dir string
	// Juju is the Juju major version to target; 0 means charmgen.yaml's
	// juju key, else 4.
	Juju int
	// Kinds restricts the run to some kinds of rules; nil runs all.
	Kinds []rule.Kind
	// Notes receives remarks that are not findings (a file given that is
	// in no charm); nil discards them.
	Notes io.Writer
}

// Result is what a run found.
type Result struct {
	// Findings, sorted by position.
	Findings []rule.Finding
	// Charms are the charm roots linted, as shown in findings.
	Charms []string
	// Files is how many files were linted.
	Files int
}

// InputError says the input cannot be linted: a path that does not exist,
// no charm found, a charmgen.yaml or Go package that does not load. Each
// line is "path:line:col: message".
type InputError struct {
	Lines []string
}

// Error implements error: the lines, one per line.
func (e *InputError) Error() string { return strings.Join(e.Lines, "\n") }

func inputErr(format string, a ...any) *InputError {
	return &InputError{Lines: []string{fmt.Sprintf(format, a...)}}
}

// Run lints the charms that opts name.
func Run(ctx context.Context, opts Options) (*Result, error) {
	r := &runner{opts: opts, notes: opts.Notes}
	if r.notes == nil {
		r.notes = io.Discard
	}
	if opts.Dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		r.dir = wd
	} else {
		abs, err := filepath.Abs(opts.Dir)
		if err != nil {
			return nil, err
		}
		r.dir = abs
	}
	r.kinds = map[rule.Kind]bool{}
	for _, k := range opts.Kinds {
		r.kinds[k] = true
	}
	if len(opts.Kinds) == 0 {
		for _, k := range rule.Kinds {
			r.kinds[k] = true
		}
	}
	charms, err := r.resolve(opts.Paths)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, ch := range charms {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fs, n, err := r.lintCharm(ctx, ch)
		if err != nil {
			return nil, err
		}
		res.Findings = append(res.Findings, fs...)
		res.Files += n
		res.Charms = append(res.Charms, r.display(ch.root))
	}
	sort.SliceStable(res.Findings, func(i, j int) bool { return rule.Less(res.Findings[i], res.Findings[j]) })
	return res, nil
}

type runner struct {
	opts  Options
	dir   string
	kinds map[rule.Kind]bool
	notes io.Writer
}

// display turns an absolute path into the form shown in findings: relative
// to the run's directory when under it.
func (r *runner) display(abs string) string {
	if rel, err := filepath.Rel(r.dir, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return abs
}

// charmScope is a charm and the parts of it to report on.
type charmScope struct {
	root  string   // absolute
	whole bool     // the whole charm was asked for
	paths []string // absolute files and directories in the charm
	files []string // files named explicitly (linted even in skipped dirs)
}

func isCharmRoot(dir string) bool {
	for _, f := range []string{meta.CharmcraftFile, meta.MetadataFile} {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// charmRootOf finds the charm root at or above dir, or "".
func charmRootOf(dir string) string {
	for {
		if isCharmRoot(dir) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// skipDir says whether a directory is never linted when walking: hidden
// directories, virtualenvs, build output, vendored code and test data.
func skipDir(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	switch name {
	case "venv", "build", "prime", "parts", "stage", "node_modules", "vendor", "testdata", "__pycache__":
		return true
	}
	return false
}

// resolve maps the paths to charms.
func (r *runner) resolve(paths []string) ([]*charmScope, error) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	byRoot := map[string]*charmScope{}
	var order []string
	add := func(root, path string, isFile bool) {
		ch := byRoot[root]
		if ch == nil {
			ch = &charmScope{root: root}
			byRoot[root] = ch
			order = append(order, root)
		}
		if path == root {
			ch.whole = true
		}
		ch.paths = append(ch.paths, path)
		if isFile {
			ch.files = append(ch.files, path)
		}
	}
	var errs []string
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(r.dir, p)
		}
		abs = filepath.Clean(abs)
		st, err := os.Stat(abs)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			errs = append(errs, fmt.Sprintf("%s:1:1: %v", p, err))
			continue
		}
		dir := abs
		if !st.IsDir() {
			dir = filepath.Dir(abs)
		}
		if root := charmRootOf(dir); root != "" {
			add(root, abs, !st.IsDir())
			continue
		}
		if !st.IsDir() {
			fmt.Fprintf(r.notes, "charmgen lint: %s is not in a charm (no %s or %s in its directory or above); skipped\n", p, meta.CharmcraftFile, meta.MetadataFile)
			continue
		}
		found := false
		filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if path != abs && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			if isCharmRoot(path) {
				found = true
				add(path, path, false)
				return filepath.SkipDir
			}
			return nil
		})
		if !found {
			errs = append(errs, fmt.Sprintf("%s:1:1: no charm here: no %s or %s in this directory, above it or below it", p, meta.CharmcraftFile, meta.MetadataFile))
		}
	}
	if len(errs) > 0 {
		return nil, &InputError{Lines: errs}
	}
	sort.Strings(order)
	out := make([]*charmScope, 0, len(order))
	for _, root := range order {
		out = append(out, byRoot[root])
	}
	return out, nil
}

// config is a charm's lint settings, checked against the rules.
type config struct {
	disabled map[string]bool
	severity map[string]rule.Severity
}

func (r *runner) config(s *settings.Settings) (*config, error) {
	c := &config{disabled: map[string]bool{}, severity: map[string]rule.Severity{}}
	if s.Lint == nil {
		return c, nil
	}
	var errs []string
	check := func(id, key string) bool {
		if _, ok := byID[id]; ok {
			return true
		}
		errs = append(errs, fmt.Sprintf("%s: no rule %s; charmgen lint --list lists the rules", s.Lint.Pos[key], id))
		return false
	}
	for _, id := range s.Lint.Disable {
		if check(id, "disable/"+id) {
			c.disabled[id] = true
		}
	}
	ids := make([]string, 0, len(s.Lint.Severity))
	for id := range s.Lint.Severity {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !check(id, "severity/"+id) {
			continue
		}
		sev, _ := rule.ParseSeverity(s.Lint.Severity[id])
		if sev == rule.Off {
			c.disabled[id] = true
		} else {
			c.severity[id] = sev
		}
	}
	if len(errs) > 0 {
		return nil, &InputError{Lines: errs}
	}
	return c, nil
}

// lintCharm lints one charm and returns its findings and the number of
// files it read.
func (r *runner) lintCharm(ctx context.Context, ch *charmScope) ([]rule.Finding, int, error) {
	disp := r.display(ch.root)
	st, err := settings.Load(ch.root, disp)
	if err != nil {
		var ds meta.Diagnostics
		if errors.As(err, &ds) {
			ie := &InputError{}
			for _, d := range ds {
				ie.Lines = append(ie.Lines, d.String())
			}
			return nil, 0, ie
		}
		return nil, 0, &InputError{Lines: []string{err.Error()}}
	}
	cfg, err := r.config(st)
	if err != nil {
		return nil, 0, err
	}
	juju := r.opts.Juju
	if juju == 0 {
		juju = st.JujuMajor()
	}
	var findings []rule.Finding
	sups := map[string][]*suppression{}
	fileKind := map[string]rule.Kind{} // display path → kind of rules run over it

	// Metadata.
	if r.kinds[rule.Metadata] {
		c, fs := metaFindings(ch.root, disp, juju, st.Schemas)
		findings = append(findings, fs...)
		if c != nil {
			for _, f := range c.Files {
				abs := filepath.Join(ch.root, f)
				d := r.display(abs)
				fileKind[d] = rule.Metadata
				if src, err := readCharmFile(ch.root, abs); err == nil {
					sups[d] = parseSuppressions(d, src, false)
				}
			}
			// The daemon layout's hooks file is checked with the metadata.
			abs := filepath.Join(ch.root, daemon.DefaultHooksFile)
			if src, err := readCharmFile(ch.root, abs); err == nil {
				d := r.display(abs)
				fileKind[d] = rule.Metadata
				sups[d] = parseSuppressions(d, src, false)
			}
		}
	}

	pyFiles, goFiles := r.sourceFiles(ch)

	// Python.
	if r.kinds[rule.Python] && len(pyFiles) > 0 {
		fs, err := r.lintPython(ctx, ch.root, pyFiles, sups, fileKind)
		if err != nil {
			return nil, 0, err
		}
		findings = append(findings, fs...)
	}

	// Go.
	if r.kinds[rule.Go] && len(goFiles) > 0 {
		fs, err := r.lintGo(ctx, ch, goFiles, cfg, sups, fileKind)
		if err != nil {
			return nil, 0, err
		}
		findings = append(findings, fs...)
	}

	// Files that hold findings but were not read for suppressions (a
	// hooks/ file, say) are read now.
	for _, f := range findings {
		if _, done := sups[f.Pos.File]; done {
			continue
		}
		abs := f.Pos.File
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(r.dir, abs)
		}
		if src, err := readCharmFile(ch.root, abs); err == nil {
			sups[f.Pos.File] = parseSuppressions(f.Pos.File, src, strings.HasSuffix(abs, ".go"))
		} else {
			sups[f.Pos.File] = nil
		}
	}

	// Suppressions, then settings. A suppression of a disabled rule, or
	// of a rule that did not run over its file, is not "unused".
	ran := func(id, file string) bool {
		rl, ok := byID[id]
		return ok && !cfg.disabled[id] && fileKind[file] == rl.Kind && r.kinds[rl.Kind]
	}
	var out []rule.Finding
	for _, f := range applySuppressions(findings, sups, ran) {
		if sev, ok := cfg.severity[f.Rule]; ok {
			f.Severity = sev
		}
		if cfg.disabled[f.Rule] || !r.inScope(ch, f.Pos.File) {
			continue
		}
		out = append(out, f)
	}
	return out, len(fileKind), nil
}

// inScope reports whether a finding's file is in what was asked for.
func (r *runner) inScope(ch *charmScope, file string) bool {
	if ch.whole {
		return true
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.dir, file)
	}
	for _, p := range ch.paths {
		if abs == p || strings.HasPrefix(abs, p+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// readCharmFile reads a file of the charm rooted at root (a checkout that
// may be another party's) the way charmgen reads every input file: a
// regular file (a FIFO or a device is refused, not read) of at most
// fsutil.MaxInput bytes, and, for a path inside root, not through a
// symlink that leads out of root. A path outside root (a file go/packages
// names in the build cache, say) is read bounded, links followed.
func readCharmFile(root, path string) ([]byte, error) {
	if root != "" {
		if rel, err := filepath.Rel(root, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return fsutil.ReadFileIn(root, rel, fsutil.MaxInput)
		}
	}
	return fsutil.ReadFile(path, fsutil.MaxInput)
}

// sourceFiles lists the Python and Go files to lint: every one under the
// paths asked for, skipping hidden, vendored and build directories, tests
// (tests/, test/, *_test.go) and the Python charm libraries (lib/). Files
// named explicitly are always linted.
func (r *runner) sourceFiles(ch *charmScope) (py, gofiles []string) {
	seen := map[string]bool{}
	addFile := func(path string) {
		if seen[path] {
			return
		}
		seen[path] = true
		switch {
		case strings.HasSuffix(path, ".py"):
			py = append(py, path)
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			gofiles = append(gofiles, path)
		}
	}
	for _, f := range ch.files {
		addFile(f)
	}
	roots := ch.paths
	if ch.whole {
		roots = []string{ch.root}
	}
	for _, p := range roots {
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if path != p && (skipDir(d.Name()) || (path != ch.root && isCharmRoot(path))) {
					return filepath.SkipDir
				}
				return nil
			}
			rel, _ := filepath.Rel(ch.root, path)
			switch strings.Split(filepath.ToSlash(rel), "/")[0] {
			case "tests", "test":
				return nil // test code, which runs in no hook
			case "lib":
				if strings.HasSuffix(path, ".py") {
					return nil // charm libraries: fetched, not written here
				}
			}
			addFile(path)
			return nil
		})
	}
	sort.Strings(py)
	sort.Strings(gofiles)
	return py, gofiles
}

// lintPython checks the files in parallel, one tree-sitter parser per
// worker.
func (r *runner) lintPython(ctx context.Context, root string, files []string, sups map[string][]*suppression, fileKind map[string]rule.Kind) ([]rule.Finding, error) {
	type result struct {
		fs   []rule.Finding
		sups []*suppression
		err  error
	}
	results := make([]result, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				d := r.display(files[i])
				src, err := readCharmFile(root, files[i])
				if err != nil {
					var pe *fs.PathError
					if errors.As(err, &pe) {
						err = pe.Err // the position names the file
					}
					results[i].err = &InputError{Lines: []string{fmt.Sprintf("%s:1:1: %v", d, err)}}
					continue
				}
				fs, syn, err := python.Check(ctx, d, src)
				if err != nil {
					results[i].err = err
					continue
				}
				if syn != nil {
					fs = append(fs, finding(PythonSyntax, syn.Pos, "syntax error: Python cannot import this file; findings around the error may be wrong"))
				}
				results[i] = result{fs: fs, sups: parseSuppressions(d, src, false)}
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var out []rule.Finding
	for i, res := range results {
		if res.err != nil {
			return nil, res.err
		}
		d := r.display(files[i])
		fileKind[d] = rule.Python
		sups[d] = res.sups
		out = append(out, res.fs...)
	}
	return out, nil
}
