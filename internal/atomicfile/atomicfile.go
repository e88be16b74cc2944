// Package atomicfile is the one compare-then-rename file writer that the
// charm runtime (charm.EnsureFile) and the generator (fsutil.WriteFile)
// share: a file that already holds the bytes is left alone, mtime
// included; otherwise the bytes go to a temporary file in the same
// directory, which is renamed over the path, so no reader ever sees half a
// file. Standard library only: charms link it.
package atomicfile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Write makes the file at path hold exactly data with permissions perm
// and reports whether it changed anything. Missing parent directories are
// created (0755). With sync, the file is fsynced before the rename, so its
// new content survives a machine crash once Write returns — what a charm's
// state needs; without, only a crash of the whole machine in the seconds
// before the kernel writes back can bring the old or an empty content
// back, which a generator, whose output can be made again, can afford.
func Write(path string, data []byte, perm fs.FileMode, sync bool) (changed bool, err error) {
	perm = perm.Perm()
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() && st.Size() == int64(len(data)) {
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
			if st.Mode().Perm() == perm {
				return false, nil
			}
			return true, os.Chmod(path, perm)
		}
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			tmp, err = os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
		}
	}
	if err != nil {
		return false, err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return false, err
	}
	// CreateTemp makes the file 0600; Chmod ignores the umask, so the mode
	// is exactly perm.
	if err = tmp.Chmod(perm); err != nil {
		tmp.Close()
		return false, err
	}
	if sync {
		if err = tmp.Sync(); err != nil {
			tmp.Close()
			return false, err
		}
	}
	if err = tmp.Close(); err != nil {
		return false, err
	}
	if err = os.Rename(name, path); err != nil {
		return false, err
	}
	return true, nil
}
