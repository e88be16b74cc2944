package goldenfuzz_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	ipuv0 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/yaml/want/ipu/v0"
)

func init() {
	families["yaml"] = family{"yaml", "ipu/v0", map[string]func() charm.Databag{
		"provider.app":  func() charm.Databag { return new(ipuv0.ProviderApp) },
		"provider.unit": func() charm.Databag { return new(ipuv0.ProviderUnit) },
		"requirer.app":  func() charm.Databag { return new(ipuv0.RequirerApp) },
		"requirer.unit": func() charm.Databag { return new(ipuv0.RequirerUnit) },
	}, []map[string]string{
		// As traefik's libraries write them: yaml.safe_dump of each value.
		{"urls": "prometheus-k8s/0: http://foo.bar:80/model_name-prometheus-k8s/0\nprometheus-k8s/1: http://foo.bar:80/model_name-prometheus-k8s/1\n"},
		{"name": "prometheus-k8s/0\n...\n", "model": "cos\n...\n", "host": "foo.bar\n...\n", "port": "9090\n...\n", "mode": "http\n...\n", "raw": "x: y"},
		// JSON is YAML too.
		{"name": `"remote/0"`, "model": `"bar"`, "host": `"0.0.0.42"`, "port": "42", "mode": "null"},
		{"name": "'yes'\n", "model": "'1'\n", "host": "'null'\n", "port": "0x50\n...\n"},
		{"urls": "{}\n"},
		{"urls": "a: [1\n"},
		{"urls": "- a\n"},
		{"name": "yes\n...\n", "model": "m", "host": "h", "port": "70000"},
		{"name": "a: b: c", "model": "m", "host": "h", "port": "'80'\n"},
	}}
}

func FuzzYAMLFamily(f *testing.F) { fuzzFamily(f, "yaml") }

// TestYAMLEncoding pins what the yaml encoding reads and writes: values as
// PyYAML's safe_dump writes them, YAML 1.1 scalars, and errors at the
// field with the YAML line.
func TestYAMLEncoding(t *testing.T) {
	var r ipuv0.RequirerApp
	bag := map[string]string{"name": "prometheus-k8s/0\n...\n", "model": "'yes'\n", "host": "foo.bar\n...\n", "port": "0x50\n...\n", "mode": "null\n...\n", "raw": "a: b"}
	if err := r.UnmarshalDatabag(bag); err != nil {
		t.Fatal(err)
	}
	if r.Name != "prometheus-k8s/0" || r.Model != "yes" || r.Host != "foo.bar" || r.Port != 80 || r.Raw == nil || *r.Raw != "a: b" {
		t.Fatalf("decoded %+v", r)
	}
	out, err := r.MarshalDatabag()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": "prometheus-k8s/0\n...\n", "model": "'yes'\n", "host": "foo.bar\n...\n", "port": "80\n...\n", "raw": "a: b"}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("re-encoded %q, want %q", out, want)
	}

	var p ipuv0.ProviderApp
	urls := "prometheus-k8s/0: http://foo.bar:80/model_name-prometheus-k8s/0\nprometheus-k8s/1: http://foo.bar:80/model_name-prometheus-k8s/1\n"
	if err := p.UnmarshalDatabag(map[string]string{"urls": urls}); err != nil {
		t.Fatal(err)
	}
	if len(p.URLs) != 2 || p.URLs["prometheus-k8s/1"] != "http://foo.bar:80/model_name-prometheus-k8s/1" {
		t.Fatalf("decoded %+v", p)
	}
	out, err = p.MarshalDatabag()
	if err != nil || out["urls"] != urls {
		t.Errorf("re-encoded %q, %v; want %q", out["urls"], err, urls)
	}

	err = p.UnmarshalDatabag(map[string]string{"urls": "a: 1\n  b: 2\n"})
	if err == nil || !strings.Contains(err.Error(), "urls: invalid YAML: line 2: mapping values are not allowed here") {
		t.Errorf("bad YAML: %v", err)
	}
	err = p.UnmarshalDatabag(map[string]string{"urls": "- a\n"})
	if err == nil || !strings.Contains(err.Error(), "urls: expected object, got array") {
		t.Errorf("wrong type: %v", err)
	}
}
