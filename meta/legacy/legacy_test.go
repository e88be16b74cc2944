package legacy

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/meta"
	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite testdata/*/want from the current output")

// corpusDir is the shared charm corpus, relative to this package.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "charms")

const fixtureName = "fixture--charmcraft--complex-self-contained"

// knownLoadErrors are the load errors corpus charms are known to have,
// keyed by charm directory: the charm still converts (charmcraft packs it),
// Juju would reject it.
var knownLoadErrors = map[string][]string{
	// Container super-app mounts storage "logs", which the charm does not
	// declare.
	fixtureName: {`container "super-app" mounts storage "logs", which is not declared`},
}

// noBases are the corpus charms that say nothing about the bases they run
// on (no base, bases or series): Convert reports it instead of guessing.
var noBases = map[string]bool{
	// A lucky-framework charm: metadata.yaml only, from before bases.
	"fixture--lucky--codimd-example": true,
}

func load(t *testing.T, dir string) (*meta.Charm, error) {
	t.Helper()
	c, err := meta.Load(dir, &meta.Options{Juju: 3})
	if c == nil {
		t.Fatalf("meta.Load(%s) returned no model: %v", dir, err)
	}
	return c, err
}

// unexpectedErrors returns the load errors of charm name that are not
// known ones.
func unexpectedErrors(name string, err error) []string {
	if err == nil {
		return nil
	}
	var ds meta.Diagnostics
	if !errors.As(err, &ds) {
		return []string{err.Error()}
	}
	var out []string
	for _, d := range ds.Errors() {
		known := false
		for _, k := range knownLoadErrors[name] {
			if strings.Contains(d.Message, k) {
				known = true
			}
		}
		if !known {
			out = append(out, d.String())
		}
	}
	return out
}

func decode(t *testing.T, what string, b []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s is not valid YAML: %v\n%s", what, err, b)
	}
	return v
}

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("charm corpus not found at %s (it is only present in the charmgen workspace): %v", corpusDir, err)
	}
}

// TestFixtureMatchesCharmcraft converts charmcraft's own "complex" test
// charm, as 'charmgen meta convert --to legacy' does, and compares the
// result byte for byte with what charmcraft pack wrote (prime/):
// metadata.yaml, config.yaml and actions.yaml whole, and manifest.yaml's
// bases (the rest of charmcraft's manifest is charmcraft-version, the time
// and the analysis, which Convert does not write: Manifest writes them for
// charmgen pack, and is checked against the whole file).
func TestFixtureMatchesCharmcraft(t *testing.T) {
	needCorpus(t)
	dir := filepath.Join(corpusDir, fixtureName)
	c, err := load(t, dir)
	// Exactly one error: the undeclared storage Juju would reject.
	var ds meta.Diagnostics
	if !errors.As(err, &ds) || len(ds.Errors()) != 1 {
		t.Fatalf("want exactly the one known load error, got: %v", err)
	}
	if bad := unexpectedErrors(fixtureName, err); len(bad) > 0 {
		t.Fatalf("unexpected load errors:\n%s", strings.Join(bad, "\n"))
	}

	files, err := Convert(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	prime := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, "prime", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, name := range []string{MetadataFile, ConfigFile, ActionsFile} {
		got, ok := files[name]
		if !ok {
			t.Errorf("Convert wrote no %s", name)
			continue
		}
		if want := prime(name); !bytes.Equal(got, want) {
			t.Errorf("%s differs from charmcraft's (-charmcraft +charmgen):\n%s", name, cmp.Diff(string(want), string(got)))
		}
	}

	// manifest.yaml: charmgen-version, then the bases as charmcraft wrote
	// them.
	want := prime(ManifestFile)
	start, end := bytes.Index(want, []byte("\nbases:\n")), bytes.Index(want, []byte("\nanalysis:\n"))
	if start < 0 || end < start {
		t.Fatalf("prime/%s has no bases followed by analysis:\n%s", ManifestFile, want)
	}
	wantM := "charmgen-version: " + DefaultVersion + "\n" + string(want[start+1:end+1])
	if got := string(files[ManifestFile]); got != wantM {
		t.Errorf("%s differs from charmcraft's bases (-want +got):\n%s", ManifestFile, cmp.Diff(wantM, got))
	}
	if len(files) != 4 {
		t.Errorf("Convert returned %d files, want 4: %v", len(files), keys(files))
	}

	// Manifest with charmcraft's keys is charmcraft's manifest.yaml.
	bases, err := ManifestBases(c, "")
	if err != nil {
		t.Fatal(err)
	}
	m := &Manifest{
		Head: []Field{
			{"charmcraft-version", "3.0-test-version"},
			{"charmcraft-started-at", "2020-03-14T00:00:00+00:00"},
		},
		Bases:      bases,
		Attributes: []Attribute{{"language", "unknown"}, {"framework", "ignored"}},
	}
	got, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Manifest.Marshal differs from charmcraft's %s (-charmcraft +charmgen):\n%s", ManifestFile, cmp.Diff(string(want), string(got)))
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// roundTrip is the part of a charm's view that must survive conversion.
type roundTrip struct {
	Name, Title, Summary, Description string
	Links                             *meta.LinksView
	Relations                         []relation
	ExtraBindings                     []string
	Subordinate                       bool
	Options                           []option
	Actions                           []action
	Containers                        []meta.ContainerView
	Resources                         []meta.ResourceView
	Storage                           []meta.StorageView
	Devices                           []meta.DeviceView
	Assumes                           []any
	CharmUser                         string
	Terms                             []string
}

type relation struct {
	Name      string
	Role      meta.Role
	Interface string
	Scope     string
	Limit     *int
	Optional  bool
}

type option struct {
	Name       string
	Type       meta.OptionType
	Default    any
	HasDefault bool
}

type action struct {
	Name   string
	Params any
}

func project(v *meta.View) roundTrip {
	rt := roundTrip{
		Name: v.Name, Title: v.Title, Summary: v.Summary, Description: v.Description, Links: v.Links,
		ExtraBindings: v.ExtraBindings, Subordinate: v.Subordinate, Containers: v.Containers,
		Resources: v.Resources, Storage: v.Storage, Devices: v.Devices, Assumes: v.Assumes,
		CharmUser: v.CharmUser, Terms: v.Terms,
	}
	for _, r := range v.Relations {
		rt.Relations = append(rt.Relations, relation{r.Name, r.Role, r.Interface, r.Scope, r.Limit, r.Optional})
	}
	for _, o := range v.Options {
		rt.Options = append(rt.Options, option{o.Name, o.Type, o.Default, o.HasDefault})
	}
	for _, a := range v.Actions {
		rt.Actions = append(rt.Actions, action{a.Name, a.Params})
	}
	// What came from mappings comes in name order: charmcraft writes the
	// files it splits out of charmcraft.yaml with their keys sorted, and
	// the order of a mapping's keys is no part of the charm.
	sort.Slice(rt.Relations, func(i, j int) bool { return rt.Relations[i].Name < rt.Relations[j].Name })
	sort.Slice(rt.Options, func(i, j int) bool { return rt.Options[i].Name < rt.Options[j].Name })
	sort.Slice(rt.Actions, func(i, j int) bool { return rt.Actions[i].Name < rt.Actions[j].Name })
	sort.Slice(rt.Containers, func(i, j int) bool { return rt.Containers[i].Name < rt.Containers[j].Name })
	sort.Slice(rt.Resources, func(i, j int) bool { return rt.Resources[i].Name < rt.Resources[j].Name })
	sort.Slice(rt.Storage, func(i, j int) bool { return rt.Storage[i].Name < rt.Storage[j].Name })
	sort.Slice(rt.Devices, func(i, j int) bool { return rt.Devices[i].Name < rt.Devices[j].Name })
	sort.Strings(rt.ExtraBindings)
	return rt
}

// paramsUnordered compares action params whatever the order of their
// keys, which charmcraft writes sorted.
var paramsUnordered = cmp.Transformer("values", func(m *meta.OrderedMap) map[string]any {
	if m == nil {
		return nil
	}
	return m.Values
})

func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRoundTrip converts every corpus charm, loads the legacy files back
// and checks that the model charm code depends on is unchanged.
func TestRoundTrip(t *testing.T) {
	needCorpus(t)
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		n++
		t.Run(name, func(t *testing.T) {
			c, err := load(t, filepath.Join(corpusDir, name))
			if bad := unexpectedErrors(name, err); len(bad) > 0 {
				t.Fatalf("charm %s does not load cleanly:\n%s", name, strings.Join(bad, "\n"))
			}
			files, err := Convert(c, Options{})
			if err != nil {
				if !noBases[name] {
					t.Fatalf("charm %s: %v", name, err)
				}
				// No base information: the manifest cannot be written,
				// the rest still converts.
				if !strings.Contains(err.Error(), "does not say which bases it runs on") {
					t.Fatalf("charm %s: want the no-bases error, got: %v", name, err)
				}
				if files, err = Sections(c, Options{}); err != nil {
					t.Fatalf("charm %s: %v", name, err)
				}
			} else if noBases[name] {
				t.Errorf("charm %s is listed in noBases but converts", name)
			}
			out := t.TempDir()
			writeFiles(t, out, files)
			back, err := load(t, out)
			if bad := unexpectedErrors(name, err); len(bad) > 0 {
				t.Fatalf("charm %s: converted files do not load cleanly:\n%s", name, strings.Join(bad, "\n"))
			}
			if back.Format != "legacy" {
				t.Errorf("converted charm loads as %q, want legacy", back.Format)
			}
			if d := cmp.Diff(project(c.View()), project(back.View()), paramsUnordered); d != "" {
				t.Errorf("charm %s changed in conversion (-source +converted):\n%s", name, d)
			}
			// The legacy files are a fixed point: converting them again
			// gives the same bytes.
			again, err := Sections(back, Options{})
			if err != nil {
				t.Fatalf("converting the converted charm: %v", err)
			}
			for _, f := range []string{MetadataFile, ConfigFile, ActionsFile} {
				if !bytes.Equal(files[f], again[f]) {
					t.Errorf("%s: converting the output again changed it:\n--- first\n%s\n--- second\n%s", f, files[f], again[f])
				}
			}
		})
	}
	if n == 0 {
		t.Fatalf("no charms in %s", corpusDir)
	}
}

// TestGolden converts testdata/<case>/input and compares every file with
// testdata/<case>/want byte for byte. testdata/<case>/platform, when
// present, holds Options.Platform. Run with -update to rewrite want/.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "*", "input"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 4 {
		t.Fatalf("found %d golden cases, want at least 4", len(cases))
	}
	for _, in := range cases {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var opts Options
			if b, err := os.ReadFile(filepath.Join(dir, "platform")); err == nil {
				opts.Platform = strings.TrimSpace(string(b))
			}
			c, err := load(t, in)
			if err != nil {
				t.Fatalf("input does not load cleanly: %v", err)
			}
			files, err := Convert(c, opts)
			if err != nil {
				t.Fatal(err)
			}
			wantDir := filepath.Join(dir, "want")
			if *update {
				if err := os.RemoveAll(wantDir); err != nil {
					t.Fatal(err)
				}
				if err := os.MkdirAll(wantDir, 0o755); err != nil {
					t.Fatal(err)
				}
				writeFiles(t, wantDir, files)
			}
			for name, got := range files {
				want, err := os.ReadFile(filepath.Join(wantDir, name))
				if err != nil {
					t.Errorf("%s: no golden file (%v); run go test ./meta/legacy/ -run TestGolden -update and review the diff", name, err)
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, filepath.Join(wantDir, name), got, want)
				}
			}
			extra, _ := os.ReadDir(wantDir)
			for _, e := range extra {
				if _, ok := files[e.Name()]; !ok {
					t.Errorf("%s is in want/ but Convert did not write it", e.Name())
				}
			}
			// The output must load back as the same charm.
			out := t.TempDir()
			writeFiles(t, out, files)
			back, err := load(t, out)
			if err != nil {
				t.Fatalf("converted files do not load cleanly: %v", err)
			}
			if d := cmp.Diff(project(c.View()), project(back.View()), paramsUnordered); d != "" {
				t.Errorf("charm changed in conversion (-source +converted):\n%s", d)
			}
		})
	}
}

// TestDeterministic checks that converting the same charm twice, from two
// separate loads, gives identical bytes.
func TestDeterministic(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "*", "input"))
	if _, err := os.Stat(corpusDir); err == nil {
		dirs = append(dirs, filepath.Join(corpusDir, fixtureName))
	}
	for _, dir := range dirs {
		var prev map[string][]byte
		for i := 0; i < 3; i++ {
			c, _ := load(t, dir)
			files, err := Convert(c, Options{})
			if err != nil {
				t.Fatalf("%s: %v", dir, err)
			}
			if prev != nil {
				if d := cmp.Diff(prev, files); d != "" {
					t.Errorf("%s: run %d differs from the previous one:\n%s", dir, i, d)
				}
			}
			prev = files
		}
	}
}

func loadFiles(t *testing.T, files map[string]string) *meta.Charm {
	t.Helper()
	c, err := loadFilesErr(files)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return c
}

// readFrom is an Options.ReadFile that reads files.
func readFrom(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if b, ok := files[name]; ok {
			return []byte(b), nil
		}
		return nil, os.ErrNotExist
	}
}

func loadFilesErr(files map[string]string) (*meta.Charm, error) {
	in := map[string][]byte{}
	for k, v := range files {
		in[k] = []byte(v)
	}
	return meta.LoadFiles(in, &meta.Options{Juju: 3})
}

const basicMeta = "name: tea\nsummary: Tea.\ndescription: Tea.\n"

func TestErrors(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		platform string
		loadErr  bool     // the loader reports the problem too
		want     []string // substrings of the error
	}{{
		name:     "unknown platform",
		files:    map[string]string{"charmcraft.yaml": basicMeta + "type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n  arm64:\nparts: {charm: {plugin: charm}}\n"},
		platform: "s390x",
		want:     []string{`unknown platform "s390x"`, "amd64, arm64"},
	}, {
		name:     "unknown multi-base platform",
		files:    map[string]string{"charmcraft.yaml": basicMeta + "type: charm\nplatforms:\n  ubuntu@22.04:amd64:\nparts: {charm: {plugin: charm}}\n"},
		platform: "ubuntu@24.04:amd64",
		want:     []string{`unknown platform "ubuntu@24.04:amd64"`, "ubuntu@22.04:amd64"},
	}, {
		name:     "bases index out of range",
		files:    map[string]string{"charmcraft.yaml": basicMeta + "type: charm\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\n    architectures: [amd64]\n"},
		platform: "1",
		want:     []string{`unknown platform "1"`, "0 (ubuntu-22.04-amd64)"},
	}, {
		name:     "unknown series",
		files:    map[string]string{"metadata.yaml": basicMeta + "series: [jammy]\n"},
		platform: "noble",
		want:     []string{`unknown platform "noble"`, "jammy"},
	}, {
		name:  "platform without build-for",
		files: map[string]string{"charmcraft.yaml": basicMeta + "type: charm\nbase: ubuntu@24.04\nplatforms:\n  mine:\n    build-on: [amd64]\nparts: {charm: {plugin: charm}}\n"},
		want:  []string{`platform "mine" has build-on but no build-for`},
	}, {
		name:    "base without platforms",
		files:   map[string]string{"charmcraft.yaml": basicMeta + "type: charm\nbase: ubuntu@24.04\nparts: {charm: {plugin: charm}}\n"},
		loadErr: true,
		want:    []string{"sets base ubuntu@24.04 but no platforms"},
	}, {
		name:  "no base information",
		files: map[string]string{"metadata.yaml": basicMeta},
		want:  []string{"cannot write manifest.yaml", "base: ubuntu@24.04", "platforms", "series"},
	}, {
		name:  "no base information, build-only charmcraft.yaml",
		files: map[string]string{"metadata.yaml": basicMeta, "charmcraft.yaml": "type: charm\nparts: {charm: {plugin: charm}}\n"},
		want:  []string{"cannot write manifest.yaml", "base: ubuntu@24.04"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadFilesErr(tt.files)
			if (err != nil) != tt.loadErr {
				t.Fatalf("load error = %v, want an error: %v", err, tt.loadErr)
			}
			files, err := Convert(c, Options{Platform: tt.platform, ReadFile: readFrom(tt.files)})
			if err == nil {
				t.Fatalf("Convert succeeded, want an error; manifest:\n%s", files[ManifestFile])
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := Convert(nil, Options{}); err == nil {
		t.Error("Convert(nil) succeeded")
	}
}

// TestScalars checks that values split out of charmcraft.yaml keep their
// YAML type for both YAML 1.2 (yaml.v3, Juju) and YAML 1.1 (PyYAML, which
// charmcraft uses) readers, spelled as PyYAML spells them.
func TestScalars(t *testing.T) {
	files := map[string]string{
		"charmcraft.yaml": basicMeta + "type: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n" + `actions:
  values:
    params:
      str-version: {default: '22.04'}
      str-yes: {default: 'yes'}
      str-y: {default: 'y'}
      str-on: {default: "on"}
      str-null: {default: "~"}
      str-hex: {default: "0x1F"}
      str-sexagesimal: {default: "1:20"}
      str-date: {default: "2024-01-01"}
      str-exp: {default: "1e3"}
      str-empty: {default: ""}
      bool-yes: {default: yes}
      int-hex: {default: 0x1F}
      float-one: {default: 1.0}
      float-exp: {default: 1e3}
      float-inf: {default: .inf}
      null-tilde: {default: ~}
      "quoted key": {default: 1}
      multi-line:
        default: |
          two
          lines
`,
	}
	c := loadFiles(t, files)
	got, err := Convert(c, Options{ReadFile: readFrom(files)})
	if err != nil {
		t.Fatal(err)
	}
	out := got[ActionsFile]
	params := decode(t, ActionsFile, out).(map[string]any)["values"].(map[string]any)["params"].(map[string]any)
	defaults := map[string]any{}
	for k, v := range params {
		defaults[k] = v.(map[string]any)["default"]
	}
	want := map[string]any{
		"str-version": "22.04", "str-yes": "yes", "str-y": "y", "str-on": "on", "str-null": "~", "str-hex": "0x1F",
		"str-sexagesimal": "1:20", "str-date": "2024-01-01", "str-exp": "1e3", "str-empty": "", "bool-yes": true,
		"int-hex": 31, "float-one": 1.0, "float-exp": 1000.0, "float-inf": math.Inf(1), "null-tilde": nil,
		"quoted key": 1, "multi-line": "two\nlines\n",
	}
	if d := cmp.Diff(want, defaults); d != "" {
		t.Errorf("values changed (-want +got):\n%s\n%s", d, out)
	}
	// YAML 1.1 readers take plain yes/on for booleans, 1:20 for a number
	// and 1e3 for a string; YAML 1.2 ones take 1e3 for a number: the text
	// must rule all of these out.
	for _, line := range []string{"default: 'yes'", "default: 'y'", "default: 'on'", "default: '1:20'", "default: '1e3'",
		"default: 1.0", "default: 1000.0", "default: .inf", "default: true", "default: null", "quoted key:"} {
		if !bytes.Contains(out, []byte(line+"\n")) {
			t.Errorf("output lacks %q:\n%s", line, out)
		}
	}
}

// TestLegacyFilesCopied: a charm's own metadata.yaml and config.yaml are
// copied byte for byte, comments and spacing included, as charmcraft
// copies them; there is no actions.yaml to write.
func TestLegacyFilesCopied(t *testing.T) {
	files := map[string]string{
		"metadata.yaml": "# as written\nname: copy-me\nsummary:   s\ndescription: d\nseries: [jammy]\n",
		"config.yaml":   "options: {}   # none yet\n",
	}
	c := loadFiles(t, files)
	got, err := Convert(c, Options{ReadFile: readFrom(files)})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{MetadataFile, ConfigFile} {
		if string(got[name]) != files[name] {
			t.Errorf("%s was rewritten:\n%s", name, got[name])
		}
	}
	if strings.Join(keys(got), " ") != "config.yaml manifest.yaml metadata.yaml" {
		t.Errorf("files = %v", keys(got))
	}
	// Without ReadFile the files are read from the charm's directory.
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, _ = load(t, dir)
	fromDir, err := Convert(c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(got, fromDir); d != "" {
		t.Errorf("read from the directory (-ReadFile +directory):\n%s", d)
	}
}

// TestBuildBasesWin checks that charmcraft.yaml's bases, not metadata.yaml's
// own older bases list, make the manifest (the loader keeps both in one
// list, metadata.yaml's first).
func TestBuildBasesWin(t *testing.T) {
	in := map[string]string{
		"charmcraft.yaml": "type: charm\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\n    architectures: [arm64]\n",
		"metadata.yaml":   basicMeta + "bases:\n  - name: ubuntu\n    channel: \"20.04\"\n    architectures: [amd64]\n",
	}
	c := loadFiles(t, in)
	files, err := Convert(c, Options{ReadFile: readFrom(in)})
	if err != nil {
		t.Fatal(err)
	}
	got := decode(t, ManifestFile, files[ManifestFile]).(map[string]any)["bases"]
	want := []any{map[string]any{"name": "ubuntu", "channel": "22.04", "architectures": []any{"arm64"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("manifest bases (-want +got):\n%s", d)
	}
}
