package codec

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// interfaces gen writes through WriteFiles: a run killed between creating
// a temporary file and renaming it leaves ".databags.go.charmgen-tmp-N",
// which the next run removes when it is over a minute old (a fresh one
// may belong to a run in progress).
func TestWriteFilesRemovesStaleTempFiles(t *testing.T) {
	dir := t.TempDir()
	pkg := filepath.Join(dir, "widget", "v0")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Minute)
	stale := filepath.Join(pkg, ".databags.go.charmgen-tmp-123456789")
	fresh := filepath.Join(pkg, ".databags.go.charmgen-tmp-987654321")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	os.Chtimes(stale, old, old)
	changed, err := WriteFiles(dir, map[string][]byte{"widget/v0/databags.go": []byte("package widgetv0\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 1 || filepath.Base(changed[0]) != "databags.go" {
		t.Errorf("changed = %v", changed)
	}
	if _, err := os.Lstat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file not removed: %v", err)
	}
	if _, err := os.Lstat(fresh); err != nil {
		t.Errorf("fresh temporary file removed: %v", err)
	}
}
