package quiet

import (
	"fmt"
	"log/slog"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	content, err := c.SecretGet("", "admin", false, false)
	if err != nil {
		return err
	}
	// The runtime's logger redacts secrets the hook has read.
	c.Logger().Info("admin", "password", content["password"])
	log := c.Logger().With("unit", c.Env().UnitName)
	log.Info("admin", "password", content["password"])
	slog.Info("admin", "password", charm.Secret(content["password"]))
	slog.Info("admin password", "length", len(content["password"]))
	passwordSecretID := "secret:abc"
	tokenURL := "https://example.com/token"
	slog.Info("secret ids", "password", passwordSecretID, "token-url", tokenURL)
	fmt.Println("rotated the admin password")
	return nil
}
