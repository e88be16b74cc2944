package fires

import (
	"context"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/charm/workload"
)

func Reconcile(c *charm.Context) error {
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	if !leader {
		return nil
	}
	if err := exec.Command("systemctl", "restart", "app").Run(); err != nil { // want `systemctl restart app restarts the service on every run \(in Reconcile\)`
		return err
	}
	return bounce()
}

func bounce() error {
	return exec.Command("sudo", "/usr/sbin/service", "nginx", "restart").Run() // want `service nginx restart restarts the service on every run \(in bounce, reached from Reconcile\)`
}

// Pebble's Restart is GO004's too; Replan is GO013's.
func ReconcileWeb(c *charm.Context) error {
	ct := workload.New(c, "web")
	if _, err := ct.EnsureFile("/etc/web.conf", []byte("port=80\n"), pebble.PushOptions{}); err != nil {
		return err
	}
	return ct.Pebble().Restart(context.Background(), "web") // want `pebble Restart restarts the service on every run \(in ReconcileWeb\)`
}
