package diff

import "testing"

func TestUnified(t *testing.T) {
	a := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"
	b := "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\n"
	want := `--- old
+++ new
@@ -1,10 +1,11 @@
 a
 b
 c
-d
+D
 e
 f
 g
 h
 i
 j
+k
`
	if got := Unified("old", "new", a, b); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if Unified("x", "y", a, a) != "" {
		t.Error("equal texts gave a diff")
	}
	if got := Unified("x", "y", "", "new\n"); got != "--- x\n+++ y\n@@ -0,0 +1,1 @@\n+new\n" {
		t.Errorf("creation diff:\n%s", got)
	}
	long := ""
	for i := 0; i < 30; i++ {
		long += "line\n"
	}
	if got := Unified("x", "y", "first\n"+long+"last\n", "FIRST\n"+long+"LAST\n"); got == "" || countHunks(got) != 2 {
		t.Errorf("far-apart changes should be two hunks:\n%s", got)
	}
}

func countHunks(s string) int {
	n := 0
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '@' && s[i+1] == '@' && (i == 0 || s[i-1] == '\n') {
			n++
		}
	}
	return n
}
