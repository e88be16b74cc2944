package libdiff_test

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
	"github.com/charmgen/charmgen/internal/gen/overlays"
)

// yamlCase is a bag the libraries' writers produce (testdata/yamlwire.py
// produce) and what the reader on the other side makes of it.
type yamlCase struct {
	Case   string            `json:"case"`
	Key    string            `json:"key"`
	Data   map[string]string `json:"data"`
	Values any               `json:"values"`
	Error  string            `json:"error"`
}

// yamlWrites are values Go writes with the generated ingress v1 and
// ingress_per_unit types (the aliases v1 and ipu), and the values the
// library's reader must get from Go's bag (JSON). Strings PyYAML must
// quote (yes, 017, null, ~, a: b, leading dashes and spaces, ”) and an
// unset flag, which the per-unit provider would read as true if it were
// written "false".
var yamlWrites = []struct{ name, key, expr, want string }{
	{"v1 provider odd url", "ingress/v1/provider/app",
		`&v1.ProviderApp{Ingress: v1.URL{URL: "http://h/a: b #c?x='1'"}}`,
		`{"url": "http://h/a: b #c?x='1'"}`},
	{"v1 requirer flags set", "ingress/v1/requirer/app",
		`&v1.RequirerApp{Port: 8080, Host: "h", Model: "m", Name: "n", StripPrefix: true, RedirectHTTPS: true}`,
		`{"host": "h", "model": "m", "name": "n", "port": 8080, "strip-prefix": true, "redirect-https": true}`},
	{"v1 requirer flags unset", "ingress/v1/requirer/app",
		`&v1.RequirerApp{Port: 1, Host: "yes", Model: "m", Name: "n"}`,
		`{"host": "yes", "model": "m", "name": "n", "port": 1, "strip-prefix": false, "redirect-https": false}`},
	{"ipu provider strings PyYAML quotes", "ingress_per_unit/v0/provider/app",
		`&ipu.ProviderApp{Ingress: map[string]ipu.ProviderIngressValue{"a/0": {URL: "yes"}, "a/1": {URL: "017"}, "a/2": {URL: "null"}, "a/3": {URL: "~"}, "a/4": {URL: "- x"}, "a/5": {URL: " lead"}, "a/6": {URL: ""}, "a/7": {URL: "ünï http://x/é"}, "a/10": {URL: "http://foo:80/m-a-10"}}}`,
		`{"a/0": "yes", "a/1": "017", "a/2": "null", "a/3": "~", "a/4": "- x", "a/5": " lead", "a/6": "", "a/7": "ünï http://x/é", "a/10": "http://foo:80/m-a-10"}`},
	{"ipu requirer flags unset", "ingress_per_unit/v0/requirer/unit",
		`&ipu.RequirerUnit{Name: "a/0", Model: "m", Host: "h", Port: 9090}`,
		`{"host": "h", "model": "m", "name": "a/0", "port": 9090, "strip-prefix": false, "redirect-https": false}`},
	{"ipu requirer tcp and flags", "ingress_per_unit/v0/requirer/unit",
		`&ipu.RequirerUnit{Name: "a/0", Model: "m", Host: "h", Port: 5432, Mode: ptr("tcp"), StripPrefix: true, RedirectHTTPS: true}`,
		`{"host": "h", "mode": "tcp", "model": "m", "name": "a/0", "port": 5432, "strip-prefix": true, "redirect-https": true}`},
}

// TestYAMLWire checks the interfaces whose libraries put YAML documents in
// the databag (traefik's ingress v1 and ingress_per_unit), with the
// reviewed overlays that say so: every bag the libraries' writers produce
// decodes in Go, Go's re-encoding reads back to the same values in the
// library's reader, and values Go writes read back as Go wrote them.
func TestYAMLWire(t *testing.T) {
	repo, corpus := dirs(t)
	if out, err := exec.Command("python3", "-c", "import yaml").CombinedOutput(); err != nil {
		t.Skipf("python3 cannot import yaml (PyYAML): %v\n%s", err, out)
	}
	var produced []yamlCase
	python(t, corpus, "yamlwire.py", "produce", nil, &produced)
	if len(produced) < 10 {
		t.Fatalf("yamlwire.py produced %d cases", len(produced))
	}
	bin := buildYAMLProgram(t, repo, corpus)

	type goOut struct {
		Verdict   string            `json:"verdict"`
		Error     string            `json:"error"`
		Reencoded map[string]string `json:"reencoded"`
	}
	var in []map[string]any
	for _, c := range produced {
		in = append(in, map[string]any{"key": c.Key, "data": c.Data})
	}
	var decoded []goOut
	runJSON(t, bin, nil, in, &decoded)
	back := []map[string]any{}
	var backIdx []int
	for i, c := range produced {
		d := decoded[i]
		switch {
		case c.Error != "":
			t.Errorf("%s: the library's reader rejects the library's own bag: %s", c.Case, c.Error)
		case len(c.Data) == 0:
			if d.Verdict != "empty" {
				t.Errorf("%s: a wiped bag decodes as %s %s, want empty (not ready)", c.Case, d.Verdict, d.Error)
			}
		case d.Verdict != "accept":
			t.Errorf("%s: Go %s: %s\nbag %q", c.Case, d.Verdict, d.Error, c.Data)
		default:
			back = append(back, map[string]any{"key": c.Key, "data": d.Reencoded})
			backIdx = append(backIdx, i)
		}
	}
	var loaded []struct {
		OK     bool   `json:"ok"`
		Error  string `json:"error"`
		Values any    `json:"values"`
	}
	python(t, corpus, "yamlwire.py", "load", mustJSON(t, back), &loaded)
	for j, l := range loaded {
		c := produced[backIdx[j]]
		if !l.OK {
			t.Errorf("%s: the library's reader rejects Go's re-encoding %q: %s", c.Case, back[j]["data"], l.Error)
		} else if !reflect.DeepEqual(l.Values, c.Values) {
			t.Errorf("%s: the library reads Go's re-encoding as %v, its own bag as %v", c.Case, l.Values, c.Values)
		}
	}

	var written []goOut
	runJSON(t, bin, []string{"write"}, nil, &written)
	var wbags []map[string]any
	for i, w := range yamlWrites {
		if written[i].Verdict != "wrote" {
			t.Fatalf("%s: Go refused to write: %s", w.name, written[i].Error)
		}
		wbags = append(wbags, map[string]any{"key": w.key, "data": written[i].Reencoded})
	}
	python(t, corpus, "yamlwire.py", "load", mustJSON(t, wbags), &loaded)
	for i, w := range yamlWrites {
		var want any
		if err := json.Unmarshal([]byte(w.want), &want); err != nil {
			t.Fatal(err)
		}
		if !loaded[i].OK {
			t.Errorf("%s: the library rejects Go's bag %q: %s", w.name, written[i].Reencoded, loaded[i].Error)
		} else if !reflect.DeepEqual(loaded[i].Values, want) {
			t.Errorf("%s: the library reads Go's bag %q as %v, want %v", w.name, written[i].Reencoded, loaded[i].Values, want)
		}
	}
	t.Logf("%d library bags decoded and read back alike; %d Go-written bags read as written", len(back), len(yamlWrites))
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func runJSON(t *testing.T, bin string, args []string, in, out any) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if in != nil {
		cmd.Stdin = strings.NewReader(string(mustJSON(t, in)))
	}
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, data)
	}
}

// buildYAMLProgram generates ingress v1 and ingress_per_unit v0 with the
// default overlays into a temporary module, with the decode program of
// TestLibDiff (mainSource) and yamlWrites as its writes.
func buildYAMLProgram(t *testing.T, repo, corpus string) string {
	ifaces, _ := ifaceschema.Discover([]string{filepath.Join(corpus, "interfaces")})
	alias := map[string]string{"ingress/v1": "v1", "ingress_per_unit/v0": "ipu"}
	var picked []*ifaceschema.Interface
	for _, it := range ifaces {
		if alias[it.String()] != "" {
			picked = append(picked, it)
		}
	}
	if len(picked) != len(alias) {
		t.Fatalf("found %d of ingress v1 and ingress_per_unit v0 in the corpus", len(picked))
	}
	ovl, err := overlays.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := ovl.Apply(picked); err != nil {
		t.Fatal(err)
	}
	cfg := codec.Config{Module: "example.com/gen"}
	files, err := codec.Generate(cfg, picked, nil)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n\t\"net/netip\"\n\n\t\"github.com/charmgen/charmgen/charm\"\n")
	var entries []string
	for _, it := range picked {
		info := codec.Build(cfg, it, nil).Info()
		fmt.Fprintf(&src, "\t%s %q\n", alias[it.String()], "example.com/gen/"+info.Dir)
		for key, typ := range info.Bags {
			entries = append(entries, fmt.Sprintf("\t%q: func() charm.Databag { return new(%s.%s) },\n", it.String()+"/"+strings.ReplaceAll(key, ".", "/"), alias[it.String()], typ))
		}
	}
	sort.Strings(entries)
	src.WriteString(")\n\nvar _ = netip.MustParseAddr\n\nfunc ptr[T any](v T) *T { return &v }\n\nvar registry = map[string]func() charm.Databag{\n" + strings.Join(entries, "") + "}\n\nvar writes = []charm.Databag{\n")
	for _, w := range yamlWrites {
		fmt.Fprintf(&src, "\t%s,\n", w.expr)
	}
	src.WriteString("}\n\nvar publishes []charm.Databag\n")

	return buildModule(t, repo, files, "yamlwire", map[string]string{"registry.go": src.String(), "main.go": mainSource})
}
