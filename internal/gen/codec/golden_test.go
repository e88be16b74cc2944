package codec_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

var update = flag.Bool("update", false, "rewrite the golden files of internal/gen/codec/testdata/golden")

// goldenModule is the import path of the golden cases; their want/
// directories are packages of this module, compiled by fuzz_test.go.
const goldenModule = "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden"

// goldenCase is one directory of testdata/golden: doc.md says what it
// pins down, schemas/ is the schema tree, config.json (optional) the
// encodings, want/ the generated packages and diagnostics.txt the
// diagnostics.
type goldenCase struct {
	name, dir string
}

func goldenCases(t *testing.T) []goldenCase {
	dirs, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	var out []goldenCase
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "schemas")); err == nil {
			out = append(out, goldenCase{name: filepath.Base(d), dir: d})
		}
	}
	return out
}

// goldenConfig reads config.json: interface name → {strings, fields, writeNull}.
func goldenConfig(t testing.TB, c goldenCase) codec.Config {
	cfg := codec.Config{Module: goldenModule + "/" + c.name + "/want", FuzzTests: false}
	data, err := os.ReadFile(filepath.Join(c.dir, "config.json"))
	if os.IsNotExist(err) {
		return cfg
	}
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]struct {
		Strings   string            `json:"strings"`
		Fields    map[string]string `json:"fields"`
		WriteNull bool              `json:"writeNull"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", c.dir, err)
	}
	cfg.Encodings = map[string]*schema.Encodings{}
	for name, r := range raw {
		e := &schema.Encodings{WriteNull: r.WriteNull, Fields: map[string]schema.Encoding{}}
		e.Strings, _ = schema.ParseEncoding(r.Strings)
		for k, v := range r.Fields {
			e.Fields[k], _ = schema.ParseEncoding(v)
		}
		cfg.Encodings[name] = e
	}
	return cfg
}

// generateCase runs the pipeline on a golden case. Diagnostics name files
// relative to the case directory.
func generateCase(t *testing.T, c goldenCase) (map[string][]byte, string, []*ifaceschema.Interface) {
	ifaces, treeDiags := ifaceschema.Discover([]string{filepath.Join(c.dir, "schemas")})
	var diags []string
	add := func(d ifaceschema.Diagnostic) {
		if rel, err := filepath.Rel(c.dir, d.File); err == nil {
			d.File = filepath.ToSlash(rel)
		}
		diags = append(diags, d.String())
	}
	for _, d := range treeDiags {
		add(d)
	}
	files, err := codec.Generate(goldenConfig(t, c), ifaces, add)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(diags)
	text := strings.Join(diags, "\n")
	if text != "" {
		text += "\n"
	}
	return files, text, ifaces
}

// TestGolden regenerates every golden case and compares it with the
// committed files. Run with -update to rewrite them; a missing golden file
// is a failure, never created silently.
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			files, diags, _ := generateCase(t, c)
			if _, err := os.Stat(filepath.Join(c.dir, "doc.md")); err != nil {
				t.Errorf("%s has no doc.md saying what the case pins down", c.dir)
			}
			want := map[string][]byte{"diagnostics.txt": []byte(diags)}
			for name, data := range files {
				want[filepath.Join("want", filepath.FromSlash(name))] = data
			}
			if *update {
				os.RemoveAll(filepath.Join(c.dir, "want"))
				for name, data := range want {
					p := filepath.Join(c.dir, name)
					if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(p, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			for name, data := range want {
				got, err := os.ReadFile(filepath.Join(c.dir, name))
				if err != nil {
					t.Errorf("missing golden file %s (run go test ./internal/gen/codec -run TestGolden -update): %v", filepath.Join(c.dir, name), err)
					continue
				}
				if !bytes.Equal(got, data) {
					t.Errorf("%s is stale (run go test ./internal/gen/codec -run TestGolden -update, and say why in the commit):\n%s", filepath.Join(c.dir, name), diff(string(got), string(data)))
				}
			}
			filepath.Walk(filepath.Join(c.dir, "want"), func(p string, info os.FileInfo, err error) error {
				if err == nil && !info.IsDir() {
					rel, _ := filepath.Rel(c.dir, p)
					if _, ok := want[rel]; !ok {
						t.Errorf("%s is no longer generated; remove it (or run -update)", p)
					}
				}
				return nil
			})
		})
	}
}

// TestGoldenDeterministic generates every case twice and checks the
// output is byte for byte the same.
func TestGoldenDeterministic(t *testing.T) {
	for _, c := range goldenCases(t) {
		a, da, _ := generateCase(t, c)
		b, db, _ := generateCase(t, c)
		if da != db {
			t.Errorf("%s: diagnostics differ between runs", c.name)
		}
		for name := range a {
			if !bytes.Equal(a[name], b[name]) {
				t.Errorf("%s: %s differs between runs", c.name, name)
			}
		}
	}
}

// diff shows the first differing lines of two texts, -want +got.
func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n-%s\n+%s\n", i+1, w, g)
			if n++; n >= 8 {
				b.WriteString("...\n")
				break
			}
		}
	}
	return b.String()
}
