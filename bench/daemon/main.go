// Command daemon is the charm the hook round-trip benchmark runs: with a
// no-op reconciler, either in the daemon layout (dispatch client → unit
// daemon → reconcile in process) or, when run under the name "plain", in
// the plain Go layout (a fresh process reconciles the hook itself).
package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/daemon"
)

func noop(*charm.Context) []charm.Status { return nil }

func main() {
	if filepath.Base(os.Args[0]) == "plain" {
		c := charm.New(context.Background())
		if err := c.ApplyStatuses(noop(c), nil); err != nil {
			os.Exit(1)
		}
		return
	}
	os.Exit(daemon.Main(daemon.Config{Name: "bench", Reconcile: func(h *daemon.Hook) ([]charm.Status, error) {
		return noop(h.Context), nil
	}}))
}
