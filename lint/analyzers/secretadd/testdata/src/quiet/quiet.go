package quiet

import (
	"errors"

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

func ReconcileErrorsIs(c *charm.Context) error {
	_, err := c.SecretGet("", "db", false, false)
	if errors.Is(err, charm.ErrSecretNotFound) {
		_, err = c.SecretAdd(map[string]string{"password": "x"}, charm.SecretOptions{Label: "db"})
	}
	return err
}

func ReconcileEarlyReturn(c *charm.Context) error {
	_, err := c.SecretInfoGet("", "tls")
	if err == nil {
		return nil
	}
	if !errors.Is(err, charm.ErrSecretNotFound) {
		return err
	}
	_, err = c.SecretAdd(map[string]string{"cert": "x"}, charm.SecretOptions{Label: "tls"})
	return err
}

// The caller's lookup guards the helper's add.
func ReconcileHelper(c *charm.Context) error {
	if !secretExists(c, "metrics") {
		return addMetrics(c)
	}
	return nil
}

func secretExists(c *charm.Context, label string) bool {
	_, err := c.SecretInfoGet("", label)
	return err == nil
}

func addMetrics(c *charm.Context) error {
	_, err := c.SecretAdd(map[string]string{"token": "x"}, charm.SecretOptions{Label: "metrics"})
	return err
}
