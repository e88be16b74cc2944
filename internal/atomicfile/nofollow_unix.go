//go:build unix

package atomicfile

import (
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow opens path for reading, failing if it is a symlink.
func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}

// chmodNoFollow changes the mode of the regular file at path, through a
// descriptor opened without following a symlink.
func chmodNoFollow(path string, perm fs.FileMode) error {
	f, err := openNoFollow(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return &fs.PathError{Op: "chmod", Path: path, Err: syscall.EINVAL}
	}
	return f.Chmod(perm)
}

// ownedByUs reports whether the file belongs to the current user: a file
// someone else made at our path is replaced, never kept.
func ownedByUs(st fs.FileInfo) bool {
	s, ok := st.Sys().(*syscall.Stat_t)
	return !ok || int(s.Uid) == os.Geteuid()
}
