package lint

import (
	"context"
	"fmt"
	"go/ast"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/lint/rule"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// lintGo loads the packages that hold goFiles (from source for themselves,
// from export data for their dependencies) and runs the enabled Go
// analyzers over them through go/analysis/checker. A package that does not
// load or type-check is an input error: its errors are returned as
// path:line:col lines.
func (r *runner) lintGo(ctx context.Context, ch *charmScope, goFiles []string, cfg *config, sups map[string][]*suppression, fileKind map[string]rule.Kind) ([]rule.Finding, error) {
	dirs := map[string]bool{}
	for _, f := range goFiles {
		dirs[filepath.Dir(f)] = true
	}
	var patterns []string
	for d := range dirs {
		rel, err := filepath.Rel(ch.root, d)
		if err != nil || strings.HasPrefix(rel, "..") {
			patterns = append(patterns, d)
			continue
		}
		patterns = append(patterns, "./"+filepath.ToSlash(rel))
	}
	sort.Strings(patterns)
	pcfg := &packages.Config{
		Context: ctx,
		Mode:    packages.LoadSyntax | packages.NeedModule,
		Dir:     ch.root,
	}
	stop := r.progress(fmt.Sprintf("type-checking the Go code of %s (go list builds its dependencies; with a cold build cache this takes a minute or more)", r.display(ch.root)))
	pkgs, err := packages.Load(pcfg, patterns...)
	stop()
	if err != nil {
		return nil, &InputError{Lines: []string{fmt.Sprintf("%s:1:1: cannot load the Go packages: %v", r.display(ch.root), err)}}
	}
	var errs []string
	var loaded []*packages.Package
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 && len(p.Syntax) == 0 {
			continue // every file excluded by build constraints: nothing to lint
		}
		loaded = append(loaded, p)
		for _, e := range p.Errors {
			msg := e.Msg
			if e.Pos != "" && e.Pos != "-" {
				msg = r.displayPos(e.Pos) + ": " + msg
			} else {
				msg = r.display(ch.root) + ":1:1: " + p.PkgPath + ": " + msg
			}
			errs = append(errs, msg)
		}
	}
	if len(errs) > 0 {
		return nil, &InputError{Lines: append(errs, fmt.Sprintf("%s:1:1: the Go code does not build; charmgen lint needs it to type-check", r.display(ch.root)))}
	}

	var analyzers []*analysis.Analyzer
	ruleOf := map[*analysis.Analyzer]rule.Rule{}
	for _, g := range goRules {
		if !cfg.disabled[g.rule.ID] {
			analyzers = append(analyzers, g.analyzer)
			ruleOf[g.analyzer] = g.rule
		}
	}
	pkgs = loaded
	generated := map[string]bool{}
	for _, p := range pkgs {
		for i, f := range p.Syntax {
			name := p.Fset.File(f.Pos()).Name()
			if i < len(p.CompiledGoFiles) {
				name = p.CompiledGoFiles[i]
			}
			d := r.display(name)
			fileKind[d] = rule.Go
			if ast.IsGenerated(f) {
				generated[d] = true
			}
			if src, err := readCharmFile(ch.root, name); err == nil {
				sups[d] = parseSuppressions(d, src, true)
			}
		}
	}
	if len(analyzers) == 0 {
		return nil, nil
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		return nil, err
	}
	var out []rule.Finding
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			return nil, fmt.Errorf("%s: %v", act, act.Err)
		}
		rl := ruleOf[act.Analyzer]
		for _, d := range act.Diagnostics {
			p := act.Package.Fset.Position(d.Pos)
			file := r.display(p.Filename)
			if generated[file] {
				continue // generated code is fixed in its generator
			}
			out = append(out, rule.Finding{
				Rule: rl.ID, Severity: rl.Severity,
				Pos:     rule.Pos{File: file, Line: p.Line, Col: p.Column},
				Message: d.Message,
			})
		}
	}
	return out, nil
}

// displayPos rewrites the file of a "file:line:col" position for display.
func (r *runner) displayPos(p string) string {
	file, rest := p, ""
	// Split off :line[:col] from the end; the file itself may hold colons.
	for i := 0; i < 2; i++ {
		j := strings.LastIndexByte(file, ':')
		if j < 0 {
			break
		}
		if _, err := fmt.Sscanf(file[j+1:], "%d", new(int)); err != nil {
			break
		}
		rest = file[j:] + rest
		file = file[:j]
	}
	if filepath.IsAbs(file) {
		file = r.display(file)
	}
	return file + rest
}

// progress tells Options.Progress msg once the step it starts has taken
// longer than Options.ProgressAfter (at once when that is 0), unless the
// step has ended first: call the returned func when it ends.
func (r *runner) progress(msg string) (stop func()) {
	tell := r.opts.Progress
	if tell == nil {
		return func() {}
	}
	if r.opts.ProgressAfter <= 0 {
		tell(msg)
		return func() {}
	}
	var mu sync.Mutex
	ended := false
	t := time.AfterFunc(r.opts.ProgressAfter, func() {
		mu.Lock()
		defer mu.Unlock()
		if !ended {
			tell(msg)
		}
	})
	return func() {
		t.Stop()
		// Wait for a tell under way, so that nothing is written after.
		mu.Lock()
		ended = true
		mu.Unlock()
	}
}
