// Package overlays holds reviewed corrections to published relation
// interface schemas, kept as data in this repository, and applies them.
//
// A published schema sometimes lags the Python library that writes the
// databags (a list the library defaults to [] and then leaves out, a field
// the library added). An overlay makes the generated codec agree with the
// library. There is one JSON file per interface version and side:
//
//	data/<interface>/v<N>/<provider|requirer>.json
//
// each a list of operations applied, in order, to the parsed role file
// before package schema reads it:
//
//	{"op": "optional", "path": "/…/properties/<name>", "default": <json>, "why": "…"}
//	    remove <name> from the enclosing object's "required" list, and
//	    set the property's default when "default" is given (on its
//	    contentSchema when the property is a JSON-encoded string and the
//	    default is not a string)
//	{"op": "add-property", "path": "/…/properties/<name>", "schema": {…}, "why": "…"}
//	    add an (optional) property the schema lacks
//	{"op": "remove-property", "path": "/…/properties/<name>", "why": "…"}
//	    remove a property the library never writes (and its entry in
//	    the enclosing object's "required" list)
//	{"op": "set", "path": "/…/<key>", "value": <json>, "why": "…"}
//	    set a keyword (ranges, formats, enums, "required"), replacing
//	    what is there
//
// "why" is mandatory and cites the library file and line the operation
// follows ("lib/charms/…/file.py:123: reason"). An operation that no
// longer applies (its path is missing, the property is not required any
// more, the property already exists) is an error naming the overlay file
// and the operation's index: a schema update forces a review of the
// overlay. A charm adds its own overlays, in the same format, with the
// overlays key of charmgen.yaml (ParseDir); they apply after charmgen's
// (Then). Overlays correct the published schemas only: they apply to
// trees laid out like charm-relation-interfaces, never to a charm's own
// <name>/v<N>/ tree.
package overlays

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

//go:embed data
var embedded embed.FS

// Op is one operation of an overlay.
type Op struct {
	Op      string          `json:"op"`
	Path    string          `json:"path"`
	Default json.RawMessage `json:"default,omitempty"`
	Schema  json.RawMessage `json:"schema,omitempty"`
	Value   json.RawMessage `json:"value,omitempty"`
	Why     string          `json:"why"`
}

// Overlay is the list of operations for one side of one interface version.
type Overlay struct {
	// File names the overlay in errors (data/<name>/v<N>/<role>.json).
	File      string
	Interface string
	Version   int
	Role      string
	Ops       []Op
}

// Set is a collection of overlays. Several overlays of one side of one
// interface version (charmgen's, then the user's) apply in order.
type Set struct {
	byKey map[string][]*Overlay
}

var (
	fileRE = regexp.MustCompile(`^([A-Za-z0-9_-]+)/v([0-9]+)/(provider|requirer)\.json$`)
	whyRE  = regexp.MustCompile(`^\S+:[0-9]+(-[0-9]+)?: \S`)
)

func key(name string, version int, role string) string {
	return ifaceschema.NormalizeName(name) + "/v" + strconv.Itoa(version) + "/" + role
}

var (
	defOnce sync.Once
	defSet  *Set
	defErr  error
)

// Default returns the overlays embedded in charmgen
// (internal/gen/overlays/data).
func Default() (*Set, error) {
	defOnce.Do(func() { defSet, defErr = Parse(embedded, "internal/gen/overlays/") })
	return defSet, defErr
}

// Parse reads every data/<name>/v<N>/<role>.json of fsys; prefix is
// prepended to file names in errors.
func Parse(fsys fs.FS, prefix string) (*Set, error) {
	return parseFS(fsys, "data", prefix)
}

// ParseDir reads a directory of overlays laid out like
// internal/gen/overlays/data (<name>/v<N>/<role>.json, each file in the
// same format and checked the same way); display names the directory in
// errors. The directory must exist.
func ParseDir(dir, display string) (*Set, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("overlay directory %s does not exist", display)
		}
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("overlay directory %s is not a directory", display)
	}
	// The directory may be another party's (a charm's checkout): its files
	// are read as regular files of at most fsutil.MaxInput bytes, and a
	// symlink out of it is not followed.
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	read := func(_ fs.FS, p string) ([]byte, error) {
		return fsutil.ReadFileIn(dir, filepath.FromSlash(p), fsutil.MaxInput)
	}
	return parseFSWith(r.FS(), ".", strings.TrimSuffix(filepath.ToSlash(display), "/")+"/", read)
}

func parseFS(fsys fs.FS, root, prefix string) (*Set, error) {
	return parseFSWith(fsys, root, prefix, fs.ReadFile)
}

func parseFSWith(fsys fs.FS, root, prefix string, readFile func(fs.FS, string) ([]byte, error)) (*Set, error) {
	s := &Set{byKey: map[string][]*Overlay{}}
	layout := "<interface>/v<N>/<provider|requirer>.json"
	if root != "." {
		layout = root + "/" + layout
	}
	var errs []error
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := p
		if root != "." {
			rel = strings.TrimPrefix(p, root+"/")
		}
		m := fileRE.FindStringSubmatch(rel)
		if m == nil {
			errs = append(errs, fmt.Errorf("%s%s: not laid out as %s", prefix, p, layout))
			return nil
		}
		data, err := readFile(fsys, p)
		if err != nil {
			return err
		}
		v, _ := strconv.Atoi(m[2])
		o, err := ParseOverlay(prefix+p, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		o.Interface, o.Version, o.Role = m[1], v, m[3]
		k := key(m[1], v, m[3])
		s.byKey[k] = append(s.byKey[k], o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// Then returns the overlays of s followed by those of next: where both
// have an overlay of one side of an interface version, next's applies to
// the schema s's produced. Either may be nil.
func (s *Set) Then(next *Set) *Set {
	out := &Set{byKey: map[string][]*Overlay{}}
	for _, x := range []*Set{s, next} {
		if x == nil {
			continue
		}
		for k, ovs := range x.byKey {
			out.byKey[k] = append(out.byKey[k], ovs...)
		}
	}
	return out
}

// ParseOverlay reads one overlay file's content (a JSON list of
// operations) and checks every operation's shape.
func ParseOverlay(file string, data []byte) (*Overlay, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ops []Op
	if err := dec.Decode(&ops); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if len(ops) == 0 {
		return nil, fmt.Errorf("%s: no operations", file)
	}
	o := &Overlay{File: file, Ops: ops}
	for i, op := range ops {
		if err := checkOp(op); err != nil {
			return nil, o.opErr(i, "%v", err)
		}
	}
	return o, nil
}

func checkOp(op Op) error {
	if strings.TrimSpace(op.Why) == "" {
		return errors.New(`"why" is missing: cite the library file and line the operation follows`)
	}
	if !whyRE.MatchString(op.Why) {
		return fmt.Errorf(`"why" %q does not start with the library file and line ("lib/charms/…/file.py:123: reason")`, op.Why)
	}
	if !strings.HasPrefix(op.Path, "/") {
		return fmt.Errorf("path %q is not a JSON pointer", op.Path)
	}
	toks := pointer(op.Path)
	has := func(r json.RawMessage) bool { return len(r) > 0 }
	switch op.Op {
	case "optional", "add-property", "remove-property":
		if len(toks) < 2 || toks[len(toks)-2] != "properties" {
			return fmt.Errorf("%s: path %q does not end in /properties/<name>", op.Op, op.Path)
		}
		if op.Op == "add-property" && !has(op.Schema) {
			return errors.New(`add-property needs "schema"`)
		}
		if op.Op == "optional" && (has(op.Schema) || has(op.Value)) || op.Op == "add-property" && (has(op.Default) || has(op.Value)) ||
			op.Op == "remove-property" && (has(op.Schema) || has(op.Default) || has(op.Value)) {
			return fmt.Errorf("%s: unexpected member", op.Op)
		}
	case "set":
		if !has(op.Value) {
			return errors.New(`set needs "value"`)
		}
		if has(op.Schema) || has(op.Default) {
			return errors.New("set: unexpected member")
		}
	default:
		return fmt.Errorf("unknown op %q (optional, add-property, remove-property, set)", op.Op)
	}
	return nil
}

func (o *Overlay) opErr(i int, format string, args ...any) error {
	op := o.Ops[i]
	return fmt.Errorf("%s: operation %d (%s %s): %s", o.File, i, op.Op, op.Path, fmt.Sprintf(format, args...))
}

// Lookup returns the (first) overlay of one side of an interface version,
// or nil. Names match with '-' and '_' treated alike.
func (s *Set) Lookup(name string, version int, role string) *Overlay {
	if all := s.LookupAll(name, version, role); len(all) > 0 {
		return all[0]
	}
	return nil
}

// LookupAll returns every overlay of one side of an interface version, in
// the order they apply.
func (s *Set) LookupAll(name string, version int, role string) []*Overlay {
	if s == nil {
		return nil
	}
	return s.byKey[key(name, version, role)]
}

// Len returns the number of overlay files.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	n := 0
	for _, ovs := range s.byKey {
		n += len(ovs)
	}
	return n
}

// Files returns the overlay file names, sorted.
func (s *Set) Files() []string {
	if s == nil {
		return nil
	}
	var out []string
	for _, ovs := range s.byKey {
		for _, o := range ovs {
			out = append(out, o.File)
		}
	}
	sort.Strings(out)
	return out
}

// Apply applies the overlays of every interface's role files found in a
// published tree (the charm-relation-interfaces layouts, docs/json_schemas/
// or interfaces/<name>/v<N>/schemas/; a charm's own <name>/v<N>/ tree is
// left as it is, its schema is not the published one): each role
// with an overlay is read again, patched and parsed again (its Schema,
// Diags and Overlay replaced). Diagnostics of a patched file keep its
// name and JSON pointers but have no line and column. Any operation that
// does not apply is an error; the interfaces without an error are still
// patched.
func (s *Set) Apply(ifaces []*ifaceschema.Interface) error {
	var errs []error
	for _, it := range ifaces {
		if it.Layout == ifaceschema.LayoutOwn {
			continue // a charm's own schema, not the published one
		}
		for _, r := range it.Roles() {
			chain := s.LookupAll(it.Name, it.Version, r.Name)
			if len(chain) == 0 {
				continue
			}
			patched, err := ifaceschema.ReadRoleFile(it.Tree, r.File)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			var files []string
			for _, o := range chain {
				if patched, err = o.ApplyJSON(r.File, patched); err != nil {
					break
				}
				files = append(files, o.File)
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			names := strings.Join(files, ", ")
			sr, diags := ifaceschema.ParseRole(r.File, patched)
			for i := range diags {
				diags[i].Line, diags[i].Col = 0, 0
				diags[i].Msg += " (with overlay " + names + ")"
			}
			r.Schema, r.Diags, r.Overlay = sr, diags, names
		}
	}
	return errors.Join(errs...)
}

// ApplyJSON applies the overlay to a role file's content (schemaFile names
// it in errors) and returns the patched document (compact JSON, key order
// kept).
func (o *Overlay) ApplyJSON(schemaFile string, data []byte) ([]byte, error) {
	doc, err := schema.ParseValue(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %v", o.File, schemaFile, err)
	}
	for i, op := range o.Ops {
		if err := apply(doc, op); err != nil {
			return nil, o.opErr(i, "%s: %v; the schema changed, review the overlay", schemaFile, err)
		}
	}
	return []byte(doc.JSON()), nil
}

func parseRaw(r json.RawMessage) (*schema.Value, error) {
	v, err := schema.ParseValue(r)
	if err != nil {
		return nil, err
	}
	clearOffsets(v)
	return v, nil
}

// clearOffsets drops offsets into the overlay file, which mean nothing in
// the schema document.
func clearOffsets(v *schema.Value) {
	v.Offset = -1
	for _, it := range v.Items {
		clearOffsets(it)
	}
	for _, it := range v.Vals {
		clearOffsets(it)
	}
}

func apply(doc *schema.Value, op Op) error {
	toks := pointer(op.Path)
	parent, err := walk(doc, toks[:len(toks)-1])
	if err != nil {
		return err
	}
	last := toks[len(toks)-1]
	switch op.Op {
	case "optional":
		prop := parent.Get(last)
		if prop == nil {
			return fmt.Errorf("no property %q", last)
		}
		obj, err := walk(doc, toks[:len(toks)-2])
		if err != nil {
			return err
		}
		req := obj.Get("required")
		found := false
		if req != nil && req.Kind == schema.ValArray {
			items := req.Items[:0:0]
			for _, it := range req.Items {
				if it.Kind == schema.ValString && it.Str == last {
					found = true
					continue
				}
				items = append(items, it)
			}
			req.Items = items
		}
		if !found {
			return fmt.Errorf("%q is not required", last)
		}
		if len(op.Default) > 0 {
			d, err := parseRaw(op.Default)
			if err != nil {
				return fmt.Errorf("default: %v", err)
			}
			target := prop
			if cs := prop.Get("contentSchema"); cs != nil && d.Kind != schema.ValString {
				target = cs
			}
			if target.Kind != schema.ValObject {
				return errors.New("the property is not a schema object")
			}
			setMember(target, "default", d)
		}
	case "add-property":
		if parent.Kind != schema.ValObject {
			return errors.New("properties is not an object")
		}
		if parent.Get(last) != nil {
			return fmt.Errorf("property %q already exists", last)
		}
		v, err := parseRaw(op.Schema)
		if err != nil {
			return fmt.Errorf("schema: %v", err)
		}
		setMember(parent, last, v)
	case "remove-property":
		if parent.Kind != schema.ValObject || parent.Get(last) == nil {
			return fmt.Errorf("no property %q", last)
		}
		removeMember(parent, last)
		obj, err := walk(doc, toks[:len(toks)-2])
		if err != nil {
			return err
		}
		if req := obj.Get("required"); req != nil && req.Kind == schema.ValArray {
			items := req.Items[:0:0]
			for _, it := range req.Items {
				if it.Kind != schema.ValString || it.Str != last {
					items = append(items, it)
				}
			}
			req.Items = items
		}
	case "set":
		if parent.Kind != schema.ValObject {
			return errors.New("parent is not an object")
		}
		v, err := parseRaw(op.Value)
		if err != nil {
			return fmt.Errorf("value: %v", err)
		}
		setMember(parent, last, v)
	}
	return nil
}

func setMember(obj *schema.Value, k string, v *schema.Value) {
	for i, kk := range obj.Keys {
		if kk == k {
			obj.Vals[i] = v
			return
		}
	}
	obj.Keys = append(obj.Keys, k)
	obj.Vals = append(obj.Vals, v)
}

func removeMember(obj *schema.Value, k string) {
	for i, kk := range obj.Keys {
		if kk == k {
			obj.Keys = append(obj.Keys[:i:i], obj.Keys[i+1:]...)
			obj.Vals = append(obj.Vals[:i:i], obj.Vals[i+1:]...)
			return
		}
	}
}

// pointer splits a JSON pointer into unescaped tokens.
func pointer(p string) []string {
	toks := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range toks {
		toks[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(t)
	}
	return toks
}

func walk(doc *schema.Value, toks []string) (*schema.Value, error) {
	v := doc
	for i, t := range toks {
		var next *schema.Value
		switch v.Kind {
		case schema.ValObject:
			next = v.Get(t)
		case schema.ValArray:
			if n, err := strconv.Atoi(t); err == nil && n >= 0 && n < len(v.Items) {
				next = v.Items[n]
			}
		}
		if next == nil {
			return nil, fmt.Errorf("path /%s does not exist", path.Join(toks[:i+1]...))
		}
		v = next
	}
	return v, nil
}
