package comment

import (
	"go/format"
	"testing"
)

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, tabs\tand\nnewlines": "plain text, tabs\tand\nnewlines",
		"x\x00y":                          `x\x00y`,
		"\ufeffBOM first":                 `\ufeffBOM first`,
		"a\u2028b\u2029c":                 `a\u2028b\u2029c`,
		"bad \xff\xfe utf8":               `bad \xff\xfe utf8`,
		"esc \x1b[31mred\x1b[0m":          `esc \x1b[31mred\x1b[0m`,
		"del \x7f":                        `del \x7f`,
		"crlf\r\nline":                    "crlf\nline",
		"lone\rcr":                        "lone cr",
		"ünïcødé 名前 */ fine":              "ünïcødé 名前 */ fine",
	} {
		got, ok := Safe(in)
		if got != want || ok != (in == want) {
			t.Errorf("Safe(%q) = %q, %t; want %q", in, got, ok, want)
		}
	}
}

// Whatever the input, the result is valid in a Go comment: go/format
// accepts a file with it in a // comment on every line.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"x\x00y", "\ufeff", "\xff", "a\r\nb", "\u2028", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := Safe(s)
		src := "package p\n\n"
		for _, line := range splitLines(out) {
			src += "// " + line + "\n"
		}
		src += "var X int\n"
		if _, err := format.Source([]byte(src)); err != nil {
			t.Fatalf("Safe(%q) = %q: %v", s, out, err)
		}
	})
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}
