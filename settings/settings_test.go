package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseDefaults(t *testing.T) {
	s, err := Parse("charmgen.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Juju != "4" || s.Layout != "go" || s.Output != "internal/charm" || s.Package != "charm" {
		t.Errorf("defaults = %+v", s)
	}
}

func TestParseAll(t *testing.T) {
	src := `juju: 3
layout: daemon
output: gen/my-charm
schemas: [schemas, ../interfaces]
endpoints:
  db: {version: 2}
  cache:
`
	s, err := Parse("charmgen.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Juju != "3" || s.JujuMajor() != 3 {
		t.Errorf("juju = %q", s.Juju)
	}
	if s.Layout != "daemon" {
		t.Errorf("layout = %q", s.Layout)
	}
	// The package name follows the output directory, made a valid identifier.
	if s.Output != "gen/my-charm" || s.Package != "my_charm" {
		t.Errorf("output/package = %q/%q", s.Output, s.Package)
	}
	if len(s.Schemas) != 2 || s.Schemas[1] != "../interfaces" {
		t.Errorf("schemas = %q", s.Schemas)
	}
	if s.Endpoints["db"].Version != 2 {
		t.Errorf("endpoints = %+v", s.Endpoints)
	}
	if _, ok := s.Endpoints["cache"]; !ok {
		t.Errorf("endpoint cache with no settings is missing")
	}
	if p := s.Pos["layout"]; p.Line != 2 || p.Col != 1 {
		t.Errorf("layout position = %v", p)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"juju: 5\n", `charmgen.yaml:1:7: juju must be "3" or "4"`},
		{"layout: fancy\n", `charmgen.yaml:1:9: layout must be go or daemon`},
		{"output: ../elsewhere\n", `charmgen.yaml:1:9: output "../elsewhere" leaves the charm directory`},
		{"output: /abs\n", `leaves the charm directory`},
		{"package: My-Pkg\n", `charmgen.yaml:1:10: package must be a Go package name`},
		{"lauout: go\n", `charmgen.yaml:1:1: unknown key "lauout"`},
		{"endpoints:\n  db: {version: -1}\n", `charmgen.yaml:2:17: endpoint "db" version must be a whole number`},
		{"endpoints:\n  db: {pin: 1}\n", `unknown key "pin" in endpoint "db"`},
		{"- a\n- b\n", `charmgen.yaml:1:1: charmgen.yaml must be a mapping`},
		{"juju: [\n", `charmgen.yaml:`},
	}
	for _, c := range cases {
		_, err := Parse("charmgen.yaml", []byte(c.src))
		if err == nil {
			t.Errorf("%q: no error, want %q", c.src, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q:\n got %s\nwant %s", c.src, err, c.want)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	s, err := Load(t.TempDir(), ".")
	if err != nil {
		t.Fatal(err)
	}
	if s.JujuMajor() != 4 {
		t.Errorf("default juju = %d", s.JujuMajor())
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("juju: \"3\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir, "mycharm")
	if err != nil {
		t.Fatal(err)
	}
	if s.JujuMajor() != 3 {
		t.Errorf("juju = %d", s.JujuMajor())
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("juju: 9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(dir, "mycharm")
	if err == nil || !strings.HasPrefix(err.Error(), "mycharm/charmgen.yaml:1:7: ") {
		t.Errorf("error = %v, want it to start with mycharm/charmgen.yaml:1:7:", err)
	}
}
