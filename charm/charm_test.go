package charm_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
)

func baseState() *jujusim.State {
	return &jujusim.State{
		Model:  jujusim.Model{Name: "m", UUID: "11111111-2222-3333-4444-555555555555"},
		Unit:   "web/0",
		Leader: true,
		Config: map[string]any{"port": 8080},
		ConfigOptions: map[string]jujusim.ConfigOption{
			"port":  {Type: "int", Default: 80},
			"motd":  {Type: "string"},
			"debug": {Type: "boolean", Default: false},
		},
		Relations: []jujusim.Relation{{
			ID: 3, Endpoint: "db", Interface: "mysql_client", RemoteApp: "mysql",
			RemoteUnits:     []string{"mysql/0"},
			RemoteAppData:   map[string]string{"endpoints": "10.0.0.9:3306"},
			RemoteUnitsData: map[string]map[string]string{"mysql/0": {"ingress-address": "10.0.0.9"}},
		}},
	}
}

// hook runs fn as one hook over st and returns the state after it and the
// writes the agent saw.
func hook(t *testing.T, st *jujusim.State, hc jujusim.HookContext, fn func(*charm.Context) error) (*jujusim.State, []jujusim.Write, error) {
	t.Helper()
	agent, err := jujusim.NewAgent(st, hc)
	if err != nil {
		t.Fatal(err)
	}
	env := charm.EnvFrom(func(k string) string { return agent.Environ()[k] }, "")
	ctx := charm.NewContext(context.Background(), charmtest.NewBackend(agent), env)
	runErr := fn(ctx)
	code := 0
	if runErr != nil {
		code = 1
	}
	if err := agent.Finish(code); err != nil {
		t.Fatalf("finish: %v", err)
	}
	return agent.State(), agent.Writes(), runErr
}

func TestEnvFromHookContext(t *testing.T) {
	agent, err := jujusim.NewAgent(baseState(), jujusim.HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteUnit: "mysql/0", RemoteApp: "mysql"})
	if err != nil {
		t.Fatal(err)
	}
	env := charm.EnvFrom(func(k string) string { return agent.Environ()[k] }, "")
	if env.HookName != "db-relation-changed" || env.DispatchPath != "hooks/db-relation-changed" {
		t.Errorf("hook = %q, dispatch = %q", env.HookName, env.DispatchPath)
	}
	rel, ok := env.Relation()
	if !ok || rel != (charm.RelationID{Endpoint: "db", ID: 3}) {
		t.Errorf("relation = %v %v", rel, ok)
	}
	if env.UnitName != "web/0" || env.AppName() != "web" || env.RemoteUnit != "mysql/0" {
		t.Errorf("env = %+v", env)
	}
	// A legacy hooks/<name> executable with no JUJU_DISPATCH_PATH.
	legacy := charm.EnvFrom(func(string) string { return "" }, "/var/lib/juju/agents/unit-web-0/charm/hooks/install")
	if legacy.HookName != "install" {
		t.Errorf("legacy hook = %q", legacy.HookName)
	}
	act := charm.EnvFrom(func(k string) string { return map[string]string{"JUJU_DISPATCH_PATH": "actions/backup"}[k] }, "")
	if !act.IsAction() || act.ActionName != "backup" || act.HookName != "" {
		t.Errorf("action env = %+v", act)
	}
}

func TestConfigAndLeader(t *testing.T) {
	_, _, err := hook(t, baseState(), jujusim.HookContext{Hook: "config-changed"}, func(c *charm.Context) error {
		cfg, err := c.Config()
		if err != nil {
			return err
		}
		if cfg["port"] != float64(8080) || cfg["debug"] != false {
			t.Errorf("config = %v", cfg)
		}
		if _, ok := cfg["motd"]; ok {
			t.Errorf("an option with no value and no default is not in config-get: %v", cfg)
		}
		all, err := c.ConfigAll()
		if err != nil {
			return err
		}
		if v, ok := all["motd"]; !ok || v != nil {
			t.Errorf("config-get --all: motd = %v, %v", v, ok)
		}
		leader, err := c.IsLeader()
		if err != nil || !leader {
			t.Errorf("leader = %v, %v", leader, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSetRelationDataComparesBeforeWriting(t *testing.T) {
	rel := charm.RelationID{Endpoint: "db", ID: 3}
	set := func(c *charm.Context) error {
		if err := c.SetRelationData(rel, false, map[string]string{"host": "web-0.local", "note": "  spaced  "}); err != nil {
			return err
		}
		return c.SetRelationData(rel, true, map[string]string{"database": "shop"})
	}
	st, writes, err := hook(t, baseState(), jujusim.HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteUnit: "mysql/0", RemoteApp: "mysql"}, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(writes) == 0 {
		t.Fatal("first run wrote nothing")
	}
	r := st.Relations[0]
	if r.LocalUnitData["host"] != "web-0.local" || r.LocalAppData["database"] != "shop" {
		t.Errorf("databags = %v / %v", r.LocalUnitData, r.LocalAppData)
	}
	// Values go through --file, so Juju's trimming of key=value never
	// changes them.
	if r.LocalUnitData["note"] != "  spaced  " {
		t.Errorf("note = %q", r.LocalUnitData["note"])
	}
	_, writes2, err := hook(t, st, jujusim.HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteUnit: "mysql/0", RemoteApp: "mysql"}, set)
	if err != nil {
		t.Fatal(err)
	}
	if len(writes2) != 0 {
		t.Errorf("second identical run wrote %v", writes2)
	}
	// An empty value deletes the key; a missing key is left alone.
	st3, _, err := hook(t, st, jujusim.HookContext{Hook: "update-status"}, func(c *charm.Context) error {
		return c.SetRelationData(rel, false, map[string]string{"note": ""})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st3.Relations[0].LocalUnitData["note"]; ok || st3.Relations[0].LocalUnitData["host"] == "" {
		t.Errorf("after delete: %v", st3.Relations[0].LocalUnitData)
	}
}

func TestTypedErrors(t *testing.T) {
	st := baseState()
	st.Leader = false
	_, _, err := hook(t, st, jujusim.HookContext{Hook: "update-status"}, func(c *charm.Context) error {
		err := c.SetRelationData(charm.RelationID{Endpoint: "db", ID: 3}, true, map[string]string{"a": "b"})
		if !errors.Is(err, charm.ErrNotLeader) {
			t.Errorf("app databag write on a non-leader: %v", err)
		}
		_, err = c.RelationData(charm.RelationID{Endpoint: "db", ID: 99}, "mysql/0")
		if !errors.Is(err, charm.ErrRelationNotFound) {
			t.Errorf("unknown relation: %v", err)
		}
		var te *charm.ToolError
		if !errors.As(err, &te) || te.ExitCode != 2 || !strings.Contains(te.Message(), "relation not found") {
			t.Errorf("tool error = %#v", te)
		}
		_, err = c.SecretGet("", "nope", false, false)
		if !errors.Is(err, charm.ErrSecretNotFound) {
			t.Errorf("missing secret: %v", err)
		}
		if err := c.ActionParams(&map[string]any{}); !errors.Is(err, charm.ErrNotInAction) {
			t.Errorf("action-get outside an action: %v", err)
		}
		if err := c.SetAppStatus(charm.ActiveStatus("")); !errors.Is(err, charm.ErrNotLeader) {
			t.Errorf("app status on a non-leader: %v", err)
		}
		if err := c.SetUnitStatus(charm.Status{Name: "error"}); err == nil {
			t.Error("status error was accepted")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStatusPriorityAndIdempotence(t *testing.T) {
	apply := func(c *charm.Context) error {
		return c.ApplyStatuses([]charm.Status{
			charm.ActiveStatus("serving"),
			charm.WaitingStatus("waiting for db"),
			charm.BlockedStatus("set %s", "motd"),
			charm.MaintenanceStatus("upgrading"),
		}, nil)
	}
	st, _, err := hook(t, baseState(), jujusim.HookContext{Hook: "config-changed"}, apply)
	if err != nil {
		t.Fatal(err)
	}
	if st.UnitStatus.Status != "blocked" || st.UnitStatus.Message != "set motd" {
		t.Errorf("unit status = %+v", st.UnitStatus)
	}
	if st.AppStatus.Status != "blocked" {
		t.Errorf("leader's app status = %+v", st.AppStatus)
	}
	_, writes, err := hook(t, st, jujusim.HookContext{Hook: "config-changed"}, apply)
	if err != nil {
		t.Fatal(err)
	}
	if len(writes) != 0 {
		t.Errorf("same statuses again wrote %v", writes)
	}
	if s, ok := charm.Highest(); ok {
		t.Errorf("Highest() of nothing = %v", s)
	}
	if s, _ := charm.Highest(charm.WaitingStatus("a"), charm.MaintenanceStatus("b"), charm.ActiveStatus("")); s.Name != charm.Maintenance {
		t.Errorf("maintenance outranks waiting: got %v", s)
	}
}

func TestPortsStateAndVersionIdempotent(t *testing.T) {
	run := func(c *charm.Context) error {
		if err := c.SetPorts(charm.TCP(8080), charm.UDP(53)); err != nil {
			return err
		}
		if err := c.SetState(map[string]string{"installed": "yes"}); err != nil {
			return err
		}
		return c.SetWorkloadVersion("1.2.3")
	}
	st, writes, err := hook(t, baseState(), jujusim.HookContext{Hook: "start"}, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(writes) == 0 || len(st.OpenedPorts) != 2 || st.CharmState["installed"] != "yes" || st.WorkloadVersion != "1.2.3" {
		t.Fatalf("after first run: ports %v state %v version %q", st.OpenedPorts, st.CharmState, st.WorkloadVersion)
	}
	_, writes, err = hook(t, st, jujusim.HookContext{Hook: "update-status"}, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(writes) != 0 {
		t.Errorf("second run wrote %v", writes)
	}
	// Changing the set closes what is no longer wanted.
	st, _, err = hook(t, st, jujusim.HookContext{Hook: "config-changed"}, func(c *charm.Context) error {
		return c.SetPorts(charm.TCP(9090))
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.OpenedPorts) != 1 || st.OpenedPorts[0].From != 9090 {
		t.Errorf("ports = %+v", st.OpenedPorts)
	}
}

func TestEnsureSecret(t *testing.T) {
	var id string
	ensure := func(content map[string]string) func(*charm.Context) error {
		return func(c *charm.Context) error {
			var err error
			id, _, err = c.EnsureSecret(content, charm.SecretOptions{Label: "db-password", Description: "password"})
			return err
		}
	}
	st, _, err := hook(t, baseState(), jujusim.HookContext{Hook: "install"}, ensure(map[string]string{"password": "hunter22"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Secrets) != 1 || id == "" {
		t.Fatalf("secrets = %+v, id %q", st.Secrets, id)
	}
	_, writes, err := hook(t, st, jujusim.HookContext{Hook: "update-status"}, ensure(map[string]string{"password": "hunter22"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(writes) != 0 {
		t.Errorf("same content again wrote %v", writes)
	}
	st2, _, err := hook(t, st, jujusim.HookContext{Hook: "config-changed"}, ensure(map[string]string{"password": "correct-horse"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(st2.Secrets) != 1 || len(st2.Secrets[0].Revisions) != 2 {
		t.Errorf("after update: %+v", st2.Secrets)
	}
	// Grant, revoke and remove go through too.
	_, _, err = hook(t, st2, jujusim.HookContext{Hook: "db-relation-joined", Relation: "db", RelationID: 3, RemoteUnit: "mysql/0", RemoteApp: "mysql"}, func(c *charm.Context) error {
		rel := charm.RelationID{Endpoint: "db", ID: 3}
		if err := c.SecretGrant(id, rel, ""); err != nil {
			return err
		}
		return c.SecretRevoke(id, &rel, "", "")
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestLoggerRedactsSecrets(t *testing.T) {
	st := baseState()
	st.Secrets = []jujusim.Secret{{ID: "secret:cpf2m2o1i3cc73d0ag10", Owner: "application", Label: "api",
		Revisions: []jujusim.SecretRevision{{Revision: 1, Content: map[string]string{"token": "tok-12345"}}}}}
	st2, _, err := hook(t, st, jujusim.HookContext{Hook: "update-status"}, func(c *charm.Context) error {
		v, err := c.SecretGet("", "api", false, false)
		if err != nil {
			return err
		}
		log := c.Logger()
		log.Info("calling upstream with " + v["token"])
		log.Warn("retrying", "token", charm.Secret("abc"), "attempt", 2)
		log.WithGroup("req").Debug("sent", "path", "/x")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, l := range st2.Logs {
		all = append(all, l.Level+" "+l.Message)
	}
	joined := strings.Join(all, "\n")
	if strings.Contains(joined, "tok-12345") || strings.Contains(joined, "abc") {
		t.Errorf("a secret reached the log:\n%s", joined)
	}
	for _, want := range []string{"INFO calling upstream with ***", "WARNING retrying token=*** attempt=2", "DEBUG sent req.path=/x"} {
		if !strings.Contains(joined, want) {
			t.Errorf("log lacks %q:\n%s", want, joined)
		}
	}
}

func TestActionParamsAndResults(t *testing.T) {
	st := baseState()
	st.Action = &jujusim.Action{Name: "greet", Params: map[string]any{"name": "Ada", "times": 2}}
	st2, _, err := hook(t, st, jujusim.HookContext{ActionName: "greet"}, func(c *charm.Context) error {
		var p struct {
			Name  string `json:"name"`
			Times int    `json:"times"`
		}
		if err := c.ActionParams(&p); err != nil {
			return err
		}
		if p.Name != "Ada" || p.Times != 2 {
			t.Errorf("params = %+v", p)
		}
		return c.SetActionResults(map[string]any{"greeting": "hello Ada", "detail": map[string]any{"count": 2}})
	})
	if err != nil {
		t.Fatal(err)
	}
	res := st2.Action.Results
	if res["greeting"] != "hello Ada" || st2.Action.Status != "completed" {
		t.Errorf("results = %v, status %q", res, st2.Action.Status)
	}
	if d, ok := res["detail"].(map[string]any); !ok || d["count"] != "2" {
		t.Errorf("nested results = %#v", res["detail"])
	}
}

func TestParsePort(t *testing.T) {
	for in, want := range map[string]string{"80": "80/tcp", "53/UDP": "53/udp", "8000-8080/tcp": "8000-8080/tcp", "icmp": "icmp"} {
		p, err := charm.ParsePort(in)
		if err != nil || p.String() != want {
			t.Errorf("ParsePort(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"", "0", "70000", "80/sctp", "90-80", "x"} {
		if _, err := charm.ParsePort(bad); err == nil {
			t.Errorf("ParsePort(%q) accepted", bad)
		}
	}
}
