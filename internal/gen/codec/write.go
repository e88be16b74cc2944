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
	paths := make([]string, len(names))
	for i, n := range names {
		p, err := fsutil.Join(dir, filepath.FromSlash(n))
		if err != nil {
			return nil, err
		}
		paths[i] = p
	}
	// Files are written in parallel (each through a temporary file and a rename); the result
	// is reported in name order.
	ok := make([]bool, len(names))
	errs := make([]error, len(names))
	parallel(len(names), func(i int) {
		ok[i], errs[i] = fsutil.WriteFile(paths[i], files[names[i]], 0o644)
	})
	var changed []string
	for i := range names {
		if errs[i] != nil {
			return changed, errs[i]
		}
		if ok[i] {
			changed = append(changed, paths[i])
		}
	}
	// Temporary files a killed run left in the package directories
	// (".databags.go.charmgen-tmp-N": older than a minute, ours, never
	// through a symlink); not output, so not reported as changed.
	dirs := map[string]bool{}
	for _, p := range paths {
		dirs[filepath.Dir(p)] = true
	}
	for d := range dirs {
		fsutil.RemoveStaleTemps(d)
	}
	return changed, nil
}
