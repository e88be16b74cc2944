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
	if leader {
		if _, err := c.SecretAdd(map[string]string{"password": "x"}, charm.SecretOptions{Label: "admin"}); err != nil { // want `SecretAdd creates a new secret on every run \(in Reconcile\)`
			return err
		}
	}
	return addRaw()
}

func addRaw() error {
	return exec.Command("secret-add", "token=x").Run() // want `secret-add creates a new secret on every run \(in addRaw, reached from Reconcile\)`
}
