package quiet

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	if c.Env().ActionName == "touch" {
		return c.SetState(map[string]string{"touched": time.Now().String()})
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	start := time.Now()
	rel := charm.RelationID{Endpoint: "db", ID: 1}
	if err := c.SetRelationData(rel, false, map[string]string{"host": "10.0.0.1"}); err != nil {
		return err
	}
	c.Logger().Info("reconciled", "took", time.Since(start))
	// A random password is fine when it is created once, behind a lookup.
	if _, err := c.SecretInfoGet("", "admin"); charm.IsNotFound(err) {
		b := make([]byte, 16)
		rand.Read(b)
		_, err := c.SecretAdd(map[string]string{"password": hex.EncodeToString(b)}, charm.SecretOptions{Label: "admin"})
		return err
	}
	return nil
}
