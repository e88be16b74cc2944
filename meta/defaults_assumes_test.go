package meta_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/meta"
)

// TestParamDefaultType checks that an action param default of the wrong
// type, or outside its enum, is an error at the default's position.
func TestParamDefaultType(t *testing.T) {
	body := `actions:
  wait:
    description: Wait.
    params:
      timeout:
        type: number
        default: "two minutes"
      mode:
        type: string
        enum: [a, b]
        default: c
      ok:
        type: integer
        default: 3.0
`
	_, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(header + body)}, nil)
	var ds meta.Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("err = %v, want diagnostics", err)
	}
	var got []string
	for _, d := range ds {
		if d.Code == "param-default" {
			got = append(got, d.Pos.String())
			if !strings.Contains(d.Message, `param "`) {
				t.Errorf("message %q names no param", d.Message)
			}
		}
	}
	n := strings.Count(header, "\n")
	want := []string{pos(n+7, 18), pos(n+11, 18)}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("param-default at %v, want %v\n%v", got, want, ds)
	}
}

func pos(line, col int) string {
	return meta.Pos{File: "charmcraft.yaml", Line: line, Col: col}.String()
}

// TestAssumesJuju checks the warning for assumes that rule out the target
// Juju, under Juju 3 and 4.
func TestAssumesJuju(t *testing.T) {
	cases := []struct {
		assumes string
		juju    int
		want    string // substring of the warning, "" for none
	}{
		{"  - juju < 4\n", 4, `assumes "juju < 4" rules out Juju 4`},
		{"  - juju < 4\n", 3, ""},
		{"  - juju >= 3.6\n", 3, ""},
		{"  - juju >= 3.6\n", 4, ""},
		{"  - juju >= 4.1\n", 3, `rules out Juju 3`},
		{"  - juju < 4.1\n", 4, ""},
		{"  - any-of:\n      - juju < 3\n      - juju >= 4\n", 4, ""},
		{"  - any-of:\n      - juju < 3\n      - all-of: [juju >= 3.6, juju < 4]\n", 4, "no alternative of this any-of"},
		{"  - all-of: [juju >= 3.6, juju < 3.5]\n", 3, "together rule out Juju 3"},
		{"  - k8s-api\n", 4, ""},
	}
	for _, tc := range cases {
		c, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(header + "assumes:\n" + tc.assumes)}, &meta.Options{Juju: tc.juju})
		if err != nil {
			t.Fatalf("%q: %v", tc.assumes, err)
		}
		got := ""
		for _, w := range c.Warnings {
			if w.Code == "assumes-juju" {
				got = w.Message
			}
		}
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("assumes %q under Juju %d: warning %q, want %q", tc.assumes, tc.juju, got, tc.want)
		}
	}
}
