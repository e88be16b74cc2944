package quiet

import (
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	switch c.Env().HookName {
	case "leader-elected":
		return exec.Command("relation-set", "-r", "peers:0", "--app", "leader=me").Run()
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	rels, err := c.RelationIDs("db")
	if err != nil {
		return err
	}
	for _, rel := range rels {
		if err := c.SetRelationData(rel, false, map[string]string{"host": "x"}); err != nil {
			return err
		}
		if leader {
			if err := c.SetRelationData(rel, true, map[string]string{"database": "app"}); err != nil {
				return err
			}
		}
	}
	if !leader {
		return c.ApplyStatuses([]charm.Status{charm.ActiveStatus("")}, nil)
	}
	return publish(c)
}

func publish(c *charm.Context) error {
	return c.SetAppStatus(charm.ActiveStatus("ready"))
}
