package charm

import (
	"os"
	"path/filepath"
	"testing"
)

// The attack, on a charm: a file the charm manages with EnsureFile is
// replaced by a symlink to a file outside (a system file) with the same
// bytes. EnsureFile found the content equal through the link and chmodded
// the outside file to the charm's mode. It must never change a file
// through a link: the outside file keeps its mode, and the path becomes a
// regular file of the charm's.
func TestEnsureFileDoesNotChmodThroughSymlink(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	data := []byte("listen 8080\n")
	victim := filepath.Join(outside, "shadow")
	if err := os.WriteFile(victim, data, 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "app.conf")
	if err := os.Symlink(victim, path); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	changed, err := EnsureFile(path, data, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if !changed {
		t.Error("changed = false, want true (the link was replaced)")
	}
	if st, _ := os.Lstat(victim); st.Mode().Perm() != 0o600 {
		t.Errorf("outside file mode = %v, want 0600", st.Mode().Perm())
	}
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 {
		t.Errorf("path = %v, %v; want a regular 0644 file", st.Mode(), err)
	}
	// Now a regular file of ours with equal content: left alone.
	if changed, err := EnsureFile(path, data, 0o644); err != nil || changed {
		t.Errorf("second EnsureFile = %v, %v; want no change", changed, err)
	}
}
