// Command tiny is the charm's dispatch: Juju runs it for every hook and action.
package main

import "github.com/charmgen/charmgen/golden/minimal-machine/out/internal/charm"

func main() {
	charm.Main(&charm.Charm{})
}
