// Command webapp is the charm's dispatch: Juju runs it for every hook and action.
package main

import "github.com/charmgen/charmgen/golden/k8s-containers-secrets/out/internal/charm"

func main() {
	charm.Main(&charm.Charm{})
}
