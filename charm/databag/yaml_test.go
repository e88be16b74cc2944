package databag

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"os/exec"
	"strings"
	"testing"
)

// jsonValue decodes JSON text keeping numbers as json.Number.
func jsonValue(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}

// sameValue compares JSON-like values; numbers compare as integers or
// floats, and an integer never equals a float.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameValue(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		xf, yf := strings.ContainsAny(string(x), ".eE"), strings.ContainsAny(string(y), ".eE")
		if xf != yf {
			return false
		}
		if xf {
			p, _ := x.Float64()
			q, _ := y.Float64()
			return p == q || math.IsNaN(p) && math.IsNaN(q)
		}
		p, _ := new(big.Int).SetString(string(x), 10)
		q, _ := new(big.Int).SetString(string(y), 10)
		return p != nil && q != nil && p.Cmp(q) == 0
	}
	return a == b
}

func pyyaml(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found")
	}
	if err := exec.Command("python3", "-c", "import yaml").Run(); err != nil {
		t.Skip("PyYAML not installed")
	}
}

func runPy(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("python3", append([]string{"testdata/pyyaml_gen.py"}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return out
}

// TestYAMLAgainstPyYAML checks the reader against PyYAML's safe_dump, and
// the writer against PyYAML's safe_load, on random JSON-like values.
func TestYAMLAgainstPyYAML(t *testing.T) {
	pyyaml(t)
	n := "400"
	if testing.Short() {
		n = "100"
	}
	var cases []struct{ JSON, YAML string }
	for _, seed := range []string{"1", "2", "3"} {
		var batch []struct{ JSON, YAML string }
		if err := json.Unmarshal(runPy(t, nil, "gen", seed, n), &batch); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, batch...)
	}
	// Reader: our reading of safe_dump's text is the value dumped.
	var written []string
	for _, c := range cases {
		want := jsonValue(t, c.JSON)
		got, err := YAMLToJSON(c.YAML)
		if err != nil {
			t.Errorf("YAMLToJSON(%q) (value %s): %v", c.YAML, c.JSON, err)
		} else if !sameValue(jsonValue(t, got), want) {
			t.Errorf("YAMLToJSON(%q) = %s, want %s", c.YAML, got, c.JSON)
		}
		y, err := MarshalYAML(want)
		if err != nil {
			t.Fatalf("MarshalYAML(%s): %v", c.JSON, err)
		}
		written = append(written, y)
		// Where we write what safe_dump writes, byte for byte, is
		// checked for texts safe_dump writes without folding lines.
		if !strings.Contains(c.YAML, "\n ") && !strings.Contains(c.YAML, "\\\n") && y != c.YAML && !strings.Contains(c.JSON, `\n`) && len(c.YAML) < 70 {
			t.Errorf("MarshalYAML(%s) = %q, safe_dump wrote %q", c.JSON, y, c.YAML)
		}
	}
	// Writer: PyYAML's safe_load reads our text back as the value.
	in, _ := json.Marshal(written)
	var loaded []struct {
		JSON  string
		Error string
	}
	if err := json.Unmarshal(runPy(t, in, "load"), &loaded); err != nil {
		t.Fatal(err)
	}
	for i, l := range loaded {
		if l.Error != "" {
			t.Errorf("safe_load(%q) (value %s): %s", written[i], cases[i].JSON, l.Error)
			continue
		}
		if !sameValue(jsonValue(t, l.JSON), jsonValue(t, cases[i].JSON)) {
			t.Errorf("safe_load(%q) = %s, want %s", written[i], l.JSON, cases[i].JSON)
		}
	}
}

func TestYAMLToJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "null"},
		{"foo\n...\n", `"foo"`},
		{"--- foo\n", `"foo"`},
		{"---\na: 1\n", `{"a":1}`},
		{"a:\n- 1\n- b: []\nc: {}\n", `{"a":[1,{"b":[]}],"c":{}}`},
		{"- - 1\n  - 2\n- x: 1.0\n", `[[1,2],{"x":1.0}]`},
		{"prometheus-k8s/0: http://foo.bar:80/model_name-prometheus-k8s/0\nprometheus-k8s/1: http://foo.bar:80/x/1", `{"prometheus-k8s/0":"http://foo.bar:80/model_name-prometheus-k8s/0","prometheus-k8s/1":"http://foo.bar:80/x/1"}`},
		{"a: yes\nb: off\nc: ~\nd: 017\ne: 0x1F\nf: 1_000\ng: 1:20\nh: .5\ni: 1e5\n", `{"a":true,"b":false,"c":null,"d":15,"e":31,"f":1000,"g":80,"h":0.5,"i":"1e5"}`},
		{"'it''s'\n", `"it's"`},
		{"\"caf\\xE9\\t\\u2028\\U0001F600\"\n", `"café\t` + "\u2028" + `😀"`},
		{"a b\n  c\n\n  d\n", `"a b c\nd"`},
		{"k: 'a b\n  c'\n", `{"k":"a b c"}`},
		{"k: \"a\\\n  b\"\n", `{"k":"ab"}`},
		{"{a: 1, b: [x, 'y'], c: }\n", `{"a":1,"b":["x","y"],"c":null}`},
		{"# comment\na: 1 # trailing\nb: a#b\n", `{"a":1,"b":"a#b"}`},
		{"a:\n  b:\n    c: 1\n  d: 2\n", `{"a":{"b":{"c":1},"d":2}}`},
		{"a: 1\na: 2\n", `{"a":2}`},
		{"0.0.0.42\n", `"0.0.0.42"`},
		{`"0.0.0.42"`, `"0.0.0.42"`},
		{"42", `42`},
		{"? a\n: b\n? ''\n: - 1\n  - c: 2\n? x\n", `{"a":"b","":[1,{"c":2}],"x":null}`},
		{"1: a\n017: b\n~: c\nyes: d\n", `{"1":"a","15":"b","null":"c","true":"d"}`},
	} {
		got, err := YAMLToJSON(c.in)
		if err != nil || got != c.want {
			t.Errorf("YAMLToJSON(%q) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
}

func TestYAMLErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a: 1\n  b: 2\n", "line 2: "},
		{"a: b: c\n", "line 1: mapping values are not allowed here"},
		{"a: &x 1\n", "line 1: anchors are not supported"},
		{"a: *x\n", "line 1: aliases are not supported"},
		{"a: !!str 1\n", "line 1: tags are not supported"},
		{"a: |\n  x\n", "line 1: block scalars are not supported"},
		{"a: 1\nb: 'x\n", "line 2: unterminated quoted string"},
		{"a: [1, 2\n", "line 2: unterminated flow collection"},
		{"a: .inf\n", "line 1: number \".inf\" has no JSON form"},
		{"a\n---\nb\n", "line 2: "},
		{"- a\nb: 1\n", "line 2: "},
		{"a: \"\\q\"\n", "line 1: invalid escape \\q"},
	} {
		_, err := YAMLToJSON(c.in)
		var ye *YAMLError
		if err == nil || !errors.As(err, &ye) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("YAMLToJSON(%q) error = %v, want %q...", c.in, err, c.want)
		}
	}
}

func TestMarshalYAML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`"foo"`, "foo\n...\n"},
		{`1`, "1\n...\n"},
		{`null`, "null\n...\n"},
		{`"1"`, "'1'\n"},
		{`{"c":{},"a":[1,{"b":[]}]}`, "a:\n- 1\n- b: []\nc: {}\n"},
		{`[[1,2],{"x":1.0}]`, "- - 1\n  - 2\n- x: 1.0\n"},
		{`1e20`, "1.0e+20\n...\n"},
		{`"café\t"`, "\"caf\\xE9\\t\"\n"},
		{`{"a":{"b":"yes","c":"it's"}}`, "a:\n  b: 'yes'\n  c: it's\n"},
		{`{"urls":{"u/0":"http://h:80/m-u/0"}}`, "urls:\n  u/0: http://h:80/m-u/0\n"},
	} {
		got, err := JSONToYAML(c.in)
		if err != nil || got != c.want {
			t.Errorf("JSONToYAML(%s) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestYAMLText(t *testing.T) {
	var e Errors
	p := Field("urls")
	if _, ok := YAMLText(&p, &e, "a: [1\n"); ok || e.Len() != 1 {
		t.Fatalf("YAMLText accepted bad YAML or reported %d problems", e.Len())
	}
	if !strings.Contains(e.Err().Error(), "invalid YAML: line 2") {
		t.Errorf("error = %v", e.Err())
	}
}

// FuzzYAML checks that the reader never panics, and that what it reads
// writes back to text it reads as the same value.
func FuzzYAML(f *testing.F) {
	for _, s := range []string{
		"", "foo\n...\n", "a:\n- 1\n- b: []\nc: {}\n", "- - 1\n  - 2\n- x: 1.0\n",
		"'it''s'", "\"caf\\xE9\"", "a b\n  c\n\n  d\n", "{a: 1, b: [x, 'y']}",
		"a: yes\nb: 017\nc: 1:20\nd: .5\n", "a:\n  b:\n    c: 1\n", "--- |\n x",
		"a: \"x\\\n  y\"\n", "? a\n: b", "a: &x 1\nb: *x\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		j, err := YAMLToJSON(s)
		if err != nil {
			var ye *YAMLError
			if !errors.As(err, &ye) || ye.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		v := jsonValue(t, j)
		y, err := MarshalYAML(v)
		if err != nil {
			t.Fatalf("MarshalYAML(%s): %v", j, err)
		}
		j2, err := YAMLToJSON(y)
		if err != nil {
			t.Fatalf("reading back %q (from %s): %v", y, j, err)
		}
		if !sameValue(jsonValue(t, j2), v) {
			t.Fatalf("round trip of %s through %q gave %s", j, y, j2)
		}
	})
}
