package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/meta"
	"github.com/spf13/cobra"
)

// charmFlags are the flags every command that reads a charm takes.
type charmFlags struct {
	juju string
}

func (f *charmFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.juju, "juju", "", `Juju major version to target: 3 or 4 (default: charmgen.yaml's juju, else 4)`)
}

// loadedCharm is a charm read from disk with its settings.
type loadedCharm struct {
	dir      string
	settings *settings.Settings
	charm    *meta.Charm
	errs     meta.Diagnostics
}

// loadCharm reads charmgen.yaml and the metadata in dir. An empty dir
// (no DIR argument, see dirArg) is the charm the working directory is in,
// found by findCharm. Warnings are printed to stderr as they are found.
// Errors are returned in errs, not printed, so callers decide how to show
// them.
func (e *env) loadCharm(dir string, f *charmFlags) (*loadedCharm, error) {
	if dir == "" {
		d, err := e.findCharm()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	st, err := os.Stat(dir)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		fmt.Fprintf(e.stderr, "%s:1:1: %v; name the charm's root directory\n", dir, err)
		return nil, silent(ExitError)
	}
	if !st.IsDir() {
		fmt.Fprintf(e.stderr, "%s:1:1: not a directory; name the charm's root directory (the one holding charmcraft.yaml)\n", dir)
		return nil, silent(ExitError)
	}
	s, err := settings.Load(dir, dir)
	if err != nil {
		return nil, &exitError{code: ExitError, err: err}
	}
	juju := s.JujuMajor()
	switch f.juju {
	case "":
	case "3", "4":
		juju = int(f.juju[0] - '0')
	default:
		return nil, usageErr("--juju must be 3 or 4, not %q", f.juju)
	}
	c, err := meta.Load(dir, &meta.Options{
		Juju:       juju,
		DisplayDir: filepath.Clean(dir),
		Warn:       func(d meta.Diagnostic) { fmt.Fprintln(e.stderr, d) },
	})
	lc := &loadedCharm{dir: dir, settings: s, charm: c}
	if err != nil {
		var ds meta.Diagnostics
		if !errors.As(err, &ds) {
			return nil, &exitError{code: ExitError, err: err}
		}
		lc.errs = ds
	}
	return lc, nil
}

// printErrors prints diagnostics one per line, then a count.
func (e *env) printErrors(ds meta.Diagnostics) error {
	for _, d := range ds {
		fmt.Fprintln(e.stderr, d)
	}
	n := len(ds)
	s := "s"
	if n == 1 {
		s = ""
	}
	fmt.Fprintf(e.stderr, "charmgen: %d error%s in charm metadata\n", n, s)
	return silent(ExitError)
}

func oneDirArg(cmd *cobra.Command, args []string) error {
	if len(args) > 1 {
		return usageErr("%s takes at most one directory, got %d arguments", cmd.CommandPath(), len(args))
	}
	return nil
}

// dirArg is the charm directory a command's arguments name: the one
// argument, taken as given, or "" when there is none, which loadCharm
// (and findCharm) read as "the charm the working directory is in".
func dirArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return ""
}

// findCharm finds the charm the working directory is in, for a command
// run with no DIR: the nearest directory at or above it holding
// charmcraft.yaml or metadata.yaml, searched up to the top of the
// repository (a directory holding .git) or the filesystem root
// (meta.FindRoot). It returns that directory relative to the working
// directory ("." or "../.."), so that the paths commands print stay
// relative to where the user is. When there is none it prints a
// positioned error saying what to do and returns a silent error.
func (e *env) findCharm() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", &exitError{code: ExitError, err: err}
	}
	root, last := meta.FindRoot(wd)
	if root == "" {
		where := "the filesystem root"
		if last != filepath.Dir(last) {
			where = last + ", the top of its repository (it holds .git)"
		}
		fmt.Fprintf(e.stderr, ".:1:1: no charm here: no %s or %s in this directory or above it, up to %s; run charmgen in the charm's directory or below it, or name the charm's directory as an argument\n",
			meta.CharmcraftFile, meta.MetadataFile, where)
		return "", silent(ExitError)
	}
	rel, err := filepath.Rel(wd, root)
	if err != nil {
		return root, nil
	}
	return rel, nil
}

// userPath is the file p (slash-separated, relative to the charm
// directory dir) as the user names it: joined to an absolute dir, else
// relative to the working directory in its shortest form ("events.gen.go"
// from the charm's internal/charm, not ../../internal/charm/events.gen.go).
func userPath(dir, p string) string {
	joined := filepath.Join(dir, filepath.FromSlash(p))
	if filepath.IsAbs(dir) {
		return joined
	}
	wd, err := os.Getwd()
	if err != nil {
		return joined
	}
	if rel, err := filepath.Rel(wd, filepath.Join(wd, joined)); err == nil {
		return rel
	}
	return joined
}

// writeFiles writes name → content files into dir, atomically and never
// outside dir, and prints each path written.
func (e *env) writeFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p, err := fsutil.Join(dir, n)
		if err != nil {
			return &exitError{code: ExitError, err: err}
		}
		if _, err := fsutil.WriteFile(p, files[n], 0o644); err != nil {
			return &exitError{code: ExitError, err: err}
		}
		fmt.Fprintln(e.stdout, filepath.Join(dir, n))
	}
	return nil
}
