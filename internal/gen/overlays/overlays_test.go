package overlays

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

const doc = `{"$defs":{"D":{"properties":{"a":{"type":"string","contentMediaType":"application/json","contentSchema":{"type":"array","items":{"type":"string"}}},"b":{"type":"integer"}},"required":["a","b"],"type":"object"}},"properties":{"app":{"$ref":"#/$defs/D"}},"type":"object"}`

const why = `"why":"lib/charms/x/v0/x.py:12: reason"`

func applyOps(t *testing.T, ops string) (string, error) {
	t.Helper()
	o, err := ParseOverlay("ov.json", []byte(ops))
	if err != nil {
		return "", err
	}
	out, err := o.ApplyJSON("schema.json", []byte(doc))
	return string(out), err
}

func TestOps(t *testing.T) {
	for _, c := range []struct{ name, ops, want string }{
		{"optional with a default on the content schema",
			`[{"op":"optional","path":"/$defs/D/properties/a","default":[],` + why + `}]`,
			`"contentSchema":{"type":"array","items":{"type":"string"},"default":[]}},"b":{"type":"integer"}},"required":["b"]`},
		{"optional with a scalar default",
			`[{"op":"optional","path":"/$defs/D/properties/b","default":3,` + why + `}]`,
			`"b":{"type":"integer","default":3}},"required":["a"]`},
		{"add-property",
			`[{"op":"add-property","path":"/$defs/D/properties/c","schema":{"type":"boolean"},` + why + `}]`,
			`"b":{"type":"integer"},"c":{"type":"boolean"}},"required":["a","b"]`},
		{"set",
			`[{"op":"set","path":"/$defs/D/properties/b/maximum","value":65535,` + why + `}]`,
			`"b":{"type":"integer","maximum":65535}}`},
		{"remove-property takes it out of required too",
			`[{"op":"remove-property","path":"/$defs/D/properties/a",` + why + `}]`,
			`"D":{"properties":{"b":{"type":"integer"}},"required":["b"]`},
		{"set replaces required",
			`[{"op":"set","path":"/$defs/D/required","value":["a"],` + why + `}]`,
			`"required":["a"],"type":"object"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := applyOps(t, c.ops)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("got %s\nwant it to contain %s", got, c.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct{ name, ops, want string }{
		{"missing path", `[{"op":"set","path":"/$defs/D/properties/b/maximum","value":1,` + why + `},{"op":"optional","path":"/$defs/E/properties/a",` + why + `}]`,
			`ov.json: operation 1 (optional /$defs/E/properties/a): schema.json: path /$defs/E does not exist; the schema changed, review the overlay`},
		{"missing property", `[{"op":"optional","path":"/$defs/D/properties/z",` + why + `}]`, `operation 0 (optional /$defs/D/properties/z): schema.json: no property "z"`},
		{"not required any more", `[{"op":"optional","path":"/$defs/D/properties/a",` + why + `},{"op":"optional","path":"/$defs/D/properties/a",` + why + `}]`, `operation 1 (optional /$defs/D/properties/a): schema.json: "a" is not required`},
		{"remove a missing property", `[{"op":"remove-property","path":"/$defs/D/properties/z",` + why + `}]`, `operation 0 (remove-property /$defs/D/properties/z): schema.json: no property "z"`},
		{"remove-property with a schema", `[{"op":"remove-property","path":"/$defs/D/properties/a","schema":{},` + why + `}]`, `remove-property: unexpected member`},
		{"property exists", `[{"op":"add-property","path":"/$defs/D/properties/a","schema":{},` + why + `}]`, `property "a" already exists`},
		{"missing why", `[{"op":"set","path":"/type","value":"object"}]`, `ov.json: operation 0 (set /type): "why" is missing`},
		{"why without a line", `[{"op":"set","path":"/type","value":"object","why":"because"}]`, `does not start with the library file and line`},
		{"unknown op", `[{"op":"remove","path":"/type",` + why + `}]`, `unknown op "remove"`},
		{"unknown member", `[{"op":"set","path":"/type","value":1,"vaule":2,` + why + `}]`, `unknown field "vaule"`},
		{"not a property path", `[{"op":"optional","path":"/$defs/D",` + why + `}]`, `does not end in /properties/<name>`},
		{"no ops", `[]`, `no operations`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := applyOps(t, c.ops)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestParseLayout(t *testing.T) {
	_, err := Parse(fstest.MapFS{"data/x/v1/both.json": {Data: []byte(`[]`)}}, "p/")
	if err == nil || !strings.Contains(err.Error(), "p/data/x/v1/both.json: not laid out as") {
		t.Errorf("error %v", err)
	}
}

// The embedded overlays parse, and each applies to the published schema
// in the corpus it was reviewed against.
func TestEmbeddedApplyToCorpus(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if s.Lookup("tls-certificates", 1, "provider") == nil || s.Lookup("tls_certificates", 1, "requirer") == nil {
		t.Fatalf("tls_certificates v1 overlays missing: %v", s.Files())
	}
	if s.Lookup("ingress", 2, "provider") == nil || s.Lookup("ingress", 2, "requirer") == nil {
		t.Fatalf("ingress v2 overlays missing: %v", s.Files())
	}
	for _, name := range []string{"postgresql_client", "mysql_client", "opensearch_client"} {
		if s.Lookup(name, 0, "provider") == nil || s.Lookup(name, 0, "requirer") == nil {
			t.Fatalf("%s v0 overlays missing: %v", name, s.Files())
		}
	}
	corpus := filepath.Join("..", "..", "..", "..", "shared", "corpus", "interfaces")
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("no corpus")
	}
	ifaces, _ := ifaceschema.Discover([]string{corpus})
	applied := map[string]bool{}
	for _, it := range ifaces {
		for _, r := range it.Roles() {
			if s.Lookup(it.Name, it.Version, r.Name) != nil {
				applied[it.String()+"/"+r.Name] = true
			}
		}
	}
	if len(applied) != s.Len() {
		t.Errorf("%d overlays, %d found in the corpus: %v", s.Len(), len(applied), applied)
	}
	if err := s.Apply(ifaces); err != nil {
		t.Fatal(err)
	}
	for _, it := range ifaces {
		for _, r := range it.Roles() {
			if applied[it.String()+"/"+r.Name] && r.Overlay == "" {
				t.Errorf("%s %s: overlay not recorded", it, r.Name)
			}
		}
	}
}

// A charm's own tree is left alone.
func TestOwnTreeUntouched(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "provider.json"), []byte(`{"type":"object"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	it := ifaceschema.Load("tls_certificates", 1, dir)
	if err := s.Apply([]*ifaceschema.Interface{it}); err != nil {
		t.Fatal(err)
	}
	if it.Provider.Overlay != "" {
		t.Error("overlay applied to a charm's own tree")
	}
}

// A user directory (laid out like data/, without the data/ prefix) parses
// with its display name in errors, and its overlays apply after the ones
// they follow (Then).
func TestParseDirThen(t *testing.T) {
	dir := t.TempDir()
	put := func(rel, s string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("x/v0/provider.json", `[{"op":"optional","path":"/$defs/D/properties/b",`+why+`}]`)
	user, err := ParseDir(dir, "mine")
	if err != nil {
		t.Fatal(err)
	}
	if o := user.Lookup("x", 0, "provider"); o == nil || o.File != "mine/x/v0/provider.json" {
		t.Fatalf("lookup = %+v (files %v)", o, user.Files())
	}
	first, err := Parse(fstest.MapFS{"data/x/v0/provider.json": {Data: []byte(`[{"op":"optional","path":"/$defs/D/properties/a",` + why + `}]`)}}, "builtin/")
	if err != nil {
		t.Fatal(err)
	}
	both := first.Then(user)
	chain := both.LookupAll("x", 0, "provider")
	if len(chain) != 2 || chain[0].File != "builtin/data/x/v0/provider.json" || chain[1].File != "mine/x/v0/provider.json" || both.Len() != 2 {
		t.Fatalf("chain = %v", both.Files())
	}

	// Applied to a published tree, both apply in order.
	tree := t.TempDir()
	p := filepath.Join(tree, "docs", "json_schemas", "x", "v0", "provider.json")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	ifaces, _ := ifaceschema.Discover([]string{tree})
	if len(ifaces) != 1 {
		t.Fatalf("%d interfaces", len(ifaces))
	}
	if err := both.Apply(ifaces); err != nil {
		t.Fatal(err)
	}
	if got := ifaces[0].Provider.Overlay; got != "builtin/data/x/v0/provider.json, mine/x/v0/provider.json" {
		t.Errorf("overlay recorded as %q", got)
	}

	// A user op that no longer applies names the user's file and index.
	put("x/v0/provider.json", `[{"op":"optional","path":"/$defs/D/properties/a",`+why+`}]`)
	user, err = ParseDir(dir, "mine")
	if err != nil {
		t.Fatal(err)
	}
	ifaces, _ = ifaceschema.Discover([]string{tree})
	err = first.Then(user).Apply(ifaces)
	if err == nil || !strings.Contains(err.Error(), `mine/x/v0/provider.json: operation 0 (optional /$defs/D/properties/a): `) || !strings.Contains(err.Error(), `"a" is not required`) {
		t.Errorf("error %v", err)
	}

	// Layout and directory errors.
	put("x/provider.json", `[]`)
	if _, err := ParseDir(dir, "mine"); err == nil || !strings.Contains(err.Error(), "mine/x/provider.json: not laid out as <interface>/v<N>/<provider|requirer>.json") {
		t.Errorf("error %v", err)
	}
	if _, err := ParseDir(filepath.Join(dir, "nope"), "nope"); err == nil || !strings.Contains(err.Error(), "overlay directory nope does not exist") {
		t.Errorf("error %v", err)
	}
}
