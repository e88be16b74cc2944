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

func TestParseLint(t *testing.T) {
	src := `lint:
  disable: [PY016, META005]
  severity:
    META012: error
    GO010: off
`
	s, err := Parse("charmgen.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Lint == nil {
		t.Fatal("lint is nil")
	}
	if got := strings.Join(s.Lint.Disable, ","); got != "PY016,META005" {
		t.Errorf("disable = %q", got)
	}
	if s.Lint.Severity["META012"] != "error" || s.Lint.Severity["GO010"] != "off" {
		t.Errorf("severity = %v", s.Lint.Severity)
	}
	if p := s.Lint.Pos["disable/META005"]; p.Line != 2 || p.Col != 20 {
		t.Errorf("position of META005 = %v", p)
	}
	if p := s.Lint.Pos["severity/GO010"]; p.Line != 5 || p.Col != 5 {
		t.Errorf("position of GO010 = %v", p)
	}
	// A single ID may be written without a list; an empty key is fine.
	s, err = Parse("charmgen.yaml", []byte("lint:\n  disable: PY016\n"))
	if err != nil || len(s.Lint.Disable) != 1 {
		t.Errorf("single disable: %v %+v", err, s.Lint)
	}
	if s, err := Parse("charmgen.yaml", []byte("lint:\n")); err != nil || s.Lint == nil {
		t.Errorf("empty lint: %v", err)
	}
	if s, _ := Parse("charmgen.yaml", []byte("juju: 4\n")); s.Lint != nil {
		t.Errorf("no lint key gives %+v, want nil", s.Lint)
	}
}

func TestParseLintErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"lint: [PY016]\n", `charmgen.yaml:1:7: lint must be a mapping`},
		{"lint:\n  disable: [PY 016]\n", `charmgen.yaml:2:13: each entry of lint.disable must be a rule ID or name such as PY004 or unconditional-restart, not "PY 016"`},
		{"lint:\n  disable: [1]\n", `each entry of lint.disable must be a rule ID or name`},
		{"lint:\n  select: [PY_004]\n", `charmgen.yaml:2:12: each entry of lint.select must be a rule ID or name`},
		{"lint:\n  ignore: [{a: b}]\n", `charmgen.yaml:2:12: each entry of lint.ignore must be a rule ID or name such as PY004 or unconditional-restart, not a mapping`},
		{"lint:\n  severity: [GO001]\n", `charmgen.yaml:2:13: lint.severity must be a mapping`},
		{"lint:\n  severity:\n    GO001: loud\n", `charmgen.yaml:3:12: severity of GO001 must be error, warning, info or off, not "loud"`},
		{"lint:\n  severity:\n    G 1: error\n", `charmgen.yaml:3:5: each key of lint.severity must be a rule ID or name`},
		{"lint:\n  per-path-ignores: [tests]\n", `charmgen.yaml:2:21: lint.per-path-ignores must be a mapping from a path glob to rules`},
		{"lint:\n  per-path-ignores:\n    \"tests/[a\": [PY001]\n", `charmgen.yaml:3:5: lint.per-path-ignores: path glob "tests/[a" is malformed`},
		{"lint:\n  per-path-ignores:\n    /abs/**: [PY001]\n", `charmgen.yaml:3:5: lint.per-path-ignores: path glob "/abs/**" is not relative to the charm root`},
		{"lint:\n  per-path-ignores:\n    ../x: [PY001]\n", `is not relative to the charm root`},
		{"lint:\n  per-path-ignores:\n    tests: [PY 1]\n", `charmgen.yaml:3:13: each rule of lint.per-path-ignores must be a rule ID or name`},
		{"lint:\n  enable: [GO001]\n", `charmgen.yaml:2:3: unknown key "enable" in lint; known keys are disable, severity, select, ignore and per-path-ignores`},
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

func TestParseInterfaces(t *testing.T) {
	src := `interfaces:
  ingress:
    encoding: json
    nulls: write
    fields:
      host: raw
      requirer.unit.model: {encoding: json}
  mysql_client:
`
	s, err := Parse("charmgen.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	in := s.Interfaces["ingress"]
	if in.Encoding != "json" || in.Nulls != "write" || in.Fields["host"].Encoding != "raw" || in.Fields["requirer.unit.model"].Encoding != "json" {
		t.Errorf("ingress settings = %+v", in)
	}
	if in.Pos.Line != 2 {
		t.Errorf("ingress position = %v", in.Pos)
	}
	if _, ok := s.Interfaces["mysql_client"]; !ok {
		t.Error("interface with no settings is missing")
	}
	enc := s.Encodings()["ingress"]
	if !enc.WriteNull || enc.For("requirer", "unit", "model").String() != "json" || enc.For("provider", "app", "host").String() != "raw" ||
		enc.For("provider", "app", "other").String() != "json" {
		t.Errorf("encodings = %+v", enc)
	}
	if e := s.Encodings()["mysql_client"]; e.For("provider", "app", "x").String() != "raw" {
		t.Errorf("default encoding = %v", e.For("provider", "app", "x"))
	}
}

func TestParseInterfacesYAML(t *testing.T) {
	src := "interfaces:\n  ingress_per_unit:\n    encoding: yaml\n    fields: {unit.port: json}\n"
	s, err := Parse("charmgen.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	enc := s.Encodings()["ingress_per_unit"]
	if enc.For("requirer", "app", "urls").String() != "yaml" || enc.For("requirer", "unit", "port").String() != "json" {
		t.Errorf("encodings = %+v", enc)
	}
}

func TestParseInterfacesErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"interfaces: [a]\n", `charmgen.yaml:1:13: interfaces must be a mapping`},
		{"interfaces:\n  ingress: json\n", `charmgen.yaml:2:12: interface "ingress" settings must be a mapping`},
		{"interfaces:\n  ingress: {encoding: toml}\n", `charmgen.yaml:2:23: interface "ingress" encoding must be raw, json or yaml, not "toml"`},
		{"interfaces:\n  ingress: {nulls: always}\n", `charmgen.yaml:2:20: interface "ingress" nulls must be omit or write`},
		{"interfaces:\n  ingress: {encode: json}\n", `charmgen.yaml:2:13: unknown key "encode" in interface "ingress" settings`},
		{"interfaces:\n  ingress:\n    fields: [host]\n", `charmgen.yaml:3:13: interface "ingress" fields must be a mapping`},
		{"interfaces:\n  ingress:\n    fields: {host: quoted}\n", `charmgen.yaml:3:20: field "host" of interface "ingress": encoding must be raw, json or yaml, not "quoted"`},
		{"interfaces:\n  ingress:\n    fields: {host: {enc: json}}\n", `charmgen.yaml:3:21: unknown key "enc" in field "host"`},
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

func TestParseOverlays(t *testing.T) {
	s, err := Parse("charmgen.yaml", []byte("schemas: [schemas]\noverlays:\n  - overlays\n  - ../shared/overlays\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Overlays) != 2 || s.Overlays[0] != "overlays" || s.Overlays[1] != "../shared/overlays" {
		t.Errorf("overlays = %q", s.Overlays)
	}
	if len(s.OverlaysPos) != 2 || s.OverlaysPos[1].String() != "charmgen.yaml:4:5" {
		t.Errorf("overlay positions = %v", s.OverlaysPos)
	}
	for _, c := range []struct{ src, want string }{
		{"overlays: overlays\n", `charmgen.yaml:1:11: overlays must be a list of directories`},
		{"overlays: [a, 3]\n", `charmgen.yaml:1:15: overlays lists directories, each a string`},
		{"overlays: [a, \"\"]\n", `charmgen.yaml:1:15: overlays lists directories, each a string`},
		{"overlay: [a]\n", `unknown key "overlay" in charmgen.yaml; known keys are juju, layout, output, package, schemas, overlays,`},
	} {
		_, err := Parse("charmgen.yaml", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.src, err, c.want)
		}
	}
}
