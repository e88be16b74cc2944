package cli

import (
	"encoding/json"
	"fmt"

	"github.com/charmgen/charmgen/meta/legacy"
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
		Use:   "convert [DIR] --to legacy --out OUTDIR",
		Short: "Split charmcraft.yaml into metadata.yaml, config.yaml, actions.yaml and manifest.yaml",
		Long: `Write the legacy metadata files that charmcraft pack would put in the built
charm: metadata.yaml, config.yaml, actions.yaml and manifest.yaml (bases for
the selected platform, or the first). Files are written atomically into OUTDIR.
DIR defaults to the charm the current directory is in, searched upward to the
repository's top.`,
		Args: oneDirArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			if to != "legacy" {
				return usageErr("--to must be legacy (the only conversion charmgen makes), not %q", to)
			}
			if out == "" {
				return usageErr("--out OUTDIR is required")
			}
			lc, err := e.loadCharm(dirArg(args), &f)
			if err != nil {
				return err
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
	cmd.Flags().StringVar(&to, "to", "legacy", "conversion target: legacy")
	cmd.Flags().StringVar(&out, "out", "", "directory to write the files into")
	cmd.Flags().StringVar(&platform, "platform", "", "platform (or bases index) whose manifest to write; default the first")
	return cmd
}
