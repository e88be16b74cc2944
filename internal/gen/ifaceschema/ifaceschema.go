// Package ifaceschema is the first stage of charmgen's databag codec
// pipeline: it finds relation interface schemas in schema trees, reads each
// role file with package schema (charm/databag/schema, shared with the
// run-time validator so both read a schema the same way) and returns a
// language-neutral model of every interface version, with diagnostics that
// name the file, line, column and JSON pointer. It never emits code.
//
// A tree may be laid out in three ways, searched in this order:
//
//	docs/json_schemas/<name>/v<N>/{provider,requirer}.json   generated (charm-relation-interfaces)
//	interfaces/<name>/v<N>/schemas/{provider,requirer}.json  legacy hand-written
//	<name>/v<N>/{provider,requirer}.json                      a charm's own tree
//
// Several trees may be given; for each interface version the first tree
// that has it wins. Without a pinned version, the highest version of the
// first tree that has the interface is used.
//
// Interface names are matched with '-' and '_' treated alike (SameName):
// a charm's tls-certificates endpoint uses a tls_certificates/ schema
// directory. Within a tree, a directory spelled exactly as asked wins over
// one spelled the other way; across trees, the first tree that has the
// interface in either spelling wins. The Interface keeps the directory's
// spelling as its Name (and so the generated package's directory).
package ifaceschema

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/internal/fsutil"
)

// Layout is how a tree holds an interface version.
type Layout string

// Layouts, in the order they are searched within a tree.
const (
	LayoutGenerated Layout = "generated" // docs/json_schemas/<name>/v<N>/
	LayoutLegacy    Layout = "legacy"    // interfaces/<name>/v<N>/schemas/
	LayoutOwn       Layout = "own"       // <name>/v<N>/
)

// Roles are the role file names, without .json.
var Roles = []string{"provider", "requirer"}

// Interface is one version of one relation interface.
type Interface struct {
	Name    string
	Version int
	// Tree is the tree it was found in, as given; Dir the directory that
	// holds its role files.
	Tree, Dir string
	Layout    Layout
	// Provider and Requirer are its role files; nil when the file does not
	// exist.
	Provider, Requirer *Role
}

// Role is one role file of an interface version.
type Role struct {
	// Name is "provider" or "requirer".
	Name string
	// File is the file's path (Dir joined with the name).
	File string
	// Schema is what the file describes; nil when it cannot be used at all
	// (Diags then hold an error).
	Schema *schema.Role
	// Diags are the problems found in the file, sorted by pointer.
	Diags []Diagnostic
	// Overlay names the overlay (internal/gen/overlays) applied to the file, if
	// any.
	Overlay string
}

// Roles returns the interface's role files that exist, provider first.
func (it *Interface) Roles() []*Role {
	var out []*Role
	for _, r := range []*Role{it.Provider, it.Requirer} {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// Diags returns the diagnostics of every role file.
func (it *Interface) Diags() []Diagnostic {
	var out []Diagnostic
	for _, r := range it.Roles() {
		out = append(out, r.Diags...)
	}
	return out
}

// String returns name/vN.
func (it *Interface) String() string { return it.Name + "/v" + strconv.Itoa(it.Version) }

// Severity of a Diagnostic.
type Severity = schema.Severity

// Severities.
const (
	Warning = schema.Warning
	Error   = schema.Error
)

// Diagnostic is a problem in a schema file or tree.
type Diagnostic struct {
	Severity  Severity
	File      string
	Line, Col int
	// Pointer is the JSON pointer of the problem, as a URI fragment.
	Pointer string
	Msg     string
}

// String renders the diagnostic as "file:line:col: [warning: ]msg (#pointer)".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	if d.Pointer != "" {
		b.WriteString(" (at ")
		b.WriteString(d.Pointer)
		b.WriteString(")")
	}
	return b.String()
}

// Errors is a list of diagnostics used as an error.
type Errors []Diagnostic

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, d := range e {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

var (
	nameRE    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	versionRE = regexp.MustCompile(`^v([0-9]+)$`)
)

// NormalizeName returns the interface name with every '-' replaced by
// '_': two names that normalise alike name the same interface.
func NormalizeName(name string) string { return strings.ReplaceAll(name, "-", "_") }

// SameName reports whether a and b name the same interface ('-' and '_'
// treated alike).
func SameName(a, b string) bool { return NormalizeName(a) == NormalizeName(b) }

// ErrNotFound is wrapped by Resolve when no tree has the interface.
var ErrNotFound = errors.New("interface not found")

// candidate is an interface version directory found in a tree.
type candidate struct {
	name    string
	version int
	tree    string
	dir     string
	layout  Layout
}

// layoutDirs returns, for a tree, the directories that hold <name>/v<N>
// directories in each layout, and the sub-path of the role files.
func layoutDirs(tree string) []struct {
	layout Layout
	base   string
	sub    string
} {
	return []struct {
		layout Layout
		base   string
		sub    string
	}{
		{LayoutGenerated, filepath.Join(tree, "docs", "json_schemas"), ""},
		{LayoutLegacy, filepath.Join(tree, "interfaces"), "schemas"},
		{LayoutOwn, tree, ""},
	}
}

func hasRoleFile(dir string) bool {
	for _, r := range Roles {
		if st, err := os.Stat(filepath.Join(dir, r+".json")); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// scan lists the interface versions of one tree (first layout wins within
// the tree). Problems (a missing tree) are returned as diagnostics.
func scan(tree string) ([]candidate, []Diagnostic) {
	st, err := os.Stat(tree)
	if err != nil || !st.IsDir() {
		msg := "schema tree does not exist"
		if err == nil {
			msg = "schema tree is not a directory"
		}
		return nil, []Diagnostic{{Severity: Error, File: tree, Msg: msg}}
	}
	var out []candidate
	seen := map[string]bool{}
	var diags []Diagnostic
	for _, l := range layoutDirs(tree) {
		names, err := os.ReadDir(l.base)
		if err != nil {
			continue
		}
		for _, ne := range names {
			if !ne.IsDir() || !nameRE.MatchString(ne.Name()) {
				continue
			}
			vers, err := os.ReadDir(filepath.Join(l.base, ne.Name()))
			if err != nil {
				continue
			}
			for _, ve := range vers {
				m := versionRE.FindStringSubmatch(ve.Name())
				if !ve.IsDir() || m == nil {
					if l.layout == LayoutGenerated && (!ve.IsDir() && strings.HasSuffix(ve.Name(), ".json") ||
						ve.IsDir() && hasRoleFile(filepath.Join(l.base, ne.Name(), ve.Name()))) {
						diags = append(diags, Diagnostic{Severity: Warning, File: filepath.Join(l.base, ne.Name(), ve.Name()),
							Msg: "schema files are not laid out as <name>/v<N>/{provider,requirer}.json; ignored"})
					}
					continue
				}
				dir := filepath.Join(l.base, ne.Name(), ve.Name(), l.sub)
				if !hasRoleFile(dir) {
					continue
				}
				v, err := strconv.Atoi(m[1])
				if err != nil {
					continue
				}
				key := ne.Name() + "/" + ve.Name()
				if seen[key] {
					continue
				}
				seen[key] = true
				out = append(out, candidate{name: ne.Name(), version: v, tree: tree, dir: dir, layout: l.layout})
			}
		}
	}
	return out, diags
}

// Discover finds every interface version in the trees (the first tree
// wins for each name and version) and loads it. The list is sorted by
// name, then version. Diagnostics about the trees themselves (a tree that
// does not exist, a file outside the layout) are returned separately;
// problems in schema files are in each Role.
func Discover(trees []string) ([]*Interface, []Diagnostic) {
	var picked []candidate
	var diags []Diagnostic
	seen := map[string]bool{}
	for _, t := range trees {
		cands, ds := scan(t)
		diags = append(diags, ds...)
		for _, c := range cands {
			key := c.name + "/v" + strconv.Itoa(c.version)
			if seen[key] {
				continue
			}
			seen[key] = true
			picked = append(picked, c)
		}
	}
	// Role files are read and parsed in parallel.
	all := make([]*Interface, len(picked))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, c := range picked {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			all[i] = load(c)
			<-sem
		}()
	}
	wg.Wait()
	sort.Slice(all, func(i, j int) bool {
		if all[i].Name != all[j].Name {
			return all[i].Name < all[j].Name
		}
		return all[i].Version < all[j].Version
	})
	return all, diags
}

// Resolve finds interface name in the trees and loads it. A version of -1
// means the highest version in the first tree that has the interface;
// otherwise the first tree that has that version wins. Names match with
// '-' and '_' treated alike; within a tree the exact spelling wins. The
// error wraps ErrNotFound when no tree has it.
func Resolve(trees []string, name string, version int) (*Interface, error) {
	c, missing := find(trees, name, version)
	if c != nil {
		return load(*c), nil
	}
	what := name
	if version >= 0 {
		what += "/v" + strconv.Itoa(version)
	}
	if len(trees) == 0 {
		return nil, fmt.Errorf("%w: no schema trees configured for %s", ErrNotFound, what)
	}
	extra := ""
	if len(missing) > 0 {
		extra = fmt.Sprintf(" (missing: %s)", strings.Join(missing, ", "))
	}
	return nil, fmt.Errorf("%w: no schema for %s in %s%s", ErrNotFound, what, strings.Join(trees, ", "), extra)
}

// Has reports whether any tree has interface name (any version), matched
// as Resolve matches it, without reading the role files.
func Has(trees []string, name string) bool {
	c, _ := find(trees, name, -1)
	return c != nil
}

// find is the lookup Resolve and Has share: the candidate Resolve loads,
// and the trees that do not exist.
func find(trees []string, name string, version int) (*candidate, []string) {
	var missing []string
	for _, t := range trees {
		cands, ds := scan(t)
		if len(ds) > 0 && ds[0].Severity == Error {
			missing = append(missing, t)
			continue
		}
		// best[0]: the exact spelling; best[1]: the other spelling.
		var best [2]*candidate
		for i := range cands {
			c := &cands[i]
			if !SameName(c.name, name) {
				continue
			}
			if version >= 0 && c.version != version {
				continue
			}
			k := 0
			if c.name != name {
				k = 1
			}
			if best[k] == nil || c.version > best[k].version {
				best[k] = c
			}
		}
		for _, b := range best {
			if b != nil {
				return b, missing
			}
		}
	}
	return nil, missing
}

// Load reads the interface version in dir (a directory holding
// provider.json and/or requirer.json).
func Load(name string, version int, dir string) *Interface {
	return load(candidate{name: name, version: version, tree: dir, dir: dir, layout: LayoutOwn})
}

func load(c candidate) *Interface {
	it := &Interface{Name: c.name, Version: c.version, Tree: c.tree, Dir: c.dir, Layout: c.layout}
	for _, rn := range Roles {
		file := filepath.Join(c.dir, rn+".json")
		data, err := ReadRoleFile(c.tree, file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		r := &Role{Name: rn, File: file}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the diagnostic names the file
			}
			r.Diags = []Diagnostic{{Severity: Error, File: file, Msg: "cannot read: " + err.Error()}}
		} else {
			r.Schema, r.Diags = ParseRole(file, data)
		}
		if rn == "provider" {
			it.Provider = r
		} else {
			it.Requirer = r
		}
	}
	return it
}

// ReadRoleFile reads a role file of a schema tree: a regular file of at
// most fsutil.MaxInput bytes, not reached through a symlink that leads out
// of tree (a tree may be another party's checkout). A file that is not
// under tree is read as the user named it, still bounded.
func ReadRoleFile(tree, file string) ([]byte, error) {
	rel, err := filepath.Rel(tree, file)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fsutil.ReadFile(file, fsutil.MaxInput)
	}
	return fsutil.ReadFileIn(tree, rel, fsutil.MaxInput)
}

// ParseRole reads one role file's content; file names it in diagnostics.
func ParseRole(file string, data []byte) (*schema.Role, []Diagnostic) {
	sr, sd := schema.Parse(data)
	var diags []Diagnostic
	for _, d := range schema.SortedDiags(sd) {
		line, col := 0, 0
		if d.Offset >= 0 && len(data) > 0 {
			line, col = schema.LineCol(data, d.Offset)
		}
		diags = append(diags, Diagnostic{Severity: d.Severity, File: file, Line: line, Col: col, Pointer: d.Pointer, Msg: d.Msg})
	}
	return sr, diags
}
