package quiet

import (
	"bytes"
	"os"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	want := []byte("port=80\n")
	cur, _ := os.ReadFile("/etc/app.conf")
	if !bytes.Equal(cur, want) {
		if err := os.WriteFile("/etc/app.conf", want, 0o644); err != nil {
			return err
		}
	}
	if _, _, err := c.EnsureSecret(map[string]string{"token": "x"}, charm.SecretOptions{Label: "api"}); err != nil {
		return err
	}
	if changed := render(); changed {
		if err := os.WriteFile("/etc/app/extra.conf", []byte("x"), 0o644); err != nil {
			return err
		}
	}
	return c.SetRelationData(charm.RelationID{Endpoint: "db", ID: 1}, false, map[string]string{"host": "x"})
}

func render() bool { return false }

// Install runs once; it may write as it likes.
func Install(c *charm.Context) error {
	return os.WriteFile("/etc/app/installed", []byte("yes"), 0o644)
}
