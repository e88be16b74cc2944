package fsutil

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxInput is the largest input file charmgen reads (charmcraft.yaml,
// metadata.yaml, config.yaml, actions.yaml, charmgen.yaml, relation
// schemas, overlays, sim state files, lint's sources): 4 MiB. Real ones
// are a few kilobytes.
const MaxInput = 4 << 20

// Errors the readers return, wrapped in an *fs.PathError that names the
// file; test for them with errors.Is.
var (
	// ErrNotRegular: the path is a FIFO, a device, a socket or a
	// directory. Reading a FIFO blocks forever and a device such as
	// /dev/zero never ends, so only regular files are read.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file holds more than the limit.
	ErrTooLarge = errors.New("file too large")
	// ErrLinkOutside: a symlink on the path resolves outside the
	// directory the file was read from (or is absolute).
	ErrLinkOutside = errors.New("symlink leads outside the directory")
)

// ReadFile reads the file at path, which the user named explicitly (a
// --settings or --state file): symlinks are followed wherever they lead,
// but the file must be a regular file of at most limit bytes (limit <= 0
// means MaxInput). The type is checked before the file is opened, and
// again on the opened file, which is opened non-blocking so that a FIFO
// swapped in between cannot hang the read; the size is enforced while
// reading, so a file that grows (or lies about its size) is cut off at
// limit+1 bytes. Errors are *fs.PathError naming path; a missing file's
// error satisfies errors.Is(err, fs.ErrNotExist).
func ReadFile(path string, limit int64) ([]byte, error) {
	limit = normLimit(limit)
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkInput(path, st, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpened(f, path, limit)
}

// ReadFileIn reads rel, a path relative to root, as ReadFile does, and
// refuses to leave root: a symlink (on rel or on any directory on its
// way) may point within root, but one that resolves outside it, or is
// absolute, is refused with ErrLinkOutside, an error that names the link
// and does not read its target. This is how charmgen reads a charm
// directory, which may be another party's checkout: a charmcraft.yaml
// that links to /etc/shadow is not read, and its lines never reach a
// warning. Errors are *fs.PathError naming root joined with rel.
func ReadFileIn(root, rel string, limit int64) ([]byte, error) {
	limit = normLimit(limit)
	full := filepath.Join(root, rel)
	if filepath.IsAbs(rel) {
		return nil, &fs.PathError{Op: "open", Path: full, Err: fmt.Errorf("%w: %s is an absolute path", ErrLinkOutside, rel)}
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	st, err := r.Stat(rel)
	if err != nil {
		return nil, rootError(root, rel, err)
	}
	if err := checkInput(full, st, limit); err != nil {
		return nil, err
	}
	f, err := r.OpenFile(rel, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil, rootError(root, rel, err)
	}
	defer f.Close()
	return readOpened(f, full, limit)
}

func normLimit(limit int64) int64 {
	if limit <= 0 {
		return MaxInput
	}
	return limit
}

// checkInput refuses what is not a regular file, and a file whose size is
// already over limit.
func checkInput(path string, st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w: it is %s; input files must be regular files", ErrNotRegular, describeMode(st.Mode()))}
	}
	if st.Size() > limit {
		return tooLarge(path, limit)
	}
	return nil
}

// readOpened checks the opened file again (it may have been swapped since
// the Stat) and reads at most limit bytes of it.
func readOpened(f *os.File, path string, limit int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkInput(path, st, limit); err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: unwrapPath(err)}
	}
	if int64(buf.Len()) > limit {
		return nil, tooLarge(path, limit)
	}
	return buf.Bytes(), nil
}

func tooLarge(path string, limit int64) error {
	return &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: over %s", ErrTooLarge, FormatSize(limit))}
}

// FormatSize formats a byte count as "4 MiB", "64 KiB" or "100 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func describeMode(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symlink"
	}
	return "not a regular file"
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// rootError rewrites an error of os.Root to name the full path and, when
// the path leaves root through a symlink, to name that link.
func rootError(root, rel string, err error) error {
	full := filepath.Join(root, rel)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return &fs.PathError{Op: "open", Path: full, Err: unwrapPath(err)}
	}
	if link, target, ok := escapingLink(root, rel); ok {
		return &fs.PathError{Op: "open", Path: full, Err: fmt.Errorf("%w: %s links to %s, outside %s; charmgen does not follow links out of it", ErrLinkOutside, link, target, root)}
	}
	if strings.Contains(err.Error(), "escapes") {
		return &fs.PathError{Op: "open", Path: full, Err: fmt.Errorf("%w: %s leads outside %s; charmgen does not follow links out of it", ErrLinkOutside, rel, root)}
	}
	return &fs.PathError{Op: "open", Path: full, Err: unwrapPath(err)}
}

// escapingLink finds the first symlink on rel's way (rel itself included)
// that is absolute or resolves outside root. It reads link targets, never
// the files they name.
func escapingLink(root, rel string) (link, target string, ok bool) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", "", false
	}
	if realRoot, err = filepath.Abs(realRoot); err != nil {
		return "", "", false
	}
	parts := strings.Split(filepath.Clean(rel), string(filepath.Separator))
	p := root
	for _, part := range parts {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if err != nil {
			return "", "", false
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		t, err := os.Readlink(p)
		if err != nil {
			return "", "", false
		}
		if filepath.IsAbs(t) {
			return p, t, true
		}
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			// Dangling: judge the target's text.
			real = filepath.Join(filepath.Dir(p), t)
			if abs, err := filepath.Abs(real); err == nil {
				real = abs
			}
		} else if abs, err := filepath.Abs(real); err == nil {
			real = abs
		}
		if real != realRoot && !strings.HasPrefix(real, realRoot+string(filepath.Separator)) {
			return p, t, true
		}
	}
	return "", "", false
}
