package sim

import (
	"context"
	"fmt"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/examples/demo"
	"github.com/charmgen/charmgen/jujusim"
)

// runInProcess runs one event of the demo charm with its hook tools
// answered in process, following the same steps as Runner.Run.
func runInProcess(st *jujusim.State, event string) (*jujusim.State, error) {
	st = st.Clone()
	hc, act, err := jujusim.ParseEvent(event, st)
	if err != nil {
		return nil, err
	}
	if act != nil {
		st.Action = act
	}
	jujusim.Prepare(st, hc)
	hc.JujuVersion = "4.0.0"
	agent, err := jujusim.NewAgent(st, hc)
	if err != nil {
		return nil, err
	}
	env := agent.Environ()
	c := charm.NewContext(context.Background(), charmtest.NewBackend(agent), charm.EnvFrom(func(k string) string { return env[k] }, ""))
	code := 0
	if err := demo.Dispatch(c); err != nil {
		code = 1
	}
	if err := agent.Finish(code); err != nil {
		return nil, err
	}
	next := agent.State()
	if code == 0 {
		jujusim.Advance(next, hc)
	} else {
		return next, fmt.Errorf("%s failed", event)
	}
	return next, nil
}
