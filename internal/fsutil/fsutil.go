// Package fsutil writes files the way charmgen promises to: atomically (a
// temporary file renamed into place, so a crash never leaves half a file)
// and never outside the directory the user named.
package fsutil

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmgen/charmgen/internal/atomicfile"
)

// Join joins rel onto root and fails if the result would leave root, so
// that names from input files (a charm name, an interface name) can never
// write elsewhere. Symlinks inside root that point outside are refused too.
func Join(root, rel string) (string, error) {
	if filepath.IsAbs(rel) {
		return "", fmt.Errorf("refusing absolute path %q: output must stay inside %s", rel, root)
	}
	clean := filepath.Clean(rel)
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("refusing path %q: it leaves %s", rel, root)
	}
	full := filepath.Join(root, clean)
	// Resolve the deepest existing ancestor and check it is still in root.
	// Both sides are made absolute: EvalSymlinks keeps relative paths
	// relative, which would defeat the prefix check.
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return full, nil // root does not exist yet: nothing can escape through it
	}
	dir, err := filepath.Abs(filepath.Dir(full))
	if err != nil {
		return "", err
	}
	for {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			if real != realRoot && !strings.HasPrefix(real, realRoot+string(filepath.Separator)) {
				return "", fmt.Errorf("refusing path %q: %s is a link out of %s", rel, dir, root)
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return full, nil
}

// WriteFile writes data to path through a temporary file in the same
// directory and a rename, creating parent directories. If the file already
// holds exactly data (and has mode perm) it is left alone (its mtime does
// not change) and changed is false. Errors name path. It is the runtime's
// writer (internal/atomicfile, behind charm.EnsureFile) without the fsync.
//
// Durability: the rename is atomic, so no reader, and no later run after
// the process is killed at any point, ever sees a half-written file: a path
// holds either its old bytes or all of the new ones, and an interrupted
// write leaves at most a ".NAME.charmgen-tmp-*" file beside it, which
// RemoveStaleTemps removes on a later run. The file is not
// fsynced. Only a crash of the whole machine (power loss, kernel panic)
// within the few seconds before the kernel writes its dirty pages back can
// lose the new content: the name may then come back with the old content or
// empty. That is all a generator needs. Its output is a pure function of
// its inputs, "charmgen gen --check" (and "interfaces gen" run again)
// reports any such file as out of date and writing it again repairs it,
// and an empty or stale .go file fails to build rather than misbehaving
// silently. Durability that outlives a power cut would cost an fsync per
// file, which under I/O load is most of a run's time; charms, whose files
// are state and cannot be regenerated, keep theirs (charm.EnsureFile).
func WriteFile(path string, data []byte, perm os.FileMode) (changed bool, err error) {
	changed, err = atomicfile.Write(path, data, perm, false)
	if err != nil {
		return false, fmt.Errorf("writing %s: %w", path, err)
	}
	return changed, nil
}

// StaleTempAge is how old a temporary file of WriteFile must be before
// RemoveStaleTemps takes it for a leftover: a write holds one for
// milliseconds, so one a minute old belongs to a writer that was killed.
const StaleTempAge = time.Minute

// RemoveStaleTemps removes from dir the temporary files WriteFile's
// writer leaves when it is killed between creating and renaming one
// (".NAME.charmgen-tmp-DIGITS"): only files of that pattern, regular
// files owned by the current user, older than StaleTempAge; symlinks are
// never followed nor removed. It returns the paths removed. A directory
// that does not exist yet has nothing to remove.
func RemoveStaleTemps(dir string) ([]string, error) {
	removed, err := atomicfile.RemoveStale(dir, StaleTempAge)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return removed, err
}
