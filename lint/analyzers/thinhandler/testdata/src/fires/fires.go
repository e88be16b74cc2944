package fires

import (
	"context"
	"os"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/charm/workload"
)

func Dispatch(c *charm.Context) error {
	switch c.Env().HookName {
	case "config-changed":
		return c.SetState(map[string]string{"configured": "yes"}) // want `the config-changed branch does work itself \(SetState\)`
	case "db-relation-changed", "db-relation-joined":
		return publish(c) // want `the db-relation-changed, db-relation-joined branch does work itself \(publish → SetRelationData\)`
	case "install":
		return exec.Command("apt-get", "install", "-y", "nginx").Run()
	}
	return Reconcile(c)
}

func publish(c *charm.Context) error {
	rel := charm.RelationID{Endpoint: "db", ID: 1}
	return c.SetRelationData(rel, false, map[string]string{"host": "x"})
}

func Reconcile(c *charm.Context) error { return nil }

func dispatchIf(c *charm.Context) error {
	hook := os.Getenv("JUJU_HOOK_NAME")
	if hook == "update-status" {
		exec.Command("systemctl", "start", "app").Run() // want `the update-status branch does work itself \(runs systemctl\)`
	} else if hook == "stop" {
		return exec.Command("systemctl", "stop", "app").Run()
	}
	return Reconcile(c)
}

var handlers = map[string]func(*charm.Context) error{
	"start":  onStart,
	"remove": func(c *charm.Context) error { return os.RemoveAll("/srv/app") },
	"leader-elected": func(c *charm.Context) error {
		return os.WriteFile("/etc/app/leader", []byte("yes"), 0o644) // want `the leader-elected branch does work itself \(os.WriteFile\)`
	},
}

func onStart(c *charm.Context) error {
	if err := c.SetUnitStatus(charm.MaintenanceStatus("starting")); err != nil {
		return err
	}
	return c.SetWorkloadVersion("1.0") // want `onStart \(start\) does work itself \(SetWorkloadVersion\)`
}

// OnUpgradeCharm is a handler by its name.
func OnUpgradeCharm(c *charm.Context) error {
	return os.MkdirAll("/srv/app", 0o755) // want `OnUpgradeCharm \(upgrade-charm\) does work itself \(os.MkdirAll\)`
}

// OnWebPebbleReady sets up the container itself instead of reconciling.
func OnWebPebbleReady(c *charm.Context) error {
	ct := workload.New(c, "web")
	if !ct.CanConnect() {
		return nil
	}
	if _, err := ct.EnsureLayer("web", &pebble.Layer{}); err != nil { // want `OnWebPebbleReady \(web-pebble-ready\) does work itself \(Container.EnsureLayer\)`
		return err
	}
	return ct.Replan()
}

// OnDbRelationChanged restarts through a helper.
func OnDbRelationChanged(c *charm.Context) error {
	return bounce(c) // want `OnDbRelationChanged \(db-relation-changed\) does work itself \(bounce → pebble Restart\)`
}

func bounce(c *charm.Context) error {
	return workload.New(c, "web").Pebble().Restart(context.Background(), "web")
}
