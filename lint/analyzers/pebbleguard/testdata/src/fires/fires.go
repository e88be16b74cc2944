package fires

import (
	"bytes"
	"context"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/charm/workload"
)

var ctx = context.Background()

func Reconcile(c *charm.Context) error {
	ct := workload.New(c, "web")
	if !ct.CanConnect() { // a precondition, not a change check
		return nil
	}
	pc := ct.Pebble()
	if err := pc.Push(ctx, "/etc/web.conf", bytes.NewReader([]byte("port=80\n")), pebble.PushOptions{}); err != nil { // want `pebble Push rewrites the file on every run without comparing \(in Reconcile\); use the container's EnsureFile`
		return err
	}
	if err := pc.AddLayer(ctx, "web", &pebble.Layer{}, true); err != nil { // want `pebble AddLayer on every run without comparing against the plan \(in Reconcile\): nothing tells the code whether to replan; use the container's EnsureLayer`
		return err
	}
	if err := pc.Replan(ctx); err != nil { // want `pebble Replan runs on every run with no change check \(in Reconcile\): it starts again any stopped startup-enabled service`
		return err
	}
	// Restart is GO004's; Start and Stop converge.
	if err := pc.Restart(ctx, "web"); err != nil {
		return err
	}
	if err := pc.Start(ctx, "web"); err != nil {
		return err
	}
	if err := pc.Stop(ctx, "old"); err != nil {
		return err
	}
	if err := sidecar(c); err != nil {
		return err
	}
	return exporter(c)
}

// sidecarClient embeds the client, whose methods it promotes.
type sidecarClient struct {
	*pebble.Client
	name string
}

func sidecar(c *charm.Context) error {
	w := sidecarClient{Client: workload.New(c, "sidecar").Pebble(), name: "sidecar"}
	if err := w.AddLayer(ctx, w.name, &pebble.Layer{}, false); err != nil { // want `pebble AddLayer with combine false fails from the second run on \(in sidecar, reached from Reconcile\): Pebble refuses a second layer with the same label`
		return err
	}
	return w.Replan(ctx) // want `pebble Replan runs on every run with no change check \(in sidecar, reached from Reconcile\)`
}

// exporter checks the error of EnsureLayer, but not whether it changed
// anything; and the leadership test is a precondition.
func exporter(c *charm.Context) error {
	ct := workload.New(c, "exporter")
	if _, err := ct.EnsureLayer("exporter", &pebble.Layer{}); err != nil {
		return err
	}
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	if leader {
		return ct.Replan() // want `Container.Replan runs on every run with no change check \(in exporter, reached from Reconcile\)`
	}
	return nil
}

// Dispatch sends config-changed to a branch of its own.
func Dispatch(c *charm.Context) error {
	switch c.Env().HookName {
	case "config-changed":
		return workload.New(c, "web").Pebble().Replan(ctx) // want `pebble Replan runs on every run with no change check \(in the config-changed branch\)`
	}
	return Reconcile(c)
}
