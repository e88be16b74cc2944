package quiet

import (
	"context"
	"fmt"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/workload"
)

// Dispatch in the style charmgen generates: dedicated handlers for stop,
// remove, secret rotation and actions; everything else reconciles.
func Dispatch(c *charm.Context) error {
	env := c.Env()
	switch {
	case env.ActionName == "greet":
		return c.SetActionResults(map[string]any{"greeting": "hello"})
	case env.IsAction():
		return fmt.Errorf("unknown action %q", env.ActionName)
	case env.HookName == "stop":
		return c.SetPorts()
	case env.HookName == "remove":
		return nil
	case env.HookName == "secret-rotate":
		if err := c.SetState(map[string]string{"rotation": "1"}); err != nil {
			return err
		}
	case env.HookName == "config-changed":
		c.Logger().Info("config changed")
		return Reconcile(c)
	case env.HookName == "update-status":
		// Looking is not work.
		if err := exec.Command("systemctl", "is-active", "app").Run(); err != nil {
			return c.SetUnitStatus(charm.WaitingStatus("app is not active"))
		}
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	return c.SetUnitStatus(charm.ActiveStatus("ready"))
}

func OnInstall(c *charm.Context) error {
	return c.SetWorkloadVersion("1.0")
}

// onConfigChanged only reads and delegates.
func onConfigChanged(c *charm.Context) error {
	if _, err := c.Config(); err != nil {
		return err
	}
	return reconcileAll(c)
}

func reconcileAll(c *charm.Context) error { return Reconcile(c) }

// OnWebPebbleReady only looks, then reconciles.
func OnWebPebbleReady(c *charm.Context) error {
	ct := workload.New(c, "web")
	if !ct.CanConnect() {
		return nil
	}
	if _, err := ct.Pebble().Pull(context.Background(), "/etc/web.conf"); err != nil {
		return err
	}
	if _, err := ct.Pebble().Plan(context.Background()); err != nil {
		return err
	}
	return Reconcile(c)
}

// A Pebble restart in an action's handler is what the operator asked for.
func OnRestartAction(c *charm.Context) error {
	return workload.New(c, "web").Pebble().Restart(context.Background(), "web")
}
