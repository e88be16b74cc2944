package charm

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
)

// EnsureFile makes the file at path hold exactly data with permissions
// perm, and reports whether it had to change anything. It compares before
// it writes: a file that already matches is left alone, mtime included, so
// a reconciler can write its workload's configuration on every hook and
// restart the workload only when changed is true. A write goes through a
// temporary file in the same directory and a rename, so the workload never
// reads half a file; missing parent directories are created (0755).
func EnsureFile(path string, data []byte, perm fs.FileMode) (changed bool, err error) {
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
			if st.Mode().Perm() == perm.Perm() {
				return false, nil
			}
			return true, os.Chmod(path, perm.Perm())
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
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
	if err = tmp.Chmod(perm.Perm()); err != nil {
		tmp.Close()
		return false, err
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return false, err
	}
	if err = tmp.Close(); err != nil {
		return false, err
	}
	if err = os.Rename(name, path); err != nil {
		return false, err
	}
	return true, nil
}
