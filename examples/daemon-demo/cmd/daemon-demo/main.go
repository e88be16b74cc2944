// Command daemon-demo is the daemon-demo charm's only binary: Juju runs it
// as dispatch for every hook; it also runs as the unit's daemon and as the
// CLI the charm's scripts call (daemon-demo kv get ...).
package main

import (
	"os"

	"github.com/charmgen/charmgen/daemon"
	daemondemo "github.com/charmgen/charmgen/examples/daemon-demo"
)

func main() { os.Exit(daemon.Main(daemondemo.Config())) }
