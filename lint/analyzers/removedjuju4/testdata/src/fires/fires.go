package fires

import (
	"os/exec"

	"github.com/charmgen/charmgen/charm"
)

func Dispatch(c *charm.Context) error {
	switch c.Env().HookName {
	case "leader-settings-changed": // want `the leader-settings-changed branch handles leader-settings-changed, which Juju 4 no longer runs`
		out, err := exec.Command("leader-get", "password").Output() // want `leader-get is a hook tool Juju 4 removed`
		_ = out
		return err
	case "collect-metrics": // want `collect-metrics, which Juju 4 no longer runs; send metrics to COS instead`
		return exec.Command("sh", "-c", "add-metric users=3").Run() // want `add-metric is a hook tool Juju 4 removed`
	}
	return nil
}

// OnPostSeriesUpgrade is a handler by its name.
func OnPostSeriesUpgrade(c *charm.Context) error { return nil } // want `OnPostSeriesUpgrade \(post-series-upgrade\) handles post-series-upgrade`
