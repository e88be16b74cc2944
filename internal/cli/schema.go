package cli

import (
	"github.com/charmgen/charmgen/schemas"
	"github.com/spf13/cobra"
)

func newSchemaCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "JSON Schemas for charmcraft.yaml and charmgen.yaml",
	}
	var out string
	export := &cobra.Command{
		Use:   "export [--out DIR]",
		Short: "Write the JSON Schemas charmgen publishes (for editors)",
		Long: `Write charmcraft.schema.json (the parts of charmcraft.yaml charmgen reads) and
charmgen.schema.json into DIR (default: schemas). They are generated from
charmgen's Go types. Point an editor at them with a first line such as
# yaml-language-server: $schema=./schemas/charmgen.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := schemas.Generate()
			if err != nil {
				return &exitError{code: ExitError, err: err}
			}
			return e.writeFiles(out, files)
		},
	}
	export.Flags().StringVar(&out, "out", "schemas", "directory to write into")
	cmd.AddCommand(export)
	return cmd
}
