package codec_test

// The harness compiles generated packages in a temporary module (one
// `go vet ./...` and one `go test` over all of them) and runs a generated
// test there: databags from the corpus and from hand-written vectors are
// decoded by the generated types and by the run-time validator, and
// everything they accept is re-encoded.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

// repoRoot is the module root, two levels above this package.
func repoRoot(t testing.TB) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Clean(filepath.Join(wd, "..", "..", ".."))
}

// corpusDir returns ../shared/corpus/interfaces relative to the repo root,
// or skips the test when it is absent.
func corpusDir(t testing.TB) string {
	d := filepath.Join(repoRoot(t), "..", "shared", "corpus", "interfaces")
	if _, err := os.Stat(filepath.Join(d, "MANIFEST.json")); err != nil {
		t.Skipf("corpus not found at %s (it lives in the shared/ folder beside the repository): %v", d, err)
	}
	return d
}

// planType is one databag type of the harness registry.
type planType struct {
	Key    string `json:"key"`    // name/vN/role.side
	Import string `json:"import"` // import path
	Pkg    string `json:"pkg"`
	Type   string `json:"type"`
	Schema string `json:"schema"` // role schema file, for the validator
	Role   string `json:"role"`
	Side   string `json:"side"`
}

// planBag is one databag to judge.
type planBag struct {
	ID   string            `json:"id"`
	Key  string            `json:"key"` // type key
	Bag  map[string]string `json:"bag"`
	Want string            `json:"want,omitempty"` // "ok", or an error substring ("" = no expectation)
	// Reencode, when set, is the exact databag re-encoding must give.
	Reencode map[string]string `json:"reencode,omitempty"`
	// Schema and role/side for bags with no generated type (judged by the
	// validator only).
	Schema string `json:"schema,omitempty"`
	Role   string `json:"role,omitempty"`
	Side   string `json:"side,omitempty"`
}

type plan struct {
	Types []planType `json:"types"`
	Bags  []planBag  `json:"bags"`
	// Synth asks the harness to build databags from each schema and
	// compare generated decoders with the validator on them.
	Synth bool `json:"synth"`
}

// result is what the harness reports per bag.
type result struct {
	ID      string `json:"id"`
	Key     string `json:"key"`
	Verdict string `json:"verdict"` // accept, reject, no-type
	Error   string `json:"error,omitempty"`
}

// runHarness writes files (generated packages, keyed by path relative to
// the module root) into a temporary module, vets everything and runs the
// harness test with p. It returns the harness's results.
func runHarness(t *testing.T, files map[string][]byte, p plan) []result {
	t.Helper()
	mod := t.TempDir()
	root := repoRoot(t)
	write := func(rel string, data []byte) {
		full := filepath.Join(mod, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		write(name, data)
	}
	write("go.mod", []byte(fmt.Sprintf("module example.com/gen\n\ngo 1.25\n\nrequire github.com/charmgen/charmgen v0.0.0\n\nreplace github.com/charmgen/charmgen => %s\n", root)))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", sum)
	planJSON, _ := json.MarshalIndent(p, "", " ")
	write("harness/plan.json", planJSON)
	write("harness/harness_test.go", []byte(harnessSource))
	write("harness/registry_test.go", registrySource(p.Types))

	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
	run := func(args ...string) (string, error) {
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := run("vet", "./..."); err != nil {
		t.Fatalf("go vet ./... on the generated packages: %v\n%s", err, out)
	}
	resultsFile := filepath.Join(mod, "results.json")
	env = append(env, "CHARMGEN_RESULTS="+resultsFile)
	if out, err := run("test", "-count=1", "./harness/"); err != nil {
		t.Fatalf("harness test: %v\n%s", err, out)
	}
	data, err := os.ReadFile(resultsFile)
	if err != nil {
		t.Fatal(err)
	}
	var res []result
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	return res
}

// typesOf lists the databag types Generate makes for ifaces, for the
// harness registry. importBase is the import path of the output root.
func typesOf(t *testing.T, cfg codec.Config, ifaces []*ifaceschema.Interface, importBase string) []planType {
	var out []planType
	for _, it := range ifaces {
		pkg := codec.Build(cfg, it, nil)
		if pkg == nil {
			continue
		}
		info := pkg.Info()
		for _, key := range sortedKeys(info.Bags) {
			role, side, _ := strings.Cut(key, ".")
			r := it.Provider
			if role == "requirer" {
				r = it.Requirer
			}
			out = append(out, planType{
				Key: it.String() + "/" + key, Import: importBase + "/" + info.Dir, Pkg: info.Name,
				Type: info.Bags[key], Schema: r.File, Role: role, Side: side,
			})
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func registrySource(types []planType) []byte {
	var b strings.Builder
	b.WriteString("package harness\n\nimport (\n\t\"github.com/charmgen/charmgen/charm\"\n")
	seen := map[string]bool{}
	for _, pt := range types {
		if !seen[pt.Import] {
			seen[pt.Import] = true
			fmt.Fprintf(&b, "\t%s %q\n", pt.Pkg, pt.Import)
		}
	}
	b.WriteString(")\n\nvar registry = map[string]func() charm.Databag{\n")
	for _, pt := range types {
		fmt.Fprintf(&b, "\t%q: func() charm.Databag { return new(%s.%s) },\n", pt.Key, pt.Pkg, pt.Type)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// harnessSource is the test run inside the temporary module.
const harnessSource = `package harness

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/charm/databag/validate"
)

type planType struct {
	Key, Import, Pkg, Type, Schema, Role, Side string
}

type planBag struct {
	ID, Key  string
	Bag      map[string]string
	Want     string
	Reencode map[string]string
	Schema, Role, Side string
}

type plan struct {
	Types []planType
	Bags  []planBag
	Synth bool
}

type result struct {
	ID      string ` + "`json:\"id\"`" + `
	Key     string ` + "`json:\"key\"`" + `
	Verdict string ` + "`json:\"verdict\"`" + `
	Error   string ` + "`json:\"error,omitempty\"`" + `
}

var validators = map[string]*validate.Schema{}

func validator(t *testing.T, file, role string) *validate.Schema {
	if v, ok := validators[file]; ok {
		return v
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := validate.Compile(role, data, nil)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	validators[file] = v
	return v
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (func() bool {
		for i := 0; i+len(sub) <= len(s); i++ {
			if s[i:i+len(sub)] == sub {
				return true
			}
		}
		return false
	})()
}

// judge decodes bag with the generated type and the validator, checks
// they agree, and re-encodes what is accepted.
func judge(t *testing.T, pt planType, id string, bag map[string]string, want string, reencode map[string]string) result {
	ctor := registry[pt.Key]
	x := ctor()
	err := x.UnmarshalDatabag(bag)
	verr := validator(t, pt.Schema, pt.Role).Validate(pt.Side, bag)
	if errText(err) != errText(verr) {
		t.Errorf("%s (%s): generated decoder and validator disagree on %q:\n generated: %v\n validator: %v", id, pt.Key, bag, err, verr)
	}
	r := result{ID: id, Key: pt.Key, Verdict: "accept", Error: errText(err)}
	if err != nil {
		r.Verdict = "reject"
	} else {
		out, err := x.MarshalDatabag()
		if err != nil {
			t.Errorf("%s (%s): accepted %q but cannot re-encode it: %v", id, pt.Key, bag, err)
			return r
		}
		y := ctor()
		if err := y.UnmarshalDatabag(out); err != nil {
			t.Errorf("%s (%s): re-encoded %q does not decode: %v", id, pt.Key, out, err)
		} else if !reflect.DeepEqual(x, y) {
			t.Errorf("%s (%s): %q decodes to %+v; re-encoded as %q it decodes to %+v", id, pt.Key, bag, x, out, y)
		}
		out2, _ := y.MarshalDatabag()
		if !reflect.DeepEqual(out, out2) {
			t.Errorf("%s (%s): encoding is not stable: %q then %q", id, pt.Key, out, out2)
		}
		if reencode != nil && !reflect.DeepEqual(out, reencode) {
			t.Errorf("%s (%s): re-encoded as\n %q\nwant\n %q", id, pt.Key, out, reencode)
		}
	}
	switch {
	case want == "":
	case want == "ok":
		if err != nil {
			t.Errorf("%s (%s): want accepted, got %v", id, pt.Key, err)
		}
	case err == nil:
		t.Errorf("%s (%s): want an error containing %q, got none", id, pt.Key, want)
	case !contains(err.Error(), want):
		t.Errorf("%s (%s): want an error containing %q, got %v", id, pt.Key, want, err)
	}
	return r
}

var candidates = []string{"", "null", "true", "True", "false", "1", "-5", "1.5", "x", "\"x\"", "[]", "{}", "[1]",
	"[\"a\",\"a\"]", "{\"a\":1}", "\"", "[{}]", "[null]", "{\"a\":\"b\"}", "10.0.0.1", "http://h/p", "\"http://h/p\"", "0", "2", "4"}

func TestHarness(t *testing.T) {
	data, err := os.ReadFile("plan.json")
	if err != nil {
		t.Fatal(err)
	}
	var p plan
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	types := map[string]planType{}
	for _, pt := range p.Types {
		types[pt.Key] = pt
		if registry[pt.Key] == nil {
			t.Fatalf("no registry entry for %s", pt.Key)
		}
	}
	var results []result
	for _, b := range p.Bags {
		pt, ok := types[b.Key]
		if !ok {
			// No generated type: the schema does not describe this databag,
			// so it accepts anything.
			r := result{ID: b.ID, Key: b.Key, Verdict: "no-type"}
			if b.Schema != "" {
				if err := validator(t, b.Schema, b.Role).Validate(b.Side, b.Bag); err != nil {
					t.Errorf("%s: validator rejects a databag of an undescribed side: %v", b.ID, err)
				}
			}
			results = append(results, r)
			continue
		}
		results = append(results, judge(t, pt, b.ID, b.Bag, b.Want, b.Reencode))
	}
	if p.Synth {
		synth(t, p.Types)
	}
	out, _ := json.MarshalIndent(results, "", " ")
	if f := os.Getenv("CHARMGEN_RESULTS"); f != "" {
		if err := os.WriteFile(f, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// synth builds databags from each schema's top-level keys and their
// examples, and checks decoders and validator agree on every one.
func synth(t *testing.T, types []planType) {
	n := 0
	for _, pt := range types {
		data, err := os.ReadFile(pt.Schema)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := schema.Parse(data)
		node := r.Bag(pt.Side)
		var keys []string
		vals := map[string][]string{}
		for _, p := range node.Properties {
			keys = append(keys, p.Name)
			for _, e := range p.Node.Examples {
				vals[p.Name] = append(vals[p.Name], e.JSON())
				if e.Kind == schema.ValString {
					vals[p.Name] = append(vals[p.Name], e.Str)
				}
			}
			if p.Node.Content != nil {
				for _, e := range p.Node.Content.Examples {
					vals[p.Name] = append(vals[p.Name], e.JSON())
				}
			}
			for _, e := range p.Node.Enum {
				vals[p.Name] = append(vals[p.Name], e.JSON(), e.Str)
			}
			vals[p.Name] = append(vals[p.Name], candidates...)
		}
		sort.Strings(keys)
		judge(t, pt, "synth-empty", map[string]string{}, "", nil)
		judge(t, pt, "synth-juju", map[string]string{"ingress-address": "10.0.0.1", "zzz-extra": "1", "egress-subnets": ""}, "", nil)
		for i := 0; i < len(candidates)+4; i++ {
			bag := map[string]string{"unknown-key": "v"}
			for j, k := range keys {
				vs := vals[k]
				bag[k] = vs[(i+j)%len(vs)]
			}
			judge(t, pt, "synth", bag, "", nil)
			n++
			// The same bag with each key alone.
			for _, k := range keys {
				judge(t, pt, "synth-one", map[string]string{k: bag[k]}, "", nil)
				n++
			}
		}
	}
	t.Logf("%d synthetic databags judged", n)
}
`
