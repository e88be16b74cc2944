package gofmtlite_test

import (
	"go/format"
	"os"
	"testing"

	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/gofmtlite"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

// bigFile returns the largest raw file generated from the corpus.
func bigFile(b *testing.B) []byte {
	var big []byte
	for _, f := range corpusFiles(b) {
		if len(f.src) > len(big) {
			big = f.src
		}
	}
	return big
}

// BenchmarkFormat formats the largest corpus file with the fast path.
func BenchmarkFormat(b *testing.B) {
	src := bigFile(b)
	if _, ok := gofmtlite.Format(src); !ok {
		b.Fatal("the largest corpus file does not take the fast path")
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		gofmtlite.Format(src)
	}
}

// BenchmarkGoFormat formats the same file with go/format, for comparison.
func BenchmarkGoFormat(b *testing.B) {
	src := bigFile(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := format.Source(src); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGenerate generates the corpus as bench/codec's
// BenchmarkGenerateCorpus does, with the given formatter, so that the
// formatters compare under the same load.
func benchGenerate(b *testing.B, format func([]byte) ([]byte, error)) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skipf("corpus not found at %s: %v", corpusDir, err)
	}
	restore := codec.SetFormatter(format)
	defer restore()
	b.ReportAllocs()
	for b.Loop() {
		ifaces, _ := ifaceschema.Discover([]string{corpusDir})
		if _, err := codec.Generate(codec.Config{}, ifaces, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateGoFormat is generation as it was: go/format.
func BenchmarkGenerateGoFormat(b *testing.B) { benchGenerate(b, format.Source) }

// BenchmarkGenerateLite is generation with gofmtlite.Source.
func BenchmarkGenerateLite(b *testing.B) { benchGenerate(b, gofmtlite.Source) }

// BenchmarkGenerateUnformatted is the floor: no formatting at all.
func BenchmarkGenerateUnformatted(b *testing.B) {
	benchGenerate(b, func(src []byte) ([]byte, error) { return src, nil })
}
