package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTempNamesMatchTheirPattern(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.gen.go")
	f, err := os.CreateTemp(dir, TempPattern(path))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if name := filepath.Base(f.Name()); !IsTempName(name) || !strings.HasPrefix(name, ".x.gen.go.charmgen-tmp-") {
		t.Errorf("temporary file %q does not match its own pattern", name)
	}
	for _, n := range []string{"x.gen.go", ".x.gen.go.tmp123", ".charmgen-tmp-1", ".x.charmgen-tmp-", ".x.charmgen-tmp-12a", "x.charmgen-tmp-1"} {
		if IsTempName(n) {
			t.Errorf("IsTempName(%q) = true", n)
		}
	}
}

// Replace never writes through what is at path, nor keeps it.
func TestReplaceDoesNotFollowOrKeep(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("v"), 0o644)
	path := filepath.Join(dir, "state.json")
	if err := os.Symlink(victim, path); err != nil {
		t.Skip(err)
	}
	if err := Replace(path, []byte("secret"), 0o600, false); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "v" {
		t.Errorf("victim = %q", b)
	}
	st, _ := os.Lstat(path)
	if !st.Mode().IsRegular() || st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v", st.Mode())
	}
}

func TestRemoveStaleOnlyOldOwnRegular(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	mk := func(n string, at time.Time) string {
		p := filepath.Join(dir, n)
		os.WriteFile(p, nil, 0o600)
		os.Chtimes(p, at, at)
		return p
	}
	stale := mk(".a.charmgen-tmp-1", old)
	fresh := mk(".a.charmgen-tmp-2", time.Now())
	other := mk(".a.tmp3", old)
	os.Mkdir(filepath.Join(dir, ".d.charmgen-tmp-4"), 0o700)
	removed, err := RemoveStale(dir, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0] != stale {
		t.Errorf("removed = %v", removed)
	}
	for _, p := range []string{fresh, other, filepath.Join(dir, ".d.charmgen-tmp-4")} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
