package charmtest_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/charm/workload"
	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

// pebbleCharm runs a workload in its container the way a reconciler
// should: wait for the container, push the config and add the layer only
// when they differ, replan only then.
func pebbleCharm(c *charm.Context) error {
	ct := workload.New(c, "workload")
	if !ct.CanConnect() {
		return c.SetUnitStatus(charm.WaitingStatus("waiting for the container"))
	}
	if _, err := ct.EnsureFile("/etc/app/app.conf", []byte("motd=hello\n"), pebble.PushOptions{MakeDirs: true, Permissions: 0o600}); err != nil {
		return err
	}
	changed, err := ct.EnsureLayer("app", &pebble.Layer{Services: map[string]*pebble.Service{
		"app": {Override: pebble.ReplaceOverride, Command: "/bin/app --config /etc/app/app.conf", Startup: pebble.StartupEnabled},
	}})
	if err != nil {
		return err
	}
	if changed {
		if err := ct.Replan(); err != nil {
			return err
		}
	}
	res, err := ct.Pebble().Exec(c.Ctx(), pebble.ExecOptions{Command: []string{"/bin/app", "--version"}})
	if err != nil {
		return err
	}
	return c.SetUnitStatus(charm.ActiveStatus("app %s", strings.TrimSpace(string(res.Stdout))))
}

// The containers in process: charmtest serves each one's simulated Pebble
// on a socket for the hook; the state afterwards shows the layers, the
// running services and the files, and the Pebble writes count for
// AssertIdempotent.
func TestContainersInProcess(t *testing.T) {
	ctx := charmtest.New(pebbleCharm, charmtest.WithMetadata(loadMeta(t)), charmtest.WithTempDir(t.TempDir()))
	st := baseState(t)
	st.Container("workload").Exec = []pebblesim.ExecRule{{Command: "/bin/app --version", Stdout: "1.2.3\n"}}

	// Down until pebble-ready: a Pebble call fails as on Juju.
	st, err := ctx.Run(charmtest.Install(), st)
	if err != nil {
		t.Fatal(err)
	}
	if st.UnitStatus.Message != "waiting for the container" {
		t.Errorf("before pebble-ready: %+v", st.UnitStatus)
	}

	st, err = ctx.Run(charmtest.PebbleReady("workload"), st)
	if err != nil {
		t.Fatal(err)
	}
	if st.UnitStatus.Status != "active" || st.UnitStatus.Message != "app 1.2.3" {
		t.Errorf("unit status = %+v", st.UnitStatus)
	}
	c := st.Container("workload")
	if got := c.ServiceStatus("app"); got != pebblesim.StatusActive {
		t.Errorf("service app is %s", got)
	}
	if b, err := c.ReadFile("/etc/app/app.conf"); err != nil || string(b) != "motd=hello\n" {
		t.Errorf("app.conf = %q, %v", b, err)
	}
	if len(c.ExecLog) != 1 || strings.Join(c.ExecLog[0].Command, " ") != "/bin/app --version" {
		t.Errorf("exec log = %+v", c.ExecLog)
	}
	var writes []string
	for _, w := range ctx.Output().Writes {
		if w.Tool == "pebble" {
			writes = append(writes, w.Target+" "+w.Key)
		}
	}
	want := "pebble:workload files write /etc/app/app.conf|pebble:workload layers add app|pebble:workload services replan|pebble:workload exec /bin/app --version"
	if strings.Join(writes, "|") != want {
		t.Errorf("pebble writes = %q\nwant %q", strings.Join(writes, "|"), want)
	}
}

// AssertIdempotent sees Pebble writes: a charm that replans on every run
// is reported.
func TestAssertIdempotentCountsPebbleWrites(t *testing.T) {
	replanAlways := func(c *charm.Context) error {
		ct := workload.New(c, "workload")
		if _, err := ct.EnsureLayer("app", &pebble.Layer{Services: map[string]*pebble.Service{
			"app": {Override: pebble.ReplaceOverride, Command: "/bin/app"},
		}}); err != nil {
			return err
		}
		return ct.Replan()
	}
	st := baseState(t)
	st.Container("workload").CanConnect = true
	ft := &fakeTB{}
	charmtest.New(replanAlways, charmtest.WithMetadata(loadMeta(t)), charmtest.WithTempDir(t.TempDir())).
		AssertIdempotent(ft, charmtest.UpdateStatus(), st)
	if !strings.Contains(strings.Join(ft.msgs, "\n"), "pebble pebble:workload services replan") || strings.Contains(strings.Join(ft.msgs, "\n"), "layers add") {
		t.Errorf("AssertIdempotent said %q; want the replan, and not the layer (unchanged)", strings.Join(ft.msgs, "\n"))
	}
}

// A container that cannot connect makes Pebble calls fail with
// ErrCannotConnect, promptly.
func TestContainerDownCannotConnect(t *testing.T) {
	var got error
	fn := func(c *charm.Context) error {
		_, got = workload.New(c, "workload").Pebble().Plan(c.Ctx())
		return nil
	}
	if _, err := charmtest.New(fn, charmtest.WithMetadata(loadMeta(t))).Run(charmtest.UpdateStatus(), baseState(t)); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(got, pebble.ErrCannotConnect) {
		t.Errorf("Plan on a container that is down: %v, want ErrCannotConnect", got)
	}
}

// EnsureLayer compares against the plan as Pebble shows it: durations
// Pebble rewrites ("1m" as "1m0s"), defaults it fills in (a check's
// threshold) and a merge override that changes nothing are no change, so
// a layer written naturally is added once.
func TestEnsureLayerSeesThroughPebbleNormalisation(t *testing.T) {
	layer := func() *pebble.Layer {
		return &pebble.Layer{
			Services: map[string]*pebble.Service{
				"app": {Override: pebble.ReplaceOverride, Command: "/bin/app", Startup: pebble.StartupEnabled, BackoffDelay: "1m"},
			},
			Checks: map[string]*pebble.Check{
				"up": {Override: pebble.ReplaceOverride, Level: pebble.ReadyLevel, Period: "1m", TCP: &pebble.TCPCheck{Port: 8080}},
			},
		}
	}
	var changes []bool
	fn := func(c *charm.Context) error {
		changed, err := workload.New(c, "workload").EnsureLayer("app", layer())
		changes = append(changes, changed)
		if err != nil {
			return err
		}
		// A merge layer that says what the plan already holds.
		same := &pebble.Layer{Services: map[string]*pebble.Service{"app": {Override: pebble.MergeOverride, Command: "/bin/app"}}}
		changed, err = workload.New(c, "workload").EnsureLayer("tweak", same)
		changes = append(changes, changed)
		return err
	}
	ctx := charmtest.New(fn, charmtest.WithMetadata(loadMeta(t)), charmtest.WithTempDir(t.TempDir()))
	st := baseState(t)
	st.Container("workload").CanConnect = true
	st, err := ctx.Run(charmtest.UpdateStatus(), st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ctx.Run(charmtest.UpdateStatus(), st); err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, false, false, false}; !slices.Equal(changes, want) {
		t.Errorf("changed = %v, want %v", changes, want)
	}
}

// A hook whose changes the controller refuses (charm state over Juju's
// 2 MiB quota) fails like a charm error, and its changes are discarded.
func TestRefusedCommitFailsTheHook(t *testing.T) {
	big := strings.Repeat("x", 60<<10)
	fn := func(c *charm.Context) error {
		kv := map[string]string{}
		for i := range 40 {
			kv[fmt.Sprintf("k%02d", i)] = big
		}
		return c.SetState(kv)
	}
	st := baseState(t)
	out, err := charmtest.New(fn, charmtest.WithMetadata(loadMeta(t))).Run(charmtest.UpdateStatus(), st)
	var ce *charmtest.CharmError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "exceeded") {
		t.Fatalf("err = %v, want a CharmError for the refused commit", err)
	}
	if out == nil || len(out.CharmState) != len(st.CharmState) {
		t.Errorf("the refused changes reached the state: %d keys", len(out.CharmState))
	}
}
