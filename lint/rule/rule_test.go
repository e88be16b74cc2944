package rule

import "testing"

func TestSeverity(t *testing.T) {
	for _, s := range []Severity{Off, Info, Warning, Error} {
		got, err := ParseSeverity(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSeverity(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("fatal accepted")
	}
	if !(Info < Warning && Warning < Error) {
		t.Error("severities out of order")
	}
}

func TestFinding(t *testing.T) {
	f := Finding{Rule: "PY004", Pos: Pos{File: "src/charm.py", Line: 3, Col: 9}, Message: "restart"}
	if f.String() != "src/charm.py:3:9: PY004 restart" {
		t.Errorf("String() = %q", f)
	}
	if (Pos{File: "a.yaml"}).String() != "a.yaml:1:1" {
		t.Error("a file position prints as line 1, column 1")
	}
	a, b := f, f
	b.Pos.Line = 4
	if !Less(a, b) || Less(b, a) {
		t.Error("Less orders by line")
	}
}

func TestIDPattern(t *testing.T) {
	for _, id := range []string{"META001", "GO012", "PY016", "LINT001"} {
		if !IDPattern.MatchString(id) {
			t.Errorf("%s rejected", id)
		}
	}
	for _, id := range []string{"PY16", "py016", "XX001", "GO0001"} {
		if IDPattern.MatchString(id) {
			t.Errorf("%s accepted", id)
		}
	}
}
