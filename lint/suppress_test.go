package lint

import (
	"fmt"
	"testing"

	"github.com/charmgen/charmgen/lint/rule"
)

func TestParseSuppressions(t *testing.T) {
	py := `x = 1  # charmgen: ignore[PY004, PY003] restart is needed
# charmgen:ignore[PY016]

# a comment in between
subprocess.run("x", shell=True)
# charmgen: file-ignore[PY010] -- debug charm, logs on purpose
`
	got := parseSuppressions("c.py", []byte(py), false)
	want := []string{
		`c.py:1:8 applies=1 ids=[PY004 PY003] reason="restart is needed"`,
		`c.py:2:1 applies=5 ids=[PY016] reason=""`,
		`c.py:6:1 applies=0 ids=[PY010] reason="debug charm, logs on purpose"`,
	}
	check := func(got []*suppression, want []string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d suppressions, want %d", len(got), len(want))
		}
		for i, s := range got {
			if g := fmt.Sprintf("%s:%d:%d applies=%d ids=%v reason=%q", s.file, s.line, s.col, s.applies, s.ids, s.reason); g != want[i] {
				t.Errorf("suppression %d:\n got %s\nwant %s", i, g, want[i])
			}
		}
	}
	check(got, want)
	goSrc := "package x\n\n\t//charmgen:ignore GO004,GO003 restart needed\n\tf() //charmgen:ignore GO009\n//charmgen:file-ignore GO010 test charm\n"
	check(parseSuppressions("x.go", []byte(goSrc), true), []string{
		`x.go:3:2 applies=4 ids=[GO004 GO003] reason="restart needed"`,
		`x.go:4:6 applies=4 ids=[GO009] reason=""`,
		`x.go:5:1 applies=0 ids=[GO010] reason="test charm"`,
	})
	if s := parseSuppressions("y.py", []byte("x = 1  # nothing here\n"), false); s != nil {
		t.Errorf("found %v", s)
	}
}

func TestApplySuppressions(t *testing.T) {
	sups := map[string][]*suppression{"c.py": parseSuppressions("c.py", []byte("a()  # charmgen: ignore[PY004] why\nb()\n# charmgen: file-ignore[PY016] why\n"), false)}
	fs := []rule.Finding{
		{Rule: "PY004", Pos: rule.Pos{File: "c.py", Line: 1, Col: 1}},
		{Rule: "PY004", Pos: rule.Pos{File: "c.py", Line: 2, Col: 1}},
		{Rule: "PY016", Pos: rule.Pos{File: "c.py", Line: 2, Col: 1}},
		{Rule: "PY016", Pos: rule.Pos{File: "other.py", Line: 2, Col: 1}},
	}
	out := applySuppressions(fs, sups, func(string, string) bool { return true })
	var got []string
	for _, f := range out {
		got = append(got, fmt.Sprintf("%s:%d %s", f.Pos.File, f.Pos.Line, f.Rule))
	}
	if fmt.Sprint(got) != "[c.py:2 PY004 other.py:2 PY016]" {
		t.Errorf("kept %v", got)
	}
}
