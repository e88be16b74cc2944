// Command charmgen generates, scaffolds and lints Juju charms written in Go.
// See the README for usage; every command is implemented in internal/cli.
package main

import (
	"os"

	"github.com/charmgen/charmgen/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
