package pack

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/legacy"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/metadata/*/want from the current output")

// corpusFixture is charmcraft's own "complex" test charm with what
// charmcraft pack wrote for it (prime/), in the shared corpus next to the
// repository.
var corpusFixture = filepath.Join("..", "..", "shared", "corpus", "charms", "fixture--charmcraft--complex-self-contained")

// fixtureTime and fixtureVersion are what charmcraft's test run stamped
// into the fixture's manifest.yaml.
var (
	fixtureTime    = time.Date(2020, 3, 14, 0, 0, 0, 0, time.UTC)
	fixtureVersion = "3.0-test-version"
)

// TestFixtureMatchesCharmcraft runs the metadata stage on charmcraft's
// fixture charm and compares every file, byte for byte, with the prime/
// directory charmcraft pack made from the same charmcraft.yaml: the split
// into metadata.yaml, config.yaml and actions.yaml (keys, order, quoting,
// folding, | blocks) and manifest.yaml (bases of the first bases entry,
// one per run-on base, and the analysis attributes).
func TestFixtureMatchesCharmcraft(t *testing.T) {
	if _, err := os.Stat(corpusFixture); err != nil {
		t.Skipf("charmcraft's fixture charm is not at %s (the shared corpus is only present in the charmgen workspace): %v", corpusFixture, err)
	}
	c, err := meta.Load(corpusFixture, &meta.Options{Juju: 3})
	// The fixture mounts storage it does not declare: Juju would reject
	// it, charmcraft packs it. That one error is expected.
	var ds meta.Diagnostics
	if !errors.As(err, &ds) || len(ds.Errors()) != 1 || !strings.Contains(ds.Errors()[0].Message, `mounts storage "logs"`) {
		t.Fatalf("want only the known undeclared-storage error, got: %v", err)
	}
	targets, err := Plan(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 2 {
		t.Fatalf("Plan made %d targets, want one per bases entry (2)", len(targets))
	}
	const wantFile = "full-charm_ubuntu-22.04-amd64_ubuntu-22.04-riscv64_ubuntu-22.04-arm64.charm"
	if targets[0].File != wantFile {
		t.Errorf("first .charm is %s, charmcraft names it %s", targets[0].File, wantFile)
	}
	files, err := Metadata(c, targets[0], MetadataOptions{CharmcraftVersion: fixtureVersion, Time: fixtureTime})
	if err != nil {
		t.Fatal(err)
	}
	prime, err := os.ReadDir(filepath.Join(corpusFixture, "prime"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range prime {
		names = append(names, e.Name())
	}
	if d := cmp.Diff(names, sortedKeys(files)); d != "" {
		t.Errorf("files differ from prime/ (-charmcraft +charmgen):\n%s", d)
	}
	for _, name := range names {
		want, err := os.ReadFile(filepath.Join(corpusFixture, "prime", name))
		if err != nil {
			t.Fatal(err)
		}
		if got := files[name]; !bytes.Equal(got, want) {
			t.Errorf("%s differs from charmcraft's (-charmcraft +charmgen):\n%s", name, cmp.Diff(string(want), string(got)))
		}
	}
	// The second entry runs on six architectures: it gets its own charm,
	// which a Go dispatch cannot serve.
	if got := archProblem(targets[1]); !strings.Contains(got, "one platform per architecture") {
		t.Errorf("archProblem(second entry) = %q, want the one-architecture explanation", got)
	}
}

// TestMetadataGolden runs Plan and the metadata stage on each
// testdata/metadata/<case>/input and compares with <case>/want: plan.txt
// (the .charm files and their architectures) and, per .charm (target-N),
// the files the metadata stage writes. -update rewrites want/; a missing golden file
// fails.
func TestMetadataGolden(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "metadata", "*", "input"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 4 {
		t.Fatalf("found %d golden cases, want at least 4", len(cases))
	}
	for _, in := range cases {
		dir := filepath.Dir(in)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
				t.Errorf("the case has no README.md saying what it pins down: %v", err)
			}
			c, err := meta.Load(in, &meta.Options{Juju: 4, DisplayDir: "input"})
			if err != nil {
				t.Fatalf("input does not load cleanly: %v", err)
			}
			targets, err := Plan(c)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{}
			var plan strings.Builder
			for i, tg := range targets {
				// Golden directories are numbered: a platform name may hold
				// ':', which Go module zips do not allow in paths.
				fmt.Fprintf(&plan, "target-%d\t%s\tarchs=%s\t%s\n", i, tg.File, strings.Join(tg.Archs, ","), tg.Pos)
				files, err := Metadata(c, tg, MetadataOptions{CharmcraftVersion: "charmgen-test", Time: fixtureTime})
				if err != nil {
					t.Fatal(err)
				}
				for name, b := range files {
					got[fmt.Sprintf("target-%d/%s", i, name)] = b
				}
			}
			got["plan.txt"] = []byte(plan.String())
			compareGolden(t, filepath.Join(dir, "want"), got)
		})
	}
}

// compareGolden compares files (slash paths relative to want) with the
// files under want, both ways; -update rewrites want first.
func compareGolden(t *testing.T, want string, files map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		for name, b := range files {
			p := filepath.Join(want, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, name := range sortedKeys(files) {
		b, err := os.ReadFile(filepath.Join(want, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s: no golden file (%v); run go test ./pack -run TestMetadataGolden -update and review the diff", name, err)
			continue
		}
		if !bytes.Equal(files[name], b) {
			t.Errorf("%s differs from the golden file (-want +got):\n%s", name, cmp.Diff(string(b), string(files[name])))
		}
	}
	var extra []string
	_ = filepath.WalkDir(want, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(want, p)
			if _, ok := files[filepath.ToSlash(rel)]; !ok {
				extra = append(extra, rel)
			}
		}
		return nil
	})
	sort.Strings(extra)
	for _, e := range extra {
		t.Errorf("%s is in %s but the stage did not write it", e, want)
	}
}

// TestSameAsMetaConvert checks that pack and 'charmgen meta convert --to
// legacy' (legacy.Convert) write the same metadata.yaml, config.yaml and
// actions.yaml for every target of every golden case, of meta/legacy's
// golden cases and of charmcraft's fixture charm (when the shared corpus is
// there), and the same manifest bases: manifest.yaml differs only in the
// keys around them (charmcraft-version, charmcraft-started-at and analysis
// for pack, charmgen-version for meta convert).
func TestSameAsMetaConvert(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "metadata", "*", "input"))
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob(filepath.Join("..", "meta", "legacy", "testdata", "*", "input"))
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, more...)
	if _, err := os.Stat(corpusFixture); err == nil {
		dirs = append(dirs, corpusFixture)
	} else {
		t.Logf("charmcraft's fixture charm is not at %s (the shared corpus is only present in the charmgen workspace): not compared", corpusFixture)
	}
	compared := 0
	for _, dir := range dirs {
		// Juju 3: meta/legacy's cases include series charms.
		c, _ := meta.Load(dir, &meta.Options{Juju: 3})
		if c == nil {
			t.Fatalf("%s does not load", dir)
		}
		targets, err := Plan(c)
		if err != nil {
			// A charm that names no bases has nothing to pack.
			continue
		}
		for _, tg := range targets {
			packed, err := Metadata(c, tg, MetadataOptions{CharmcraftVersion: "charmgen-test", Time: fixtureTime})
			if err != nil {
				t.Fatalf("%s, %s: %v", dir, tg.File, err)
			}
			converted, err := legacy.Convert(c, legacy.Options{Platform: tg.Select})
			if err != nil {
				t.Fatalf("%s, %s: %v", dir, tg.File, err)
			}
			if d := cmp.Diff(sortedKeys(packed), sortedKeys(converted)); d != "" {
				t.Errorf("%s, %s: pack and meta convert write other files (-pack +convert):\n%s", dir, tg.File, d)
			}
			for _, name := range []string{legacy.MetadataFile, legacy.ConfigFile, legacy.ActionsFile} {
				if !bytes.Equal(packed[name], converted[name]) {
					t.Errorf("%s, %s: %s differs (-pack +convert):\n%s", dir, tg.File, name, cmp.Diff(string(packed[name]), string(converted[name])))
				}
			}
			if p, c := manifestBasesText(packed[legacy.ManifestFile]), manifestBasesText(converted[legacy.ManifestFile]); p == "" || p != c {
				t.Errorf("%s, %s: manifest bases differ (-pack +convert):\n%s", dir, tg.File, cmp.Diff(p, c))
			}
			compared++
		}
	}
	if compared < 10 {
		t.Errorf("only %d targets compared", compared)
	}
}

// manifestBasesText is the bases: block of a manifest.yaml, as written.
func manifestBasesText(b []byte) string {
	s := string(b)
	i := strings.Index(s, "\nbases:\n")
	if i < 0 {
		return ""
	}
	s = s[i+1:]
	// The block ends at the next top-level key.
	for j := len("bases:\n"); j < len(s); {
		k := strings.IndexByte(s[j:], '\n')
		if k < 0 {
			break
		}
		if line := s[j : j+k]; line != "" && line[0] != ' ' && line[0] != '-' {
			return s[:j]
		}
		j += k + 1
	}
	return s
}

func TestStartedAt(t *testing.T) {
	for _, tt := range []struct {
		in   time.Time
		want string
	}{
		{fixtureTime, "2020-03-14T00:00:00+00:00"},
		{time.Date(2024, 5, 1, 12, 34, 56, 123456789, time.UTC), "2024-05-01T12:34:56.123456+00:00"},
		{time.Date(2024, 5, 1, 14, 0, 0, 0, time.FixedZone("CEST", 2*3600)), "2024-05-01T12:00:00+00:00"},
	} {
		if got := startedAt(tt.in); got != tt.want {
			t.Errorf("startedAt(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestPlanErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{{
		name:  "no bases",
		files: map[string]string{"metadata.yaml": "name: old\nsummary: s\ndescription: d\n"},
		want:  []string{"metadata.yaml:1:1: the charm does not say which bases it runs on", "platforms: {amd64: , arm64: }"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := map[string][]byte{}
			for k, v := range tt.files {
				in[k] = []byte(v)
			}
			c, err := meta.LoadFiles(in, &meta.Options{Juju: 3})
			if err != nil {
				t.Fatal(err)
			}
			_, err = Plan(c)
			if err == nil {
				t.Fatal("Plan succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestArchProblem(t *testing.T) {
	tests := []struct {
		t    Target
		want string
	}{
		{Target{Platform: "amd64", Select: "amd64", Archs: []string{"amd64"}}, ""},
		{Target{Platform: "ppc", Select: "ppc", Archs: []string{"ppc64el"}}, ""},
		{Target{Platform: "both", Select: "both", Archs: []string{"amd64", "arm64"}}, `platform "both" runs on amd64, arm64, but a Go dispatch is a binary for one architecture: declare one platform per architecture (platforms: {amd64: , arm64: })`},
		{Target{Platform: "x", Select: "0", Archs: []string{"armhf"}}, `bases entry 0 runs on "armhf", which is not an architecture Juju deploys to (amd64, arm64, ppc64el, riscv64, s390x)`},
		{Target{Platform: "all", Select: "all", Archs: []string{"all"}}, `platform "all" runs on "all"`},
	}
	for _, tt := range tests {
		got := archProblem(tt.t)
		if (tt.want == "") != (got == "") || !strings.HasPrefix(got, tt.want) {
			t.Errorf("archProblem(%+v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

// TestLegacyFilesCopied: a charm's own metadata.yaml and config.yaml are
// copied byte for byte, comments and spacing included, even a config with
// no options (charmcraft's model of it, {options: {}}, is not empty, so
// charmcraft copies the file); there is no actions.yaml to write.
func TestLegacyFilesCopied(t *testing.T) {
	files := map[string][]byte{
		"metadata.yaml":   []byte("# as written\nname: copy-me\nsummary:   s\ndescription: d\n"),
		"config.yaml":     []byte("options: {}   # none yet\n"),
		"charmcraft.yaml": []byte("type: charm\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\n"),
	}
	c, err := meta.LoadFiles(files, &meta.Options{Juju: 4})
	if err != nil {
		t.Fatal(err)
	}
	targets, err := Plan(c)
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) ([]byte, error) { return files[name], nil }
	got, err := Metadata(c, targets[0], MetadataOptions{ReadFile: read, Time: fixtureTime})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got["metadata.yaml"], files["metadata.yaml"]) {
		t.Errorf("metadata.yaml was rewritten:\n%s", got["metadata.yaml"])
	}
	if !bytes.Equal(got["config.yaml"], files["config.yaml"]) {
		t.Errorf("config.yaml was rewritten:\n%s", got["config.yaml"])
	}
	if strings.Join(sortedKeys(got), " ") != "config.yaml manifest.yaml metadata.yaml" {
		t.Errorf("files = %v", sortedKeys(got))
	}
}
