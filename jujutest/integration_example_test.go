//go:build integration

// This file is an example of a real integration test, run against a
// bootstrapped Juju 4 (or 3.6) controller:
//
//	JUJUTEST_CHARM=./my-charm_ubuntu@24.04-amd64.charm \
//	    go test -tags integration -timeout 90m -run Integration ./jujutest
//
// JUJUTEST_CHARM is a packed charm; JUJUTEST_CHARM_DIR instead names a charm
// project that is packed with `charmcraft pack`. JUJUTEST_RELATE names a
// Charmhub charm ("self-signed-certificates" or "name:endpoint") to relate
// the charm to; without it, a machine model relates the Charmhub charms
// ubuntu and nrpe. Without a controller, or without a charm, the test skips.
// JUJUTEST_KEEP_MODELS=1 keeps the model for inspection.
package jujutest_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/jujutest"
)

func TestIntegrationDeployWaitRelate(t *testing.T) {
	requireController(t)
	charm := packedCharm(t)

	juju := jujutest.TempModel(t)
	ctx := t.Context()

	// Deploy the packed charm on a base (Juju 4 has no series) and wait
	// until it is active with an idle agent, failing fast on error.
	if err := juju.Deploy(ctx, charm, jujutest.DeployOptions{App: "app", Base: jujutest.Ubuntu2404}); err != nil {
		t.Fatal(err)
	}
	st, err := juju.WaitIdle(ctx, []string{"app"}, jujutest.Timeout(20*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("app is active: %s", st.Apps["app"].Status().Message)

	// Relate.
	if other := os.Getenv("JUJUTEST_RELATE"); other != "" {
		name, _, _ := strings.Cut(other, ":")
		if err := juju.Deploy(ctx, name, jujutest.DeployOptions{Base: jujutest.Ubuntu2404}); err != nil {
			t.Fatal(err)
		}
		if err := juju.Integrate(ctx, "app", other); err != nil {
			t.Fatal(err)
		}
		_, err := juju.Wait(ctx, jujutest.And(jujutest.Related("app", name), jujutest.ActiveIdle("app", name)),
			jujutest.FailOn(jujutest.AnyError()), jujutest.Timeout(20*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if st.Model.Type != "iaas" {
		t.Skip("set JUJUTEST_RELATE to relate the charm on a Kubernetes model")
	}
	// The subordinate nrpe stays blocked without a Nagios server; its
	// units live under ubuntu's units and are counted by the predicates.
	for _, c := range []string{"ubuntu", "nrpe"} {
		if err := juju.Deploy(ctx, c, jujutest.DeployOptions{Base: jujutest.Ubuntu2404}); err != nil {
			t.Fatal(err)
		}
	}
	if err := juju.Integrate(ctx, "ubuntu", "nrpe"); err != nil {
		t.Fatal(err)
	}
	_, err = juju.Wait(ctx,
		jujutest.And(jujutest.ActiveIdle("ubuntu"), jujutest.AllBlocked("nrpe"), jujutest.UnitCount("nrpe", 1)),
		jujutest.FailOn(jujutest.AnyError()), jujutest.Timeout(20*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
}

// requireController skips the test unless juju can reach a controller.
func requireController(t *testing.T) {
	t.Helper()
	bin := os.Getenv(jujutest.EnvJuju)
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("juju"); err != nil {
			t.Skip("no juju on PATH and no $JUJUTEST_JUJU: skipping the integration test")
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, "show-controller", "--format", "json").CombinedOutput(); err != nil {
		t.Skipf("no reachable Juju controller (%v: %s): skipping the integration test", err, strings.TrimSpace(string(out)))
	}
}

// packedCharm returns $JUJUTEST_CHARM, or packs $JUJUTEST_CHARM_DIR with
// charmcraft; it skips when neither is set.
func packedCharm(t *testing.T) string {
	t.Helper()
	if c := os.Getenv("JUJUTEST_CHARM"); c != "" {
		return c
	}
	dir := os.Getenv("JUJUTEST_CHARM_DIR")
	if dir == "" {
		t.Skip("set JUJUTEST_CHARM (a .charm file) or JUJUTEST_CHARM_DIR (a charm project) to run the integration test")
	}
	if _, err := exec.LookPath("charmcraft"); err != nil {
		t.Skip("charmcraft is not installed: cannot pack $JUJUTEST_CHARM_DIR")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "charmcraft", "pack")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("charmcraft pack: %v\n%s", err, out)
	}
	charms, _ := filepath.Glob(filepath.Join(dir, "*.charm"))
	if len(charms) == 0 {
		t.Fatalf("charmcraft pack made no .charm in %s", dir)
	}
	sort.Slice(charms, func(i, j int) bool {
		a, _ := os.Stat(charms[i])
		b, _ := os.Stat(charms[j])
		return a.ModTime().After(b.ModTime())
	})
	return charms[0]
}
