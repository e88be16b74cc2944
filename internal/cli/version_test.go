package cli

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	checkout := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/charmgen/charmgen", Version: "v0.0.0-20260101120000-0123456789ab+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "CGO_ENABLED", Value: "1"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-01-01T12:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	clean := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/charmgen/charmgen", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "fedcba9876543210fedcba9876543210fedcba98"},
			{Key: "vcs.modified", Value: "false"},
		},
	}
	noVCS := &debug.BuildInfo{Main: debug.Module{Path: "github.com/charmgen/charmgen", Version: "(devel)"}}
	for _, c := range []struct {
		ld   string
		bi   *debug.BuildInfo
		want string
	}{
		{"dev", checkout, "charmgen v0.0.0-20260101120000-0123456789ab+dirty (git 0123456789abcdef0123456789abcdef01234567, modified)"},
		{"dev", clean, "charmgen v1.2.3 (git fedcba9876543210fedcba9876543210fedcba98)"},
		{"v2.0.0", clean, "charmgen v2.0.0 (git fedcba9876543210fedcba9876543210fedcba98)"},
		{"dev", noVCS, "charmgen (devel)"},
		{"dev", &debug.BuildInfo{}, "charmgen (devel)"},
		{"dev", nil, "charmgen (devel)"},
	} {
		if got := formatVersion(c.ld, c.bi); got != c.want {
			t.Errorf("formatVersion(%q, %+v) = %q, want %q", c.ld, c.bi, got, c.want)
		}
	}
}

// TestVersionCommand runs charmgen --version and charmgen version in
// process: both print versionText, the same line.
func TestVersionCommand(t *testing.T) {
	want := versionText() + "\n"
	if !strings.HasPrefix(want, "charmgen ") {
		t.Fatalf("versionText() = %q", want)
	}
	for _, args := range [][]string{{"--version"}, {"version"}} {
		var out, errb bytes.Buffer
		if code := Run(args, strings.NewReader(""), &out, &errb); code != ExitOK {
			t.Errorf("charmgen %s: exit %d, stderr %q", args[0], code, errb.String())
		}
		if out.String() != want || errb.Len() != 0 {
			t.Errorf("charmgen %s: stdout %q stderr %q, want stdout %q", args[0], out.String(), errb.String(), want)
		}
	}
	var out, errb bytes.Buffer
	if code := Run([]string{"version", "extra"}, strings.NewReader(""), &out, &errb); code != ExitUsage {
		t.Errorf("charmgen version extra: exit %d, want %d (stderr %q)", code, ExitUsage, errb.String())
	}
}
