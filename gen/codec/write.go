package codec

import (
	"path/filepath"
	"sort"

	"github.com/charmgen/charmgen/internal/fsutil"
)

// WriteFiles writes files (as Generate returns them) under dir, each
// atomically and only when its content changed, and returns the paths it
// changed, sorted. A path that would leave dir is an error.
func WriteFiles(dir string, files map[string][]byte) ([]string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var changed []string
	for _, n := range names {
		p, err := fsutil.Join(dir, filepath.FromSlash(n))
		if err != nil {
			return changed, err
		}
		ok, err := fsutil.WriteFile(p, files[n], 0o644)
		if err != nil {
			return changed, err
		}
		if ok {
			changed = append(changed, p)
		}
	}
	return changed, nil
}
