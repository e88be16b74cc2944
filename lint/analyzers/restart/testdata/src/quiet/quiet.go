package quiet

import (
	"bytes"
	"context"
	"os"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/charm/workload"
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

// ReconcileWeb restarts only when EnsureFile pushed: its changed result
// guards the restart, whatever the variable is called.
func ReconcileWeb(c *charm.Context) error {
	ct := workload.New(c, "web")
	pushed, err := ct.EnsureFile("/etc/web.conf", []byte("port=80\n"), pebble.PushOptions{})
	if err != nil {
		return err
	}
	if pushed {
		return ct.Pebble().Restart(context.Background(), "web")
	}
	return nil
}
