package lint

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/lint/rule"
)

// TestResolve covers every way of naming rules: ID, name, a name several
// rules share, ID prefix, and unknown names with the closest suggested.
func TestResolve(t *testing.T) {
	cases := []struct {
		name     string
		prefixes bool
		want     string // IDs, or the error
	}{
		{"PY004", false, "[PY004]"},
		{"unconditional-restart", false, "[GO004 PY004]"},
		{"write-without-compare", false, "[GO003 PY003]"},
		{"thin-handler", false, "[GO001 PY001]"},
		{"removed-in-juju-4", false, "[GO012 META002 PY012]"},
		{"subprocess-shell-string", false, "[PY016]"},
		{"series-instead-of-base", true, "[META001]"},
		{"LINT001", false, "[LINT001]"},
		{"PY01", true, "[PY010 PY011 PY012 PY013 PY014 PY015 PY016]"},
		{"META00", true, "[META001 META002 META003 META004 META005 META006 META007 META008 META009]"},
		{"GO", true, "[GO001 GO002 GO003 GO004 GO005 GO006 GO007 GO008 GO009 GO010 GO011 GO012 GO013]"},
		{"PY", false, `no rule "PY": rules are named by ID (PY004) or name (unconditional-restart); charmgen lint --list lists them`},
		{"PY99", true, `no rule "PY99" (did you mean PY009?): rules are named by ID (PY004), name (unconditional-restart) or ID prefix (PY, META0); charmgen lint --list lists them`},
		{"PY999", false, `no rule "PY999" (did you mean PY009?)`},
		{"py004", false, `no rule "py004" (did you mean PY004?)`},
		{"thin-handlr", false, `no rule "thin-handlr" (did you mean thin-handler?)`},
		{"unconditional_restart", false, `no rule "unconditional_restart" (did you mean unconditional-restart?)`},
		{"E501", true, `no rule "E501": rules are named by ID`},
		{"", false, `no rule ""`},
	}
	for _, c := range cases {
		ids, err := Resolve(c.name, c.prefixes)
		got := fmt.Sprint(ids)
		if err != nil {
			got = err.Error()
		}
		if c.name == "PY01" || c.name == "META00" || c.name == "GO" {
			// The sets grow with the rules: check the start.
			if !strings.HasPrefix(strings.TrimSuffix(got, "]"), strings.TrimSuffix(c.want, "]")) {
				t.Errorf("Resolve(%q, %v) = %s, want %s", c.name, c.prefixes, got, c.want)
			}
			continue
		}
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("Resolve(%q, %v) = %s, want %s", c.name, c.prefixes, got, c.want)
		}
	}
}

// TestSuppressionNames checks suppressions that name rules by name,
// including a name that several rules share, and the positioned finding
// for an unknown name.
func TestSuppressionNames(t *testing.T) {
	py := "a()  # charmgen: ignore[unconditional-restart] the app reloads on restart\n" +
		"b()  # charmgen: ignore[thin-handler, PY003] why\n" +
		"c()  # charmgen: ignore[unconditonal-restart] typo\n" +
		"d()  # charmgen: ignore[write-without-compare] nothing here\n" +
		"# charmgen: file-ignore[subprocess-shell-string] a test charm\n"
	goSrc := "package x\n\nfunc f() {\n\tg() //charmgen:ignore write-without-compare the file is a FIFO\n\th() //charmgen:ignore unconditional-restart,GO001 why\n}\n"
	sups := map[string][]*suppression{
		"c.py": parseSuppressions("c.py", []byte(py), false),
		"x.go": parseSuppressions("x.go", []byte(goSrc), true),
	}
	fs := []rule.Finding{
		{Rule: "PY004", Pos: rule.Pos{File: "c.py", Line: 1, Col: 1}},
		{Rule: "PY001", Pos: rule.Pos{File: "c.py", Line: 2, Col: 1}},
		{Rule: "PY004", Pos: rule.Pos{File: "c.py", Line: 3, Col: 1}},
		{Rule: "PY016", Pos: rule.Pos{File: "c.py", Line: 9, Col: 1}},
		{Rule: "GO003", Pos: rule.Pos{File: "x.go", Line: 4, Col: 2}},
		{Rule: "GO004", Pos: rule.Pos{File: "x.go", Line: 5, Col: 2}},
	}
	ran := func(id, file string) bool { return strings.HasPrefix(id, "PY") == strings.HasSuffix(file, ".py") }
	var got []string
	for _, f := range applySuppressions(fs, sups, ran) {
		got = append(got, fmt.Sprintf("%s: %s %s", f.Pos, f.Rule, f.Message))
	}
	sort.Strings(got)
	want := []string{
		`c.py:2:39: LINT003 suppression of PY003 matches no finding; remove it`,
		"c.py:3:1: PY004 ",
		`c.py:3:25: LINT002 suppression names unconditonal-restart, which is not a charmgen rule (did you mean unconditional-restart?): rules are named by ID (PY004) or name (unconditional-restart); charmgen lint --list lists them`,
		`c.py:4:25: LINT003 suppression of write-without-compare matches no finding; remove it`,
		`x.go:5:46: LINT003 suppression of GO001 matches no finding; remove it`,
	}
	if len(got) != len(want) {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	// A name of the linter's own rules cannot be suppressed.
	sups = map[string][]*suppression{"d.py": parseSuppressions("d.py", []byte("x = 1  # charmgen: ignore[suppression-unused] why\n"), false)}
	out := applySuppressions(nil, sups, ran)
	if len(out) != 1 || out[0].Rule != SuppressUnknown || !strings.Contains(out[0].Message, "cannot be suppressed") {
		t.Errorf("got %v", out)
	}
}
