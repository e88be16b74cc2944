package quiet

import (
	"bytes"
	"os"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	if c.Env().ActionName == "restart" {
		return exec.Command("systemctl", "restart", "app").Run()
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	changed, err := writeConfig()
	if err != nil {
		return err
	}
	if changed {
		if err := exec.Command("systemctl", "restart", "app").Run(); err != nil {
			return err
		}
	}
	return exec.Command("systemctl", "is-active", "app").Run()
}

func writeConfig() (bool, error) {
	want := []byte("x")
	if cur, _ := os.ReadFile("/etc/app.conf"); bytes.Equal(cur, want) {
		return false, nil
	}
	return true, os.WriteFile("/etc/app.conf", want, 0o644)
}
