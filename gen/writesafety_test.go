package gen_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/charmgen/charmgen/gen"
	"github.com/charmgen/charmgen/internal/gen/emit"
)

// The attack: a *.gen.go in the output tree is a symlink to a file
// outside it (another user's, a system file) that holds the same bytes
// with mode 0600. gen compared the content through the link, found it
// equal, and "fixed" the mode with a chmod that followed the link: the
// outside file became 0644. After the write, the outside file's mode and
// content are unchanged, and the *.gen.go is a regular file of ours.
func TestGenDoesNotChmodThroughSymlink(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	content := []byte("// " + emit.Header + "\n\npackage charm\n")
	victim := filepath.Join(outside, "victim.go")
	if err := os.WriteFile(victim, content, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "charm.gen.go")
	if err := os.Symlink(victim, link); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if _, err := gen.Write(dir, []gen.File{{Path: "charm.gen.go", Content: content, Generated: true}}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Lstat(victim)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("outside file mode = %v, want it unchanged (0600)", st.Mode().Perm())
	}
	if b, _ := os.ReadFile(victim); string(b) != string(content) {
		t.Errorf("outside file content changed: %q", b)
	}
	st, err = os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Mode().IsRegular() || st.Mode().Perm() != 0o644 {
		t.Errorf("charm.gen.go = %v, want a regular file with mode 0644 replacing the link", st.Mode())
	}
}

// The attack (on the tree): gen killed between creating its temporary
// file and renaming it left ".X.gen.go.tmp*" files behind for good. The
// next run removes the stale ones it made, and only those: not a fresh
// one (another run may be writing it), not a symlink with such a name
// (nor what it points to), not a file of another name.
func TestGenRemovesStaleTempFiles(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	old := time.Now().Add(-2 * time.Minute)
	write := func(name string, age time.Time) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, age, age); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := write(".charm.gen.go.charmgen-tmp-123456789", old)
	fresh := write(".charm.gen.go.charmgen-tmp-987654321", time.Now())
	userOld := write(".notes.txt.tmp123", old)            // not our pattern
	userOld2 := write("charm.gen.go.charmgen-tmp-1", old) // no leading dot
	target := filepath.Join(outside, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	linkName := filepath.Join(dir, ".charm.gen.go.charmgen-tmp-555")
	if err := os.Symlink(target, linkName); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(target, old, old)

	content := []byte("// " + emit.Header + "\n\npackage charm\n")
	changed, err := gen.Write(dir, []gen.File{{Path: "charm.gen.go", Content: content, Generated: true}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"charm.gen.go"}) {
		t.Errorf("changed = %v, want only charm.gen.go (leftovers are not output)", changed)
	}
	if _, err := os.Lstat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file %s not removed (%v)", stale, err)
	}
	for _, p := range []string{fresh, userOld, userOld2, linkName, target} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
	// The writer's own temporary files follow the pattern it cleans.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if n := e.Name(); n != "charm.gen.go" && n != filepath.Base(fresh) && n != filepath.Base(userOld) &&
			n != filepath.Base(userOld2) && n != filepath.Base(linkName) {
			t.Errorf("unexpected file %s", n)
		}
	}
}
