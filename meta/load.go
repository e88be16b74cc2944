package meta

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/internal/fsutil"
)

// File names charmgen reads from a charm root.
const (
	CharmcraftFile = "charmcraft.yaml"
	MetadataFile   = "metadata.yaml"
	ConfigFile     = "config.yaml"
	ActionsFile    = "actions.yaml"
)

// Options control a load.
type Options struct {
	// Juju is the major Juju version the charm targets: 3 or 4. Zero means
	// 4. Under Juju 3, metadata that only Juju 4 rejects (series) loads with
	// a warning.
	Juju int
	// Warn, when set, is called with each warning once the load is done,
	// in position order, in addition to the warnings being kept in
	// Charm.Warnings.
	Warn func(Diagnostic)
	// ReadFile reads a file; nil means a bounded read inside the charm
	// directory (fsutil.ReadFileIn): regular files of at most MaxFileSize,
	// no symlink out of the directory. Tests and fuzzers swap it to load
	// from memory.
	ReadFile func(path string) ([]byte, error)
	// DisplayDir is used instead of the charm directory in positions, so
	// messages can be relative to where the user ran the command.
	DisplayDir string
}

func (o *Options) juju() int {
	if o == nil || o.Juju == 0 {
		return 4
	}
	return o.Juju
}

// Load reads the charm metadata in dir, in any of the forms charms use, and
// validates it. It returns the model even when there are errors (as far as
// it could be built), and a Diagnostics error listing every error found.
func Load(dir string, opts *Options) (*Charm, error) {
	if opts == nil {
		opts = &Options{}
	}
	read := opts.ReadFile
	if read == nil {
		read = func(path string) ([]byte, error) {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return fsutil.ReadFile(path, MaxFileSize)
			}
			return fsutil.ReadFileIn(dir, rel, MaxFileSize)
		}
	}
	disp := opts.DisplayDir
	if disp == "" {
		disp = dir
	}
	l := &loader{opts: opts, dir: dir, disp: disp, read: read}
	c := l.load()
	l.r.diags.Sort()
	c.Warnings = l.r.diags.Warnings()
	if opts.Warn != nil {
		for _, w := range c.Warnings {
			opts.Warn(w)
		}
	}
	if errs := l.r.diags.Errors(); len(errs) > 0 {
		return c, errs
	}
	return c, nil
}

// LoadFiles loads metadata from in-memory files (name → content), as Load
// does from a directory. It is what fuzzers and tests use.
func LoadFiles(files map[string][]byte, opts *Options) (*Charm, error) {
	o := Options{}
	if opts != nil {
		o = *opts
	}
	o.ReadFile = func(path string) ([]byte, error) {
		if b, ok := files[filepath.Base(path)]; ok {
			return b, nil
		}
		return nil, fs.ErrNotExist
	}
	if o.DisplayDir == "" {
		o.DisplayDir = "."
	}
	return Load(".", &o)
}

type loader struct {
	opts *Options
	dir  string
	disp string
	read func(string) ([]byte, error)
	r    reporter
	c    *Charm
}

func (l *loader) display(name string) string {
	if l.disp == "." {
		return name
	}
	return filepath.Join(l.disp, name)
}

// readDoc reads and parses one file. ok is false when the file is absent.
func (l *loader) readDoc(name string) (n *Node, present bool) {
	data, err := l.read(filepath.Join(l.dir, name))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false
		}
		code := "read"
		if errors.Is(err, fsutil.ErrTooLarge) {
			code = "file-too-large"
		}
		l.r.errorf(Pos{File: l.display(name), Line: 1, Col: 1}, code, "cannot read file: %v", unwrapPathError(err))
		return nil, true
	}
	l.c.Files = append(l.c.Files, name)
	n = parseYAML(&l.r, l.display(name), data)
	if n != nil {
		l.c.Raw[name] = n
	}
	return n, true
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// metadataKeys are the keys that make a charmcraft.yaml carry the charm's
// metadata (rather than only build settings).
var metadataKeys = []string{
	"name", "summary", "description", "title", "links", "provides", "requires", "peers",
	"extra-bindings", "subordinate", "containers", "resources", "storage", "devices",
	"assumes", "charm-user", "terms",
}

func (l *loader) load() *Charm {
	c := &Charm{Dir: l.dir, Sources: map[string]string{}, Raw: map[string]*Node{}}
	l.c = c
	cc, ccPresent := l.readDoc(CharmcraftFile)
	md, mdPresent := l.readDoc(MetadataFile)
	cfg, cfgPresent := l.readDoc(ConfigFile)
	act, actPresent := l.readDoc(ActionsFile)

	if !ccPresent && !mdPresent {
		l.r.errorf(Pos{File: l.disp, Line: 1, Col: 1}, "no-metadata",
			"no charm metadata here: expected %s (or a legacy %s); run charmgen in the charm's root, or create one with 'charmgen new'", CharmcraftFile, MetadataFile)
		return c
	}
	ccFile, mdFile := l.display(CharmcraftFile), l.display(MetadataFile)
	if cc != nil && cc.Kind != KindMap {
		l.r.errorf(cc.Pos, "type", "%s must be a mapping of keys to values, not %s", CharmcraftFile, describe(cc))
		cc = nil
	}
	if md != nil && md.Kind != KindMap {
		l.r.errorf(md.Pos, "type", "%s must be a mapping of keys to values, not %s", MetadataFile, describe(md))
		md = nil
	}
	if ccPresent && cc == nil && !mdPresent && len(l.r.diags.Errors()) == 0 {
		l.r.errorf(Pos{File: ccFile, Line: 1, Col: 1}, "empty", "%s is empty; it needs at least name, summary, description and type: charm", CharmcraftFile)
	}
	if mdPresent && md == nil && len(l.r.diags.Errors()) == 0 {
		l.r.errorf(Pos{File: mdFile, Line: 1, Col: 1}, "empty", "%s is empty; it needs at least name, summary and description", MetadataFile)
	}

	// Which file holds the metadata.
	var metaNode *Node
	ccHasMeta := false
	if cc != nil {
		for _, k := range metadataKeys {
			if cc.Entry(k) != nil {
				ccHasMeta = true
				break
			}
		}
	}
	switch {
	case ccHasMeta && md != nil:
		metaNode = l.mergeMetadata(cc, md)
		c.Sources["metadata"] = MetadataFile
	case ccHasMeta:
		metaNode = cc
		c.Sources["metadata"] = CharmcraftFile
	case md != nil:
		metaNode = md
		c.Sources["metadata"] = MetadataFile
	case cc != nil && !mdPresent:
		l.r.errorf(cc.Pos, "no-metadata", "%s holds only build settings and there is no %s; add name, summary and description to %s", CharmcraftFile, MetadataFile, CharmcraftFile)
	}
	if metaNode != nil {
		l.parseMetadata(metaNode, metaNode == cc)
		if metaNode != cc && !c.Title.Set && cc != nil && cc.Get("title") != nil {
			c.Title = l.str(cc.Get("title"), "title")
		}
		if metaNode != cc && cc != nil && cc.Get("links") != nil {
			// charmcraft.yaml's links beside metadata.yaml's docs,
			// issues, source and website: each set link wins.
			md := c.Links
			l.parseLinks(cc.Get("links"))
			c.Links = mergeLinks(c.Links, md)
		}
	}
	if cc != nil {
		l.parseBuild(cc, metaNode == cc)
		c.Sources["build"] = CharmcraftFile
	}

	// Config: charmcraft.yaml config: or config.yaml.
	if e := cc.Entry("config"); e != nil {
		if cfgPresent {
			l.r.errorf(e.KeyPos, "config-twice", "%s has a config section but %s exists too; keep the options in one of them", CharmcraftFile, ConfigFile)
		}
		c.Sources["config"] = CharmcraftFile
		l.parseConfig(e.Value, e.KeyPos, false)
	} else if cfgPresent {
		c.Sources["config"] = ConfigFile
		if cfg == nil {
			if len(l.r.diags.Errors()) == 0 {
				l.r.errorf(Pos{File: l.display(ConfigFile), Line: 1, Col: 1}, "empty", "%s is empty; Juju rejects it (\"invalid config: empty configuration\"): add 'options: {}' or delete the file", ConfigFile)
			}
		} else {
			l.parseConfig(cfg, cfg.Pos, true)
		}
	}

	// Actions: charmcraft.yaml actions: or actions.yaml.
	if e := cc.Entry("actions"); e != nil {
		if actPresent {
			l.r.errorf(e.KeyPos, "actions-twice", "%s has an actions section but %s exists too; keep the actions in one of them", CharmcraftFile, ActionsFile)
		}
		c.Sources["actions"] = CharmcraftFile
		l.parseActions(e.Value)
	} else if actPresent {
		c.Sources["actions"] = ActionsFile
		if act != nil {
			l.parseActions(act)
		}
	}

	c.Format = formatOf(c.Sources)
	sort.Strings(c.Files)
	l.validate()
	return c
}

func formatOf(src map[string]string) string {
	unified, legacy := 0, 0
	for _, k := range []string{"metadata", "config", "actions"} {
		switch src[k] {
		case CharmcraftFile:
			unified++
		case "":
		default:
			legacy++
		}
	}
	switch {
	case legacy == 0:
		return "unified"
	case src["metadata"] == MetadataFile && unified == 0:
		return "legacy"
	}
	return "hybrid"
}

// migrateFields are the keys charmcraft takes from either file but refuses
// in both (charmcraft/const.py METADATA_YAML_MIGRATE_FIELDS).
var migrateFields = []string{"name", "summary", "description"}

// mergeMetadata is the metadata of a charm with both charmcraft.yaml and
// metadata.yaml, as charmcraft 3 reads it (charmcraft/preprocess.py,
// add_metadata): name, summary and description may be in either file but
// not both (an error, as charmcraft's "Fields in charmcraft.yaml cannot be
// duplicated in metadata.yaml"); the other metadata keys of charmcraft.yaml
// (title, links, ...) stand beside metadata.yaml's. A key other than those
// three in both files is a warning: which one a tool reads is not certain.
// The result is metadata.yaml's mapping with charmcraft.yaml's entries that
// it lacks appended (title aside: the caller reads it, as metadata.yaml
// spells it display-name).
func (l *loader) mergeMetadata(cc, md *Node) *Node {
	merged := &Node{Kind: md.Kind, Pos: md.Pos, Entries: append([]*Entry(nil), md.Entries...)}
	for _, k := range metadataKeys {
		e := cc.Entry(k)
		if e == nil {
			continue
		}
		switch {
		case md.Entry(k) != nil && slices.Contains(migrateFields, k):
			l.r.errorf(e.KeyPos, "metadata-twice",
				"%s and %s both define %q; charmcraft refuses a duplicate name, summary or description: keep it in one file (prefer %s)",
				CharmcraftFile, MetadataFile, k, CharmcraftFile)
		case md.Entry(k) != nil:
			l.r.warnf(e.KeyPos, "metadata-twice",
				"%s and %s both define %q; keep it in one file (prefer %s and move the rest of %s into it)",
				CharmcraftFile, MetadataFile, k, CharmcraftFile, MetadataFile)
		case k != "title" && k != "links":
			// title and links are charmcraft.yaml's own keys, which
			// metadata.yaml spells otherwise (display-name; docs,
			// issues, source, website): load parses them from
			// charmcraft.yaml, not as unknown metadata.yaml keys.
			merged.Entries = append(merged.Entries, e)
		}
	}
	return merged
}

func firstEntry(n *Node, keys []string) *Entry {
	var first *Entry
	for _, k := range keys {
		if e := n.Entry(k); e != nil && (first == nil || e.KeyPos.Line < first.KeyPos.Line) {
			first = e
		}
	}
	return first
}

// expect reports an error unless n has kind k. A nil node passes.
func (l *loader) expect(n *Node, what string, kinds ...Kind) bool {
	if n == nil {
		return false
	}
	for _, k := range kinds {
		if n.Kind == k {
			return true
		}
	}
	want := kinds[0].String()
	if len(kinds) > 1 {
		want = ""
		for i, k := range kinds {
			if i > 0 {
				want += " or "
			}
			want += k.String()
		}
	}
	article := "a"
	if strings.ContainsRune("aeiou", rune(want[0])) {
		article = "an"
	}
	l.r.errorf(n.Pos, "type", "%s must be %s %s, not %s", what, article, want, describe(n))
	return false
}

func (l *loader) str(n *Node, what string) Str {
	if n == nil || n.Kind == KindNull {
		return Str{}
	}
	if n.Kind != KindString {
		// Numbers and booleans where text is expected are what YAML does to
		// unquoted values such as 1.0 or yes: say so.
		if n.Kind == KindInt || n.Kind == KindFloat || n.Kind == KindBool {
			l.r.errorf(n.Pos, "type", "%s must be a string, not %s; quote it", what, describe(n))
			return Str{V: n.Raw, Pos: n.Pos, Set: true}
		}
		l.r.errorf(n.Pos, "type", "%s must be a string, not %s", what, describe(n))
		return Str{}
	}
	return Str{V: n.Str, Pos: n.Pos, Set: true}
}

func (l *loader) boolean(n *Node, what string) Bool {
	if n == nil || n.Kind == KindNull {
		return Bool{}
	}
	if !l.expect(n, what, KindBool) {
		return Bool{}
	}
	return Bool{V: n.Bool, Pos: n.Pos, Set: true}
}

// strList accepts a list of strings, or a single string where allowOne.
func (l *loader) strList(n *Node, what string, allowOne bool) []Str {
	if n == nil || n.Kind == KindNull {
		return nil
	}
	if allowOne && n.Kind == KindString {
		return []Str{{V: n.Str, Pos: n.Pos, Set: true}}
	}
	if !l.expect(n, what, KindSeq) {
		return nil
	}
	var out []Str
	for i, it := range n.Items {
		s := l.str(it, fmt.Sprintf("%s[%d]", what, i))
		if s.Set {
			out = append(out, s)
		}
	}
	return out
}

func (l *loader) integer(n *Node, what string) (int64, bool) {
	if n == nil || n.Kind == KindNull {
		return 0, false
	}
	if !l.expect(n, what, KindInt) {
		return 0, false
	}
	return n.Int, true
}

// knownKeys warns about keys outside known, which are usually typos.
func (l *loader) knownKeys(n *Node, where string, known []string, severity Severity, hint string) {
	if n == nil || n.Kind != KindMap {
		return
	}
	for _, e := range n.Entries {
		found := false
		for _, k := range known {
			if e.Key == k {
				found = true
				break
			}
		}
		if found {
			continue
		}
		msg := fmt.Sprintf("unknown key %q in %s", e.Key, where)
		if to, ok := movedToLinks[e.Key]; ok && where == CharmcraftFile {
			msg += fmt.Sprintf("; charmcraft reads it under links (links.%s)", to)
		} else if s := suggest(e.Key, known); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else if hint != "" {
			msg += "; " + hint
		}
		l.r.add(Diagnostic{Pos: e.KeyPos, Severity: severity, Code: "unknown-key", Message: msg})
	}
}

// movedToLinks are metadata.yaml's project links, which charmcraft.yaml keeps
// under links: (charmcraft/models/charmcraft.py's Links), with the name
// each has there. At the top level charmcraft 3 refuses them.
var movedToLinks = map[string]string{
	"website": "website", "source": "source", "issues": "issues",
	"docs": "documentation", "maintainers": "contact",
}

// suggest returns the known key closest to key when it is a likely typo.
func suggest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := editDistance(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// mergeLinks returns a with each link it leaves unset taken from b.
func mergeLinks(a, b Links) Links {
	if len(a.Contact) == 0 {
		a.Contact = b.Contact
	}
	if !a.Documentation.Set {
		a.Documentation = b.Documentation
	}
	if len(a.Issues) == 0 {
		a.Issues = b.Issues
	}
	if len(a.Source) == 0 {
		a.Source = b.Source
	}
	if len(a.Website) == 0 {
		a.Website = b.Website
	}
	return a
}
