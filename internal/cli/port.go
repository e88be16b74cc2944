package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/charmgen/charmgen/internal/templates"
	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/unified"
	"gopkg.in/yaml.v3"
)

// defaultPortBase is the base a port runs on when its source names none;
// the platforms are the scaffold's.
const defaultPortBase = "ubuntu@24.04"

// port reads the charm in o.from and fills d.Port: its metadata in unified
// form with the Go part as its build, and what the README and the tests
// need. The kind comes from the metadata (containers make a Kubernetes
// charm). Nothing is written here.
func (e *env) port(o *newOptions, d *templates.Data) error {
	if st, err := os.Stat(o.from); err != nil || !st.IsDir() {
		why := "not a directory"
		if err != nil {
			why = unwrapPathErr(err).Error()
		}
		fmt.Fprintf(e.stderr, "%s:1:1: --from: %s; name the root directory of the charm to port (the one holding charmcraft.yaml or metadata.yaml)\n", o.from, why)
		return silent(ExitError)
	}
	src, err := meta.Load(o.from, &meta.Options{DisplayDir: filepath.Clean(o.from)})
	var ds meta.Diagnostics
	if err != nil && !errors.As(err, &ds) {
		return &exitError{code: ExitError, err: err}
	}
	// Series are what the port turns into bases; any other error is the
	// source charm's, to fix there before porting it.
	if errs := withoutSeries(ds.Errors()); len(errs) > 0 {
		for _, d := range errs {
			fmt.Fprintln(e.stderr, d)
		}
		fmt.Fprintf(e.stderr, "charmgen: %d error(s) in the metadata of %s: fix them there, then port it\n", len(errs), o.from)
		return silent(ExitError)
	}
	kind := templates.Machine
	if src.IsKubernetes() {
		kind = templates.Kubernetes
	}
	if o.kindSet && o.kind != kind {
		why := "it declares no containers and does not assume k8s-api"
		if kind == templates.Kubernetes {
			why = "it declares containers or assumes k8s-api"
		}
		return usageErr("--kind %s: %s is a %s charm (%s); drop --kind, a port takes its kind from the metadata", o.kind, o.from, kind, why)
	}
	o.kind, d.Kind = kind, kind

	doc, err := unified.Build(src, unified.Options{Command: "charmgen new --from"})
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	p := &templates.Port{From: o.from, Format: src.Format, Files: src.Files}
	var changed []string
	note := func(pos meta.Pos, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		doc.Notes = append(doc.Notes, meta.Diagnostic{Pos: pos, Severity: meta.SeverityWarning, Code: "port", Message: msg})
	}
	if src.Name.V != o.name {
		doc.Set("name", unified.Str(o.name))
		changed = append(changed, fmt.Sprintf("The charm is named `%s`; the source is `%s`.", o.name, src.Name.V))
	}

	// The build: the Go part replaces the source's parts, which stay in
	// the file as a comment; charm libraries and extensions are Python's.
	partText, err := templates.GoPart(*d)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	comment, partNode, err := splitYAMLSection(partText, "parts")
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("charmgen's Go part does not parse (a bug; please report it): %w", err)}
	}
	if old := doc.Remove("parts"); old != nil && src.Raw[meta.CharmcraftFile] != nil {
		var names []string
		for i := 0; i+1 < len(old.Value.Content); i += 2 {
			names = append(names, "`"+old.Value.Content[i].Value+"`")
		}
		pos := entryPos(src, "parts")
		doc.Drop(pos, "parts", old.Value, "the source charm's build, which the Go part replaces; restore a part the workload still needs (a binary it downloads, files it ships) under parts")
		changed = append(changed, fmt.Sprintf("The build: the Go part `charm` (the go plugin builds `cmd/%s`, which becomes `dispatch`) replaces the source's parts %s, which are at the end of `charmcraft.yaml`, commented out.", o.name, strings.Join(names, ", ")))
	} else {
		changed = append(changed, fmt.Sprintf("The build: the Go part `charm` (the go plugin builds `cmd/%s`, which becomes `dispatch`).", o.name))
	}
	doc.Set("parts", partNode, comment...)
	if old := doc.Remove("charm-libs"); old != nil {
		doc.Drop(entryPos(src, "charm-libs"), "charm-libs", old.Value, "Python charm libraries; a Go charm reads and writes relation data through charmgen gen's typed relations")
		changed = append(changed, "`charm-libs` (Python charm libraries) are left out: relations are typed by `charmgen gen`; the list is at the end of `charmcraft.yaml`, commented out.")
	}
	if old := doc.Remove("extensions"); old != nil {
		pos := entryPos(src, "extensions")
		doc.Drop(pos, "extensions", old.Value, "12-factor extensions build a Python (or other framework) workload and add containers, relations, options and actions charmgen cannot see")
		note(pos, "extensions are left out of the port: they build a framework workload and add containers, relations, config options and actions; run 'charmcraft expand-extensions' in %s and port its output to keep them", o.from)
		changed = append(changed, "`extensions` are left out: run `charmcraft expand-extensions` in the source and port its output to keep what they add.")
	}
	sourceBases := doc.Section("base") != nil || doc.Section("platforms") != nil || doc.Section("bases") != nil
	if !sourceBases {
		doc.Set("base", unified.Str(defaultPortBase), "The source names no base: the Go scaffold's.")
		doc.Set("platforms", &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			unified.Str("amd64"), {Kind: yaml.ScalarNode, Tag: "!!null"}, unified.Str("arm64"), {Kind: yaml.ScalarNode, Tag: "!!null"}}})
		changed = append(changed, fmt.Sprintf("The source names no base: the port builds for `%s` on amd64 and arm64.", defaultPortBase))
	}
	// The port replaces the parts and sets the bases: the notes that say
	// they were missing do not apply.
	var notes meta.Diagnostics
	for _, n := range doc.Notes {
		if n.Code == unified.NoteDefaultParts || n.Code == unified.NoteNoBase {
			continue
		}
		notes = append(notes, n)
		if n.Code == "convert" {
			changed = append(changed, sentence(n.Message))
		}
	}
	notes.Sort()
	for _, n := range notes {
		fmt.Fprintln(e.stderr, n)
	}
	if p.Charmcraft, err = doc.Bytes(); err != nil {
		return &exitError{code: ExitError, err: err}
	}
	p.Changed = changed

	// What the tests and the README need comes from the ported metadata,
	// loaded as gen will load it.
	c, err := meta.LoadFiles(map[string][]byte{meta.CharmcraftFile: p.Charmcraft}, nil)
	if err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("the ported charmcraft.yaml does not load (a bug in charmgen's conversion; please report it, with the source charm): %w", err)}
	}
	m, err := model.Build(c, "charm", 4)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	p.Kept = kept(c, m, sourceBases)
	for i, a := range c.Actions {
		pa := templates.PortAction{Name: a.Name, Method: m.Actions[i].Method, Params: "nil"}
		pa.Params, pa.Skip = actionParams(a)
		p.Actions = append(p.Actions, pa)
	}
	for _, ct := range c.Containers {
		p.Containers = append(p.Containers, ct.Name)
	}
	p.Subordinate = c.Subordinate.V
	p.Base = deployBase(c)
	for _, r := range c.Resources {
		if r.Type.V != "oci-image" {
			continue
		}
		var up string
		if n := c.Raw[meta.CharmcraftFile].Get("resources").Get(r.Name).Get("upstream-source"); n != nil && n.Kind == meta.KindString {
			up = n.Str
		}
		p.Images = append(p.Images, templates.PortImage{Resource: r.Name, Source: up})
	}
	d.Port = p
	return nil
}

// unwrapPathErr returns the cause of a *fs.PathError, without the path
// the message names already.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// entryPos is where the source charm wrote a top-level key: in
// charmcraft.yaml, else in metadata.yaml.
func entryPos(c *meta.Charm, key string) meta.Pos {
	for _, f := range []string{meta.CharmcraftFile, meta.MetadataFile} {
		if e := c.Raw[f].Entry(key); e != nil {
			return e.KeyPos
		}
	}
	return meta.Pos{File: c.Dir, Line: 1, Col: 1}
}

// sentence ends a note's message with a full stop, for the README. Its
// first word stays as it is: it is often a file or key name.
func sentence(msg string) string {
	return strings.TrimSuffix(msg, ".") + "."
}

// splitYAMLSection parses text, one top-level key with the comment lines
// above it, into those lines (without "# ") and the key's value.
func splitYAMLSection(text []byte, key string) ([]string, *yaml.Node, error) {
	var comment []string
	for _, l := range strings.Split(string(text), "\n") {
		if !strings.HasPrefix(l, "#") {
			break
		}
		comment = append(comment, strings.TrimPrefix(strings.TrimPrefix(l, "#"), " "))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, nil, err
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode || len(doc.Content[0].Content) != 2 || doc.Content[0].Content[0].Value != key {
		return nil, nil, fmt.Errorf("want one %s key", key)
	}
	v := doc.Content[0].Content[1]
	clearComments(v)
	return comment, v, nil
}

// clearComments removes the comments yaml.v3 attached to n and below, so
// the node encodes as data alone.
func clearComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		clearComments(c)
	}
}

// kept lists, for the README, what the port carries over.
func kept(c *meta.Charm, m *model.Charm, bases bool) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	code := func(s string) string { return "`" + s + "`" }
	add("The description: summary, description and, where the source has them, title and links.")
	if bases {
		var ps []string
		for _, p := range c.Platforms {
			ps = append(ps, code(p.Name))
		}
		switch {
		case c.Base.Set:
			add("Base %s, platforms %s.", code(c.Base.V), strings.Join(ps, ", "))
		case len(ps) > 0:
			add("Platforms %s.", strings.Join(ps, ", "))
		default:
			add("Its legacy `bases` (%d entries).", len(c.Bases))
		}
	}
	if len(c.Assumes) > 0 {
		var as []string
		for _, a := range c.Assumes {
			switch {
			case a.Expr != "":
				as = append(as, code(a.Expr))
			case a.AnyOf != nil:
				as = append(as, fmt.Sprintf("an any-of of %d", len(a.AnyOf)))
			default:
				as = append(as, fmt.Sprintf("an all-of of %d", len(a.AllOf)))
			}
		}
		add("`assumes`: %s.", strings.Join(as, ", "))
	}
	if c.Subordinate.V {
		add("`subordinate: true`: it deploys related to a principal, through a container-scoped requires.")
	}
	if len(m.Endpoints) > 0 {
		var eps []string
		for _, ep := range m.Endpoints {
			eps = append(eps, fmt.Sprintf("%s (%s %s, `ctx.Relations.%s()`)", code(ep.Name), ep.Role, code(ep.Interface), ep.GoName))
		}
		add("%d relation endpoints: %s.", len(eps), strings.Join(eps, ", "))
	}
	if len(c.ExtraBindings) > 0 {
		var bs []string
		for _, b := range c.ExtraBindings {
			bs = append(bs, code(b.Name))
		}
		add("Extra bindings: %s.", strings.Join(bs, ", "))
	}
	if len(m.Options) > 0 {
		var opts []string
		for _, o := range m.Options {
			opts = append(opts, fmt.Sprintf("%s (`Config.%s`)", code(o.Name), o.Field))
		}
		add("%d config options: %s.", len(opts), strings.Join(opts, ", "))
	}
	if len(m.Actions) > 0 {
		var as []string
		for _, a := range m.Actions {
			as = append(as, fmt.Sprintf("%s (`%s`)", code(a.Name), a.Method))
		}
		add("%d actions, with their params: %s.", len(as), strings.Join(as, ", "))
	}
	if len(m.Containers) > 0 {
		var cs []string
		for _, ct := range m.Containers {
			cs = append(cs, fmt.Sprintf("%s (`ctx.Containers.%s()`)", code(ct.Name), ct.Method))
		}
		add("%d containers: %s.", len(cs), strings.Join(cs, ", "))
	}
	list := func(what string, names []string) {
		if len(names) > 0 {
			add("%s: %s.", what, strings.Join(names, ", "))
		}
	}
	var rs, ss, ds []string
	for _, r := range c.Resources {
		rs = append(rs, code(r.Name))
	}
	for _, s := range c.Storage {
		ss = append(ss, code(s.Name))
	}
	for _, d := range c.Devices {
		ds = append(ds, code(d.Name))
	}
	list("Resources", rs)
	list("Storage", ss)
	list("Devices", ds)
	if c.CharmUser.Set {
		add("`charm-user: %s`.", c.CharmUser.V)
	}
	return out
}

// deployBase is the base the integration test deploys on: the charm's
// base, or its first platform's or bases entry's, else the default.
func deployBase(c *meta.Charm) string {
	if c.Base.Set {
		return c.Base.V
	}
	for _, p := range c.Platforms {
		cands := append([]string{p.Name}, strs(p.BuildFor)...)
		for _, s := range cands {
			if b, _, ok := strings.Cut(s, ":"); ok && strings.Contains(b, "@") {
				return b
			}
		}
	}
	for _, be := range c.Bases {
		for _, r := range be.RunOn {
			name := r.Name
			if name == "" {
				name = "ubuntu"
			}
			return name + "@" + r.Channel
		}
	}
	return defaultPortBase
}

func strs(in []meta.Str) []string {
	var out []string
	for _, s := range in {
		out = append(out, s.V)
	}
	return out
}

// actionParams returns the Go expression of params the test stub runs
// action a with — values for its required params that have no default,
// taken from their schema (an enum's first value, a const, the minimum,
// an example string) — or why it cannot guess them.
func actionParams(a *meta.Action) (params, skip string) {
	var entries, cannot []string
	for _, r := range a.Required {
		var p *meta.Param
		for _, q := range a.Params {
			if q.Name == r.V {
				p = q
			}
		}
		if p == nil {
			cannot = append(cannot, r.V)
			continue
		}
		if p.Schema.Get("default") != nil {
			continue
		}
		v, ok := exampleValue(p.Schema)
		if !ok {
			cannot = append(cannot, r.V)
			continue
		}
		entries = append(entries, strconv.Quote(r.V)+": "+v)
	}
	if len(cannot) > 0 {
		sort.Strings(cannot)
		return "nil", fmt.Sprintf("the %s action requires %s, whose values its schema does not let the test guess: run it here with real ones", a.Name, strings.Join(cannot, ", "))
	}
	if len(entries) == 0 {
		return "nil", ""
	}
	return "map[string]any{" + strings.Join(entries, ", ") + "}", ""
}

// exampleValue returns a Go literal of a value schema n accepts, when it
// can tell one: an enum's first value, a const, a number at its minimum
// (or 0, or 1), a plain string, false, an empty list or object.
func exampleValue(n *meta.Node) (string, bool) {
	if e := n.Get("enum"); e != nil && e.Kind == meta.KindSeq && len(e.Items) > 0 {
		return literal(e.Items[0])
	}
	if c := n.Get("const"); c != nil {
		return literal(c)
	}
	typ := ""
	if t := n.Get("type"); t != nil && t.Kind == meta.KindString {
		typ = t.Str
	}
	num := func(name string) (float64, bool) {
		v := n.Get(name)
		if v == nil {
			return 0, false
		}
		switch v.Kind {
		case meta.KindInt:
			return float64(v.Int), true
		case meta.KindFloat:
			return v.Float, true
		}
		return 0, false
	}
	switch typ {
	case "string":
		for _, k := range []string{"pattern", "format", "maxLength"} {
			if n.Get(k) != nil {
				return "", false
			}
		}
		if min, ok := num("minLength"); ok && min > 7 {
			return "", false
		}
		return strconv.Quote("example"), true
	case "integer", "number":
		if n.Get("multipleOf") != nil || n.Get("exclusiveMinimum") != nil || n.Get("exclusiveMaximum") != nil {
			return "", false
		}
		v := 0.0
		min, hasMin := num("minimum")
		max, hasMax := num("maximum")
		switch {
		case hasMin:
			v = math.Ceil(min)
		case hasMax && max < 0:
			v = math.Floor(max)
		}
		if hasMax && v > max {
			return "", false
		}
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case "boolean":
		return "false", true
	case "array":
		if min, ok := num("minItems"); ok && min > 0 {
			return "", false
		}
		return "[]any{}", true
	case "object":
		if r := n.Get("required"); r != nil && r.Kind == meta.KindSeq && len(r.Items) > 0 {
			return "", false
		}
		return "map[string]any{}", true
	}
	return "", false
}

// literal is the Go literal of a JSON scalar (enum and const values).
func literal(n *meta.Node) (string, bool) {
	switch n.Kind {
	case meta.KindString:
		return strconv.Quote(n.Str), true
	case meta.KindInt:
		return strconv.FormatInt(n.Int, 10), true
	case meta.KindFloat:
		return strconv.FormatFloat(n.Float, 'g', -1, 64), true
	case meta.KindBool:
		return strconv.FormatBool(n.Bool), true
	}
	return "", false
}
