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

// A lookup of another secret elsewhere in the function does not guard the
// add: it runs on every reconcile.
func ReconcileTLS(c *charm.Context) error {
	if _, err := c.SecretGet("", "ca", false, false); err != nil {
		return err
	}
	_, err := c.SecretAdd(map[string]string{"cert": "x"}, charm.SecretOptions{Label: "tls"}) // want `SecretAdd creates a new secret on every run \(in ReconcileTLS\)`
	return err
}

// The add runs when the lookup found the secret: the wrong way round.
func ReconcileFound(c *charm.Context) error {
	_, err := c.SecretInfoGet("", "db")
	if err != nil {
		return err
	}
	_, err = c.SecretAdd(map[string]string{"password": "x"}, charm.SecretOptions{Label: "db"}) // want `SecretAdd creates a new secret on every run \(in ReconcileFound\)`
	return err
}

func ReconcileFoundIf(c *charm.Context) error {
	if _, err := c.SecretInfoGet("", "api"); err == nil {
		_, err = c.SecretAdd(map[string]string{"token": "x"}, charm.SecretOptions{Label: "api"}) // want `SecretAdd creates a new secret on every run \(in ReconcileFoundIf\)`
		return err
	}
	return nil
}
