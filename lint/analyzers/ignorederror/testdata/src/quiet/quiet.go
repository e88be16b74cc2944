package quiet

import (
	"errors"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	if err := c.SetPorts(charm.TCP(80)); err != nil {
		return err
	}
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	if leader {
		if err := c.SetAppStatus(charm.ActiveStatus("")); err != nil && !errors.Is(err, charm.ErrNotLeader) {
			return err
		}
	}
	exec.Command("logger", "reconciled").Run() // not a hook tool
	c.Logger().Info("done")
	_ = c.Env()
	return c.SetUnitStatus(charm.ActiveStatus(""))
}
