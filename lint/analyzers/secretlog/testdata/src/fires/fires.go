package fires

import (
	"fmt"
	"log"
	"log/slog"
	"os"

	"github.com/charmgen/charmgen/charm"
)

type creds struct {
	User     string
	Password string
}

func Reconcile(c *charm.Context) error {
	content, err := c.SecretGet("", "admin", false, false)
	if err != nil {
		return err
	}
	slog.Info("admin login", "password", content["password"]) // want `slog.Info logs content\["password"\], a secret value`
	pw := content["password"]
	log.Printf("password is %s", pw) // want `log.Printf logs pw \(from content\["password"\]\)`
	cfg, err := c.Config()
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "token:", cfg["api-token"]) // want `Fprintln logs cfg\["api-token"\], a secret value`
	cr := creds{User: "u", Password: "p"}
	logger := slog.Default().With("charm", "demo")
	logger.Debug("creds", "pw", cr.Password) // want `Debug logs cr.Password, a secret value`
	return nil
}
