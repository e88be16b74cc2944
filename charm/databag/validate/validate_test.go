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

// TestCompileBag: a databag schema (what the daemon's hooks file holds for
// an endpoint) is read as one databag, for either side, and checked as a
// role schema's databag is. The first cases are the daemon's old
// validator's, which this one replaced.
func TestCompileBag(t *testing.T) {
	s, diags, err := CompileBag([]byte(`{"type": "object", "properties": {
	  "host": {"type": "string", "minLength": 1, "pattern": "^[a-z0-9.-]+$"},
	  "port": {"type": "integer"},
	  "tls": {"type": "boolean"},
	  "mode": {"enum": ["ro", "rw"]},
	  "extra": {"type": "object"}},
	 "required": ["host"], "additionalProperties": false}`))
	if err != nil || len(diags) != 0 {
		t.Fatal(err, diags)
	}
	for _, c := range []struct {
		bag  map[string]string
		want string
	}{
		{map[string]string{"host": "db.local", "port": "5432", "tls": "true", "mode": "ro", "extra": `{"a":1}`}, ""},
		{map[string]string{"host": "db.local", "ingress-address": "10.0.0.1", "private-address": "10.0.0.1"}, ""},
		{map[string]string{"port": "1"}, "host: required"},
		{map[string]string{"host": "DB"}, `host: "DB" does not match the pattern ^[a-z0-9.-]+$`},
		{map[string]string{"host": "h", "port": "x"}, `port: invalid integer "x"`},
		{map[string]string{"host": "h", "tls": "yes"}, `tls: invalid boolean "yes" (want true, True, false or False)`},
		{map[string]string{"host": "h", "mode": "wo"}, `mode: "wo" is not one of "ro", "rw"`},
		{map[string]string{"host": "h", "extra": "[1]"}, "extra: expected object, got array"},
		{map[string]string{"host": "h", "other": "1"}, "other: unknown key (the schema allows no other keys)"},
	} {
		for _, side := range []string{"app", "unit"} {
			err := s.Validate(side, c.bag)
			if got := errText(err); got != c.want {
				t.Errorf("%s %q:\n got %s\nwant %s", side, c.bag, got, c.want)
			}
		}
	}
	if err := s.Validate("unit", map[string]string{"ingress-address": "10.0.0.1"}); !errors.Is(err, databag.ErrEmpty) {
		t.Errorf("no data: %v, want databag.ErrEmpty", err)
	}

	// Keys named app and unit are the databag's keys, not its sides; the
	// diagnostics' offsets are data's.
	data := `{"properties": {"app": {"type": "integer"}, "unit": {"type": "string", "pattern": "("}}, "required": ["app"]}`
	s, diags, err = CompileBag([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 1 || diags[0].Pointer != "#/properties/unit/pattern" || !strings.HasPrefix(data[diags[0].Offset:], `"("`) {
		t.Errorf("diags %v", diags)
	}
	if got := errText(s.Validate("app", map[string]string{"app": "x", "unit": "y"})); got != `app: invalid integer "x"` {
		t.Errorf("app and unit keys: %s", got)
	}

	for data, want := range map[string]string{
		`[1]`:               "a databag schema must be a JSON object",
		`nope`:              "a databag schema must be a JSON object",
		`{"type": "array"}`: "#: a databag must be described by an object schema, not an array",
		`{"properties": {"application-data": {"type": "object"}}}`: "legacy wrapper of the app databag",
	} {
		if _, _, err := CompileBag([]byte(data)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", data, err, want)
		}
	}
}

// TestBagAndRoleAgree: a databag schema gives the verdicts and messages
// of the same schema read as a role schema's databag (how the code
// generator reads provider.json and requirer.json), for the keywords the
// daemon's old validator did not check.
func TestBagAndRoleAgree(t *testing.T) {
	bag := `{"type": "object", "properties": {
	  "port": {"type": "integer", "minimum": 1},
	  "scheme": {"type": "string", "const": "https"},
	  "id": {"type": "string", "format": "uuid"},
	  "tls": {"type": "object", "properties": {"ca": {"type": "string"}}, "required": ["ca"], "additionalProperties": false}},
	 "additionalProperties": false}`
	b, _, err := CompileBag([]byte(bag))
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := Compile("requirer", []byte(`{"type": "object", "properties": {"app": `+bag+`}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, value, want string }{
		{"port", "0", "port: 0 is less than the minimum 1"},
		{"scheme", "http", `scheme: "http" is not the required value "https"`},
		{"id", "x", `id: "x" is not a valid UUID`},
		{"tls", `{"crl": 1}`, "tls.crl: unknown key (the schema allows no other keys); tls.ca: required"},
		{"tls", `{"ca": 5}`, "tls.ca: expected string, got number"},
	} {
		in := map[string]string{c.key: c.value}
		got, role := errText(b.Validate("unit", in)), errText(r.Validate("app", in))
		if got != role || got != c.want {
			t.Errorf("%s=%s: bag schema says %q, role schema %q, want %q", c.key, c.value, got, role, c.want)
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
