package fires

import (
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	c.SetUnitStatus(charm.ActiveStatus("")) // want `the error of c.SetUnitStatus is dropped`
	_ = c.SetPorts(charm.TCP(80))           // want `the error of c.SetPorts is assigned to _`
	leader, _ := c.IsLeader()               // want `the error of c.IsLeader is assigned to _`
	if leader {
		exec.Command("status-set", "--application", "active").Run() // want `the error of status-set is dropped`
	}
	cmd := exec.Command("juju-log", "reconciled")
	_ = cmd.Run()                     // want `the error of juju-log is assigned to _`
	defer c.SetWorkloadVersion("1.0") // want `the error of c.SetWorkloadVersion is dropped`
	return nil
}
