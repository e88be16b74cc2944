package simrun

import (
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/examples/demo"
	"github.com/charmgen/charmgen/jujusim"
)

// inProcess runs the demo charm with its hook tools answered in process:
// charmtest drives the same agent the simulator serves over the socket.
var inProcess = charmtest.New(demo.Dispatch, charmtest.WithJujuVersion("4.0.0"))

func runInProcess(st *jujusim.State, event string) (*jujusim.State, error) {
	return inProcess.Run(charmtest.Spec(event), st)
}
