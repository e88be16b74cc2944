// Package atomicfile is the one compare-then-rename file writer that the
// charm runtime (charm.EnsureFile) and the generator (fsutil.WriteFile)
// share: a file that already holds the bytes is left alone, mtime
// included; otherwise the bytes go to a temporary file in the same
// directory, which is renamed over the path, so no reader ever sees half a
// file. Standard library only: charms link it.
//
// Temporary files are made with os.CreateTemp (O_CREATE|O_EXCL, a random
// name, mode 0600 until the data is in), never at a fixed name such as
// path+".tmp": in a directory others can write to, a fixed name lets them
// plant a symlink there (the write then goes where the link points) or a
// file of their own (which the rename then makes the target, with their
// owner and mode). Their names follow TempPattern, so that RemoveStale
// can recognise the ones a killed writer left behind.
package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// tempMarker is what every temporary file name of this package holds,
// between "."+base and the random suffix os.CreateTemp adds:
// ".NAME.charmgen-tmp-123456789".
const tempMarker = ".charmgen-tmp-"

// TempPattern returns the os.CreateTemp pattern of the temporary files
// made for path: ".NAME.charmgen-tmp-*".
func TempPattern(path string) string {
	return "." + filepath.Base(path) + tempMarker + "*"
}

// IsTempName reports whether name (a base name) is one of this package's
// temporary files: "." + a non-empty base + ".charmgen-tmp-" + the digits
// os.CreateTemp puts in place of the "*".
func IsTempName(name string) bool {
	if !strings.HasPrefix(name, ".") {
		return false
	}
	i := strings.LastIndex(name, tempMarker)
	if i <= 1 {
		return false
	}
	suffix := name[i+len(tempMarker):]
	if suffix == "" {
		return false
	}
	for _, c := range suffix {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Write makes the file at path hold exactly data with permissions perm
// and reports whether it changed anything. Missing parent directories are
// created (0755). With sync, the file is fsynced before the rename, so its
// new content survives a machine crash once Write returns — what a charm's
// state needs; without, only a crash of the whole machine in the seconds
// before the kernel writes back can bring the old or an empty content
// back, which a generator, whose output can be made again, can afford.
//
// A symlink at path is never followed, neither to compare, nor to change
// permissions, nor to write: it is replaced by a regular file (the rename
// replaces the link itself). The writers of this package own the paths
// they are given (a generated *.gen.go, a charm's configuration file);
// a link there is not ours to honour, and following it would let whoever
// planted it have us rewrite or chmod a file outside the tree (the mode of
// an outside file with equal content was changed this way). Replacing the
// link, rather than refusing, is what Write already did whenever the
// content differed, so the outcome no longer depends on what the link
// points to; and a generator that refused would leave the tree stuck
// until someone removed the link by hand.
func Write(path string, data []byte, perm fs.FileMode, sync bool) (changed bool, err error) {
	perm = perm.Perm()
	// Lstat, not Stat: only a regular file at path itself may be kept.
	if st, err := os.Lstat(path); err == nil && st.Mode().IsRegular() && st.Size() == int64(len(data)) && ownedByUs(st) {
		if same, err := sameContent(path, data); err == nil && same {
			if st.Mode().Perm() == perm {
				return false, nil
			}
			// Change the mode through a descriptor opened with
			// O_NOFOLLOW, so that a link swapped in after the Lstat
			// is not followed either; on failure, write a new file.
			if err := chmodNoFollow(path, perm); err == nil {
				return true, nil
			}
		}
	}
	return true, replace(path, data, perm, sync)
}

// Replace always writes data to a new temporary file (mode perm, made
// with O_EXCL under a random name) and renames it over path, whatever is
// at path now: a symlink is replaced, not followed, and a file owned by
// someone else is replaced by one of ours. It is the writer for state
// that may hold secrets, where keeping an existing file (its owner, its
// mode, its other links) is never right.
func Replace(path string, data []byte, perm fs.FileMode, sync bool) error {
	return replace(path, data, perm.Perm(), sync)
}

func replace(path string, data []byte, perm fs.FileMode, sync bool) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, TempPattern(path))
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			tmp, err = os.CreateTemp(dir, TempPattern(path))
		}
	}
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	// CreateTemp makes the file 0600; Chmod ignores the umask, so the mode
	// is exactly perm.
	if err = tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if sync {
		if err = tmp.Sync(); err != nil {
			tmp.Close()
			return err
		}
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(name, path)
}

// sameContent reports whether the regular file at path holds data, read
// through a descriptor that does not follow a symlink.
func sameContent(path string, data []byte) (bool, error) {
	f, err := openNoFollow(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false, err
	}
	old := make([]byte, len(data)+1)
	n, err := readFull(f, old)
	if err != nil {
		return false, err
	}
	return bytes.Equal(old[:n], data), nil
}

func readFull(f *os.File, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := f.Read(b[n:])
		n += m
		if err != nil {
			if errors.Is(err, io.EOF) {
				return n, nil
			}
			return n, err
		}
		if m == 0 {
			break
		}
	}
	return n, nil
}

// RemoveStale removes, from dir, the temporary files this package makes
// (names IsTempName accepts) that are regular files owned by the current
// user and were last modified more than minAge ago: what a writer killed
// between CreateTemp and the rename leaves behind. It never follows a
// symlink (a link with such a name is left alone) and never touches
// another name. It returns the paths it removed; a directory that cannot
// be read is an error, a file that cannot be removed is skipped.
func RemoveStale(dir string, minAge time.Duration) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var removed []string
	now := time.Now()
	for _, e := range entries {
		if !IsTempName(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		st, err := os.Lstat(p)
		if err != nil || !st.Mode().IsRegular() || !ownedByUs(st) || now.Sub(st.ModTime()) < minAge {
			continue
		}
		if os.Remove(p) == nil {
			removed = append(removed, p)
		}
	}
	return removed, nil
}
