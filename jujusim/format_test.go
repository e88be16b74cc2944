package jujusim

import (
	"bytes"
	"testing"
)

func TestSmartFormat(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{nil, ""},
		{"", ""},
		{"plain text", "plain text\n"},
		{"yes", "yes\n"},
		{true, "True\n"},
		{false, "False\n"},
		{[]string{"a", "b"}, "a\nb\n"},
		{[]string{}, ""},
		{[]string(nil), ""},
		{int64(3), "3\n"},
		{1.5, "1.5\n"},
		{map[string]string{"b": "2", "a": "x"}, "a: x\nb: \"2\"\n"},
		{map[string]any{}, "{}\n"},
	} {
		var buf bytes.Buffer
		if err := writeOutput(&buf, formatSmart, tc.v); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Errorf("smart %#v = %q, want %q", tc.v, buf.String(), tc.want)
		}
	}
}

func TestYAMLAndJSONFormats(t *testing.T) {
	for _, tc := range []struct {
		v          any
		yaml, json string
	}{
		{nil, "", "null\n"},
		{"", "\"\"\n", "\"\"\n"},
		{"a<b>", "a<b>\n", "\"a\\u003cb\\u003e\"\n"},
		{[]string{}, "[]\n", "[]\n"},
		{map[string]any{"m": map[string]any{}, "l": []any{}}, "l: []\nm: {}\n", "{\"l\":[],\"m\":{}}\n"},
		{map[string]any{"l": []string{"x", "y"}, "n": map[string]any{"k": []any{map[string]any{"a": "1", "b": 2}}}},
			"l:\n- x\n- \"y\"\n\"n\":\n  k:\n  - a: \"1\"\n    b: 2\n",
			"{\"l\":[\"x\",\"y\"],\"n\":{\"k\":[{\"a\":\"1\",\"b\":2}]}}\n"},
		{"line1\nline2", "|-\n  line1\n  line2\n", "\"line1\\nline2\"\n"},
		{map[string]string{"k": "a\nb\n"}, "k: |\n  a\n  b\n", "{\"k\":\"a\\nb\\n\"}\n"},
	} {
		var y, j bytes.Buffer
		writeOutput(&y, formatYAML, tc.v)
		writeOutput(&j, formatJSON, tc.v)
		if y.String() != tc.yaml {
			t.Errorf("yaml %#v = %q, want %q", tc.v, y.String(), tc.yaml)
		}
		if j.String() != tc.json {
			t.Errorf("json %#v = %q, want %q", tc.v, j.String(), tc.json)
		}
	}
}

// TestYAMLQuoting checks that YAML output is yaml.v2's, quoting included
// (juju/cmd FormatYaml marshals with gopkg.in/yaml.v2).
func TestYAMLQuoting(t *testing.T) {
	for in, want := range map[string]string{
		"simple":       "simple",
		"":             `""`,
		"true":         `"true"`,
		"Off":          `"Off"`,
		"y":            `"y"`,
		"~":            `"~"`,
		"null":         `"null"`,
		"123":          `"123"`,
		"0x1F":         `"0x1F"`,
		"1e3":          `"1e3"`,
		"-.5":          `"-.5"`,
		".inf":         `".inf"`,
		"1:20":         `"1:20"`,
		"2024-01-02":   `"2024-01-02"`,
		"10.0.0.1":     "10.0.0.1",
		"a: b":         "'a: b'",
		"it's: x":      "'it''s: x'",
		"#comment":     "'#comment'",
		"- item":       "'- item'",
		"-flag":        "-flag",
		" lead":        "' lead'",
		"trail ":       "'trail '",
		"ends:":        "'ends:'",
		"a #b":         "'a #b'",
		"*alias":       "'*alias'",
		"tab\there":    `"tab\there"`,
		"bell\a":       `"bell\a"`,
		"café":         "café",
		"10.0.0.0/24":  "10.0.0.0/24",
		"secret:abc":   "secret:abc",
		"http://a.com": "http://a.com",
		"\xff":         "!!binary /w==",
	} {
		var buf bytes.Buffer
		if err := writeOutput(&buf, formatYAML, in); err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != want+"\n" {
			t.Errorf("yaml %q = %s, want %s", in, got, want)
		}
	}
}

func TestParseKeyValues(t *testing.T) {
	got, err := parseKeyValues([]string{" a = b ", "", "c=", "d=e=f"}, true)
	if err != nil || len(got) != 3 || got["a"] != "b" || got["c"] != "" || got["d"] != "e=f" {
		t.Errorf("got %v %v", got, err)
	}
	if _, err := parseKeyValues([]string{"=x"}, true); err == nil || err.Error() != `expected "key=value", got "=x"` {
		t.Errorf("empty key: %v", err)
	}
}
