package charm_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmgen/charmgen/charm"
)

func TestEnsureFileComparesBeforeItWrites(t *testing.T) {
	p := filepath.Join(t.TempDir(), "etc", "app.conf")
	changed, err := charm.EnsureFile(p, []byte("port=80\n"), 0o640)
	if err != nil || !changed {
		t.Fatalf("first write: changed=%v err=%v", changed, err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, old, old); err != nil {
		t.Fatal(err)
	}
	changed, err = charm.EnsureFile(p, []byte("port=80\n"), 0o640)
	if err != nil || changed {
		t.Fatalf("same content: changed=%v err=%v", changed, err)
	}
	if st, _ := os.Stat(p); !st.ModTime().Equal(old) {
		t.Errorf("an unchanged file was rewritten (mtime %v)", st.ModTime())
	}
	if changed, err = charm.EnsureFile(p, []byte("port=80\n"), 0o600); err != nil || !changed {
		t.Fatalf("new mode: changed=%v err=%v", changed, err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	if changed, err = charm.EnsureFile(p, []byte("port=81\n"), 0o600); err != nil || !changed {
		t.Fatalf("new content: changed=%v err=%v", changed, err)
	}
	if b, _ := os.ReadFile(p); string(b) != "port=81\n" {
		t.Errorf("content = %q", b)
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}
