package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const plantCharm = `name: plant
type: charm
summary: s
description: d
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: go
config:
  options:
    api-key: {type: string, default: "secret-api-key-value", description: k}
`

// plantCharmDir makes a shell charm whose dispatch does nothing.
func plantCharmDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "charmcraft.yaml"), []byte(plantCharm), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "dispatch"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The attack: `charmgen sim` saved its state, secrets included, through a
// fixed <state>.tmp. In a shared directory, someone plants that name:
// as a symlink, the save writes the state into the link's target (a
// victim file, or any file the user may write); as a file of their own
// (mode 0666), the save writes into it and renames it into place, so
// the state file ends up theirs, readable and writable by them. After
// the save, the victim must be untouched, and the state file a regular
// file owned by us with mode 0600.
func TestSimStateIgnoresPlantedTmpSymlink(t *testing.T) {
	charmDir := plantCharmDir(t)
	for _, plant := range []string{"symlink", "foreign file", "state symlink"} {
		t.Run(plant, func(t *testing.T) {
			shared := t.TempDir()
			os.Chmod(shared, 0o1777)
			state := filepath.Join(shared, "state.json")
			victim := filepath.Join(t.TempDir(), "victim")
			const victimText = "victim's own content\n"
			if err := os.WriteFile(victim, []byte(victimText), 0o644); err != nil {
				t.Fatal(err)
			}
			switch plant {
			case "symlink":
				if err := os.Symlink(victim, state+".tmp"); err != nil {
					t.Skip("symlinks not supported:", err)
				}
			case "foreign file":
				if os.Geteuid() != 0 {
					t.Skip("planting a file of another user needs root")
				}
				if err := os.WriteFile(state+".tmp", nil, 0o666); err != nil {
					t.Fatal(err)
				}
				if err := os.Chown(state+".tmp", 65534, 65534); err != nil {
					t.Skip("chown:", err)
				}
				os.Chmod(state+".tmp", 0o666)
			case "state symlink":
				// The state path itself is a link to the victim.
				if err := os.Symlink(victim, state); err != nil {
					t.Skip("symlinks not supported:", err)
				}
			}
			var stderr bytes.Buffer
			e := &env{stdout: io.Discard, stderr: &stderr}
			outPath := state
			err := e.runSim(context.Background(), simOptions{dir: charmDir, outPath: outPath, events: []string{"install"},
				quiet: true, timeout: time.Minute, flags: &charmFlags{}})
			if err != nil {
				t.Fatalf("sim: %v\n%s", err, stderr.String())
			}
			if b, err := os.ReadFile(victim); err != nil || string(b) != victimText {
				t.Errorf("victim file changed: %q, %v", b, err)
			}
			if st, err := os.Lstat(victim); err != nil || st.Mode().Perm() != 0o644 {
				t.Errorf("victim mode changed: %v, %v", st.Mode(), err)
			}
			st, err := os.Lstat(state)
			if err != nil {
				t.Fatal(err)
			}
			if !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 {
				t.Errorf("state file mode = %v, want a regular file with 0600", st.Mode())
			}
			if s, ok := st.Sys().(*syscall.Stat_t); ok && int(s.Uid) != os.Geteuid() {
				t.Errorf("state file owned by uid %d, want ours (%d)", s.Uid, os.Geteuid())
			}
			if b, _ := os.ReadFile(state); !strings.Contains(string(b), "secret-api-key-value") {
				t.Errorf("state file does not hold the saved state:\n%s", b)
			}
		})
	}
}

// The attack (on the disk, not on a person): every `charmgen sim` that
// built a charm left /tmp/charmgen-dispatch-*/dispatch, 4.5 MB a run, on
// success and on failure alike. After a run, the temporary directory
// must hold nothing charmgen made.
func TestSimLeavesNoBuildDir(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go toolchain not found")
	}
	demo, err := filepath.Abs("../../examples/demo")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("GOTMPDIR", "")
	for _, events := range [][]string{{"install"}, {"bogus-hook"}} {
		var stderr bytes.Buffer
		e := &env{stdout: io.Discard, stderr: &stderr}
		err := e.runSim(context.Background(), simOptions{dir: demo, events: events,
			quiet: true, timeout: time.Minute, flags: &charmFlags{}})
		if events[0] == "install" && err != nil {
			t.Fatalf("sim: %v\n%s", err, stderr.String())
		}
		if !strings.Contains(stderr.String(), "charmgen: building") {
			t.Fatalf("sim did not build the charm:\n%s", stderr.String())
		}
		left, _ := filepath.Glob(filepath.Join(tmp, "charmgen-*"))
		if len(left) > 0 {
			t.Errorf("sim %v left %v", events, left)
		}
	}
}
