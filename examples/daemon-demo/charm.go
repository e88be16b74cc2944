// Package daemondemo is a small machine charm in the daemon layout,
// written by hand: a Go reconciler that the unit's daemon runs in process
// for every hook, and a shell script (scripts/configure.sh) that
// charmgen-hooks.yaml maps to install and config-changed. Both report a
// status; the daemon shows the most urgent, messages joined.
package daemondemo

import (
	"strconv"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/daemon"
)

// Name is the charm's name, the command its scripts call back.
const Name = "daemon-demo"

// Config is the daemon configuration cmd/daemon-demo passes to daemon.Main.
func Config() daemon.Config {
	return daemon.Config{Name: Name, Reconcile: Reconcile}
}

// Reconcile opens the configured port and counts the hooks it has
// reconciled in the unit's KV store (the count survives daemon restarts
// because the store is Juju's charm state). Running it twice on the same
// inputs writes only the counter.
func Reconcile(h *daemon.Hook) ([]charm.Status, error) {
	switch h.Event {
	case "stop", "remove":
		return nil, h.SetPorts()
	}
	cfg, err := h.Config()
	if err != nil {
		return nil, err
	}
	port := 8080
	if v, ok := cfg["port"].(float64); ok {
		port = int(v)
	}
	if port < 1024 || port > 65535 {
		return []charm.Status{charm.BlockedStatus("port %d is outside 1024-65535", port)}, nil
	}
	if err := h.SetPorts(charm.TCP(port)); err != nil {
		return nil, err
	}
	n := 0
	if v, ok, err := h.KV.Get("reconciles"); err != nil {
		return nil, err
	} else if ok {
		n, _ = strconv.Atoi(v)
	}
	if err := h.KV.Set("reconciles", strconv.Itoa(n+1)); err != nil {
		return nil, err
	}
	return []charm.Status{charm.ActiveStatus("serving on :%d", port)}, nil
}
