package meta

import (
	"os"
	"path/filepath"
)

// IsRoot says whether dir is a charm's root directory: it holds
// charmcraft.yaml or metadata.yaml that is not a directory. (One that is
// not a regular file still makes dir the charm's root, so that Load can say
// what is wrong with it.)
func IsRoot(dir string) bool {
	for _, f := range []string{CharmcraftFile, MetadataFile} {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// FindRoot finds the charm dir is in: the nearest directory at or above
// dir for which IsRoot holds. dir should be absolute. The search stops at
// the filesystem root, and at the top of a repository: a directory
// holding .git (a directory, or the file of a worktree or submodule) is
// searched, but not its parents, so a charm's subdirectory never resolves
// to a charm outside the repository it is in (a metadata.yaml in a home
// directory, a parent project).
//
// When no charm is found, root is "" and last is the last directory
// searched: the repository's top or the filesystem root.
func FindRoot(dir string) (root, last string) {
	dir = filepath.Clean(dir)
	for {
		if IsRoot(dir) {
			return dir, dir
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return "", dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", dir
		}
		dir = parent
	}
}
