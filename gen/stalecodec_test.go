package gen_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/gen"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/meta"
)

const certsSchema = `{"type": "object", "properties": {"app": {"type": "object", "properties": {"ca": {"type": "string"}}}}}`

const certsEndpoint = "  certs:\n    interface: tls-certificates\n"

// plan plans dir's files, collecting warnings.
func plan(t *testing.T, dir string) ([]gen.File, []string) {
	t.Helper()
	c, err := meta.Load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := settings.Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	var warns []string
	files, err := gen.Plan(gen.Options{Dir: dir, Settings: s, Charm: c, Warn: func(w string) { warns = append(warns, w) }})
	if err != nil {
		t.Fatal(err)
	}
	return files, warns
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// certsModule is the shop charm with a tls-certificates endpoint and a
// schema tree that spells the interface tls_certificates.
func certsModule(t *testing.T) string {
	dir := newModule(t, "example.com/shop", strings.Replace(shopCharm, "requires:\n", "requires:\n"+certsEndpoint, 1))
	write(t, filepath.Join(dir, "charmgen.yaml"), "schemas: [schemas]\n")
	write(t, filepath.Join(dir, "schemas/tls_certificates/v1/provider.json"), certsSchema)
	write(t, filepath.Join(dir, "schemas/tls_certificates/v1/requirer.json"), certsSchema)
	return dir
}

func dropCerts(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, "charmcraft.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	write(t, p, strings.Replace(string(b), certsEndpoint, "", 1))
}

// A tls-certificates endpoint gets the codec of the tls_certificates schema
// directory, under the directory's spelling.
func TestDashInterfaceGetsUnderscoreCodec(t *testing.T) {
	dir := certsModule(t)
	files, _ := plan(t, dir)
	var codec, imports bool
	for _, f := range files {
		if f.Path == "internal/charm/tls_certificates/v1/databags.go" {
			codec = true
		}
		if f.Generated && strings.Contains(string(f.Content), `"example.com/shop/internal/charm/tls_certificates/v1"`) {
			imports = true
		}
	}
	if !codec || !imports {
		t.Fatalf("codec package %v, imported %v", codec, imports)
	}
}

// A codec package left by an endpoint that was removed is reported by Check
// and deleted by Write, with its interface directory; nothing else goes.
func TestStaleCodecPackageRemoved(t *testing.T) {
	dir := certsModule(t)
	write(t, filepath.Join(dir, "internal/charm/api/v1/api.go"), "package api\n") // the user's
	files, _ := plan(t, dir)
	if _, err := gen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(dir, "internal/charm/tls_certificates/v1/databags.go")
	if !exists(pkg) {
		t.Fatal("codec package not written")
	}
	dropCerts(t, dir)
	files, warns := plan(t, dir)
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	d, err := gen.Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d, "--- a/internal/charm/tls_certificates/v1/databags.go") || !strings.Contains(d, "/dev/null") {
		t.Fatalf("check does not report the stale codec package:\n%s", d)
	}
	if strings.Contains(d, "api") {
		t.Errorf("check reports the user's package:\n%s", d)
	}
	changed, err := gen.Write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if !contains(changed, "internal/charm/tls_certificates/v1/databags.go") {
		t.Errorf("changed = %v", changed)
	}
	if exists(filepath.Join(dir, "internal/charm/tls_certificates")) {
		t.Error("stale codec directory left")
	}
	if !exists(filepath.Join(dir, "internal/charm/api/v1/api.go")) || !exists(filepath.Join(dir, "schemas/tls_certificates/v1/provider.json")) {
		t.Error("a file that is not charmgen's was removed")
	}
	if d, err := gen.Check(dir, files); err != nil || d != "" {
		t.Errorf("check after write: %v\n%s", err, d)
	}
}

// A codec package directory that also holds a file charmgen did not
// generate is left alone, and Plan warns about it; Check does not fail on it.
func TestStaleCodecPackageWithUserFileLeftAlone(t *testing.T) {
	dir := certsModule(t)
	files, _ := plan(t, dir)
	if _, err := gen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	user := filepath.Join(dir, "internal/charm/tls_certificates/v1/extra.go")
	write(t, user, "package tlscertificatesv1\n")
	dropCerts(t, dir)
	files, warns := plan(t, dir)
	if len(warns) != 1 || !strings.Contains(warns[0], "internal/charm/tls_certificates/v1: warning:") || !strings.Contains(warns[0], "internal/charm/tls_certificates/v1/extra.go is not generated") {
		t.Errorf("warnings: %q", warns)
	}
	d, err := gen.Check(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d, "a/internal/charm/tls_certificates/") {
		t.Errorf("check reports a directory it must leave alone:\n%s", d)
	}
	if _, err := gen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if !exists(user) || !exists(filepath.Join(dir, "internal/charm/tls_certificates/v1/databags.go")) {
		t.Error("a directory holding a user file was touched")
	}
}
