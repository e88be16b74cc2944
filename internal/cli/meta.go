package cli

import (
	"encoding/json"
	"fmt"

	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/legacy"
	"github.com/charmgen/charmgen/meta/unified"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

func newMetaCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "meta",
		Short: "Read, check and convert charm metadata",
	}
	cmd.AddCommand(newMetaShowCmd(e), newMetaConvertCmd(e))
	return cmd
}

func newMetaShowCmd(e *env) *cobra.Command {
	var f charmFlags
	var format string
	cmd := &cobra.Command{
		Use:   "show [DIR]",
		Short: "Print the charm's normalized metadata",
		Long: `Print the metadata of the charm in DIR (default: the charm the current
directory is in, searched upward to the repository's top) as one normalized
model, whatever files it came from. Warnings go to stderr; errors
go to stderr as path:line:col: message, and the exit code is 1.`,
		Args: oneDirArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "yaml" {
				return usageErr("--format must be json or yaml, not %q", format)
			}
			lc, err := e.loadCharm(dirArg(args), &f)
			if err != nil {
				return err
			}
			if len(lc.errs) > 0 {
				return e.printErrors(lc.errs)
			}
			v := lc.charm.View()
			switch format {
			case "json":
				b, err := json.MarshalIndent(v, "", "  ")
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s\n", b)
			case "yaml":
				enc := yaml.NewEncoder(e.stdout)
				enc.SetIndent(2)
				if err := enc.Encode(v); err != nil {
					return err
				}
				enc.Close()
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&format, "format", "json", "output format: json or yaml")
	return cmd
}

func newMetaConvertCmd(e *env) *cobra.Command {
	var f charmFlags
	var to, out, platform string
	cmd := &cobra.Command{
		Use:   "convert [DIR] --to legacy|unified --out OUTDIR",
		Short: "Convert charm metadata: charmcraft.yaml to the legacy files, or any form to a unified charmcraft.yaml",
		Long: `--to legacy (the default) writes the legacy metadata files that charmcraft
pack would put in the built charm: metadata.yaml, config.yaml, actions.yaml
and manifest.yaml (bases for the selected --platform, or the first).

--to unified writes one charmcraft.yaml in charmcraft's unified form from a
legacy charm (metadata.yaml, config.yaml, actions.yaml, with or without a
build-only charmcraft.yaml), a hybrid or a unified one: every key is carried
over, renamed where charmcraft.yaml names it otherwise (display-name is
title; maintainers, docs, issues, source and website are links), series
become base and platforms where they name an Ubuntu release (with a
warning), min-juju-version becomes an assumes expression, and what
charmcraft.yaml has no place for is kept at the end, commented out, with the
reason. Warnings say what changed, at the source line.

Files are written atomically into OUTDIR; the output is deterministic.`,
		Args: oneDirArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if to != "legacy" && to != "unified" {
				return usageErr("--to must be legacy or unified, not %q", to)
			}
			if out == "" {
				return usageErr("--out OUTDIR is required")
			}
			if to == "unified" && platform != "" {
				return usageErr("--platform selects the manifest of --to legacy; --to unified keeps every platform")
			}
			lc, err := e.loadCharm(dirArg(args), &f)
			if err != nil {
				return err
			}
			if to == "unified" {
				// Series are what the conversion turns into bases: under
				// Juju 4 they are errors of the source, not of the result.
				if errs := withoutSeries(lc.errs); len(errs) > 0 {
					return e.printErrors(errs)
				}
				b, notes, err := unified.Convert(lc.charm, unified.Options{})
				if err != nil {
					return &exitError{code: ExitError, err: err}
				}
				for _, n := range notes {
					fmt.Fprintln(e.stderr, n)
				}
				return e.writeFiles(out, map[string][]byte{meta.CharmcraftFile: b})
			}
			if len(lc.errs) > 0 {
				return e.printErrors(lc.errs)
			}
			files, err := legacy.Convert(lc.charm, legacy.Options{Platform: platform, Version: Version})
			if err != nil {
				return &exitError{code: ExitError, err: err}
			}
			return e.writeFiles(out, files)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&to, "to", "legacy", "conversion target: legacy (metadata.yaml and friends) or unified (one charmcraft.yaml)")
	cmd.Flags().StringVar(&out, "out", "", "directory to write the files into")
	cmd.Flags().StringVar(&platform, "platform", "", "platform (or bases index) whose manifest to write (--to legacy); default the first")
	return cmd
}

// withoutSeries returns ds less the series errors (Juju 4 rejects series;
// a conversion to unified form replaces them with bases).
func withoutSeries(ds meta.Diagnostics) meta.Diagnostics {
	var out meta.Diagnostics
	for _, d := range ds {
		if d.Code != "series" {
			out = append(out, d)
		}
	}
	return out
}
