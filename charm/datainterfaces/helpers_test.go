package datainterfaces_test

import (
	"context"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
)

// baseState is a leader web/0 with a db relation (id 3) to mysql.
func baseState() *jujusim.State {
	return &jujusim.State{
		Model:  jujusim.Model{Name: "m", UUID: "11111111-2222-3333-4444-555555555555"},
		Unit:   "web/0",
		Leader: true,
		Relations: []jujusim.Relation{{
			ID: 3, Endpoint: "db", Interface: "mysql_client", RemoteApp: "mysql",
			RemoteUnits: []string{"mysql/0"},
		}},
	}
}

// hook runs fn as one hook over st, with the hook tools answered in
// process by the simulated agent, and returns the state after it and the
// writes the agent saw.
func hook(t *testing.T, st *jujusim.State, hc jujusim.HookContext, fn func(*charm.Context) error) (*jujusim.State, []jujusim.Write, error) {
	t.Helper()
	agent, err := jujusim.NewAgent(st, hc)
	if err != nil {
		t.Fatal(err)
	}
	env := charm.EnvFrom(func(k string) string { return agent.Environ()[k] }, "")
	runErr := fn(charm.NewContext(context.Background(), charmtest.NewBackend(agent), env))
	code := 0
	if runErr != nil {
		code = 1
	}
	if err := agent.Finish(code); err != nil {
		t.Fatalf("finish: %v", err)
	}
	return agent.State(), agent.Writes(), runErr
}
