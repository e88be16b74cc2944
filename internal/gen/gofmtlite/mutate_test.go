package gofmtlite_test

import (
	"bytes"
	"go/format"
	"math/rand"
	"testing"

	"github.com/charmgen/charmgen/internal/gen/gofmtlite"
)

// TestMutated damages real generated files at random (deletions and
// insertions of tokens and line breaks) and checks Format on the
// results: the fuzzer rarely reaches valid code this deep.
func TestMutated(t *testing.T) {
	files := goldenFiles(t)
	r := rand.New(rand.NewSource(1))
	ins := []string{"{", "}", "(", ")", "\n", "\n\n", ",", ";", ":", "// a\n", "*", "&", "!", "-", "+",
		"[", "]", "func", "case", " ", "struct", "=", "\"", "x", "(x)", "a.b", "`r`", "var", "if", "{}", "..."}
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		src := append([]byte(nil), files[r.Intn(len(files))].src...)
		for k := 0; k < 1+r.Intn(3); k++ {
			p := r.Intn(len(src))
			if r.Intn(2) == 0 {
				src = append(src[:p], src[min(len(src), p+1+r.Intn(5)):]...)
			} else {
				src = append(src[:p], append([]byte(ins[r.Intn(len(ins))]), src[p:]...)...)
			}
		}
		got, ok := gofmtlite.Format(src)
		if !ok {
			continue
		}
		if want, err := format.Source(src); err == nil && !bytes.Equal(got, want) {
			t.Fatalf("Format differs from go/format on %q:\n%s", src, firstDiff(string(want), string(got)))
		}
	}
}
