// Package gocharm is a small Go charm with a few findings.
package gocharm

import (
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

// Dispatch runs the hook.
func Dispatch(c *charm.Context) error {
	switch c.Env().HookName {
	case "config-changed":
		return c.SetState(map[string]string{"configured": "yes"})
	}
	return Reconcile(c)
}

// Reconcile converges the unit.
func Reconcile(c *charm.Context) error {
	//charmgen:ignore GO004 the workload re-reads its TLS keys only on restart
	if err := exec.Command("systemctl", "restart", "app").Run(); err != nil {
		return err
	}
	if err := exec.Command("systemctl", "reload-or-restart", "nginx").Run(); err != nil { //charmgen:ignore GO004
		return err
	}
	stamp(c)
	return publish(c)
}
