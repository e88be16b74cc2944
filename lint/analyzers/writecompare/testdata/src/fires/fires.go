package fires

import (
	"os"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	if err := os.WriteFile("/etc/app.conf", []byte("port=80\n"), 0o644); err != nil { // want `os.WriteFile rewrites the file on every run without comparing \(in Reconcile\)`
		return err
	}
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	if leader {
		if err := c.SecretSet("secret:abc", map[string]string{"token": "x"}, charm.SecretOptions{}); err != nil { // want `SecretSet adds a secret revision on every run without comparing`
			return err
		}
	}
	return publish()
}

func publish() error {
	return exec.Command("relation-set", "-r", "db:1", "host=x").Run() // want `relation-set writes on every run without comparing \(in publish, reached from Reconcile\); use the runtime's SetRelationData`
}
