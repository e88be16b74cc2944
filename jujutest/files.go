package jujutest

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// tempFile writes data to a new file that only the current user can read
// (mode 0600), in the stage directory when one is set, and returns its
// path and a function that removes it. Secret content and action
// parameters go through such files so that they never appear in argv.
func (j *Juju) tempFile(pattern string, data []byte) (string, func(), error) {
	dir := j.stageDir
	if dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", nil, fmt.Errorf("jujutest: stage dir: %w", err)
		}
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", nil, fmt.Errorf("jujutest: temp file: %w", err)
	}
	remove := func() { os.Remove(f.Name()) }
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		remove()
		return "", nil, fmt.Errorf("jujutest: temp file: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		remove()
		return "", nil, fmt.Errorf("jujutest: temp file: %w", err)
	}
	if err := f.Close(); err != nil {
		remove()
		return "", nil, fmt.Errorf("jujutest: temp file: %w", err)
	}
	return f.Name(), remove, nil
}

// stage returns a path juju can read for a local file: the file itself,
// or, when a stage directory is set and the file is outside it, a copy
// there (removed by the returned function).
func (j *Juju) stage(path string) (string, func(), error) {
	noop := func() {}
	if j.stageDir == "" {
		return path, noop, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", nil, err
	}
	if strings.HasPrefix(abs, filepath.Clean(j.stageDir)+string(filepath.Separator)) {
		return path, noop, nil
	}
	src, err := os.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("jujutest: stage %s: %w", path, err)
	}
	defer src.Close()
	if err := os.MkdirAll(j.stageDir, 0o700); err != nil {
		return "", nil, fmt.Errorf("jujutest: stage dir: %w", err)
	}
	dst, err := os.CreateTemp(j.stageDir, "jujutest-*-"+filepath.Base(path))
	if err != nil {
		return "", nil, fmt.Errorf("jujutest: stage %s: %w", path, err)
	}
	remove := func() { os.Remove(dst.Name()) }
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		remove()
		return "", nil, fmt.Errorf("jujutest: stage %s: %w", path, err)
	}
	if err := dst.Close(); err != nil {
		remove()
		return "", nil, fmt.Errorf("jujutest: stage %s: %w", path, err)
	}
	return dst.Name(), remove, nil
}
