package unified

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/legacy"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gopkg.in/yaml.v3"
)

var update = flag.Bool("update", false, "rewrite testdata/*/want from the current output")

// corpusDir is the shared charm corpus, relative to this package.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "charms")

// knownLoadErrors are the corpus charms whose metadata has errors (Juju
// would reject them), keyed by directory: they are not converted.
var knownLoadErrors = map[string]string{
	"fixture--charmcraft--complex-self-contained": `container "super-app" mounts storage "logs", which is not declared`,
}

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("charm corpus not found at %s (it is only present in the charmgen workspace): %v", corpusDir, err)
	}
}

// load reads a charm as meta convert does: series errors are what the
// conversion fixes, any other error fails the test.
func load(t *testing.T, dir string) *meta.Charm {
	t.Helper()
	c, err := meta.Load(dir, &meta.Options{DisplayDir: dir})
	var ds meta.Diagnostics
	if err != nil && !errors.As(err, &ds) {
		t.Fatal(err)
	}
	for _, d := range ds.Errors() {
		if d.Code != "series" {
			t.Fatalf("%s does not load cleanly: %v", dir, err)
		}
	}
	return c
}

func loadBytes(t *testing.T, b []byte) *meta.Charm {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, meta.CharmcraftFile), b, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := meta.Load(dir, nil)
	if err != nil {
		t.Fatalf("the converted charmcraft.yaml does not load: %v\n%s", err, b)
	}
	if c.Format != "unified" {
		t.Fatalf("the converted charm loads as %s, want unified", c.Format)
	}
	return c
}

// model is what a conversion must keep: the view without positions, file
// lists and warnings, and with every part's whole definition. build says
// whether the build settings (bases, platforms, parts) are compared too.
func model(c *meta.Charm, build bool) any {
	v := c.View()
	v.Format, v.Files, v.Warnings, v.Errors = "", nil, nil, nil
	for i := range v.Relations {
		v.Relations[i].Pos = meta.Pos{}
	}
	for i := range v.Options {
		v.Options[i].Pos = meta.Pos{}
	}
	for i := range v.Actions {
		v.Actions[i].Pos = meta.Pos{}
	}
	parts := map[string]any{}
	for _, p := range c.Parts {
		parts[p.Name] = p.Node.Interface()
	}
	var libs []any
	for _, l := range c.CharmLibs {
		libs = append(libs, l.Interface())
	}
	// metadata.yaml's series and bases become base and platforms; they are
	// compared as build settings, where they have their own checks.
	v.Series, v.MetadataBases = nil, nil
	if !build {
		v.Base, v.BuildBase, v.Platforms, v.Bases, v.Parts, v.Extensions = "", "", nil, nil, nil, nil
		parts, libs = nil, nil
	}
	return struct {
		View  *meta.View
		Parts map[string]any
		Libs  []any
	}{v, parts, libs}
}

// TestGolden converts testdata/<case>/input and compares charmcraft.yaml
// and the notes with testdata/<case>/want byte for byte; a missing golden
// file is a failure. Run with -update to rewrite want/, and review the diff.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "*", "input"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 5 {
		t.Fatalf("found %d golden cases, want at least 5", len(cases))
	}
	for _, in := range cases {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			c := load(t, in)
			b, notes, err := Convert(c, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var nb strings.Builder
			for _, n := range notes {
				nb.WriteString(strings.TrimPrefix(n.String(), in+string(filepath.Separator)) + "\n")
			}
			got := map[string][]byte{meta.CharmcraftFile: b, "notes.txt": []byte(nb.String())}
			want := filepath.Join(dir, "want")
			if *update {
				if err := os.MkdirAll(want, 0o755); err != nil {
					t.Fatal(err)
				}
				for name, content := range got {
					if err := os.WriteFile(filepath.Join(want, name), content, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			for name, content := range got {
				w, err := os.ReadFile(filepath.Join(want, name))
				if err != nil {
					t.Errorf("%s: no golden file (%v); run go test ./meta/unified -run TestGolden -update and review the diff", name, err)
					continue
				}
				if !bytes.Equal(content, w) {
					t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, filepath.Join(want, name), content, w)
				}
			}
			// The output loads as a unified charm with the same model.
			back := loadBytes(t, b)
			checkSameCharm(t, c, back)
		})
	}
}

// checkSameCharm checks that the unified charm back says what the source c
// says: its metadata, options and actions unchanged; its parts and
// charm-libs copied; its bases the same or, from series or metadata.yaml
// bases, the ones they name.
func checkSameCharm(t *testing.T, c, back *meta.Charm) {
	t.Helper()
	want := model(c, false).(struct {
		View  *meta.View
		Parts map[string]any
		Libs  []any
	})
	if md := c.Raw[c.Sources["metadata"]]; md != nil && c.Sources["metadata"] == meta.MetadataFile {
		if e := md.Entry("min-juju-version"); e != nil && len(c.Assumes) == 0 {
			want.View.Assumes = append(want.View.Assumes, "juju >= "+e.Value.Raw)
		}
	}
	if d := cmp.Diff(want, model(back, false)); d != "" {
		t.Errorf("the charm changed in conversion (-source +unified):\n%s", d)
	}
	src, got := model(c, true).(struct {
		View  *meta.View
		Parts map[string]any
		Libs  []any
	}), model(back, true).(struct {
		View  *meta.View
		Parts map[string]any
		Libs  []any
	})
	if c.Raw[meta.CharmcraftFile] == nil {
		// charmcraft's default part, spelled out.
		src.Parts = map[string]any{"charm": &meta.OrderedMap{Keys: []string{"plugin", "source"}, Values: map[string]any{"plugin": "charm", "source": "."}}}
	}
	if d := cmp.Diff(src.Parts, got.Parts); d != "" {
		t.Errorf("parts changed (-source +unified):\n%s", d)
	}
	if d := cmp.Diff(src.Libs, got.Libs); d != "" {
		t.Errorf("charm-libs changed (-source +unified):\n%s", d)
	}
	switch {
	case c.Base.Set || len(c.Platforms) > 0:
		if d := cmp.Diff([]any{src.View.Base, src.View.BuildBase, src.View.Platforms}, []any{got.View.Base, got.View.BuildBase, got.View.Platforms}); d != "" {
			t.Errorf("base and platforms changed (-source +unified):\n%s", d)
		}
	case len(c.Bases) > 0:
		if len(got.View.Bases) != len(src.View.Bases) {
			t.Errorf("bases: %v became %v", src.View.Bases, got.View.Bases)
		}
	case len(c.MetadataBases) > 0 || len(c.Series) > 0:
		if len(back.Platforms) == 0 {
			t.Errorf("metadata.yaml's bases or series %v became no platforms", c.Series)
		}
	}
}

// TestCorpus converts every corpus charm, loads the result and checks it is
// the same charm; converting the result again gives the same bytes.
func TestCorpus(t *testing.T) {
	needCorpus(t)
	ents, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(corpusDir, name)
			if known := knownLoadErrors[name]; known != "" {
				_, err := meta.Load(dir, nil)
				if err == nil || !strings.Contains(err.Error(), known) {
					t.Fatalf("want the known load error %q, got %v", known, err)
				}
				return
			}
			n++
			c := load(t, dir)
			b, _, err := Convert(c, Options{})
			if err != nil {
				t.Fatal(err)
			}
			back := loadBytes(t, b)
			checkSameCharm(t, c, back)
			again, _, err := Convert(back, Options{})
			if err != nil {
				t.Fatal(err)
			}
			third, _, _ := Convert(loadBytes(t, again), Options{})
			if !bytes.Equal(again, third) {
				t.Errorf("converting the unified charm again changed it:\n--- once\n%s\n--- twice\n%s", again, third)
			}
		})
	}
	if n < 20 {
		t.Errorf("only %d corpus charms converted", n)
	}
}

// buildOnly returns the build keys of a unified charmcraft.yaml as a
// build-only charmcraft.yaml: with the legacy files it makes the legacy
// form the corpus charms use.
func buildOnly(t *testing.T, c *meta.Charm) []byte {
	t.Helper()
	cc := c.Raw[meta.CharmcraftFile]
	out := &yaml.Node{Kind: yaml.MappingNode}
	for _, e := range cc.Entries {
		if buildKeys[e.Key] {
			out.Content = append(out.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: e.Key}, yamlNode(e.Value))
		}
	}
	b, err := yaml.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func yamlNode(n *meta.Node) *yaml.Node {
	var y yaml.Node
	if err := y.Encode(n.Interface()); err != nil {
		panic(err)
	}
	return &y
}

// anyKeyOrder compares models whatever the order of the mappings they
// were read from: the legacy files are written as charmcraft writes them,
// keys sorted, so relations, options, actions, containers, resources,
// storage, devices, extra bindings and the keys of action params come back
// in name order. The order of a mapping's keys is no part of the charm.
var anyKeyOrder = cmp.Options{
	cmpopts.SortSlices(func(a, b meta.RelationView) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b meta.OptionView) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b meta.ActionView) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b meta.ContainerView) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b meta.ResourceView) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b meta.StorageView) bool { return a.Name < b.Name }),
	cmpopts.SortSlices(func(a, b meta.DeviceView) bool { return a.Name < b.Name }),
	cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".ExtraBindings" },
		cmpopts.SortSlices(func(a, b string) bool { return a < b })),
	cmp.Transformer("values", func(m *meta.OrderedMap) map[string]any {
		if m == nil {
			return nil
		}
		return m.Values
	}),
}

// TestUnifiedLegacyUnified converts unified charms to the legacy files
// (legacy.Convert), those back to unified form, and loads both: the model
// is the same. With the build keys beside the legacy files (a build-only
// charmcraft.yaml, as legacy charms have) the build is the same too.
func TestUnifiedLegacyUnified(t *testing.T) {
	dirs := []string{filepath.Join("testdata", "unified", "input"), filepath.Join("testdata", "hybrid", "input")}
	if _, err := os.Stat(corpusDir); err == nil {
		ents, _ := os.ReadDir(corpusDir)
		for _, e := range ents {
			if e.IsDir() && knownLoadErrors[e.Name()] == "" {
				dirs = append(dirs, filepath.Join(corpusDir, e.Name()))
			}
		}
	} else {
		t.Logf("charm corpus not found at %s: only the testdata charms are checked", corpusDir)
	}
	checked := 0
	for _, dir := range dirs {
		c := load(t, dir)
		if c.Sources["metadata"] != meta.CharmcraftFile {
			continue
		}
		checked++
		t.Run(filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir), func(t *testing.T) {
			files, err := legacy.Convert(c, legacy.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, withBuild := range []bool{false, true} {
				ldir := t.TempDir()
				for name, b := range files {
					if err := os.WriteFile(filepath.Join(ldir, name), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				if withBuild {
					if err := os.WriteFile(filepath.Join(ldir, meta.CharmcraftFile), buildOnly(t, c), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				lc := load(t, ldir)
				if lc.Format != "legacy" {
					t.Fatalf("the legacy files load as %s", lc.Format)
				}
				b, _, err := Convert(lc, Options{})
				if err != nil {
					t.Fatal(err)
				}
				back := loadBytes(t, b)
				if d := cmp.Diff(model(c, withBuild), model(back, withBuild), anyKeyOrder); d != "" {
					t.Errorf("unified → legacy → unified (build settings compared: %v) changed the charm (-unified +again):\n%s", withBuild, d)
				}
			}
		})
	}
	if checked < 2 {
		t.Fatalf("only %d unified charms checked", checked)
	}
}

// TestDeterministic converts each case three times, from separate loads.
func TestDeterministic(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "*", "input"))
	for _, dir := range dirs {
		var prev []byte
		for i := 0; i < 3; i++ {
			b, _, err := Convert(load(t, dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if prev != nil && !bytes.Equal(prev, b) {
				t.Errorf("%s: run %d differs", dir, i)
			}
			prev = b
		}
	}
}

func TestErrors(t *testing.T) {
	if _, _, err := Convert(nil, Options{}); err == nil {
		t.Error("Convert(nil) succeeded")
	}
	c, _ := meta.LoadFiles(map[string][]byte{meta.CharmcraftFile: []byte("type: charm\nparts: {charm: {plugin: charm}}\n")}, nil)
	if _, _, err := Convert(c, Options{}); err == nil || !strings.Contains(err.Error(), "no metadata") {
		t.Errorf("a build-only charmcraft.yaml alone: err = %v", err)
	}
}

// A port changes the document before writing it: Set keeps the canonical
// order, Remove takes a section out, Drop keeps a key as a comment.
func TestDocEdit(t *testing.T) {
	c, err := meta.LoadFiles(map[string][]byte{meta.MetadataFile: []byte("name: x\nsummary: s\ndescription: d\nrequires:\n  db:\n    interface: pg\n")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Build(c, Options{Command: "charmgen new --from"})
	if err != nil {
		t.Fatal(err)
	}
	var parts yaml.Node
	if err := parts.Encode(map[string]any{"charm": map[string]any{"plugin": "go"}}); err != nil {
		t.Fatal(err)
	}
	d.Set("parts", &parts, "The Go part.")
	var base yaml.Node
	base.Encode("ubuntu@24.04")
	d.Set("base", &base)
	if d.Remove("links") != nil {
		t.Error("removed links that were not there")
	}
	var keys []string
	for _, s := range d.Sections {
		keys = append(keys, s.Key)
	}
	if got := strings.Join(keys, " "); got != "name type summary description base parts requires" {
		t.Errorf("sections = %s", got)
	}
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Made by `charmgen new --from`", "\n# The Go part.\nparts:\n  charm:\n    plugin: go\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("output lacks %q:\n%s", want, b)
		}
	}
}

// TestStr checks that a string is quoted when, plain, PyYAML, yaml.v3 or
// yaml.v2 would read it as another type (pyyaml.PlainStr), and is otherwise
// laid out as yaml.v3 lays it out.
func TestStr(t *testing.T) {
	for s, want := range map[string]string{
		"tea":          "tea\n",
		"juju >= 3.6":  "juju >= 3.6\n",
		"22.04":        "\"22.04\"\n",
		"yes":          "\"yes\"\n",
		"y":            "\"y\"\n",
		"1e3":          "\"1e3\"\n",
		"=":            "\"=\"\n", // PyYAML's value resolver; yaml.v3 alone writes it plain
		"a: b":         "'a: b'\n",
		"two\nlines\n": "|\n  two\n  lines\n",
	} {
		got, err := encode(Str(s))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("Str(%q) is written %q, want %q", s, got, want)
		}
	}
}
