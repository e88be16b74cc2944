package simrun

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/examples/demo"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/google/go-cmp/cmp"
)

// TestDifferentialCharmtestVsSim runs one event sequence through charmtest,
// in process, and through the simulator, with the real dispatch binary, and
// requires the same state after every event. Under the simulator it runs
// twice: with the runtime talking to the agent's socket itself (Juju's
// hook-tool protocol, the default), and with CHARMGEN_HOOK_TOOLS=exec, a
// real hook-tool process per call. The two share one agent implementation;
// this test shows nothing between the charm and that agent (argv, stdin,
// exit codes, environment, output formats, the protocol, the way the tools
// are reached) changes the outcome.
func TestDifferentialCharmtestVsSim(t *testing.T) {
	dispatch := buildDemo(t)
	for _, mode := range []string{"direct", "exec"} {
		t.Run(mode, func(t *testing.T) {
			if mode == "exec" {
				t.Setenv("CHARMGEN_HOOK_TOOLS", "exec")
			} else {
				t.Setenv("CHARMGEN_HOOK_TOOLS", "")
			}
			differential(t, newRunner(t, dispatch), mode)
		})
	}
}

func differential(t *testing.T, r *Runner, mode string) {
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	ct := charmtest.New(demo.Dispatch, charmtest.WithMetadataDir("../../examples/demo"),
		charmtest.WithJujuVersion("4.0.0"), charmtest.WithClock(func() time.Time { return fixed }))

	inproc, viaSim := demoState(t), demoState(t)
	ctx := context.Background()
	calls := 0
	step := func(event string) {
		t.Helper()
		a, err := ct.Run(charmtest.Spec(event), inproc)
		if err != nil {
			t.Fatalf("charmtest %s: %v", event, err)
		}
		b, s, err := r.Run(ctx, viaSim, event)
		if err != nil || s.ExitCode != 0 {
			t.Fatalf("sim %s: exit %d, %v", event, s.ExitCode, err)
		}
		if d := cmp.Diff(normalize(a), normalize(b)); d != "" {
			t.Fatalf("after %s the states differ (-charmtest +sim):\n%s", event, d)
		}
		// How the tools were reached: one connection for the whole hook
		// when the runtime talks to the socket, one per tool process
		// otherwise.
		switch {
		case s.ToolCalls == 0:
		case mode == "direct" && s.ToolConnections != 1:
			t.Errorf("%s: %d connections for %d tool calls; the runtime should hold one", event, s.ToolConnections, s.ToolCalls)
		case mode == "exec" && s.ToolConnections != s.ToolCalls:
			t.Errorf("%s: %d connections for %d tool calls; want a process per call", event, s.ToolConnections, s.ToolCalls)
		}
		calls += s.ToolCalls
		inproc, viaSim = a, b
	}
	events := func(scenario string) []string {
		evs, err := jujusim.Scenario(scenario, inproc)
		if err != nil {
			t.Fatal(err)
		}
		return evs
	}
	for _, ev := range events("deploy") {
		step(ev)
	}
	for _, ev := range events("relate") {
		step(ev)
	}
	for _, st := range []*jujusim.State{inproc, viaSim} {
		st.Relation(1).RemoteAppData = map[string]string{"endpoints": "10.1.2.3:3306"}
	}
	step("db-relation-changed:app")
	for _, st := range []*jujusim.State{inproc, viaSim} {
		st.Config = map[string]any{"port": int64(9090)}
	}
	step("config-changed")
	step("secret-rotate:label=demo-admin")
	step("actions/greet:name=Ada")
	step("update-status")
	for _, ev := range events("teardown") {
		step(ev)
	}
	if calls == 0 {
		t.Error("no hook-tool calls reached the agent")
	}
}

// normalize renames secret ids, which are random per agent, to stable
// names in the order the secrets were created.
func normalize(st *jujusim.State) *jujusim.State {
	st = st.Clone()
	ids := map[string]string{}
	for i := range st.Secrets {
		ids[st.Secrets[i].ID] = "secret:" + string(rune('a'+i))
		st.Secrets[i].ID = ids[st.Secrets[i].ID]
	}
	for i := range st.Logs {
		for id, n := range ids {
			st.Logs[i].Message = strings.ReplaceAll(st.Logs[i].Message, id, n)
		}
	}
	return st
}
