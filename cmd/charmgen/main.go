// Command charmgen generates, scaffolds, lints, simulates and packs Juju
// charms written in Go. main passes the process's arguments and standard
// streams to cli.Main and exits with its code; every command is implemented
// in internal/cli. See the README for usage.
package main

import (
	"os"

	"github.com/charmgen/charmgen/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
