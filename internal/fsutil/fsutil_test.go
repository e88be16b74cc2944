package fsutil

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestJoinRefusesEscapes(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{"../x", "a/../../x", "/etc/passwd", ".."} {
		if _, err := Join(root, rel); err == nil {
			t.Errorf("Join(%q) allowed an escape", rel)
		}
	}
	for _, rel := range []string{"a", "a/b/c.go", "./a/../b", "a..b"} {
		p, err := Join(root, rel)
		if err != nil {
			t.Errorf("Join(%q): %v", rel, err)
			continue
		}
		if !strings.HasPrefix(p, root) {
			t.Errorf("Join(%q) = %q, outside root", rel, p)
		}
	}
}

func TestJoinRefusesSymlinkOut(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.Symlink(outside, filepath.Join(root, "link")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if _, err := Join(root, "link/file.go"); err == nil {
		t.Error("Join through a symlink out of root was allowed")
	}
}

func TestWriteFileAtomicAndIdempotent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "f.txt")
	changed, err := WriteFile(path, []byte("one"), 0o644)
	if err != nil || !changed {
		t.Fatalf("first write: changed=%v err=%v", changed, err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	changed, err = WriteFile(path, []byte("one"), 0o644)
	if err != nil || changed {
		t.Fatalf("same content: changed=%v err=%v", changed, err)
	}
	st, _ := os.Stat(path)
	if !st.ModTime().Equal(old) {
		t.Errorf("identical write touched the file: mtime %v, want %v", st.ModTime(), old)
	}
	changed, err = WriteFile(path, []byte("two"), 0o600)
	if err != nil || !changed {
		t.Fatalf("new content: changed=%v err=%v", changed, err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "two" {
		t.Errorf("content = %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v", st.Mode().Perm())
	}
	// No temporary files are left behind.
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Errorf("directory holds %d entries, want 1", len(ents))
	}
}

func TestWriteFileFailureLeavesOldContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.txt")
	if _, err := WriteFile(path, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		t.Skip("root can write to read-only directories")
	}
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if _, err := WriteFile(path, []byte("new"), 0o644); err == nil {
		t.Fatal("write into a read-only directory succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "keep" {
		t.Errorf("content = %q, want the old content", b)
	}
}

func TestJoinRelativeRoot(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll("a/b", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{".", "a"} {
		if _, err := Join(root, "b/c.go"); err != nil {
			t.Errorf("Join(%q, b/c.go) with existing dirs: %v", root, err)
		}
	}
}

func TestWriteFileErrorNamesPath(t *testing.T) {
	dir := t.TempDir()
	// A regular file where a parent directory should be.
	if err := os.WriteFile(filepath.Join(dir, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "f", "sub", "x.go")
	_, err := WriteFile(path, []byte("x"), 0o644)
	if err == nil {
		t.Fatal("write under a regular file succeeded")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name %s", err, path)
	}
}

func TestWriteFileNewDirsAndMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a", "b", "c.go")
	if changed, err := WriteFile(path, []byte("package c\n"), 0o644); err != nil || !changed {
		t.Fatalf("changed=%v err=%v", changed, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 {
		t.Errorf("mode = %v, want 0644", st.Mode().Perm())
	}
	// Same bytes, other mode: only the mode changes.
	if changed, err := WriteFile(path, []byte("package c\n"), 0o600); err != nil || !changed {
		t.Fatalf("mode change: changed=%v err=%v", changed, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
}
