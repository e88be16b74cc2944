package charmtest_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
)

func marshal(t *testing.T, st *jujusim.State) []byte {
	t.Helper()
	b, err := st.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReconcile(t *testing.T) {
	ctx := charmtest.New(reconcile, charmtest.WithMetadata(loadMeta(t)))
	st := baseState(t)
	out, err := ctx.Run(charmtest.RelationChanged(3, "mysql/0"), st)
	if err != nil {
		t.Fatal(err)
	}
	db := out.Relation(3)
	if db.LocalUnitData["port"] != "8080" || db.LocalAppData["database"] != "shop" {
		t.Errorf("databags: unit %v app %v", db.LocalUnitData, db.LocalAppData)
	}
	if len(out.OpenedPorts) != 1 || out.OpenedPorts[0].From != 8080 {
		t.Errorf("ports = %+v", out.OpenedPorts)
	}
	if len(out.Secrets) != 3 || out.Secrets[2].Label != "web-admin" {
		t.Errorf("secrets = %+v", out.Secrets)
	}
	want := jujusim.Status{Status: "active", Message: "serving on 8080"}
	if out.UnitStatus != want || out.AppStatus != want {
		t.Errorf("statuses = %+v / %+v", out.UnitStatus, out.AppStatus)
	}
	if out.WorkloadVersion != "2.4.1" {
		t.Errorf("workload version = %q", out.WorkloadVersion)
	}
	// Config comes from the metadata's defaults: the state declared no port.
	if _, set := st.Config["port"]; set {
		t.Fatal("test setup: port is set")
	}

	// Config changes flow through; a blocked status outranks active.
	st2 := out.Clone()
	st2.Config = map[string]any{"port": 9090}
	out2, err := ctx.Run(charmtest.ConfigChanged(), st2)
	if err != nil {
		t.Fatal(err)
	}
	if out2.UnitStatus != (jujusim.Status{Status: "blocked", Message: "set the motd option"}) {
		t.Errorf("unit status = %+v", out2.UnitStatus)
	}
	if out2.OpenedPorts[0].From != 9090 || out2.Relation(3).LocalUnitData["port"] != "9090" {
		t.Errorf("ports %+v, data %v", out2.OpenedPorts, out2.Relation(3).LocalUnitData)
	}
}

func TestInputStateNotMutated(t *testing.T) {
	ctx := charmtest.New(reconcile, charmtest.WithMetadata(loadMeta(t)))
	for _, ev := range []charmtest.Event{
		charmtest.Install(), charmtest.Start(), charmtest.Stop(), charmtest.Remove(),
		charmtest.RelationChanged(3, "mysql/0"), charmtest.RelationDeparted(3, "mysql/1", ""), charmtest.RelationBroken(3),
		charmtest.Action("greet", map[string]any{"name": "Ada"}),
	} {
		st := baseState(t)
		st.ConfigOptions = nil
		before := marshal(t, st)
		if _, err := ctx.Run(ev, st); err != nil {
			t.Fatalf("%s: %v", ev, err)
		}
		if after := marshal(t, st); !bytes.Equal(before, after) {
			t.Errorf("%s modified its input state:\n%s\n---\n%s", ev, before, after)
		}
	}
	// Nor on a charm error.
	st := baseState(t)
	before := marshal(t, st)
	if _, err := charmtest.New(func(c *charm.Context) error {
		_ = c.SetUnitStatus(charm.BlockedStatus("x"))
		return errBoom
	}).Run(charmtest.Install(), st); !errors.Is(err, errBoom) {
		t.Fatal(err)
	}
	if !bytes.Equal(before, marshal(t, st)) {
		t.Error("a failed run modified its input state")
	}
}

// failing writes a bit of everything, then fails.
func failing(c *charm.Context) error {
	if err := c.SetUnitStatus(charm.MaintenanceStatus("configuring")); err != nil {
		return err
	}
	c.Logger().Warn("about to fail")
	if err := c.SetRelationData(dbRel, false, map[string]string{"port": "1"}); err != nil {
		return err
	}
	if err := c.SetPorts(charm.TCP(1)); err != nil {
		return err
	}
	if err := c.SetState(map[string]string{"k": "v"}); err != nil {
		return err
	}
	if _, err := c.SecretAdd(map[string]string{"password": "hunter22"}, charm.SecretOptions{Label: "x"}); err != nil {
		return err
	}
	if err := c.SetWorkloadVersion("9.9"); err != nil {
		return err
	}
	return errBoom
}

func TestCharmErrorDiscardsTransactionalChanges(t *testing.T) {
	ctx := charmtest.New(failing)
	st := baseState(t)
	out, o, err := ctx.RunOutput(charmtest.RelationChanged(3, "mysql/0"), st)
	if !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want errBoom wrapped", err)
	}
	var ce *charmtest.CharmError
	if !errors.As(err, &ce) || ce.Event != "db-relation-changed" || ce.Panic != nil {
		t.Errorf("CharmError = %#v", ce)
	}
	if !strings.Contains(err.Error(), "db-relation-changed: boom") {
		t.Errorf("message = %q", err.Error())
	}
	if o.Err != errBoom {
		t.Errorf("Output.Err = %v", o.Err)
	}
	if out == nil {
		t.Fatal("no state after a charm error")
	}
	// Discarded: relation data, ports, charm state, secrets.
	if len(out.Relation(3).LocalUnitData) != 0 || len(out.OpenedPorts) != 0 || len(out.CharmState) != 0 || len(out.Secrets) != len(st.Secrets) {
		t.Errorf("buffered changes survived: data %v ports %v state %v secrets %d",
			out.Relation(3).LocalUnitData, out.OpenedPorts, out.CharmState, len(out.Secrets))
	}
	// Kept: status, logs, workload version.
	if out.UnitStatus != (jujusim.Status{Status: "maintenance", Message: "configuring"}) {
		t.Errorf("unit status = %+v", out.UnitStatus)
	}
	if len(out.Logs) != 1 || !strings.Contains(out.Logs[0].Message, "about to fail") {
		t.Errorf("logs = %+v", out.Logs)
	}
	if out.WorkloadVersion != "9.9" {
		t.Errorf("workload version = %q", out.WorkloadVersion)
	}
	// The writes were asked for, and are listed.
	if len(o.Writes) < 5 {
		t.Errorf("writes = %v", o.Writes)
	}
	// Advance is not applied to a failed hook: a failed departed hook
	// leaves the unit in the relation (Juju retries the hook).
	out, err = ctx.Run(charmtest.RelationDeparted(3, "mysql/1", ""), st)
	if err == nil || len(out.Relation(3).RemoteUnits) != 2 {
		t.Errorf("after a failed departed hook: %v, units %v", err, out.Relation(3).RemoteUnits)
	}
}

func TestCharmPanic(t *testing.T) {
	ctx := charmtest.New(func(c *charm.Context) error {
		_ = c.SetUnitStatus(charm.WaitingStatus("almost"))
		var m map[string]int
		m["x"]++ // panics
		return nil
	})
	out, err := ctx.Run(charmtest.UpdateStatus(), baseState(t))
	var ce *charmtest.CharmError
	if !errors.As(err, &ce) || ce.Panic == nil || !strings.Contains(ce.Stack, "run_test.go") {
		t.Fatalf("err = %v", err)
	}
	if out.UnitStatus.Status != "waiting" {
		t.Errorf("status = %+v", out.UnitStatus)
	}
}

func greet(c *charm.Context) error {
	var p struct {
		Name  string `json:"name"`
		Times int    `json:"times"`
	}
	if err := c.ActionParams(&p); err != nil {
		return err
	}
	if err := c.ActionLog("greeting " + p.Name); err != nil {
		return err
	}
	switch p.Name {
	case "":
		return c.FailAction("nobody to greet")
	case "crash":
		return errBoom
	}
	return c.SetActionResults(map[string]any{"greeting": strings.Repeat("hello "+p.Name+" ", p.Times), "detail": map[string]any{"times": p.Times}})
}

func TestActions(t *testing.T) {
	ctx := charmtest.New(greet, charmtest.WithMetadata(loadMeta(t)))
	st := baseState(t)

	out, o, err := ctx.RunOutput(charmtest.Action("greet", map[string]any{"name": "Ada"}), st)
	if err != nil {
		t.Fatal(err)
	}
	// times came from the schema's default.
	if o.ActionResults["greeting"] != "hello Ada " || o.ActionFailed {
		t.Errorf("results = %v, failed %v", o.ActionResults, o.ActionFailed)
	}
	if d, _ := o.ActionResults["detail"].(map[string]any); d["times"] != "1" {
		t.Errorf("nested results = %#v", o.ActionResults["detail"])
	}
	if !reflect.DeepEqual(o.ActionLogs, []string{"greeting Ada"}) {
		t.Errorf("action logs = %v", o.ActionLogs)
	}
	if out.Action == nil || out.Action.Status != "completed" || out.Action.Params["times"] != int64(1) {
		t.Errorf("state action = %+v", out.Action)
	}
	if st.Action != nil {
		t.Error("the input state got the action")
	}

	_, o, err = ctx.RunOutput(charmtest.Action("greet", map[string]any{"name": "", "times": 2}), st)
	if err != nil {
		t.Fatal(err)
	}
	if !o.ActionFailed || o.ActionFailureMessage != "nobody to greet" {
		t.Errorf("action-fail: failed %v, %q", o.ActionFailed, o.ActionFailureMessage)
	}

	out, o, err = ctx.RunOutput(charmtest.Action("greet", map[string]any{"name": "crash"}), st)
	if !errors.Is(err, errBoom) {
		t.Fatalf("err = %v", err)
	}
	if !o.ActionFailed || o.ActionFailureMessage != "exit status 1" || out.Action.Status != "failed" {
		t.Errorf("charm error in an action: failed %v %q, status %q", o.ActionFailed, o.ActionFailureMessage, out.Action.Status)
	}
	if !reflect.DeepEqual(o.ActionLogs, []string{"greeting crash"}) {
		t.Errorf("action logs survive a failure: %v", o.ActionLogs)
	}

	// The simulator's event syntax works too.
	_, o, err = ctx.RunOutput(charmtest.Spec("actions/greet:name=Bob,times=2"), st)
	if err != nil || o.ActionResults["greeting"] != "hello Bob hello Bob " {
		t.Errorf("spec action: %v, %v", err, o.ActionResults)
	}
	// Hooks have no action outcome.
	_, o, _ = ctx.RunOutput(charmtest.UpdateStatus(), st)
	if o.ActionResults != nil || o.ActionFailed {
		t.Errorf("hook Output has an action outcome: %+v", o)
	}
}

func TestOutputHistories(t *testing.T) {
	ctx := charmtest.New(func(c *charm.Context) error {
		log := c.Logger()
		log.Info("step one")
		if err := c.SetUnitStatus(charm.MaintenanceStatus("installing")); err != nil {
			return err
		}
		if err := c.SetAppStatus(charm.WaitingStatus("units")); err != nil {
			return err
		}
		log.Debug("step two")
		if err := c.SetWorkloadVersion("1.0"); err != nil {
			return err
		}
		if err := c.SetWorkloadVersion("1.1"); err != nil {
			return err
		}
		if err := c.SetUnitStatus(charm.ActiveStatus("ready")); err != nil {
			return err
		}
		return c.SetAppStatus(charm.ActiveStatus(""))
	})
	st := baseState(t)
	st.UnitStatus = jujusim.Status{Status: "blocked", Message: "before"}
	st.WorkloadVersion = "0.9"
	st.Logs = []jujusim.LogRecord{{Level: "INFO", Message: "an older hook"}}
	out, err := ctx.Run(charmtest.UpdateStatus(), st)
	if err != nil {
		t.Fatal(err)
	}
	o := ctx.Output()
	wantUnit := []jujusim.Status{{Status: "maintenance", Message: "installing"}, {Status: "active", Message: "ready"}}
	if !reflect.DeepEqual(o.UnitStatusHistory, wantUnit) {
		t.Errorf("unit status history = %+v", o.UnitStatusHistory)
	}
	wantApp := []jujusim.Status{{Status: "waiting", Message: "units"}, {Status: "active"}}
	if !reflect.DeepEqual(o.AppStatusHistory, wantApp) {
		t.Errorf("app status history = %+v", o.AppStatusHistory)
	}
	if !reflect.DeepEqual(o.WorkloadVersionHistory, []string{"1.0", "1.1"}) {
		t.Errorf("workload versions = %v", o.WorkloadVersionHistory)
	}
	wantLogs := []jujusim.LogRecord{{Level: "INFO", Message: "step one"}, {Level: "DEBUG", Message: "step two"}}
	if !reflect.DeepEqual(o.Logs, wantLogs) {
		t.Errorf("logs = %+v", o.Logs)
	}
	// The state keeps the whole history, as ops.testing's does.
	if len(out.Logs) != 3 || out.UnitStatusHistory[0] != st.UnitStatus {
		t.Errorf("state logs %v, history %v", out.Logs, out.UnitStatusHistory)
	}
	count := map[string]int{}
	for _, w := range o.Writes {
		count[w.Tool+" "+w.Target]++
	}
	if count["status-set unit-status"] != 2 || count["status-set app-status"] != 2 || count["application-version-set workload-version"] != 2 {
		t.Errorf("writes = %v", o.Writes)
	}

	// A run that sets nothing has empty histories.
	_, o, err = charmtest.New(func(*charm.Context) error { return nil }).RunOutput(charmtest.UpdateStatus(), out)
	if err != nil || o.UnitStatusHistory != nil || o.AppStatusHistory != nil || o.Logs != nil || o.Writes != nil || o.WorkloadVersionHistory != nil {
		t.Errorf("empty run: %v %+v", err, o)
	}
}

// TestJujuAroundHooks checks what Juju itself changes before and after
// hooks.
func TestJujuAroundHooks(t *testing.T) {
	var seen charm.Status
	ctx := charmtest.New(func(c *charm.Context) error {
		var err error
		seen, err = c.UnitStatus()
		return err
	})
	st := baseState(t)
	out, err := ctx.Run(charmtest.Install(), st)
	if err != nil {
		t.Fatal(err)
	}
	installing := charm.Status{Name: charm.Maintenance, Message: "installing charm software"}
	if seen != installing {
		t.Errorf("status during install = %+v", seen)
	}
	out, err = ctx.Run(charmtest.Start(), out)
	if err != nil || out.UnitStatus.Status != "unknown" {
		t.Errorf("after a start that set no status: %+v, %v", out.UnitStatus, err)
	}
	out, err = ctx.Run(charmtest.RelationDeparted(3, "mysql/1", ""), out)
	if err != nil || !reflect.DeepEqual(out.Relation(3).RemoteUnits, []string{"mysql/0"}) {
		t.Errorf("after departed: %v, %v", out.Relation(3).RemoteUnits, err)
	}
	if _, ok := out.Relation(3).RemoteUnitsData["mysql/1"]; ok {
		t.Error("the departed unit's data is still there")
	}
	out, err = ctx.Run(charmtest.RelationBroken(3), out)
	if err != nil || out.Relation(3) != nil {
		t.Errorf("after broken the relation remains: %v", err)
	}
	if _, err := ctx.Run(charmtest.RelationBroken(3), out); !errors.Is(err, charmtest.ErrInconsistent) {
		t.Errorf("broken twice: %v", err)
	}
	out, err = ctx.Run(charmtest.Stop(), out)
	if err != nil || seen.Message != "stopping charm software" {
		t.Errorf("status during stop = %+v, %v", seen, err)
	}
	out, err = ctx.Run(charmtest.Remove(), out)
	if err != nil || out.UnitStatus.Status != "terminated" {
		t.Errorf("after remove: %+v, %v", out.UnitStatus, err)
	}
}

func TestStateFromMetadata(t *testing.T) {
	m := loadMeta(t)
	st := charmtest.StateFromMetadata(m, "web/1")
	if st.Model.Type != "caas" || st.Unit != "web/1" || st.Leader {
		t.Errorf("state = %+v", st)
	}
	if len(st.Relations) != 1 || st.Relations[0].Endpoint != "cluster" || st.Relations[0].RemoteApp != "web" || st.Relations[0].Interface != "web_peers" {
		t.Errorf("peer relations = %+v", st.Relations)
	}
	if o := st.ConfigOptions["port"]; o.Type != "int" || o.Default != int64(8080) {
		t.Errorf("port option = %+v", o)
	}
	if _, ok := st.ConfigOptions["motd"]; !ok || st.ConfigOptions["motd"].Default != nil {
		t.Errorf("motd option = %+v", st.ConfigOptions["motd"])
	}
	var cfg, all map[string]any
	ctx := charmtest.New(func(c *charm.Context) error {
		var err error
		if cfg, err = c.Config(); err != nil {
			return err
		}
		all, err = c.ConfigAll()
		return err
	})
	if _, err := ctx.Run(charmtest.ConfigChanged(), st); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"port": float64(8080), "debug": false, "ratio": 0.5}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config-get = %v", cfg)
	}
	if v, ok := all["motd"]; !ok || v != nil {
		t.Errorf("config-get --all motd = %v, %v", v, ok)
	}

	// With metadata and no options in the state, config-get still knows
	// the defaults, and the options do not leak into the returned state.
	bare := &jujusim.State{Unit: "web/0", Config: map[string]any{"motd": "hi"}}
	cfg = nil
	ctx = charmtest.New(func(c *charm.Context) error {
		var err error
		cfg, err = c.Config()
		return err
	}, charmtest.WithMetadata(m))
	out, err := ctx.Run(charmtest.ConfigChanged(), bare)
	if err != nil {
		t.Fatal(err)
	}
	want["motd"] = "hi"
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("config-get with options from the metadata = %v", cfg)
	}
	if out.ConfigOptions != nil {
		t.Errorf("options leaked into the returned state: %v", out.ConfigOptions)
	}
}
