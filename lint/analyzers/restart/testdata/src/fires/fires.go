package fires

import (
	"os/exec"

	"github.com/charmgen/charmgen/charm"
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
