package quiet

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"os/user"

	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	if c.Env().HookName == "install" {
		return exec.Command("useradd", "--system", "app").Run()
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	if _, err := user.Lookup("app"); err != nil {
		if err := exec.Command("useradd", "--system", "app").Run(); err != nil {
			return err
		}
	}
	if err := exec.Command("mkdir", "-p", "/srv/app").Run(); err != nil {
		return err
	}
	if err := exec.Command("ln", "-sfn", "/srv/app/current", "/srv/app/live").Run(); err != nil {
		return err
	}
	if err := os.MkdirAll("/srv/app/data", 0o755); err != nil {
		return err
	}
	return link()
}

func link() error {
	if err := os.Symlink("/srv/app/data", "/srv/data"); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}
