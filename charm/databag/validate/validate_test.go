package validate

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/databag"
	"github.com/charmgen/charmgen/charm/databag/schema"
)

const ingressRequirer = `{
  "$defs": {
    "App": {"properties": {
      "model": {"contentMediaType": "application/json", "contentSchema": {"type": "string"}, "type": "string"},
      "port": {"contentMediaType": "application/json", "contentSchema": {"type": "integer"}, "type": "string"},
      "name": {"type": "string"}},
     "required": ["model", "port", "name"], "type": "object"}
  },
  "properties": {"app": {"$ref": "#/$defs/App"}},
  "type": "object"
}`

func TestValidate(t *testing.T) {
	s, diags, err := Compile("requirer", []byte(ingressRequirer), nil)
	if err != nil || len(diags) != 0 {
		t.Fatal(err, diags)
	}
	if !s.Describes("app") || s.Describes("unit") {
		t.Error("Describes")
	}
	cases := []struct {
		bag  map[string]string
		want string
	}{
		{map[string]string{"model": `"bar"`, "port": "42", "name": "remote", "ingress-address": "10.0.0.1", "other": "x"}, ""},
		{map[string]string{"model": "bar", "port": `"42"`}, `model: invalid JSON: unexpected 'b' at offset 0; port: expected integer, got string; name: required`},
		{map[string]string{"model": `"bar"`, "port": "42", "name": ""}, `name: required`},
	}
	for _, c := range cases {
		err := s.Validate("app", c.bag)
		got := ""
		if err != nil {
			got = err.Error()
			var de *databag.Error
			if !errors.As(err, &de) || len(de.Fields) == 0 {
				t.Errorf("error is not a *databag.Error: %T", err)
			}
		}
		if got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.bag, got, c.want)
		}
	}
	// A bag with no data (no keys, "" values, Juju's own keys) is "not
	// written yet"; one with some data keeps its field errors.
	for _, bag := range []map[string]string{{}, {"name": ""}, {"ingress-address": "10.0.0.1"}} {
		if err := s.Validate("app", bag); !errors.Is(err, databag.ErrEmpty) {
			t.Errorf("%q: got %v, want databag.ErrEmpty", bag, err)
		}
	}
	if err := s.Validate("app", map[string]string{"name": "remote"}); errors.Is(err, databag.ErrEmpty) || err == nil || err.Error() != "model: required; port: required" {
		t.Errorf("partial bag: %v", err)
	}
	// An undescribed side accepts anything.
	if err := s.Validate("unit", map[string]string{"x": "y"}); err != nil {
		t.Error(err)
	}
	// A field marked contentMediaType application/yaml holds a YAML
	// document (ingress v1's provider, as its overlay says).
	sy, diags, err := Compile("provider", []byte(`{"properties": {"app": {"properties": {"ingress": {"type": "string",
	  "contentMediaType": "application/yaml", "contentSchema": {"type": "object", "properties": {"url": {"type": "string"}}, "required": ["url"]}}},
	  "required": ["ingress"], "type": "object"}}, "type": "object"}`), nil)
	if err != nil || len(diags) != 0 {
		t.Fatal(err, diags)
	}
	for bag, want := range map[string]string{
		"url: http://h/x\n":       "",
		"url: 'http://h/a: b'\n":  "",
		"{\"url\": \"http://h\"}": "",
		"url: [1, 2]\n":           "ingress.url: expected string, got array",
		"other: 1\n":              "ingress.url: required",
		"url: &a x\n":             "anchor",
	} {
		err := sy.Validate("app", map[string]string{"ingress": bag})
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("ingress %q: %v, want %q", bag, err, want)
		}
	}
	// The json encoding makes name JSON text.
	s2, _, _ := Compile("requirer", []byte(ingressRequirer), &schema.Encodings{Strings: schema.EncodingJSON})
	err = s2.Validate("app", map[string]string{"model": `"bar"`, "port": "42", "name": "remote"})
	if err == nil || !strings.Contains(err.Error(), "name: invalid JSON") {
		t.Errorf("json encoding: %v", err)
	}
}

func TestCompileErrors(t *testing.T) {
	if _, _, err := Compile("provider", nil, nil); err == nil || !strings.Contains(err.Error(), "empty file") {
		t.Errorf("empty: %v", err)
	}
}
