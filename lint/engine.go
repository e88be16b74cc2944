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
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/daemon/hooksfile"
	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/lint/python"
	"github.com/charmgen/charmgen/lint/rule"
	"github.com/charmgen/charmgen/meta"
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
	// Select, when not empty, lists the only rules that run, and Ignore
	// rules that do not: rule IDs (PY004), names (unconditional-restart)
	// or ID prefixes (PY, META0). They override the select, ignore and
	// disable keys of the charm's settings files; a more specific name
	// wins over a less specific one (Select PY with Ignore PY004 runs
	// every Python rule but PY004), and Ignore wins over Select on a tie.
	// Resolve checks a name.
	Select, Ignore []string
	// Notes receives remarks that are not findings (a file given that is
	// in no charm); nil discards them.
	Notes io.Writer
	// Progress, when set, is told what a long step is doing: loading a
	// charm's Go packages, for which go list builds their dependencies
	// (a minute or more with a cold build cache), when it has taken
	// longer than ProgressAfter (0: as it starts).
	Progress      func(msg string)
	ProgressAfter time.Duration
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
	r.here, _ = meta.FindRoot(r.dir)
	r.kinds = map[rule.Kind]bool{}
	for _, k := range opts.Kinds {
		r.kinds[k] = true
	}
	if len(opts.Kinds) == 0 {
		for _, k := range rule.Kinds {
			r.kinds[k] = true
		}
	}
	var errs []string
	for _, l := range []struct {
		flag  string
		names []string
		to    *[]selector
	}{{"--select", opts.Select, &r.sel}, {"--ignore", opts.Ignore, &r.ign}} {
		for _, n := range l.names {
			ids, spec, err := resolve(n, true)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", l.flag, err))
				continue
			}
			*l.to = append(*l.to, selector{ids, spec})
		}
	}
	if len(errs) > 0 {
		return nil, &InputError{Lines: errs}
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
	opts     Options
	dir      string
	kinds    map[rule.Kind]bool
	sel, ign []selector // Options.Select and Ignore
	notes    io.Writer
	here     string // the root of the charm dir is in, or ""
	// toldNoPython: LINT006 (no Python rules in this build) was reported.
	toldNoPython bool
}

// display turns an absolute path into the form shown in findings: relative
// to the run's directory when under it, or when under the charm the run's
// directory is in (../../charmcraft.yaml from the charm's internal/charm);
// absolute otherwise.
func (r *runner) display(abs string) string {
	rel, err := filepath.Rel(r.dir, abs)
	if err != nil {
		return abs
	}
	if !strings.HasPrefix(rel, "..") {
		return rel
	}
	if r.here != "" {
		if in, err := filepath.Rel(r.here, abs); err == nil && !strings.HasPrefix(in, "..") {
			return rel
		}
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

func isCharmRoot(dir string) bool { return meta.IsRoot(dir) }

// charmRootOf finds the charm root at or above dir, up to the top of its
// repository (meta.FindRoot), or "".
func charmRootOf(dir string) string {
	root, _ := meta.FindRoot(dir)
	return root
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
			errs = append(errs, fmt.Sprintf("%s:1:1: no charm here: no %s or %s in this directory, above it or below it; name a charm's directory, or a directory that holds charms", p, meta.CharmcraftFile, meta.MetadataFile))
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
	disabled map[string]bool // rule ID → does not run
	severity map[string]rule.Severity
	perPath  []pathIgnore
}

// pathIgnore is an entry of per-path-ignores.
type pathIgnore struct {
	glob string
	ids  map[string]bool
}

// selector is a resolved rule name of a select or ignore list.
type selector struct {
	ids      []string
	specific int
}

// selection applies a layer of select and ignore lists to the set of
// rules that run: a layer with a select list runs only what it selects;
// the most specific name that matches a rule decides, ignore winning a
// tie.
func selection(on map[string]bool, sel, ign []selector, hasSelect bool) {
	for _, r := range allRules {
		best, decision := -1, 0 // 1 on, -1 off
		for _, s := range sel {
			if s.specific > best && slices.Contains(s.ids, r.ID) {
				best, decision = s.specific, 1
			}
		}
		for _, s := range ign {
			if s.specific >= best && slices.Contains(s.ids, r.ID) {
				best, decision = s.specific, -1
			}
		}
		switch {
		case decision == 1:
			on[r.ID] = true
		case decision == -1 || hasSelect:
			on[r.ID] = false
		}
	}
}

// config resolves the settings of a charm (charmgen.yaml's lint key over
// pyproject.toml's [tool.charmgen.lint], merged already) and the run's
// Select and Ignore. Rule names that no rule has are errors at their
// positions.
func (r *runner) config(l *settings.Lint) (*config, error) {
	c := &config{disabled: map[string]bool{}, severity: map[string]rule.Severity{}}
	var errs []string
	resolveAt := func(name, key string, prefixes bool) (selector, bool) {
		ids, spec, err := resolve(name, prefixes)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", l.Pos[key], err))
			return selector{}, false
		}
		return selector{ids, spec}, true
	}
	on := map[string]bool{}
	for _, rl := range allRules {
		on[rl.ID] = true
	}
	if l != nil {
		// The settings files: select, then ignore, disable and
		// severity off.
		var sel, ign []selector
		for _, n := range l.Select {
			if s, ok := resolveAt(n, "select/"+n, true); ok {
				sel = append(sel, s)
			}
		}
		for _, n := range l.Ignore {
			if s, ok := resolveAt(n, "ignore/"+n, true); ok {
				ign = append(ign, s)
			}
		}
		for _, n := range l.Disable {
			if s, ok := resolveAt(n, "disable/"+n, true); ok {
				ign = append(ign, s)
			}
		}
		names := make([]string, 0, len(l.Severity))
		for n := range l.Severity {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			return posLess(l.Pos["severity/"+names[i]], l.Pos["severity/"+names[j]], names[i], names[j])
		})
		for _, n := range names {
			s, ok := resolveAt(n, "severity/"+n, false)
			if !ok {
				continue
			}
			sev, _ := rule.ParseSeverity(l.Severity[n])
			if sev == rule.Off {
				ign = append(ign, s)
				continue
			}
			for _, id := range s.ids {
				c.severity[id] = sev
			}
		}
		selection(on, sel, ign, len(l.Select) > 0)
		globs := make([]string, 0, len(l.PerPathIgnores))
		for g := range l.PerPathIgnores {
			globs = append(globs, g)
		}
		sort.Slice(globs, func(i, j int) bool {
			return posLess(l.Pos["per-path-ignores/"+globs[i]], l.Pos["per-path-ignores/"+globs[j]], globs[i], globs[j])
		})
		for _, g := range globs {
			pi := pathIgnore{glob: g, ids: map[string]bool{}}
			for _, n := range l.PerPathIgnores[g] {
				if s, ok := resolveAt(n, "per-path-ignores/"+g+"/"+n, true); ok {
					for _, id := range s.ids {
						pi.ids[id] = true
					}
				}
			}
			c.perPath = append(c.perPath, pi)
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return lineLess(errs[i], errs[j]) })
		return nil, &InputError{Lines: errs}
	}
	// The command line's --select and --ignore, checked by Run.
	if len(r.sel) > 0 || len(r.ign) > 0 {
		selection(on, r.sel, r.ign, len(r.sel) > 0)
	}
	for id, ok := range on {
		if !ok {
			c.disabled[id] = true
		}
	}
	return c, nil
}

// posLess orders positions in a file, then names.
func posLess(a, b meta.Pos, an, bn string) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return an < bn
}

// lineLess orders "file:line:col: message" lines by position.
func lineLess(a, b string) bool {
	pa, pb := strings.SplitN(a, ":", 4), strings.SplitN(b, ":", 4)
	if len(pa) < 4 || len(pb) < 4 {
		return a < b
	}
	if pa[0] != pb[0] {
		return pa[0] < pb[0]
	}
	la, _ := strconv.Atoi(pa[1])
	lb, _ := strconv.Atoi(pb[1])
	if la != lb {
		return la < lb
	}
	ca, _ := strconv.Atoi(pa[2])
	cb, _ := strconv.Atoi(pb[2])
	return ca < cb
}

// pathIgnored reports whether per-path-ignores drop rule id's findings in
// file (a path as shown in findings).
func (r *runner) pathIgnored(c *config, ch *charmScope, id, file string) bool {
	if len(c.perPath) == 0 {
		return false
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(r.dir, file)
	}
	rel, err := filepath.Rel(ch.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, pi := range c.perPath {
		if pi.ids[id] && settings.MatchGlob(pi.glob, rel) {
			return true
		}
	}
	return false
}

// settingsErr turns an error of package settings into an InputError.
func settingsErr(err error) error {
	var ds meta.Diagnostics
	if errors.As(err, &ds) {
		ie := &InputError{}
		for _, d := range ds {
			ie.Lines = append(ie.Lines, d.String())
		}
		return ie
	}
	return &InputError{Lines: []string{err.Error()}}
}

// lintCharm lints one charm and returns its findings and the number of
// files it read.
func (r *runner) lintCharm(ctx context.Context, ch *charmScope) ([]rule.Finding, int, error) {
	disp := r.display(ch.root)
	st, err := settings.Load(ch.root, disp)
	if err != nil {
		return nil, 0, settingsErr(err)
	}
	py, err := settings.LoadPyproject(ch.root, disp)
	if err != nil {
		return nil, 0, settingsErr(err)
	}
	cfg, err := r.config(settings.MergeLint(st.Lint, py))
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
	var scoped []string // container-scoped endpoints, for the Python rules
	var peers []string  // peer endpoints, for the Python rules
	var declared *python.Declared
	if r.kinds[rule.Metadata] {
		c, fs := metaFindings(ch.root, disp, juju, st.Schemas)
		findings = append(findings, fs...)
		if c != nil {
			for _, rel := range c.Relations {
				if rel.Scope == "container" {
					scoped = append(scoped, rel.Name)
				}
				if rel.Role == meta.Peers {
					peers = append(peers, rel.Name)
				}
			}
			declared = declaredNames(c)
			for _, f := range c.Files {
				abs := filepath.Join(ch.root, f)
				d := r.display(abs)
				fileKind[d] = rule.Metadata
				if src, err := readCharmFile(ch.root, abs); err == nil {
					sups[d] = parseSuppressions(d, src, false)
				}
			}
			// The daemon layout's hooks file is checked with the metadata.
			abs := filepath.Join(ch.root, hooksfile.FileName)
			if src, err := readCharmFile(ch.root, abs); err == nil {
				d := r.display(abs)
				fileKind[d] = rule.Metadata
				sups[d] = parseSuppressions(d, src, false)
			}
		}
	}

	pyFiles, goFiles := r.sourceFiles(ch)

	// Python. The model spans the charm's Python files (a part of the
	// charm asked for is checked with the rest of it in view: findings
	// outside the part are dropped below).
	if r.kinds[rule.Python] && len(pyFiles) > 0 && !pythonAvailable {
		// A charmgen built without cgo has no Python parser: say so once
		// per run (at the first Python file of the first charm that has
		// one and runs a Python rule), rather than pass what it did not
		// read.
		if !r.toldNoPython && pythonRulesOn(cfg) {
			findings = append(findings, finding(PythonUnavailable, rule.Pos{File: r.display(pyFiles[0]), Line: 1, Col: 1},
				"the Python rules did not run: this charmgen was built without cgo (CGO_ENABLED=0 or no C compiler), which they need for tree-sitter; reinstall it with a C compiler to check the Python files"))
		}
	} else if r.kinds[rule.Python] && len(pyFiles) > 0 {
		if !ch.whole {
			all, _ := r.sourceFiles(&charmScope{root: ch.root, whole: true, files: ch.files})
			pyFiles = all
		}
		fs, err := r.lintPython(ctx, ch.root, pyFiles, sups, fileKind, python.Options{ContainerScoped: scoped, Peers: peers, Declared: declared, LibMentions: libMentions(ch.root)})
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
		return ok && !cfg.disabled[id] && fileKind[file] == rl.Kind && r.kinds[rl.Kind] && !r.pathIgnored(cfg, ch, id, file)
	}
	var out []rule.Finding
	for _, f := range applySuppressions(findings, sups, ran) {
		if sev, ok := cfg.severity[f.Rule]; ok {
			f.Severity = sev
		}
		if cfg.disabled[f.Rule] || !r.inScope(ch, f.Pos.File) || r.pathIgnored(cfg, ch, f.Rule, f.Pos.File) {
			continue
		}
		out = append(out, f)
		if f.Rule == PythonUnavailable {
			r.toldNoPython = true
		}
	}
	return out, len(fileKind), nil
}

// pythonAvailable says whether this build can run the Python rules
// (python.Available: it has cgo). Tests set it to check the report of a
// build without.
var pythonAvailable = python.Available

// pythonRulesOn says whether a charm's settings leave a Python rule to run.
func pythonRulesOn(cfg *config) bool {
	for _, rl := range python.Rules {
		if !cfg.disabled[rl.ID] {
			return true
		}
	}
	return false
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

// lintPython parses the files in parallel, one tree-sitter parser per
// worker, then checks them together: the Python model spans the charm's
// files (imports, held objects and inheritance resolved across them). A
// file over the budget (LINT005) is left out of the model; a syntax error
// (LINT004) is reported in its file.
func (r *runner) lintPython(ctx context.Context, root string, files []string, sups map[string][]*suppression, fileKind map[string]rule.Kind, opts python.Options) ([]rule.Finding, error) {
	type result struct {
		fs     []rule.Finding
		parsed *python.Parsed
		sups   []*suppression
		err    error
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
				rel := files[i]
				if root != "" {
					if rp, err := filepath.Rel(root, files[i]); err == nil {
						rel = rp
					}
				}
				p, fs, syn, err := python.Parse(ctx, d, filepath.ToSlash(rel), src, python.DefaultBudget)
				if err != nil {
					results[i].err = err
					continue
				}
				if syn != nil {
					fs = append(fs, finding(PythonSyntax, syn.Pos, "syntax error: Python cannot import this file; findings around the error may be wrong"))
				}
				results[i] = result{fs: fs, parsed: p, sups: parseSuppressions(d, src, false)}
			}
		}()
	}
	for i := range files {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	var out []rule.Finding
	var parsed []*python.Parsed
	for i, res := range results {
		if res.err != nil {
			return nil, res.err
		}
		d := r.display(files[i])
		fileKind[d] = rule.Python
		sups[d] = res.sups
		out = append(out, res.fs...)
		if res.parsed != nil {
			parsed = append(parsed, res.parsed)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return append(out, python.CheckCharmWith(parsed, opts)...), nil
}

// declaredNames is what the charm's metadata declares, for PY019, or nil
// when an extension adds names charmgen does not see. Config (Actions) is
// nil when no config (actions) file or section was read: it may be
// missing from the checkout rather than from the charm.
func declaredNames(c *meta.Charm) *python.Declared {
	if len(c.Extensions) > 0 {
		return nil
	}
	d := &python.Declared{Endpoints: map[string]bool{}}
	// Without an actions file (or section), one may be missing from the
	// checkout: actions are not judged.
	if len(c.Actions) > 0 || c.Sources["actions"] != "" {
		d.Actions = map[string]bool{}
		for _, a := range c.Actions {
			d.Actions[a.Name] = true
		}
	}
	for _, r := range c.Relations {
		d.Endpoints[r.Name] = true
	}
	if len(c.Options) > 0 || c.Sources["config"] != "" {
		d.Config = map[string]bool{}
		for _, o := range c.Options {
			d.Config[o.Name] = true
		}
	}
	return d
}
