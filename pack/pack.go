// Package pack builds a Go charm into deployable .charm files without
// charmcraft, LXD or a build VM: the charm's main package compiled as a
// static Linux binary named dispatch, the metadata files charmcraft pack
// writes (metadata.yaml, config.yaml, actions.yaml, manifest.yaml), and the
// charm's README.md, LICENSE, icon.svg, lxd-profile.yaml and version, in a
// zip per platform named as charmcraft names it.
//
// The stages run in order and each can be called on its own: Plan (which
// .charm files, for which bases and architecture), Metadata (the files
// charmcraft writes; it needs no Go code), FindMain and Build (dispatch),
// Zip (the archive). Pack runs them all. The same inputs give the same
// bytes: the build leaves out everything that varies (paths, VCS stamps,
// build IDs), the archive has a fixed order, modes and time (see
// SourceDate), and the metadata is written deterministically.
//
// A charm needs only dispatch at its root to run: Juju 2.8 and later run
// an executable dispatch for every hook and action (charmcraft's charm
// plugin adds hooks/install, hooks/start and hooks/upgrade-charm links for
// older Juju; charmgen targets Juju 3.6 and 4 and leaves them out).
package pack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/meta"
)

// DispatchFile is the name Juju runs for every hook and action.
const DispatchFile = "dispatch"

// Options control Pack.
type Options struct {
	// Out is the directory the .charm files go to; empty means the charm
	// directory, where charmcraft pack writes them. Nothing is written
	// outside it.
	Out string
	// DryRun does everything but write the .charm files.
	DryRun bool
	// Platform packs only the platform (or bases entry: its index or its
	// platform string) of that name; empty packs every one.
	Platform string
	// Main names the main package to build as dispatch (an import path, or
	// a directory such as ./cmd/demo); empty finds it (FindMain).
	Main string
	// Version is written into manifest.yaml as charmcraft-version
	// "charmgen-VERSION"; empty means "dev".
	Version string
	// Time stamps the archive entries and charmcraft-started-at; zero
	// means SourceDate(os.Getenv).
	Time time.Time
	// Go is the go command; empty means "go" from PATH.
	Go string
	// Progress, when set, is told what a long step is doing.
	Progress func(format string, args ...any)
}

// Charm is one .charm Pack made.
type Charm struct {
	Target Target
	// Path is where the file was (or, in a dry run, would be) written.
	Path string
	// Files are the archive's files, in archive order.
	Files []File
	// Size and SHA256 describe the archive's bytes.
	Size   int
	SHA256 string
	// Written is false in a dry run, and when the file already held
	// exactly these bytes (it is then left untouched).
	Written bool
	// Data is the archive.
	Data []byte
}

// Pack builds c (loaded from its directory, without errors) into one
// .charm per platform. Problems with the metadata come back as
// meta.Diagnostics (path:line:col: message), all at once, before anything
// is built; a failed go command as a *BuildError whose Output says why.
func Pack(ctx context.Context, c *meta.Charm, opts Options) ([]Charm, error) {
	if c == nil || c.Dir == "" {
		return nil, fmt.Errorf("pack needs a charm loaded from its directory")
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(string, ...any) {}
	}
	goCmd := opts.Go
	if goCmd == "" {
		goCmd = "go"
	}
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	stamp := opts.Time
	if stamp.IsZero() {
		var err error
		if stamp, err = SourceDate(os.Getenv); err != nil {
			return nil, err
		}
	}
	out := opts.Out
	if out == "" {
		out = c.Dir
	}

	// A charm with no Go code is told so first: that, not its
	// platforms, is what stops it.
	progress("finding the charm's main package (go list)")
	pkg, err := FindMain(ctx, c, opts.Main, goCmd)
	if err != nil {
		return nil, err
	}
	targets, err := Plan(c)
	if err != nil {
		return nil, err
	}
	if targets, err = selectTarget(targets, opts.Platform); err != nil {
		return nil, err
	}
	var diags meta.Diagnostics
	for _, t := range targets {
		if msg := archProblem(t); msg != "" {
			diags = append(diags, meta.Diagnostic{Pos: t.Pos, Severity: meta.SeverityError, Code: "pack-arch", Message: msg})
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}

	metaOpts := MetadataOptions{CharmcraftVersion: "charmgen-" + version, Time: stamp}
	metadata := make([]map[string][]byte, len(targets))
	for i, t := range targets {
		if metadata[i], err = Metadata(c, t, metaOpts); err != nil {
			return nil, err
		}
	}
	extra, err := charmFiles(c.Dir)
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(targets))
	for i, t := range targets {
		if paths[i], err = fsutil.Join(out, t.File); err != nil {
			return nil, err
		}
	}

	tmp, err := os.MkdirTemp("", "charmgen-pack-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	charms := make([]Charm, 0, len(targets))
	built := map[string][]byte{}
	for i, t := range targets {
		arch, _ := GOARCH(t.Archs[0])
		dispatch, ok := built[arch]
		if !ok {
			progress("building dispatch for %s (go build %s)…", t.Archs[0], pkg.ImportPath)
			if dispatch, err = Build(ctx, c.Dir, pkg, arch, goCmd, tmp); err != nil {
				return nil, err
			}
			built[arch] = dispatch
		}
		files := append([]File{{Name: DispatchFile, Mode: 0o755, Data: dispatch}}, extra...)
		for _, name := range sortedKeys(metadata[i]) {
			files = append(files, File{Name: name, Mode: 0o644, Data: metadata[i][name]})
		}
		data, err := Zip(files, stamp)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		ch := Charm{Target: t, Path: paths[i], Files: sortFiles(files), Size: len(data), SHA256: hex.EncodeToString(sum[:]), Data: data}
		if !opts.DryRun {
			if ch.Written, err = fsutil.WriteFile(ch.Path, data, 0o644); err != nil {
				return nil, err
			}
		}
		charms = append(charms, ch)
	}
	return charms, nil
}

// selectTarget keeps the target named want (a platform name, or a bases
// entry's index or platform string); empty keeps them all.
func selectTarget(targets []Target, want string) ([]Target, error) {
	if want == "" {
		return targets, nil
	}
	var names []string
	for _, t := range targets {
		if t.Platform == want || t.Select == want {
			return []Target{t}, nil
		}
		names = append(names, t.Platform)
	}
	return nil, fmt.Errorf("unknown platform %q; the charm's platforms are: %s", want, strings.Join(names, ", "))
}

func sortFiles(files []File) []File {
	out := append([]File(nil), files...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
