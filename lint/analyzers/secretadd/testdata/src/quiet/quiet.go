package quiet

import (
	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	if c.Env().ActionName == "new-password" {
		_, err := c.SecretAdd(map[string]string{"password": "y"}, charm.SecretOptions{})
		return err
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	if _, _, err := c.EnsureSecret(map[string]string{"password": "x"}, charm.SecretOptions{Label: "admin"}); err != nil {
		return err
	}
	if _, err := c.SecretInfoGet("", "api"); charm.IsNotFound(err) {
		if _, err := c.SecretAdd(map[string]string{"token": "x"}, charm.SecretOptions{Label: "api"}); err != nil {
			return err
		}
	}
	return ensureByState(c)
}

func ensureByState(c *charm.Context) error {
	st, err := c.State()
	if err != nil {
		return err
	}
	if st["cert-secret-id"] == "" {
		id, err := c.SecretAdd(map[string]string{"cert": "x"}, charm.SecretOptions{})
		if err != nil {
			return err
		}
		return c.SetState(map[string]string{"cert-secret-id": id})
	}
	return nil
}
