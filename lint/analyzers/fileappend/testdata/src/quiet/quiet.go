package quiet

import (
	"bytes"
	"os"

	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	if c.Env().HookName == "install" {
		// install runs once: appending here is not a reconcile problem.
		f, err := os.OpenFile("/etc/hosts", os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		return f.Close()
	}
	return Reconcile(c)
}

func Reconcile(c *charm.Context) error {
	want := []byte("port=80\n")
	if cur, _ := os.ReadFile("/etc/app.conf"); !bytes.Equal(cur, want) {
		return os.WriteFile("/etc/app.conf", want, 0o644)
	}
	f, err := os.OpenFile("/var/lib/app/state", os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}
