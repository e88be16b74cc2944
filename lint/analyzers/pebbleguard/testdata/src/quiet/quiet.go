package quiet

import (
	"bytes"
	"context"
	"reflect"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/charm/workload"
)

var ctx = context.Background()

// Dispatch gives actions handlers of their own: an action that replans or
// restarts does what the operator asked for.
func Dispatch(c *charm.Context) error {
	switch c.Env().ActionName {
	case "restart":
		return workload.New(c, "web").Pebble().Restart(ctx, "web")
	case "replan":
		return workload.New(c, "web").Pebble().Replan(ctx)
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	ct := workload.New(c, "web")
	if !ct.CanConnect() {
		return nil
	}
	if _, err := ct.EnsureFile("/etc/web.conf", []byte("port=80\n"), pebble.PushOptions{}); err != nil {
		return err
	}
	changed, err := ct.EnsureLayer("web", &pebble.Layer{})
	if err != nil {
		return err
	}
	if changed {
		if err := ct.Pebble().Replan(ctx); err != nil {
			return err
		}
	}
	// The changed result under another name.
	ok, err := ct.EnsureLayer("extra", &pebble.Layer{})
	if err != nil {
		return err
	}
	if ok {
		if err := replan(ct); err != nil {
			return err
		}
	}
	// Start and Stop converge: Pebble does nothing when the service is
	// already in that state.
	if err := ct.Pebble().Start(ctx, "web"); err != nil {
		return err
	}
	if err := compared(c); err != nil {
		return err
	}
	return reconcileSidecar(c)
}

// replan is only called under a change check.
func replan(ct *workload.Container) error { return ct.Replan() }

// compared reads what is there first.
func compared(c *charm.Context) error {
	pc := workload.New(c, "cfg").Pebble()
	want := []byte("level=info\n")
	cur, err := pc.Pull(ctx, "/etc/log.conf")
	if err != nil || !bytes.Equal(cur, want) {
		if err := pc.Push(ctx, "/etc/log.conf", bytes.NewReader(want), pebble.PushOptions{}); err != nil {
			return err
		}
	}
	if _, err := pc.Pull(ctx, "/etc/other.conf"); err == nil {
		// A push after a pull of the current content.
		if err := pc.Push(ctx, "/etc/other.conf", bytes.NewReader(want), pebble.PushOptions{}); err != nil {
			return err
		}
	}
	plan, err := pc.Plan(ctx)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(plan, &pebble.Plan{}) {
		if err := pc.AddLayer(ctx, "cfg", &pebble.Layer{}, true); err != nil {
			return err
		}
		return pc.Replan(ctx)
	}
	return nil
}

// reconcileSidecar returns early when nothing changed.
func reconcileSidecar(c *charm.Context) error {
	ct := workload.New(c, "sidecar")
	fresh, err := ct.EnsureLayer("sidecar", &pebble.Layer{})
	if err != nil || !fresh {
		return err
	}
	return ct.Replan()
}

// OnInstall runs once: it may push as it likes.
func OnInstall(c *charm.Context) error {
	return workload.New(c, "web").Pebble().Push(ctx, "/etc/installed", bytes.NewReader(nil), pebble.PushOptions{})
}
