package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/gen"
	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/internal/templates"
	"github.com/charmgen/charmgen/meta"
	"github.com/spf13/cobra"
)

// charmgenModule is charmgen's own module path, which new charms require.
const charmgenModule = "github.com/charmgen/charmgen"

// newGoVersion is the go directive of a new charm's go.mod; charmgen's own
// go.mod needs the same.
const newGoVersion = "1.25"

// pseudoVersion is the version a new charm requires when go.mod replaces
// charmgen with a directory: any version works then, and this one says so.
const pseudoVersion = "v0.0.0-00010101000000-000000000000"

type newOptions struct {
	name, dir, kind, layout, module, sdk, from string
	schemas                                    []string
	tidy                                       bool
	// kindSet says --kind was given: a port takes its kind from the
	// metadata, and a --kind that disagrees is an error.
	kindSet bool
}

func newNewCmd(e *env) *cobra.Command {
	o := newOptions{kind: templates.Machine, layout: templates.GoLayout, tidy: true}
	cmd := &cobra.Command{
		Use:   "new NAME [--dir DIR] [--kind machine|kubernetes] [--layout go|daemon] [--from CHARM] [--module PATH] [--sdk DIR] [--schemas DIR]",
		Short: "Create a Go charm that builds, passes its tests and simulates on the first try",
		Long: `Create a charm named NAME in DIR (default: ./NAME), which must be empty or
not exist: charmcraft.yaml (base ubuntu@24.04, amd64 and arm64, a go part with
a pinned go snap whose binary is the charm's dispatch), charmgen.yaml, go.mod,
the generated code and cmd/NAME/main.go (as 'charmgen gen' makes them), a
reconciler that does real work for the kind, unit tests with charmtest, an
integration test with jujutest (build tag integration), README.md, a Makefile
(build, test, gen, gen-check, lint, sim), a GitHub Actions workflow and a
pre-commit config that runs charmgen lint.

--kind machine (the default) makes a charm that renders a systemd unit from
its config and writes it only when it differs; --kind kubernetes makes one
with a workload container, its OCI image resource and assumes k8s-api, whose
reconciler computes the container's Pebble layer.

--layout go (the default) makes the layout above, whose binary is the
charm's dispatch. --layout daemon makes the Lucky-style daemon layout
(docs/daemon.md): cmd/NAME/main.go runs daemon.Main, so the one binary is
the dispatch client, the unit's daemon and the CLI its scripts call back;
internal/charm/charm.go holds a daemon reconciler (machine: opens the
configured port and records it in the unit's KV store; kubernetes: computes
the Pebble layer), charmgen-hooks.yaml maps install and config-changed to
scripts/configure.sh, and charmgen.yaml says layout: daemon. It has no
integration test.

--from CHARM ports an existing charm (unified, legacy or hybrid metadata, in
Python or anything else) into a Go charm: its metadata, config and actions
become the new charm's charmcraft.yaml in unified form (as 'charmgen meta
convert --to unified' writes it), with the Go part as its build (the
source's parts stay in it, commented out); containers make it a Kubernetes
charm. charm.go is charmgen gen's stub of every handler (one method per
action), charm_test.go runs the deploy and every action against it, and the
README says what was carried over and what is left to write. Relations
whose interface has a schema in a --schemas tree get typed codecs.

--module sets the Go module path (default charm.example/NAME, a placeholder:
.example never resolves). The charm requires charmgen; only with --sdk DIR
(a charmgen checkout) does go.mod replace it with that directory, so the
charm builds offline ('make vendor' then copies it into vendor/, so it
builds without it). Without --sdk the charm needs charmgen published on the
module proxy, which it is not yet. Then 'go mod tidy' runs in DIR (unless
--tidy=false) to write go.sum.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr("%s takes one charm name, got %d arguments", cmd.CommandPath(), len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			o.kindSet = cmd.Flags().Changed("kind")
			return e.runNew(o)
		},
	}
	cmd.Flags().StringVar(&o.dir, "dir", "", "directory to create the charm in (default: ./NAME); it must be empty or not exist")
	cmd.Flags().StringVar(&o.kind, "kind", o.kind, "kind of charm: machine or kubernetes")
	cmd.Flags().StringVar(&o.layout, "layout", o.layout, "charm layout: go (one binary is dispatch) or daemon (Lucky-style, docs/daemon.md)")
	cmd.Flags().StringVar(&o.module, "module", "", "Go module path of the charm (default: charm.example/NAME)")
	cmd.Flags().StringVar(&o.from, "from", "", "port the existing charm in this directory (any metadata form, any language) into a Go charm")
	cmd.Flags().StringVar(&o.sdk, "sdk", "", "charmgen source checkout that go.mod replaces charmgen with, for offline builds (only this flag writes a replace)")
	cmd.Flags().StringArrayVar(&o.schemas, "schemas", nil, "relation interface schema tree for charmgen.yaml's schemas (repeatable): endpoints whose interface has a schema there get typed codecs")
	cmd.Flags().BoolVar(&o.tidy, "tidy", o.tidy, "run 'go mod tidy' in the new charm to write go.sum")
	return cmd
}

// modulePathRE is a loose check of a Go module path; go itself has the
// last word.
var modulePathRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._~-]*(/[A-Za-z0-9._~-]+)*$`)

func (e *env) runNew(o newOptions) error {
	if err := checkCharmName(o.name); err != nil {
		return usageErr("%v", err)
	}
	if o.kind != templates.Machine && o.kind != templates.Kubernetes {
		return usageErr("--kind must be %s, not %q", strings.Join(templates.Kinds, " or "), o.kind)
	}
	if o.layout != templates.GoLayout && o.layout != templates.DaemonLayout {
		return usageErr("--layout must be %s, not %q", strings.Join(templates.Layouts, " or "), o.layout)
	}
	if o.from != "" && o.layout != templates.GoLayout {
		return usageErr("--from ports a charm into the %s layout; drop --layout %s", templates.GoLayout, o.layout)
	}
	if o.module == "" {
		o.module = "charm.example/" + o.name
	}
	if !modulePathRE.MatchString(o.module) {
		return usageErr("--module %q is not a Go module path (such as github.com/you/%s)", o.module, o.name)
	}
	if o.dir == "" {
		o.dir = o.name
	}
	if err := checkEmptyDir(o.dir); err != nil {
		return &exitError{code: ExitError, err: err}
	}

	d := templates.Data{Name: o.name, Kind: o.kind, Layout: o.layout, Module: o.module, GoVersion: newGoVersion}
	sdk, err := findSDK(o.sdk)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	if sdk != "" {
		if d.Replace, err = replacePath(o.dir, sdk, !filepath.IsAbs(o.sdk)); err != nil {
			return &exitError{code: ExitError, err: err}
		}
		d.Require = pseudoVersion
	} else {
		d.Require = releasedVersion()
	}
	for _, s := range o.schemas {
		rel, err := schemaPath(o.dir, s)
		if err != nil {
			return &exitError{code: ExitError, err: err}
		}
		d.Schemas = append(d.Schemas, rel)
	}
	if o.from != "" {
		if err := e.port(&o, &d); err != nil {
			return err
		}
	}
	files, err := templates.Render(d)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("rendering the templates: %w", err)}
	}
	if err := checkRendered(files, d.Port != nil); err != nil {
		return &exitError{code: ExitError, err: err}
	}

	var written []string
	for _, f := range files {
		p, err := fsutil.Join(o.dir, filepath.FromSlash(f.Path))
		if err != nil {
			return &exitError{code: ExitError, err: err}
		}
		mode := f.Mode
		if mode == 0 {
			mode = 0o644
		}
		if _, err := fsutil.WriteFile(p, f.Content, mode); err != nil {
			return &exitError{code: ExitError, err: err}
		}
		written = append(written, f.Path)
	}
	// The generated code and (in the Go layout) main.go come from the
	// generator itself; the templated charm.go is already there, so gen
	// leaves it alone. A port has none, so gen writes its stub of every
	// handler.
	generated, err := e.genNew(o.dir)
	if err != nil {
		return err
	}
	written = append(written, generated...)

	if err := e.tidyNew(o, d.Replace != ""); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(o.dir, "go.sum")); err == nil {
		written = append(written, "go.sum")
	}
	sort.Strings(written)
	layout := ""
	if o.layout == templates.DaemonLayout {
		layout = ", daemon layout"
	}
	if d.Port != nil {
		fmt.Fprintf(e.stdout, "ported the %s charm %s from %s (%s metadata) to Go (module %s) in %s:\n", o.kind, o.name, o.from, d.Port.Format, o.module, o.dir)
	} else {
		fmt.Fprintf(e.stdout, "created the %s charm %s (module %s%s) in %s:\n", o.kind, o.name, o.module, layout, o.dir)
	}
	for _, p := range written {
		fmt.Fprintf(e.stdout, "  %s\n", p)
	}
	if d.Port != nil {
		fmt.Fprintf(e.stdout, "next:\n  cd %s\n  read README.md: what was carried over, and what is left to write\n  make test   # the deploy and every action, against the stubs\n  make sim    # the deploy lifecycle under charmgen sim\n", o.dir)
		return nil
	}
	fmt.Fprintf(e.stdout, "next:\n  cd %s\n  make test   # unit tests with charmtest\n  make sim    # the deploy lifecycle under charmgen sim\n", o.dir)
	return nil
}

// schemaPath is a --schemas directory as charmgen.yaml in the new charm in
// dir names it: relative to the charm root, as charmgen.yaml's schemas are.
func schemaPath(dir, schemas string) (string, error) {
	st, err := os.Stat(schemas)
	if err != nil || !st.IsDir() {
		return "", fmt.Errorf("--schemas %s: not a directory; name a relation interface schema tree (such as a checkout of charm-relation-interfaces)", schemas)
	}
	abs, err := filepath.Abs(schemas)
	if err != nil {
		return "", err
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, abs)
	if err != nil {
		return "", fmt.Errorf("--schemas %s: no path to it from %s, and charmgen.yaml names schema trees relative to the charm", schemas, dir)
	}
	return filepath.ToSlash(rel), nil
}

// checkCharmName applies meta's charm name rules (Juju's and charmcraft's)
// to name; the error says what a name may look like.
func checkCharmName(name string) error {
	if name == "" {
		return errors.New("the charm name is empty: use lower-case letters, digits and hyphens, starting with a letter")
	}
	src := "name: " + strconv.Quote(name) + "\n"
	_, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(src)}, nil)
	var ds meta.Diagnostics
	if errors.As(err, &ds) {
		for _, d := range ds.Errors() {
			if d.Code == "name" {
				return errors.New(d.Message)
			}
		}
	}
	return nil
}

// checkEmptyDir fails unless dir is an empty directory or does not exist:
// charmgen new never overwrites anything.
func checkEmptyDir(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s exists and is not a directory; charmgen new never overwrites: choose another --dir", dir)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return fmt.Errorf("%s is not empty (it holds %s); charmgen new never overwrites: choose another --dir or empty it", dir, ents[0].Name())
	}
	return nil
}

// findSDK returns the charmgen checkout go.mod should replace charmgen
// with: the directory --sdk names, which must hold charmgen's go.mod, or ""
// without --sdk. Only --sdk writes a replace: a charm made by a charmgen
// that runs from a checkout requires the module path like any other.
func findSDK(named string) (string, error) {
	if named == "" {
		return "", nil
	}
	abs, err := filepath.Abs(named)
	if err != nil {
		return "", err
	}
	if mod, _ := goModModule(filepath.Join(abs, "go.mod")); mod != charmgenModule {
		return "", fmt.Errorf("--sdk %s: no go.mod of module %s there; name the root of a charmgen checkout", named, charmgenModule)
	}
	return abs, nil
}

// goModModule returns the module path a go.mod declares.
func goModModule(path string) (string, error) {
	data, err := fsutil.ReadFile(path, fsutil.MaxInput)
	if err != nil {
		return "", err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`), nil
		}
	}
	return "", sc.Err()
}

// replacePath is the replace target for sdk as seen from the new charm in
// dir: relative (./ or ../) when the user named sdk relatively, so the pair
// can move together, else absolute.
func replacePath(dir, sdk string, relative bool) (string, error) {
	if !relative {
		return filepath.ToSlash(sdk), nil
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, sdk)
	if err != nil {
		return filepath.ToSlash(sdk), nil
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, "../") && rel != ".." {
		rel = "./" + rel
	}
	return rel, nil
}

// releasedVersion is the charmgen version a new charm requires when no
// checkout replaces it: this binary's, when it is a release; "" leaves the
// choice to go mod tidy (the latest).
func releasedVersion() string {
	semver := regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	if semver.MatchString(Version) {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == charmgenModule && semver.MatchString(bi.Main.Version) {
		return bi.Main.Version
	}
	return ""
}

// checkRendered loads the rendered charmcraft.yaml as every command will:
// a template that renders invalid metadata is charmgen's bug, caught before
// anything is written; so is a port whose metadata does not load.
func checkRendered(files []templates.File, ported bool) error {
	for _, f := range files {
		if f.Path != "charmcraft.yaml" {
			continue
		}
		if _, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": f.Content}, nil); err != nil {
			if ported {
				return fmt.Errorf("the ported charmcraft.yaml does not load (a bug in charmgen's conversion; please report it, with the source charm): %w", err)
			}
			return fmt.Errorf("charmgen's template renders invalid metadata (a bug; please report it): %w", err)
		}
	}
	return nil
}

// genNew runs charmgen gen in the new charm and returns the files it wrote.
func (e *env) genNew(dir string) ([]string, error) {
	lc, err := e.loadCharm(dir, &charmFlags{})
	if err != nil {
		return nil, err
	}
	if len(lc.errs) > 0 {
		return nil, e.printErrors(lc.errs)
	}
	files, err := gen.Plan(gen.Options{Dir: dir, Settings: lc.settings, Charm: lc.charm})
	if err != nil {
		return nil, &exitError{code: ExitError, err: err}
	}
	written, err := gen.Write(dir, files)
	if err != nil {
		return nil, &exitError{code: ExitError, err: err}
	}
	return written, nil
}

// tidyNew runs go mod tidy in the new charm, which writes go.sum (and,
// without a pinned charmgen version, picks the latest).
func (e *env) tidyNew(o newOptions, replaced bool) error {
	// Without --sdk, go.mod requires charmgen from the module proxy.
	unpublished := ""
	if !replaced {
		unpublished = fmt.Sprintf("without --sdk, the charm needs %s published on the module proxy, which it is not yet: remove %s and run charmgen new again with --sdk DIR (a charmgen checkout) to build against it, offline", charmgenModule, o.dir)
	}
	if !o.tidy {
		fmt.Fprintf(e.stderr, "charmgen: --tidy=false: run 'go mod tidy' in %s before building\n", o.dir)
		if unpublished != "" {
			fmt.Fprintf(e.stderr, "charmgen: %s\n", unpublished)
		}
		return nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintf(e.stderr, "charmgen: the go tool is not on PATH, so go.sum was not written: install Go %s or newer and run 'go mod tidy' in %s\n", newGoVersion, o.dir)
		return nil
	}
	if replaced {
		e.progressf("go mod tidy in %s (against the --sdk checkout; a cold module cache downloads charmgen's dependencies first)", o.dir)
	} else {
		e.progressf("go mod tidy in %s (fetching %s and its dependencies from the module proxy)", o.dir, charmgenModule)
	}
	cmd := exec.Command(goTool, "mod", "tidy")
	cmd.Dir = o.dir
	cmd.Stdout, cmd.Stderr = e.stderr, e.stderr
	if err := cmd.Run(); err != nil {
		hint := ""
		if unpublished != "" {
			hint = "; " + unpublished
		}
		return &exitError{code: ExitError, err: fmt.Errorf("the charm is written, but 'go mod tidy' failed in %s (%v): fix the cause and run it there again%s", o.dir, err, hint)}
	}
	return nil
}
