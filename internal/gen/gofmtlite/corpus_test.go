package gofmtlite_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/gofmtlite"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
	"github.com/charmgen/charmgen/internal/gen/overlays"
)

// corpusDir is the real interface corpus, next to the checkout.
var corpusDir = filepath.Join("..", "..", "..", "..", "shared", "corpus", "interfaces")

// goldenDir holds internal/gen/codec's golden cases (schemas/ and
// config.json).
var goldenDir = filepath.Join("..", "codec", "testdata", "golden")

// rawFile is one generated file as jennifer renders it with NoFormat.
type rawFile struct {
	name string
	src  []byte
}

// generateRaw runs codec.Generate on the interfaces and returns the raw
// text of every file it formats, in a deterministic order. The formatter
// hook returns go/format's result so that generation proceeds as usual.
func generateRaw(t testing.TB, label string, cfg codec.Config, ifaces []*ifaceschema.Interface) []rawFile {
	var mu sync.Mutex
	var files []rawFile
	restore := codec.SetFormatter(func(src []byte) ([]byte, error) {
		mu.Lock()
		files = append(files, rawFile{src: append([]byte(nil), src...)})
		mu.Unlock()
		return format.Source(src)
	})
	defer restore()
	if _, err := codec.Generate(cfg, ifaces, nil); err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	// Name files by their package clause and order; parallel generation
	// makes the order of calls vary.
	sort.Slice(files, func(i, j int) bool { return bytes.Compare(files[i].src, files[j].src) < 0 })
	for i := range files {
		files[i].name = fmt.Sprintf("%s#%d(%s)", label, i, pkgName(files[i].src))
	}
	return files
}

func pkgName(src []byte) string {
	for _, l := range strings.Split(string(src), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "package" {
			return f[1]
		}
	}
	return "?"
}

// corpusFiles generates the corpus bare and with charmgen's overlays,
// with fuzz tests, and returns the raw files; it skips when the corpus
// is absent.
func corpusFiles(t testing.TB) []rawFile {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it lives next to the checkout): %v", corpusDir, err)
	}
	cfg := codec.Config{Module: "example.com/charm/interfaces", FuzzTests: true}
	ifaces, _ := ifaceschema.Discover([]string{corpusDir})
	files := generateRaw(t, "corpus", cfg, ifaces)
	set, err := overlays.Default()
	if err != nil {
		t.Fatal(err)
	}
	ifaces, _ = ifaceschema.Discover([]string{corpusDir})
	if err := set.Apply(ifaces); err != nil {
		t.Fatal(err)
	}
	return append(files, generateRaw(t, "corpus+overlays", cfg, ifaces)...)
}

// goldenFiles generates internal/gen/codec's golden cases with their
// encodings.
func goldenFiles(t testing.TB) []rawFile {
	dirs, _ := filepath.Glob(filepath.Join(goldenDir, "*"))
	var files []rawFile
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "schemas")); err != nil {
			continue
		}
		cfg := codec.Config{FuzzTests: true, Encodings: goldenEncodings(t, d)}
		ifaces, _ := ifaceschema.Discover([]string{filepath.Join(d, "schemas")})
		files = append(files, generateRaw(t, "golden/"+filepath.Base(d), cfg, ifaces)...)
	}
	if len(files) == 0 {
		t.Fatalf("no golden cases under %s", goldenDir)
	}
	return files
}

// goldenEncodings reads a golden case's config.json as internal/gen/codec's
// golden test does.
func goldenEncodings(t testing.TB, dir string) map[string]*schema.Encodings {
	data, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil
	}
	var raw map[string]struct {
		Strings   string            `json:"strings"`
		Fields    map[string]string `json:"fields"`
		WriteNull bool              `json:"writeNull"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	encs := map[string]*schema.Encodings{}
	for name, r := range raw {
		e := &schema.Encodings{WriteNull: r.WriteNull, Fields: map[string]schema.Encoding{}}
		e.Strings, _ = schema.ParseEncoding(r.Strings)
		for k, v := range r.Fields {
			e.Fields[k], _ = schema.ParseEncoding(v)
		}
		encs[name] = e
	}
	return encs
}

// checkFiles asserts that Format either declines or matches go/format
// byte for byte, and returns how many files took the fast path.
func checkFiles(t *testing.T, files []rawFile) (fast int) {
	for _, f := range files {
		want, err := format.Source(f.src)
		if err != nil {
			t.Errorf("%s: go/format fails: %v", f.name, err)
			continue
		}
		got, ok := gofmtlite.Format(f.src)
		if !ok {
			t.Logf("%s: declined", f.name)
			continue
		}
		fast++
		if !bytes.Equal(got, want) {
			t.Errorf("%s: Format differs from go/format:\n%s", f.name, firstDiff(string(want), string(got)))
		}
	}
	return fast
}

// firstDiff shows the first differing lines of want and got, with a
// little context.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@@ line %d @@\n", i+1)
	for j := max(0, i-3); j < i; j++ {
		fmt.Fprintf(&b, " %q\n", w[j])
	}
	for j := i; j < min(len(w), i+4); j++ {
		fmt.Fprintf(&b, "-%q\n", w[j])
	}
	for j := i; j < min(len(g), i+4); j++ {
		fmt.Fprintf(&b, "+%q\n", g[j])
	}
	return b.String()
}

// TestCorpus is the differential test on real generated files: every
// corpus package (bare and with overlays, with fuzz tests) must format
// exactly as go/format does, and at least 95% of them on the fast path.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if dir := os.Getenv("GOFMTLITE_DUMP"); dir != "" {
		dump(t, dir, files)
	}
	fast := checkFiles(t, files)
	t.Logf("corpus: %d of %d files on the fast path", fast, len(files))
	if len(files) == 0 || fast*100 < 95*len(files) {
		t.Errorf("only %d of %d corpus files take the fast path; want at least 95%%", fast, len(files))
	}
}

// TestGolden does the same on internal/gen/codec's golden cases, which cover
// encodings and schema shapes the corpus may lack.
func TestGolden(t *testing.T) {
	files := goldenFiles(t)
	if dir := os.Getenv("GOFMTLITE_DUMP"); dir != "" {
		dump(t, dir, files)
	}
	fast := checkFiles(t, files)
	t.Logf("golden: %d of %d files on the fast path", fast, len(files))
}

// dump writes the raw files to dir, for looking at what Format sees
// (GOFMTLITE_DUMP=/tmp/raw go test -run Corpus).
func dump(t testing.TB, dir string, files []rawFile) {
	for _, f := range files {
		name := strings.NewReplacer("/", "_", "#", "_", "(", "_", ")", "", "+", "_").Replace(f.name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".go.txt"), f.src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
