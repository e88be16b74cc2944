// Command demo is the demo charm's dispatch: Juju runs it for every hook
// and action.
package main

import (
	"context"
	"os"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/examples/demo"
)

func main() {
	c := charm.New(context.Background())
	if err := demo.Dispatch(c); err != nil {
		c.Logger().Error(err.Error())
		os.Exit(1)
	}
}
