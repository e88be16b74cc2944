package charm

import (
	"io/fs"

	"github.com/charmgen/charmgen/internal/atomicfile"
)

// EnsureFile makes the file at path hold exactly data with permissions
// perm, and reports whether it had to change anything. It compares before
// it writes: a file that already matches is left alone, mtime included, so
// a reconciler can write its workload's configuration on every hook and
// restart the workload only when changed is true. A write goes through a
// temporary file in the same directory and a rename, so the workload never
// reads half a file; missing parent directories are created (0755).
//
// The new content is fsynced before the rename: a charm's files are state
// that cannot be made again.
func EnsureFile(path string, data []byte, perm fs.FileMode) (changed bool, err error) {
	return atomicfile.Write(path, data, perm, true)
}
