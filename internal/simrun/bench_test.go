package simrun

import (
	"context"
	"testing"
)

// BenchmarkHook measures one update-status under the simulator: the demo
// charm (a full reconcile: config, leadership, secret, ports, workload
// version, relations, statuses — about twenty hook-tool calls, all reads
// once converged) against /bin/true as dispatch. The difference is what
// the charm adds per hook. Run with bench/hook-overhead.sh.
func BenchmarkHook(b *testing.B) {
	demo := buildDemo(b)
	for _, bc := range []struct{ name, dispatch string }{{"true", "/bin/true"}, {"demo", demo}} {
		b.Run(bc.name, func(b *testing.B) {
			r := newRunner(b, bc.dispatch)
			st := demoState(b)
			ctx := context.Background()
			// Converge first, so every measured hook is the steady state.
			for _, ev := range []string{"install", "config-changed", "start"} {
				next, _, err := r.Run(ctx, st, ev)
				if err != nil {
					b.Fatal(err)
				}
				st = next
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_, step, err := r.Run(ctx, st, "update-status")
				if err != nil || step.ExitCode != 0 {
					b.Fatalf("update-status: exit %d, %v", step.ExitCode, err)
				}
			}
		})
	}
}

// BenchmarkHookInProcess runs the same steady-state update-status with the
// hook tools answered in process (the charmtest backend): what the charm and
// the runtime cost by themselves, without one process per hook tool.
func BenchmarkHookInProcess(b *testing.B) {
	st := demoState(b)
	for _, ev := range []string{"install", "config-changed", "start"} {
		next, err := runInProcess(st, ev)
		if err != nil {
			b.Fatal(err)
		}
		st = next
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := runInProcess(st, "update-status"); err != nil {
			b.Fatal(err)
		}
	}
}
