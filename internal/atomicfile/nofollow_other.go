//go:build !unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
)

func openNoFollow(path string) (*os.File, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode()&fs.ModeSymlink != 0 {
		return nil, errors.New("atomicfile: " + path + " is a symlink")
	}
	return os.Open(path)
}

// chmodNoFollow always fails here, so that Write replaces the file
// instead: there is no portable way to chmod without following a link.
func chmodNoFollow(path string, perm fs.FileMode) error {
	return errors.ErrUnsupported
}

func ownedByUs(fs.FileInfo) bool { return true }
