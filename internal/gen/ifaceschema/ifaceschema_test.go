package ifaceschema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const appSchema = `{"properties": {"app": {"properties": {"x": {"type": "string"}}, "type": "object"}}, "type": "object"}`

// tree writes files (path → content) under a new directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestResolve(t *testing.T) {
	own := tree(t, map[string]string{
		"ingress/v1/provider.json": appSchema,
	})
	cri := tree(t, map[string]string{
		"docs/json_schemas/ingress/v1/provider.json":  appSchema,
		"docs/json_schemas/ingress/v2/provider.json":  appSchema,
		"docs/json_schemas/ingress/v2/requirer.json":  appSchema,
		"interfaces/ingress/v2/schemas/provider.json": appSchema, // the generated layout wins in a tree
		"interfaces/s3/v0/schemas/provider.json":      `{"$schema": "x", "properties": {"bucket": {"type": "string"}}}`,
	})
	// Highest version of the first tree that has the interface.
	it, err := Resolve([]string{own, cri}, "ingress", -1)
	if err != nil || it.Version != 1 || it.Tree != own || it.Layout != LayoutOwn || it.Requirer != nil {
		t.Fatalf("ingress: %+v, %v", it, err)
	}
	// A pinned version: the first tree that has it.
	it, err = Resolve([]string{own, cri}, "ingress", 2)
	if err != nil || it.Tree != cri || it.Layout != LayoutGenerated || it.Requirer == nil {
		t.Fatalf("ingress/v2: %+v, %v", it, err)
	}
	it, err = Resolve([]string{cri}, "s3", -1)
	if err != nil || it.Layout != LayoutLegacy || it.Provider.Schema.Flat == nil {
		t.Fatalf("s3: %+v, %v", it, err)
	}
	if len(it.Diags()) != 1 || !strings.Contains(it.Diags()[0].String(), "provider.json:1:1: warning: legacy hand-written schema") {
		t.Errorf("s3 diags: %v", it.Diags())
	}
	_, err = Resolve([]string{own, filepath.Join(own, "missing")}, "mysql_client", 3)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "no schema for mysql_client/v3") || !strings.Contains(err.Error(), "missing:") {
		t.Errorf("not found: %v", err)
	}
}

func TestDiscover(t *testing.T) {
	a := tree(t, map[string]string{
		"b/v0/provider.json": appSchema,
		"a/v1/requirer.json": "",
	})
	b := tree(t, map[string]string{
		"docs/json_schemas/b/v0/provider.json":         `{"properties": {"app": {"type": "array"}}}`,
		"docs/json_schemas/a/v0/provider.json":         appSchema,
		"docs/json_schemas/other/orphan/provider.json": appSchema,
	})
	all, diags := Discover([]string{a, b, filepath.Join(a, "nope")})
	var names []string
	for _, it := range all {
		names = append(names, it.String()+"@"+map[string]string{a: "a", b: "b"}[it.Tree])
	}
	if got := strings.Join(names, " "); got != "a/v0@b a/v1@a b/v0@a" {
		t.Errorf("interfaces = %s", got)
	}
	var ds []string
	for _, d := range diags {
		ds = append(ds, d.String())
	}
	got := strings.Join(ds, "\n")
	if !strings.Contains(got, "orphan: warning: schema files are not laid out as <name>/v<N>") || !strings.Contains(got, "nope: schema tree does not exist") {
		t.Errorf("tree diags:\n%s", got)
	}
	if d := all[1].Diags(); len(d) != 1 || d[0].Severity != Error || !strings.HasSuffix(d[0].File, "requirer.json") {
		t.Errorf("empty file: %v", d)
	}
}

// '-' and '_' are alike in interface names; within a tree the exact
// spelling wins, and the Interface keeps the directory's spelling.
func TestResolveDashUnderscore(t *testing.T) {
	if !SameName("tls-certificates", "tls_certificates") || SameName("tls-certificates", "tlscertificates") {
		t.Error("SameName")
	}
	own := tree(t, map[string]string{
		"tls_certificates/v1/provider.json": appSchema,
		"foo-bar/v1/provider.json":          appSchema,
		"foo_bar/v2/provider.json":          appSchema,
	})
	cri := tree(t, map[string]string{
		"docs/json_schemas/tls-certificates/v4/provider.json": appSchema,
		"docs/json_schemas/ingress_x/v1/provider.json":        appSchema,
	})
	it, err := Resolve([]string{own}, "tls-certificates", -1)
	if err != nil || it.Name != "tls_certificates" || it.Version != 1 {
		t.Fatalf("tls-certificates: %+v, %v", it, err)
	}
	// The first tree with either spelling wins.
	it, err = Resolve([]string{own, cri}, "tls-certificates", -1)
	if err != nil || it.Tree != own {
		t.Fatalf("first tree: %+v, %v", it, err)
	}
	it, err = Resolve([]string{cri}, "tls_certificates", -1)
	if err != nil || it.Name != "tls-certificates" || it.Version != 4 {
		t.Fatalf("tls_certificates in cri: %+v, %v", it, err)
	}
	// Both spellings in one tree: the exact one, even at a lower version.
	for name, want := range map[string]string{"foo-bar": "foo-bar/v1", "foo_bar": "foo_bar/v2"} {
		it, err = Resolve([]string{own}, name, -1)
		if err != nil || it.String() != want {
			t.Errorf("%s: %v, %v; want %s", name, it, err, want)
		}
	}
	// A pinned version only the other spelling has.
	it, err = Resolve([]string{own}, "foo-bar", 2)
	if err != nil || it.String() != "foo_bar/v2" {
		t.Errorf("foo-bar/v2: %v, %v", it, err)
	}
	if !Has([]string{cri}, "ingress-x") || Has([]string{own, cri}, "ingress") || Has(nil, "foo-bar") {
		t.Error("Has")
	}
}
