package quiet

import (
	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	switch c.Env().HookName {
	case "peers-relation-changed", "leader-elected":
		return Reconcile(c)
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	peers, err := c.RelationIDs("peers")
	if err != nil || len(peers) == 0 {
		return err
	}
	_, err = c.RelationAppData(peers[0], c.Env().AppName())
	return err
}
