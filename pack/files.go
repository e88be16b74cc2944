package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/charmgen/charmgen/daemon"
	"github.com/charmgen/charmgen/internal/fsutil"
)

// OptionalFiles are the charm-root files pack copies into the charm when
// they exist: those of charmcraft's CHARM_OPTIONAL_FILES
// (charmcraft/const.py) that mean something to a Go charm. Charmhub shows
// README.md, LICENSE and icon.svg; Juju reads lxd-profile.yaml (machine
// charms) and version. charmcraft's charm plugin primes them; its go
// plugin does not, so a charmcraft-built Go charm has them only through a
// dump part.
var OptionalFiles = []string{"LICENSE", "README.md", "icon.svg", "lxd-profile.yaml", "version"}

// maxCharmFile bounds each file pack copies from the charm directory.
const maxCharmFile = 64 << 20

// charmFiles returns the files besides dispatch and the metadata that go
// into every .charm of c: OptionalFiles, and for the daemon layout its
// hooks file, scripts/ and the relation schemas the hooks file names.
func charmFiles(dir string) ([]File, error) {
	var files []File
	for _, name := range OptionalFiles {
		b, err := fsutil.ReadFileIn(dir, name, maxCharmFile)
		if isNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: name, Mode: 0o644, Data: b})
	}
	daemonFiles, err := layoutFiles(dir)
	if err != nil {
		return nil, err
	}
	return append(files, daemonFiles...), nil
}

// layoutFiles are what the daemon layout (docs/daemon.md) reads from the
// charm directory at run time: charmgen-hooks.yaml, every file under
// scripts/ (executable when the source is, and always when the hooks file
// runs it) and relation schema files. A charm without a hooks file has
// none.
func layoutFiles(dir string) ([]File, error) {
	hooks, err := fsutil.ReadFileIn(dir, daemon.DefaultHooksFile, fsutil.MaxInput)
	if isNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	hf, err := daemon.ParseHooksFile(hooks, dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, daemon.DefaultHooksFile), err)
	}
	files := []File{{Name: daemon.DefaultHooksFile, Mode: 0o644, Data: hooks}}
	scripts, err := scriptFiles(dir)
	if err != nil {
		return nil, err
	}
	byName := map[string]*File{}
	for i := range scripts {
		byName[scripts[i].Name] = &scripts[i]
	}
	var missing []string
	for _, where := range sortedScriptRefs(hf) {
		name := path.Join("scripts", path.Clean("/" + filepath.ToSlash(where.script))[1:])
		f, ok := byName[name]
		if !ok {
			missing = append(missing, fmt.Sprintf("%s runs %s", where.at, name))
			continue
		}
		// The daemon execs a script directly: it must be executable in
		// the charm even if the checkout lost the bit.
		f.Mode = 0o755
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s: scripts that do not exist under %s: %s; add them or fix the hooks file",
			filepath.Join(dir, daemon.DefaultHooksFile), filepath.Join(dir, "scripts"), strings.Join(missing, "; "))
	}
	files = append(files, scripts...)
	for _, ep := range sortedKeys(hf.Relations) {
		p, ok := hf.Relations[ep].Schema.(string)
		if !ok {
			continue
		}
		name := path.Clean("/" + filepath.ToSlash(p))[1:]
		if byName[name] != nil {
			continue
		}
		b, err := fsutil.ReadFileIn(dir, filepath.FromSlash(name), fsutil.MaxInput)
		if err != nil {
			return nil, fmt.Errorf("%s: relations.%s: %w", filepath.Join(dir, daemon.DefaultHooksFile), ep, err)
		}
		files = append(files, File{Name: name, Mode: 0o644, Data: b})
		byName[name] = &files[len(files)-1]
	}
	return files, nil
}

type scriptRef struct{ at, script string }

func sortedScriptRefs(hf *daemon.HooksFile) []scriptRef {
	var refs []scriptRef
	add := func(at string, list []daemon.Script) {
		for i, s := range list {
			if s.Script != "" {
				refs = append(refs, scriptRef{fmt.Sprintf("%s[%d]", at, i), s.Script})
			}
		}
	}
	for _, k := range sortedKeys(hf.Hooks) {
		add("hooks."+k, hf.Hooks[k])
	}
	for _, k := range sortedKeys(hf.Actions) {
		add("actions."+k, hf.Actions[k])
	}
	for _, t := range hf.Timers {
		add("timers."+t.Name, t.Scripts)
	}
	return refs
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// scriptFiles reads every regular file under dir/scripts, without leaving
// dir: a symlink is refused rather than followed, as the charm would carry
// a copy of wherever it points.
func scriptFiles(dir string) ([]File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var files []File
	err = fs.WalkDir(root.FS(), "scripts", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "scripts" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file (%v): pack copies scripts/ file by file and follows no links; replace it with the file itself", filepath.Join(dir, filepath.FromSlash(p)), d.Type())
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := fsutil.ReadFileIn(dir, filepath.FromSlash(p), maxCharmFile)
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		if info.Mode()&0o111 != 0 {
			mode = 0o755
		}
		files = append(files, File{Name: p, Mode: mode, Data: b})
		return nil
	})
	return files, err
}
