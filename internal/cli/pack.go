package cli

import (
	"errors"
	"fmt"

	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/pack"
	"github.com/spf13/cobra"
)

func newPackCmd(e *env) *cobra.Command {
	var f charmFlags
	var o pack.Options
	cmd := &cobra.Command{
		Use:   "pack [DIR] [--out DIR] [--dry-run]",
		Short: "Build a Go charm into .charm files, without charmcraft or LXD",
		Long: `Build the Go charm in DIR (default: the charm the current directory is in)
into one .charm per platform of its charmcraft.yaml (or entry of its older
bases list), named NAME_PLATFORM.charm as charmcraft names them, in --out
(default: the charm directory).

Each holds dispatch (the charm's Go main package as a static linux binary
for the platform's architecture: CGO_ENABLED=0, -trimpath, no VCS stamp,
no build ID), the metadata files charmcraft pack writes (metadata.yaml,
config.yaml, actions.yaml, manifest.yaml, byte for byte as charmcraft writes
them), README.md, LICENSE, icon.svg, lxd-profile.yaml and version when the
charm has them, and for the daemon layout charmgen-hooks.yaml and scripts/.
The same sources and Go toolchain give the same bytes: archive entries are
stamped with SOURCE_DATE_EPOCH, or 1980-01-01 when it is unset.

--dry-run does all of it (the builds run, in a temporary directory) but
writes no .charm, and lists what it would write. Exit status: 0 packed (or
would pack), 1 the charm has errors or a build failed, 2 a wrong command
line. See docs/pack.md for how this differs from charmcraft pack.`,
		Args: oneDirArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			lc, err := e.loadCharm(dirArg(args), &f)
			if err != nil {
				return err
			}
			if len(lc.errs) > 0 {
				return e.printErrors(lc.errs)
			}
			o.Version = Version
			o.Progress = e.progressf
			charms, err := pack.Pack(cmd.Context(), lc.charm, o)
			if err != nil {
				return e.packError(err)
			}
			for _, ch := range charms {
				if !o.DryRun {
					fmt.Fprintf(e.stdout, "%s  %s  sha256:%s\n", ch.Path, mib(ch.Size), ch.SHA256)
					continue
				}
				fmt.Fprintf(e.stdout, "would write %s  %s  sha256:%s\n", ch.Path, mib(ch.Size), ch.SHA256)
				for _, file := range ch.Files {
					fmt.Fprintf(e.stdout, "  %04o  %9d  %s\n", file.Mode.Perm(), len(file.Data), file.Name)
				}
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&o.Out, "out", "", "directory to write the .charm files into (default: the charm directory)")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "build and check everything, write nothing, list what would be written")
	cmd.Flags().StringVar(&o.Platform, "platform", "", "pack only this platform (or bases entry: index or platform string)")
	cmd.Flags().StringVar(&o.Main, "main", "", "the main package to build as dispatch (import path or ./dir; default: found from organize, cmd/NAME, or the only one)")
	return cmd
}

// packError prints what pack returned: metadata problems one per line
// with their positions, a failed go command's output and then what
// failed, anything else as one line.
func (e *env) packError(err error) error {
	var ds meta.Diagnostics
	if errors.As(err, &ds) {
		return e.printErrors(ds)
	}
	var be *pack.BuildError
	if errors.As(err, &be) {
		fmt.Fprint(e.stderr, be.Output)
	}
	return &exitError{code: ExitError, err: err}
}

// mib formats a charm's size for people: charms are a few MiB.
func mib(n int) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
