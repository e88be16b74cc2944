package daemon

import (
	"testing"
	"time"
)

// TestStartTimeout: CHARMGEN_DAEMON_START in the hook's environment sets
// how long dispatch waits for the daemon it started; anything that is
// not a positive duration leaves the 15 s default.
func TestStartTimeout(t *testing.T) {
	for v, want := range map[string]time.Duration{
		"":     defaultStartTimeout,
		"2m":   2 * time.Minute,
		"90s":  90 * time.Second,
		"0":    defaultStartTimeout,
		"-1s":  defaultStartTimeout,
		"soon": defaultStartTimeout,
	} {
		env := map[string]string{}
		if v != "" {
			env["CHARMGEN_DAEMON_START"] = v
		}
		if got := startTimeout(env); got != want {
			t.Errorf("CHARMGEN_DAEMON_START=%q: %v, want %v", v, got, want)
		}
	}
}
