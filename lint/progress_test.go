package lint_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
)

// TestProgress checks that loading a charm's Go packages (a go build of
// their dependencies) is announced through Options.Progress: at once with
// ProgressAfter 0, not at all when it ends before ProgressAfter, and never
// for a charm without Go code.
func TestProgress(t *testing.T) {
	gocharm := filepath.Join("testdata", "gocharm")
	var got []string
	tell := func(msg string) { got = append(got, msg) }

	run(t, lint.Options{Dir: gocharm, Progress: tell})
	if len(got) != 1 || !strings.HasPrefix(got[0], "type-checking the Go code of . (go list builds its dependencies") {
		t.Errorf("ProgressAfter 0: progress %q, want one type-checking line", got)
	}

	got = nil
	run(t, lint.Options{Dir: gocharm, Progress: tell, ProgressAfter: time.Hour})
	if len(got) != 0 {
		t.Errorf("a load shorter than ProgressAfter: progress %q, want none", got)
	}

	got = nil
	run(t, lint.Options{Dir: gocharm, Progress: tell, Kinds: []rule.Kind{rule.Metadata}})
	if len(got) != 0 {
		t.Errorf("metadata rules only: progress %q, want none", got)
	}
}
