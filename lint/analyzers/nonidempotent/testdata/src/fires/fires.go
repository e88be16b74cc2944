package fires

import (
	"os"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	if err := exec.Command("useradd", "--system", "app").Run(); err != nil { // want `not idempotent \(in Reconcile\): useradd fails when the user or group exists`
		return err
	}
	if err := exec.Command("mkdir", "/srv/app").Run(); err != nil { // want `mkdir without -p fails`
		return err
	}
	if err := exec.Command("sh", "-c", "ln -s /srv/app/current /srv/app/live").Run(); err != nil { // want `ln without -f fails`
		return err
	}
	if err := os.Mkdir("/srv/app/data", 0o755); err != nil { // want `os.Mkdir fails when the directory exists`
		return err
	}
	return os.Symlink("/srv/app/data", "/srv/data") // want `os.Symlink fails when the link exists`
}
