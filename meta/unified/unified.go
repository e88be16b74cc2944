// Package unified converts charm metadata in any of its forms — legacy
// (metadata.yaml, config.yaml and actions.yaml, with or without a build-only
// charmcraft.yaml), hybrid or already unified — into one charmcraft.yaml in
// charmcraft's unified form.
//
// Values are copied from the parsed YAML of the file each section came from
// (meta.Charm.Raw), so keys and values charmgen does not model survive;
// scalars keep their YAML types for YAML 1.1 and 1.2 readers alike. Keys
// are renamed where charmcraft.yaml names them otherwise (display-name →
// title, maintainers → links.contact, docs → links.documentation), series
// become base and platforms where a series names an Ubuntu release, and
// what charmcraft.yaml has no place for is kept at the end of the file,
// commented out, with the reason. The output is deterministic: the same
// charm gives the same bytes, with no dates and no versions in it.
package unified

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmgen/charmgen/meta"
	"gopkg.in/yaml.v3"
)

// DefaultArch is the architecture a series or a bases entry that names
// none is converted for: charmcraft builds for the build host's, and
// charmgen must not depend on the host.
const DefaultArch = "amd64"

// Options control a conversion.
type Options struct {
	// Command names what made the file, in its header; empty means
	// "charmgen meta convert --to unified".
	Command string
}

// Doc is a unified charmcraft.yaml being built: its top-level sections in
// the order they are written, what has no place in it (written at the end,
// commented out) and the notes that say what the conversion changed.
type Doc struct {
	// Header is the comment at the top of the file, one line per element,
	// without the leading "# ".
	Header []string
	// Sections are the top-level keys, in canonical order.
	Sections []*Section
	// Dropped are the source keys charmcraft.yaml has no place for, in the
	// order they were found.
	Dropped []*Dropped
	// Notes are warnings, positioned at the source line, about what the
	// conversion changed (series that became bases, keys moved or dropped).
	Notes meta.Diagnostics
}

// Section is one top-level key of the output and its value.
type Section struct {
	Key   string
	Value *yaml.Node
	// Comment lines go above the key, without the leading "# ".
	Comment []string
}

// Dropped is a source key charmcraft.yaml has no place for.
type Dropped struct {
	// Pos is where the key was written.
	Pos meta.Pos
	// Key and Value are the key and its value as written.
	Key   string
	Value *yaml.Node
	// Why says why it is not carried over.
	Why string
}

// order is the canonical order of the top-level keys; group numbers put a
// blank line between groups.
var order = []struct {
	key   string
	group int
}{
	{"name", 0}, {"type", 0}, {"title", 0}, {"summary", 0}, {"description", 0}, {"links", 0},
	{"base", 1}, {"build-base", 1}, {"platforms", 1}, {"bases", 1},
	{"assumes", 2}, {"subordinate", 2}, {"charm-user", 2}, {"terms", 2},
	{"parts", 3}, {"charm-libs", 3}, {"extensions", 3}, {"charmhub", 3}, {"analysis", 3},
	{"containers", 4}, {"resources", 4}, {"storage", 4}, {"devices", 4},
	{"extra-bindings", 5}, {"peers", 5}, {"provides", 5}, {"requires", 5},
	{"config", 6},
	{"actions", 7},
}

func rank(key string) (int, int) {
	for i, o := range order {
		if o.key == key {
			return i, o.group
		}
	}
	return len(order), len(order)
}

// metadataKeys are the charmcraft.yaml keys of the charm's metadata, which
// a legacy metadata.yaml spells the same way.
var metadataKeys = map[string]bool{
	"name": true, "summary": true, "description": true, "provides": true, "requires": true, "peers": true,
	"extra-bindings": true, "subordinate": true, "containers": true, "resources": true, "storage": true,
	"devices": true, "assumes": true, "charm-user": true, "terms": true,
}

// buildKeys are the charmcraft.yaml keys of the charm's build.
var buildKeys = map[string]bool{
	"type": true, "base": true, "build-base": true, "platforms": true, "bases": true, "parts": true,
	"charm-libs": true, "analysis": true, "charmhub": true, "extensions": true,
}

// legacyLinkKeys are the metadata.yaml keys that become charmcraft.yaml
// links.
var legacyLinkKeys = map[string]bool{
	"docs": true, "issues": true, "source": true, "website": true, "maintainer": true, "maintainers": true,
}

// droppedWhy says why a metadata.yaml key has no place in charmcraft.yaml.
var droppedWhy = map[string]string{
	"tags":       "Charmhub categories, which charmcraft.yaml has no key for: set them on Charmhub",
	"categories": "Charmhub categories, which charmcraft.yaml has no key for: set them on Charmhub",
	"revision":   "a charm revision; Charmhub assigns revisions on upload",
	"format":     "the metadata format version of old Juju; charmcraft.yaml has none",
	"deployment": "metadata v1 (pod-spec) deployment settings; Juju 4 does not read them",
	"payloads":   "metadata v1 payloads; Juju 4 does not read them",
}

// Convert returns c's metadata as one unified charmcraft.yaml, and the
// notes that say what the conversion changed. c may be the model meta.Load
// returned alongside errors: Convert needs only the parsed files.
func Convert(c *meta.Charm, opts Options) ([]byte, meta.Diagnostics, error) {
	d, err := Build(c, opts)
	if err != nil {
		return nil, nil, err
	}
	b, err := d.Bytes()
	if err != nil {
		return nil, nil, err
	}
	return b, d.Notes, nil
}

// converter holds the state of one Build.
type converter struct {
	c    *meta.Charm
	d    *Doc
	cc   *meta.Node // charmcraft.yaml, when it is a mapping
	md   *meta.Node // the node the metadata came from
	from []string   // the files read, for the header
}

// Build converts c into a Doc that callers may change (a port replaces the
// parts, say) before writing it with Bytes.
func Build(c *meta.Charm, opts Options) (*Doc, error) {
	if c == nil {
		return nil, errors.New("meta convert: no charm to convert")
	}
	src := c.Sources["metadata"]
	if src == "" {
		return nil, fmt.Errorf("meta convert: the charm has no metadata (name, summary, description); add them to %s or %s", meta.CharmcraftFile, meta.MetadataFile)
	}
	md := c.Raw[src]
	if md == nil || md.Kind != meta.KindMap {
		return nil, fmt.Errorf("meta convert: %s holds no metadata mapping", src)
	}
	cv := &converter{c: c, d: &Doc{}, md: md}
	if cc := c.Raw[meta.CharmcraftFile]; cc != nil && cc.Kind == meta.KindMap {
		cv.cc = cc
	}
	cv.metadata(src == meta.CharmcraftFile)
	if cv.cc != nil && cv.cc != cv.md {
		cv.buildOnly()
	}
	cv.bases()
	if cv.cc == nil {
		// No charmcraft.yaml: charmcraft packed such a charm with its
		// default part, which charmcraft.yaml now has to spell out.
		cv.d.Set("parts", mapping("charm", mapping("plugin", Str("charm"), "source", Str("."))),
			"charmcraft's default for a charm without charmcraft.yaml: the charm plugin",
			"builds the charm's Python code from this directory.")
		cv.noteCode(NoteDefaultParts, cv.md.Pos, "no %s: parts is charmcraft's default, the charm plugin", meta.CharmcraftFile)
	}
	cv.section("config", meta.ConfigFile)
	cv.section("actions", meta.ActionsFile)
	if cv.d.Section("type") == nil {
		cv.d.Set("type", Str("charm"))
	}
	cv.d.Header = cv.header(opts)
	cv.d.Notes.Sort()
	return cv.d, nil
}

// Codes of the notes a caller that replaces parts or sets the bases (a
// port) can leave out; every other note has the code "convert".
const (
	// NoteDefaultParts says charmcraft's default part was spelled out.
	NoteDefaultParts = "default-parts"
	// NoteNoBase says the charm names no base.
	NoteNoBase = "no-base"
)

func (cv *converter) note(pos meta.Pos, format string, args ...any) {
	cv.noteCode("convert", pos, format, args...)
}

func (cv *converter) noteCode(code string, pos meta.Pos, format string, args ...any) {
	cv.d.Notes = append(cv.d.Notes, meta.Diagnostic{Pos: pos, Severity: meta.SeverityWarning, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (cv *converter) drop(e *meta.Entry, why string) {
	cv.d.Drop(e.KeyPos, e.Key, written(e.Value), why)
}

// metadata copies the metadata keys of md: a charmcraft.yaml's as they
// are, a metadata.yaml's renamed where charmcraft.yaml names them
// otherwise.
func (cv *converter) metadata(unifiedMeta bool) {
	file := meta.MetadataFile
	if unifiedMeta {
		file = meta.CharmcraftFile
	}
	links := map[string]*meta.Entry{}
	var minJuju *meta.Entry
	for _, e := range cv.md.Entries {
		switch {
		case e.Value == nil || e.Value.Kind == meta.KindNull:
			// As charmcraft does, a top-level key with a null value is
			// not written (an empty peers: means no peers).
			if e.Key != "name" {
				continue
			}
			cv.d.Set(e.Key, written(e.Value))
		case metadataKeys[e.Key]:
			cv.d.Set(e.Key, written(e.Value))
		case unifiedMeta && (e.Key == "title" || e.Key == "links"):
			cv.d.Set(e.Key, written(e.Value))
		case unifiedMeta && (buildKeys[e.Key] || e.Key == "config" || e.Key == "actions"):
			cv.build(e)
		case unifiedMeta:
			cv.drop(e, "charmcraft rejects unknown keys")
			cv.note(e.KeyPos, "%q is not a charmcraft.yaml key: kept as a comment at the end of the file", e.Key)
		case e.Key == "display-name":
			cv.d.Set("title", written(e.Value))
		case legacyLinkKeys[e.Key]:
			links[e.Key] = e
		case e.Key == "series" || e.Key == "bases":
			// bases() decides: they become base and platforms unless
			// charmcraft.yaml says how the charm is built.
		case e.Key == "min-juju-version":
			minJuju = e // once assumes is in
		default:
			why := droppedWhy[e.Key]
			if why == "" {
				why = "not a key Juju or charmcraft reads"
			}
			cv.drop(e, why)
			cv.note(e.KeyPos, "%s key %q has no place in charmcraft.yaml (%s): kept as a comment at the end of the file", file, e.Key, why)
		}
	}
	if len(links) > 0 {
		cv.d.Set("links", legacyLinks(links))
	}
	if minJuju != nil {
		cv.minJujuVersion(minJuju)
	}
}

// legacyLinks makes charmcraft.yaml links from metadata.yaml's docs,
// issues, source, website, maintainers and maintainer, each value in the
// form it was written (a string or a list).
func legacyLinks(links map[string]*meta.Entry) *yaml.Node {
	out := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) { out.Content = append(out.Content, Str(key), v) }
	var contact []*yaml.Node
	for _, k := range []string{"maintainers", "maintainer"} {
		e := links[k]
		if e == nil {
			continue
		}
		if e.Value.Kind == meta.KindSeq {
			for _, it := range e.Value.Items {
				contact = append(contact, written(it))
			}
		} else {
			contact = append(contact, written(e.Value))
		}
	}
	switch {
	case len(contact) == 1 && links["maintainers"] == nil:
		add("contact", contact[0])
	case len(contact) > 0:
		add("contact", seq(contact...))
	}
	if e := links["docs"]; e != nil {
		add("documentation", written(e.Value))
	}
	for _, k := range []string{"issues", "source", "website"} {
		if e := links[k]; e != nil {
			add(k, written(e.Value))
		}
	}
	return out
}

// minJujuVersion turns metadata.yaml's min-juju-version into the assumes
// expression that says the same, unless assumes already names a Juju
// version.
func (cv *converter) minJujuVersion(e *meta.Entry) {
	if e.Value.Kind != meta.KindString && e.Value.Kind != meta.KindFloat && e.Value.Kind != meta.KindInt {
		cv.drop(e, "min-juju-version must be a version")
		return
	}
	v := e.Value.Str
	if e.Value.Kind != meta.KindString {
		v = e.Value.Raw
	}
	for _, a := range cv.c.Assumes {
		if strings.HasPrefix(strings.TrimSpace(a.Expr), "juju") {
			cv.drop(e, "assumes already names the Juju versions the charm needs")
			cv.note(e.KeyPos, "min-juju-version %s is not carried over: assumes already names a Juju version (kept as a comment at the end of the file)", v)
			return
		}
	}
	expr := Str("juju >= " + v)
	if s := cv.d.Section("assumes"); s != nil && s.Value.Kind == yaml.SequenceNode {
		s.Value.Content = append(s.Value.Content, expr)
	} else {
		cv.d.Set("assumes", seq(expr))
	}
	cv.note(e.KeyPos, "min-juju-version %s became assumes: [juju >= %s] (Juju 4 reads only assumes)", v, v)
}

// buildOnly copies the keys of a build-only charmcraft.yaml.
func (cv *converter) buildOnly() {
	for _, e := range cv.cc.Entries {
		switch {
		case e.Value == nil || e.Value.Kind == meta.KindNull:
		case buildKeys[e.Key] || e.Key == "config" || e.Key == "actions":
			cv.build(e)
		default:
			cv.drop(e, "a build-only charmcraft.yaml holds only build keys")
			cv.note(e.KeyPos, "%q in a build-only %s: kept as a comment at the end of the file", e.Key, meta.CharmcraftFile)
		}
	}
}

// build copies one build key of charmcraft.yaml; config and actions are
// copied by section, from whichever file holds them.
func (cv *converter) build(e *meta.Entry) {
	switch e.Key {
	case "config", "actions":
		return
	case "bases":
		cv.d.Set("bases", cv.basesNode(e.Value))
	default:
		cv.d.Set(e.Key, written(e.Value))
	}
}

// basesNode copies charmcraft.yaml's legacy bases, writing a channel that
// is a series name (channel: focal) as the version it stands for.
func (cv *converter) basesNode(n *meta.Node) *yaml.Node {
	out := written(n)
	var walk func(mn *meta.Node, yn *yaml.Node)
	walk = func(mn *meta.Node, yn *yaml.Node) {
		switch mn.Kind {
		case meta.KindSeq:
			for i, it := range mn.Items {
				walk(it, yn.Content[i])
			}
		case meta.KindMap:
			for i, e := range mn.Entries {
				if e.Key == "channel" && e.Value.Kind == meta.KindString {
					if b, ok := meta.BaseForSeries(e.Value.Str); ok {
						ver := strings.TrimPrefix(b, "ubuntu@")
						yn.Content[2*i+1] = Str(ver)
						cv.note(e.Value.Pos, "bases channel %q is a series name: written as %q (Juju 4 has no series)", e.Value.Str, ver)
					}
					continue
				}
				walk(e.Value, yn.Content[2*i+1])
			}
		}
	}
	walk(n, out)
	return out
}

// bases makes base and platforms from metadata.yaml's bases or series when
// charmcraft.yaml does not say how the charm is built; when it does, those
// are kept as comments.
func (cv *converter) bases() {
	legacyMeta := cv.md != cv.cc
	var mdBases, series *meta.Entry
	if legacyMeta {
		mdBases, series = cv.md.Entry("bases"), cv.md.Entry("series")
	}
	decided := cv.d.Section("base") != nil || cv.d.Section("platforms") != nil || cv.d.Section("bases") != nil
	if decided {
		for _, e := range []*meta.Entry{mdBases, series} {
			if e == nil {
				continue
			}
			why := fmt.Sprintf("%s's base, platforms or bases decide the bases; Juju does not read %s from %s", meta.CharmcraftFile, e.Key, meta.MetadataFile)
			cv.drop(e, why)
			cv.note(e.KeyPos, "%s %s: %s (kept as a comment at the end of the file)", meta.MetadataFile, e.Key, why)
		}
		return
	}
	type target struct{ base, arch string }
	var targets []target
	add := func(base, arch string) {
		for _, t := range targets {
			if t == (target{base, arch}) {
				return
			}
		}
		targets = append(targets, target{base, arch})
	}
	var comment []string
	switch {
	case mdBases != nil && len(cv.c.MetadataBases) > 0:
		for _, be := range cv.c.MetadataBases {
			for _, ref := range be.RunOn {
				name := ref.Name
				if name == "" {
					name = "ubuntu"
				}
				ch := ref.Channel
				if b, ok := meta.BaseForSeries(ch); ok {
					ch = strings.TrimPrefix(b, "ubuntu@")
				}
				archs := ref.Architectures
				if len(archs) == 0 {
					archs = []string{DefaultArch}
					cv.note(ref.Pos, "bases entry names no architecture: built for %s, as charmcraft on an %s host would", DefaultArch, DefaultArch)
				}
				for _, a := range archs {
					add(name+"@"+ch, a)
				}
			}
		}
		comment = []string{fmt.Sprintf("From %s's bases.", meta.MetadataFile)}
		cv.note(mdBases.KeyPos, "%s bases became platforms", meta.MetadataFile)
		if series != nil {
			cv.drop(series, fmt.Sprintf("%s's bases decide the bases", meta.MetadataFile))
		}
	case series != nil:
		var names, skipped []string
		for _, s := range cv.c.Series {
			names = append(names, s.V)
			if b, ok := meta.BaseForSeries(s.V); ok {
				add(b, DefaultArch)
			} else {
				skipped = append(skipped, s.V)
			}
		}
		if len(targets) == 0 {
			cv.drop(series, "none of the series is an Ubuntu release")
			cv.note(series.KeyPos, "series %s: none is an Ubuntu release, so the charm has no base; add base: ubuntu@24.04 and platforms to charmcraft.yaml", strings.Join(names, ", "))
			return
		}
		var bs []string
		for _, t := range targets {
			bs = append(bs, t.base)
		}
		comment = []string{
			fmt.Sprintf("From %s's series: [%s] (Juju 4 has no series).", meta.MetadataFile, strings.Join(names, ", ")),
			fmt.Sprintf("Series say no architecture: %s is assumed; add the others the charm runs on.", DefaultArch),
		}
		msg := fmt.Sprintf("series %s became platforms for %s on %s (Juju 4 has no series); series name no architecture, so add the others the charm runs on", strings.Join(names, ", "), strings.Join(bs, ", "), DefaultArch)
		if len(skipped) > 0 {
			msg += fmt.Sprintf("; %s is not an Ubuntu release and is left out", strings.Join(skipped, ", "))
		}
		cv.note(series.KeyPos, "%s", msg)
	default:
		pos := cv.md.Pos
		if cv.cc != nil {
			pos = cv.cc.Pos
		}
		cv.noteCode(NoteNoBase, pos, "the charm does not say which bases it runs on (no base, bases or series): add base: ubuntu@24.04 and platforms to charmcraft.yaml")
		return
	}
	platforms := &yaml.Node{Kind: yaml.MappingNode}
	single := true
	for _, t := range targets {
		single = single && t.base == targets[0].base
	}
	for _, t := range targets {
		name := t.arch
		if !single {
			name = t.base + ":" + t.arch
		}
		platforms.Content = append(platforms.Content, Str(name), emptyNull())
	}
	if single {
		cv.d.Set("base", Str(targets[0].base), comment...)
		cv.d.Set("platforms", platforms)
	} else {
		cv.d.Set("platforms", platforms, comment...)
	}
}

// emptyNull is a null written as nothing (amd64:), as charmcraft's
// documentation writes platforms.
func emptyNull() *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"}
}

// section copies config or actions from the file that holds it.
func (cv *converter) section(key, file string) {
	var n *meta.Node
	switch cv.c.Sources[key] {
	case "":
		return
	case meta.CharmcraftFile:
		n = cv.cc.Get(key)
	default:
		n = cv.c.Raw[cv.c.Sources[key]]
	}
	if n == nil || n.Kind == meta.KindNull || (n.Kind == meta.KindMap && len(n.Entries) == 0) {
		return
	}
	var comment []string
	if src := cv.c.Sources[key]; src != meta.CharmcraftFile {
		comment = []string{fmt.Sprintf("From %s, as it was.", src)}
	}
	cv.d.Set(key, written(n), comment...)
}

func (cv *converter) header(opts Options) []string {
	cmd := opts.Command
	if cmd == "" {
		cmd = "charmgen meta convert --to unified"
	}
	name := cv.c.Name.V
	if name == "" {
		name = "the charm"
	}
	files := append([]string{}, cv.c.Files...)
	h := []string{
		fmt.Sprintf("The %s charm's metadata, config, actions and build in one file, in", name),
		fmt.Sprintf("charmcraft's unified form. Made by `%s` from", cmd),
		fmt.Sprintf("%s (%s form).", strings.Join(files, ", "), cv.c.Format),
	}
	if cv.md != cv.cc {
		h = append(h,
			"Nothing was lost: every key is here, renamed where charmcraft.yaml names it",
			"otherwise (display-name is title; maintainers, docs, issues, source and",
			"website are links), and what charmcraft.yaml has no place for is at the",
			"end of this file, commented out, with the reason.")
	} else if len(cv.d.Dropped) > 0 {
		h = append(h, "Keys charmcraft.yaml has no place for are at the end, commented out.")
	}
	return h
}

// Section returns the section called key, or nil.
func (d *Doc) Section(key string) *Section {
	for _, s := range d.Sections {
		if s.Key == key {
			return s
		}
	}
	return nil
}

// Set sets the section called key to v (and its comment), replacing the
// one there or adding it at its place in the canonical order.
func (d *Doc) Set(key string, v *yaml.Node, comment ...string) {
	if s := d.Section(key); s != nil {
		s.Value, s.Comment = v, comment
		return
	}
	r, _ := rank(key)
	i := len(d.Sections)
	for j, s := range d.Sections {
		if rs, _ := rank(s.Key); rs > r {
			i = j
			break
		}
	}
	s := &Section{Key: key, Value: v, Comment: comment}
	d.Sections = append(d.Sections[:i], append([]*Section{s}, d.Sections[i:]...)...)
}

// Remove deletes the section called key and returns it (nil if absent).
func (d *Doc) Remove(key string) *Section {
	for i, s := range d.Sections {
		if s.Key == key {
			d.Sections = append(d.Sections[:i], d.Sections[i+1:]...)
			return s
		}
	}
	return nil
}

// Drop adds a key charmcraft.yaml gets only as a comment, with the reason.
func (d *Doc) Drop(pos meta.Pos, key string, v *yaml.Node, why string) {
	d.Dropped = append(d.Dropped, &Dropped{Pos: pos, Key: key, Value: v, Why: why})
}

// Bytes writes the document: the header, each section (a blank line
// between groups, its comment above it) and the dropped keys, commented
// out, with where they came from and why.
func (d *Doc) Bytes() ([]byte, error) {
	var b strings.Builder
	comment := func(lines []string) {
		for _, l := range lines {
			if l == "" {
				b.WriteString("#\n")
				continue
			}
			b.WriteString("# " + l + "\n")
		}
	}
	comment(d.Header)
	prev := -1
	for _, s := range d.Sections {
		_, g := rank(s.Key)
		block := s.Value.Kind == yaml.MappingNode || s.Value.Kind == yaml.SequenceNode
		if b.Len() > 0 && (g != prev || len(s.Comment) > 0 || (g != 0 && block)) {
			b.WriteString("\n")
		}
		prev = g
		comment(s.Comment)
		out, err := encode(mapping(s.Key, s.Value))
		if err != nil {
			return nil, fmt.Errorf("meta convert: %s: %w", s.Key, err)
		}
		b.Write(out)
	}
	if len(d.Dropped) > 0 {
		b.WriteString("\n")
		comment([]string{
			"Not carried over: keys charmcraft.yaml has no place for, as they were",
			"written, so that nothing is lost. Restore what still matters elsewhere.",
		})
		for _, x := range d.Dropped {
			b.WriteString("#\n")
			// The file name alone: the charm's files are at its root, and
			// the output must not depend on where the charm was read from.
			pos := x.Pos
			pos.File = filepath.Base(pos.File)
			comment([]string{fmt.Sprintf("%s: %s", pos, x.Why)})
			out, err := encode(mapping(x.Key, x.Value))
			if err != nil {
				return nil, fmt.Errorf("meta convert: %s: %w", x.Key, err)
			}
			comment(strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"))
		}
	}
	return []byte(b.String()), nil
}
