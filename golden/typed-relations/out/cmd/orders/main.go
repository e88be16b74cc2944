// Command orders is the charm's dispatch: Juju runs it for every hook and action.
package main

import "github.com/charmgen/charmgen/golden/typed-relations/out/internal/charm"

func main() {
	charm.Main(&charm.Charm{})
}
