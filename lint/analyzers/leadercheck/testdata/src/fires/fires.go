package fires

import (
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	rels, err := c.RelationIDs("db")
	if err != nil {
		return err
	}
	for _, rel := range rels {
		if err := c.SetRelationData(rel, true, map[string]string{"database": "app"}); err != nil { // want `SetRelationData\(..., true, ...\) writes the application databag without a leader check`
			return err
		}
	}
	if err := exec.Command("status-set", "--application", "active").Run(); err != nil { // want `status-set --application sets the application status without a leader check`
		return err
	}
	return c.ApplyStatuses(nil, []charm.Status{charm.ActiveStatus("")}) // want `ApplyStatuses with application statuses`
}
