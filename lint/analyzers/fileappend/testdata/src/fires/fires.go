package fires

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	f, err := os.OpenFile("/etc/hosts", os.O_APPEND|os.O_WRONLY, 0o644) // want `os.OpenFile with O_APPEND adds to the file on every run \(in Reconcile\)`
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintln(f, "10.0.0.1 db")
	return logLine()
}

func logLine() error {
	if err := exec.Command("sh", "-c", "echo reconciled >> /var/log/app.log").Run(); err != nil { // want `>> appends to a file on every run \(in logLine, reached from Reconcile\)`
		return err
	}
	return exec.Command("tee", "-a", "/etc/app.conf").Run() // want `tee -a appends to a file on every run`
}
