package meta_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/charmgen/charmgen/meta"
)

func TestFindRoot(t *testing.T) {
	tmp := t.TempDir()
	mk := func(p string) string {
		p = filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("name: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return filepath.Dir(p)
	}
	unified := mk("repo/charms/web/charmcraft.yaml")
	legacy := mk("repo/charms/old/metadata.yaml")
	mk("repo/charms/web/internal/charm/x.go")
	mk("repo/charms/old/src/charm.py")
	// A repository (with .git) inside a directory that looks like a charm.
	outer := mk("outer/metadata.yaml")
	mk("outer/proj/.git/HEAD")
	mk("outer/proj/sub/x.go")
	// A submodule or worktree: .git is a file; and a charm that is also a
	// repository's top.
	mk("outer/mod/.git")
	mk("outer/mod/sub/x.go")
	top := mk("top/.git/HEAD")
	mk("top/charmcraft.yaml")
	mk("top/src/x.py")
	// A directory named charmcraft.yaml does not make a charm.
	if err := os.MkdirAll(filepath.Join(tmp, "fake/charmcraft.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	mk("fake/.git/HEAD")

	for _, c := range []struct{ from, root, last string }{
		{"repo/charms/web", unified, unified},
		{"repo/charms/web/internal/charm", unified, unified},
		{"repo/charms/old/src", legacy, legacy},
		{"outer", outer, outer},
		{"outer/proj/sub", "", filepath.Join(tmp, "outer/proj")},
		{"outer/proj", "", filepath.Join(tmp, "outer/proj")},
		{"outer/mod/sub", "", filepath.Join(tmp, "outer/mod")},
		{"top/src", filepath.Dir(top), filepath.Dir(top)},
		{"fake", "", filepath.Join(tmp, "fake")},
	} {
		root, last := meta.FindRoot(filepath.Join(tmp, filepath.FromSlash(c.from)))
		if root != c.root || last != c.last {
			t.Errorf("FindRoot(%s) = %q, %q; want %q, %q", c.from, root, last, c.root, c.last)
		}
	}
}
