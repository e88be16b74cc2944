package charm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/google/go-cmp/cmp"
)

// TestMain lets the test binary double as the hook tools: the exec paths
// below link every tool name to it, and it then speaks Juju's protocol to
// the test's agent (jujusim.ToolMain), as charmgen's tools do under sim.
func TestMain(m *testing.M) {
	jujusim.RunAsTool()
	code := m.Run()
	if toolDir != "" {
		os.RemoveAll(filepath.Dir(toolDir))
	}
	os.Exit(code)
}

// toolDir holds a link to the test binary under every tool name.
var toolDir string

func tools(t *testing.T) string {
	t.Helper()
	if toolDir != "" {
		return toolDir
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "charm-tools-")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range jujusim.AllToolNames() {
		if err := os.Symlink(exe, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	toolDir = bin
	return toolDir
}

// How a hook's tools are answered.
type path string

const (
	inProcess path = "in-process" // charmtest: Agent.RunTool, no protocol
	direct    path = "direct"     // AgentBackend: Jujuc.Main over the socket
	forced    path = "exec"       // CHARMGEN_HOOK_TOOLS=exec: a tool process per call
	deadSock  path = "fallback"   // AgentBackend whose socket cannot be dialled
)

var allPaths = []path{inProcess, direct, forced, deadSock}

// servedHook is one hook of a simulated unit, with its tools answered one
// way.
type servedHook struct {
	agent   *jujusim.Agent
	srv     *jujusim.ToolServer // nil in process
	backend charm.Backend
	rec     *recorder // what the Context asked of backend
	ctx     *charm.Context
}

var fixedClock = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }

// serve starts a hook on st the way p says. The agent listens on a Unix
// socket (as the unit agent does) except in process; the backend is the
// one charm.NewBackend picks for that environment.
func serve(t *testing.T, st *jujusim.State, hc jujusim.HookContext, p path) *servedHook {
	t.Helper()
	h := &servedHook{}
	var sock string
	if p != inProcess {
		dir, err := os.MkdirTemp("", "ag")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		sock = filepath.Join(dir, "agent.sock")
		hc.SocketAddress, hc.SocketNetwork = sock, "unix"
	}
	agent, err := jujusim.NewAgent(st, hc)
	if err != nil {
		t.Fatal(err)
	}
	agent.Now = fixedClock
	h.agent = agent
	env := agent.Environ()
	getenv := func(k string) string { return env[k] }
	if p == inProcess {
		h.backend = charmtest.NewBackend(agent)
	} else {
		ln, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		h.srv = jujusim.ServeTools(ln, agent, env["JUJU_CONTEXT_ID"])
		t.Cleanup(func() { h.srv.Close() })
		// A tool process gets the hook's environment and finds the tools
		// (and systemctl) in their directory, as under charmgen sim.
		procs := charm.ExecBackend{Dir: tools(t), Env: hookEnviron(env)}
		switch p {
		case forced:
			withForce := func(k string) string {
				if k == charm.HookToolsEnv {
					return "exec"
				}
				return env[k]
			}
			if _, ok := charm.NewBackend(withForce).(charm.ExecBackend); !ok {
				t.Fatalf("CHARMGEN_HOOK_TOOLS=exec: NewBackend = %T", charm.NewBackend(withForce))
			}
			h.backend = procs
		case direct, deadSock:
			ab, ok := charm.NewBackend(getenv).(*charm.AgentBackend)
			if !ok {
				t.Fatalf("NewBackend = %T, want *charm.AgentBackend", charm.NewBackend(getenv))
			}
			ab.Fallback = procs
			if p == deadSock {
				ab.Address = filepath.Join(filepath.Dir(sock), "gone.sock")
			}
			t.Cleanup(func() { ab.Close() })
			h.backend = ab
		}
	}
	h.rec = &recorder{next: h.backend}
	h.ctx = charm.NewContext(context.Background(), h.rec, charm.EnvFrom(getenv, ""))
	return h
}

// hookEnviron is the process environment without JUJU_ variables, plus the
// hook's.
func hookEnviron(hook map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "JUJU_") && !strings.HasPrefix(kv, charm.HookToolsEnv+"=") {
			env = append(env, kv)
		}
	}
	for k, v := range hook {
		env = append(env, k+"="+v)
	}
	return env
}

// finish ends the hook (commit on success) and returns the state.
func (h *servedHook) finish(t *testing.T, failed bool) *jujusim.State {
	t.Helper()
	code := 0
	if failed {
		code = 1
	}
	if err := h.agent.Finish(code); err != nil {
		t.Fatal(err)
	}
	return h.agent.State()
}

var sentinels = []struct {
	name string
	err  error
}{
	{"ErrRelationNotFound", charm.ErrRelationNotFound}, {"ErrSecretNotFound", charm.ErrSecretNotFound},
	{"ErrNotLeader", charm.ErrNotLeader}, {"ErrNotInAction", charm.ErrNotInAction},
}

// secretFiles are the private files secret values travel in: their paths
// differ from run to run.
var secretFiles = regexp.MustCompile(`charm-secret-[0-9]+/`)

// describe renders a result and its error — every field of a *ToolError
// and the sentinels it matches — for comparison across paths.
func describe(v any, err error) string {
	b, _ := json.Marshal(v)
	s := string(b)
	if err != nil {
		var te *charm.ToolError
		if errors.As(err, &te) {
			s += fmt.Sprintf(" ToolError{Tool:%s Args:%q ExitCode:%d Stderr:%q}", te.Tool, te.Args, te.ExitCode, te.Stderr)
		} else {
			s += " error: " + err.Error()
		}
		for _, sn := range sentinels {
			if errors.Is(err, sn.err) {
				s += " is " + sn.name
			}
		}
	}
	return secretFiles.ReplaceAllString(s, "charm-secret-N/")
}

// runtimeCases drive every runtime method that calls a hook tool, and the
// backend directly for what the methods never send (an unknown command, a
// flag error, stdin asked for and not given). Each returns one line per
// call.
var runtimeCases = []struct {
	name  string
	hc    jujusim.HookContext
	setup func(*jujusim.State)
	run   func(c *charm.Context, b charm.Backend) []string
}{
	{name: "reads", hc: jujusim.HookContext{Hook: "config-changed"}, run: func(c *charm.Context, b charm.Backend) []string {
		rel := charm.RelationID{Endpoint: "db", ID: 3}
		var out []string
		add := func(v any, err error) { out = append(out, describe(v, err)) }
		add(c.Config())
		add(c.ConfigAll())
		add(c.IsLeader())
		add(c.State())
		add(c.RelationIDs("db"))
		add(c.RelationUnits(rel))
		add(c.RelationApp(rel))
		add(c.RelationData(rel, "mysql/0"))
		add(c.RelationAppData(rel, "mysql"))
		add(c.RelationData(charm.RelationID{Endpoint: "db", ID: 99}, "mysql/0"))
		add(c.RelationModel(rel))
		add(c.OpenedPorts())
		add(c.UnitStatus())
		add(c.AppStatus())
		add(c.NetworkGet("db"))
		add(c.GoalState())
		add(c.Storage("data/0"))
		add(c.StorageList(""))
		add(c.ResourcePath("image"))
		add(c.Credential())
		add(c.SecretIDs())
		add(c.SecretGet("", "nope", false, false))
		add(nil, c.ActionParams(&map[string]any{}))
		ctx := context.Background()
		for _, call := range [][]string{
			{"is-leader"}, {"config-get", "--bogus"}, {"leader-get"}, {"relation-set", "-r", "3", "--file", "-"},
			{"status-get", "--format=yaml", "--include-data"}, {"juju-log", "--format", "json", "hello"},
		} {
			stdout, err := b.Run(ctx, call[0], call[1:], nil)
			add(string(stdout), err)
		}
		stdout, err := b.Run(ctx, "relation-set", []string{"-r", "3", "--file", "-"}, []byte("from: stdin\n"))
		add(string(stdout), err)
		return out
	}},
	{name: "writes", hc: jujusim.HookContext{Hook: "config-changed"}, run: func(c *charm.Context, _ charm.Backend) []string {
		rel := charm.RelationID{Endpoint: "db", ID: 3}
		var out []string
		add := func(v any, err error) { out = append(out, describe(v, err)) }
		add(nil, c.SetState(map[string]string{"a": "1", "b": "two words"}))
		add(nil, c.SetState(map[string]string{"a": ""}))
		add(nil, c.SetRelationData(rel, false, map[string]string{"host": "web-0", "note": "  spaced  "}))
		add(nil, c.SetRelationData(rel, true, map[string]string{"database": "shop"}))
		add(c.RelationData(rel, "web/0"))
		add(nil, c.SetPorts(charm.TCP(8080), charm.UDP(53)))
		add(c.OpenedPorts())
		add(nil, c.SetWorkloadVersion("1.2.3"))
		add(nil, c.ApplyStatuses([]charm.Status{charm.WaitingStatus("for db"), charm.ActiveStatus("")}, nil))
		add(nil, c.SetUnitStatus(charm.ActiveStatus("--application")))
		add(nil, c.SetUnitStatus(charm.BlockedStatus("-h")))
		c.Logger().Info("hello", "k", "v w")
		id, err := c.SecretAdd(map[string]string{"password": "hunter2"}, charm.SecretOptions{Label: "db-pass"})
		add(id, err)
		tok, changed, err := c.EnsureSecret(map[string]string{"token": "t1"}, charm.SecretOptions{Label: "tok"})
		add([]any{tok, changed}, err)
		add(c.SecretGet("", "db-pass", true, false))
		add(c.SecretInfoGet("", "db-pass"))
		add(nil, c.SecretSet(id, map[string]string{"password": "hunter3"}, charm.SecretOptions{}))
		add(nil, c.SecretGrant(id, rel, ""))
		add(nil, c.SecretRevoke(id, &rel, "", ""))
		add(nil, c.AddStorage("data", 2))
		add(nil, c.Reboot(false))
		add(nil, c.Systemctl("daemon-reload"))
		add(nil, c.Systemctl("restart", "web.service"))
		add(c.Writes(), nil)
		return out
	}},
	{name: "typed errors", hc: jujusim.HookContext{Hook: "update-status"}, setup: func(s *jujusim.State) { s.Leader = false },
		run: func(c *charm.Context, _ charm.Backend) []string {
			var out []string
			add := func(v any, err error) { out = append(out, describe(v, err)) }
			add(nil, c.SetRelationData(charm.RelationID{Endpoint: "db", ID: 3}, true, map[string]string{"a": "b"}))
			add(nil, c.SetAppStatus(charm.ActiveStatus("")))
			add(nil, c.SetUnitStatus(charm.Status{Name: "error"}))
			add(nil, c.ApplyStatuses([]charm.Status{charm.MaintenanceStatus("-x")}, nil))
			add(c.SecretAdd(map[string]string{"abc": "d"}, charm.SecretOptions{}))
			add(nil, c.SecretRemove("secret:cpf2m2o1i3cc73d0ag99", 0))
			add(nil, c.FailAction("nope"))
			return out
		}},
	{name: "action", hc: jujusim.HookContext{ActionName: "backup"}, setup: func(s *jujusim.State) {
		s.Action = &jujusim.Action{Name: "backup", Params: map[string]any{"target": "s3", "n": int64(9007199254740993)}}
	}, run: func(c *charm.Context, _ charm.Backend) []string {
		var out []string
		add := func(v any, err error) { out = append(out, describe(v, err)) }
		params := map[string]any{}
		add(params, c.ActionParams(&params))
		add(nil, c.ActionLog("halfway"))
		add(nil, c.SetActionResults(map[string]any{"size": "10G", "nested": map[string]any{"ok": true}}))
		add(nil, c.FailAction("disk full"))
		add(nil, c.Reboot(true))
		return out
	}},
}

func runtimeState() *jujusim.State {
	st := baseState()
	st.Config["big"] = int64(9007199254740993)
	st.ConfigOptions["big"] = jujusim.ConfigOption{Type: "int"}
	st.ConfigOptions["ratio"] = jujusim.ConfigOption{Type: "float", Default: 1.5}
	st.Relations[0].LocalUnitData = map[string]string{"host": "old"}
	st.Storage = []jujusim.Storage{{ID: "data/0", Kind: "filesystem", Location: "/srv/data"}}
	st.Resources = map[string]string{"image": "/var/lib/juju/resources/image.tar"}
	st.Networks = map[string]jujusim.Network{"db": {IngressAddresses: []string{"10.0.0.5"}, EgressSubnets: []string{"10.0.0.0/24"}}}
	st.UnitStatus = jujusim.Status{Status: "active", Message: "ready"}
	st.AppStatus = jujusim.Status{Status: "waiting", Message: "w"}
	return st
}

// TestBackendsAgree runs every runtime method through each way of
// answering hook tools — in process, straight to the agent's socket, a
// tool process per call (forced with CHARMGEN_HOOK_TOOLS=exec), and the
// socket backend falling back to processes when its socket is dead — and
// requires the same results (values, every *ToolError field, errors.Is),
// the same writes and the same state after the hook.
func TestBackendsAgree(t *testing.T) {
	for _, tc := range runtimeCases {
		t.Run(tc.name, func(t *testing.T) {
			type outcome struct {
				Results []string
				Writes  []jujusim.Write
				State   *jujusim.State
			}
			got := map[path]outcome{}
			for _, p := range allPaths {
				st := runtimeState()
				if tc.setup != nil {
					tc.setup(st)
				}
				h := serve(t, st, tc.hc, p)
				res := tc.run(h.ctx, h.rec)
				writes := h.agent.Writes()
				got[p] = outcome{res, writes, h.finish(t, false)}
				if h.srv != nil {
					h.srv.Close()
				}
				switch p {
				case direct:
					// One connection for the hook, and one per call that
					// is not a hook tool (systemctl runs as a process).
					if n, want := h.srv.Connections(), 1+h.rec.count("systemctl"); n != want {
						t.Errorf("direct: %d connections, want %d", n, want)
					}
					if !h.backend.(*charm.AgentBackend).Direct() {
						t.Error("direct: the backend fell back to processes")
					}
				case deadSock, forced:
					if h.srv.Connections() != len(h.rec.calls) {
						t.Errorf("%s: %d connections for %d calls; want one process per call", p, h.srv.Connections(), len(h.rec.calls))
					}
					if p == deadSock && h.backend.(*charm.AgentBackend).Direct() {
						t.Error("fallback: a dead socket still counts as direct")
					}
				}
			}
			for _, p := range allPaths[1:] {
				if d := cmp.Diff(got[inProcess], got[p]); d != "" {
					t.Errorf("%s differs from in-process (-in-process +%s):\n%s", p, p, d)
				}
			}
		})
	}
}

// recorder is a Backend that records what reaches it and answers from
// another.
type recorder struct {
	calls []string
	next  charm.Backend
}

func (r *recorder) count(tool string) int {
	n := 0
	for _, c := range r.calls {
		if c == tool || strings.HasPrefix(c, tool+" ") {
			n++
		}
	}
	return n
}

func (r *recorder) Run(ctx context.Context, tool string, args []string, stdin []byte) ([]byte, error) {
	r.calls = append(r.calls, strings.TrimSpace(tool+" "+strings.Join(args, " ")))
	return r.next.Run(ctx, tool, args, stdin)
}

// TestAgentBackendRouting: hook tools go to the socket and nothing else
// does (systemctl is not a hook tool, and runs as a process); when the
// socket cannot be dialled, every call goes to the fallback.
func TestAgentBackendRouting(t *testing.T) {
	h := serve(t, runtimeState(), jujusim.HookContext{Hook: "start"}, direct)
	ab := h.backend.(*charm.AgentBackend)
	rec := &recorder{next: ab.Fallback}
	ab.Fallback = rec
	if _, err := h.ctx.IsLeader(); err != nil {
		t.Fatal(err)
	}
	if err := h.ctx.Systemctl("daemon-reload"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.calls, "; "); got != "systemctl daemon-reload" {
		t.Errorf("the fallback ran %q; want only systemctl", got)
	}
	if h.srv.Connections() != 2 || h.srv.Calls() != 2 {
		t.Errorf("connections %d calls %d: want the runtime's one plus systemctl's process", h.srv.Connections(), h.srv.Calls())
	}
	if charm.IsHookTool("systemctl") || !charm.IsHookTool("status-set") || !charm.IsHookTool("leader-get") {
		t.Error("IsHookTool")
	}

	dead := &charm.AgentBackend{Address: filepath.Join(t.TempDir(), "nobody.sock"), ContextID: "x", Fallback: &recorder{next: charm.ExecBackend{}}}
	if out, err := dead.Run(context.Background(), "true", nil, nil); err != nil || len(out) != 0 {
		t.Errorf("true through the fallback: %q %v", out, err)
	}
	rec2 := dead.Fallback.(*recorder)
	_, err := dead.Run(context.Background(), "is-leader", []string{"--format=json"}, nil)
	if len(rec2.calls) != 2 || rec2.calls[1] != "is-leader --format=json" || dead.Direct() {
		t.Errorf("with a dead socket is-leader went %v (direct %v, %v)", rec2.calls, dead.Direct(), err)
	}
}

// TestNewBackendChoice: New's backend follows the environment.
func TestNewBackendChoice(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "charm.ExecBackend"},
		{map[string]string{"JUJU_AGENT_SOCKET_ADDRESS": "/x.sock"}, "*charm.AgentBackend"},
		{map[string]string{"JUJU_AGENT_SOCKET_ADDRESS": "/x.sock", "CHARMGEN_HOOK_TOOLS": "exec"}, "charm.ExecBackend"},
		{map[string]string{"JUJU_AGENT_SOCKET_ADDRESS": "@/x", "JUJU_AGENT_SOCKET_NETWORK": "tcp", "CHARMGEN_HOOK_TOOLS": "socket"}, "*charm.AgentBackend"},
	} {
		b := charm.NewBackend(func(k string) string { return tc.env[k] })
		if got := fmt.Sprintf("%T", b); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.env, got, tc.want)
		}
	}
	b := charm.NewBackend(func(k string) string {
		return map[string]string{"JUJU_AGENT_SOCKET_ADDRESS": "127.0.0.1:9", "JUJU_AGENT_SOCKET_NETWORK": "tcp",
			"JUJU_CONTEXT_ID": "c", "JUJU_AGENT_TOKEN": "tok", "JUJU_UNIT_NAME": "web/0"}[k]
	}).(*charm.AgentBackend)
	if b.Network != "tcp" || b.Address != "127.0.0.1:9" || b.ContextID != "c" || b.Token != "tok" {
		t.Errorf("from the environment: %+v", b)
	}
}

// TestStatusReads counts what ApplyStatuses asks: leadership once, one
// status read (on the leader, the application's, which lists the unit's),
// and a status-set only for what differs. The generated dispatch adds
// config-get, so a converged charm costs three calls per hook.
func TestStatusReads(t *testing.T) {
	for _, tc := range []struct {
		name   string
		leader bool
		unit   jujusim.Status
		app    jujusim.Status
		want   []string
	}{
		{"converged leader", true, jujusim.Status{Status: "active"}, jujusim.Status{Status: "active"},
			[]string{"is-leader --format=json", "status-get --format=json --application --include-data"}},
		{"converged follower", false, jujusim.Status{Status: "active"}, jujusim.Status{},
			[]string{"is-leader --format=json", "status-get --format=json --include-data"}},
		{"leader, both change", true, jujusim.Status{Status: "maintenance", Message: "x"}, jujusim.Status{},
			[]string{"is-leader --format=json", "status-get --format=json --application --include-data",
				"status-set -- active", "status-set --application -- active"}},
		{"leader, app changes", true, jujusim.Status{Status: "active"}, jujusim.Status{Status: "blocked", Message: "b"},
			[]string{"is-leader --format=json", "status-get --format=json --application --include-data", "status-set --application -- active"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := runtimeState()
			st.Leader, st.UnitStatus, st.AppStatus = tc.leader, tc.unit, tc.app
			h := serve(t, st, jujusim.HookContext{Hook: "update-status"}, inProcess)
			rec := &recorder{next: h.backend}
			c := charm.NewContext(context.Background(), rec, h.ctx.Env())
			if err := c.ApplyStatuses([]charm.Status{charm.ActiveStatus("")}, nil); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, rec.calls); d != "" {
				t.Errorf("tool calls (-want +got):\n%s", d)
			}
			out := h.finish(t, false)
			if out.UnitStatus.Status != "active" || (tc.leader && out.AppStatus.Status != "active") {
				t.Errorf("statuses after: unit %+v app %+v", out.UnitStatus, out.AppStatus)
			}
			// Reading again in the same hook asks nothing more.
			n := len(rec.calls)
			if _, err := c.UnitStatus(); err != nil || len(rec.calls) != n {
				t.Errorf("UnitStatus read again: %v, calls %v", err, rec.calls[n:])
			}
		})
	}
}

// TestStatusMessageLikeAFlag: a message that starts with "-" is the
// message. Without "--", "--application" as a message made status-set set
// the application's status (to active, with no message).
func TestStatusMessageLikeAFlag(t *testing.T) {
	for _, p := range []path{inProcess, direct, forced} {
		st := runtimeState()
		h := serve(t, st, jujusim.HookContext{Hook: "config-changed"}, p)
		if err := h.ctx.ApplyStatuses([]charm.Status{charm.ActiveStatus("--application")}, []charm.Status{charm.BlockedStatus("-r 3")}); err != nil {
			t.Fatal(err)
		}
		out := h.finish(t, false)
		if out.UnitStatus != (jujusim.Status{Status: "active", Message: "--application"}) || out.AppStatus != (jujusim.Status{Status: "blocked", Message: "-r 3"}) {
			t.Errorf("%s: unit %+v app %+v", p, out.UnitStatus, out.AppStatus)
		}
	}
}

// TestConfigKeepsIntegers: config-get's integers come back exact — as
// float64 when a float64 holds them (the documented type), as json.Number
// beyond 2^53 — and floats stay float64.
func TestConfigKeepsIntegers(t *testing.T) {
	st := runtimeState()
	st.Config["neg"] = int64(-9007199254740995)
	st.ConfigOptions["neg"] = jujusim.ConfigOption{Type: "int"}
	h := serve(t, st, jujusim.HookContext{Hook: "config-changed"}, direct)
	cfg, err := h.ctx.Config()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"port": float64(8080), "debug": false, "ratio": 1.5,
		"big": json.Number("9007199254740993"), "neg": json.Number("-9007199254740995"),
	}
	if d := cmp.Diff(want, cfg); d != "" {
		t.Errorf("Config (-want +got):\n%s", d)
	}
	if n, err := cfg["big"].(json.Number).Int64(); err != nil || n != 9007199254740993 {
		t.Errorf("big = %d, %v", n, err)
	}
	all, err := h.ctx.ConfigAll()
	if err != nil || all["big"] != json.Number("9007199254740993") || all["motd"] != nil {
		t.Errorf("ConfigAll = %v, %v", all, err)
	}
}

// TestAgentBackendTLS: a socket that needs TLS (tcp with
// JUJU_AGENT_CA_CERT) is left to the tool processes, which check the
// agent's certificate as jujuc does (jujusim's TestToolMainTLS covers
// them), so that no charm links crypto/tls.
func TestAgentBackendTLS(t *testing.T) {
	env := map[string]string{"JUJU_AGENT_SOCKET_NETWORK": "tcp", "JUJU_AGENT_SOCKET_ADDRESS": "127.0.0.1:9",
		"JUJU_AGENT_CA_CERT": "/ca.pem", "JUJU_UNIT_NAME": "web/0", "JUJU_CONTEXT_ID": "c"}
	if b := charm.NewBackend(func(k string) string { return env[k] }); fmt.Sprintf("%T", b) != "charm.ExecBackend" {
		t.Fatalf("a TLS socket got %T, want the tool processes (charm.ExecBackend)", b)
	}
}

// TestAgentBackendDir: the request's Dir is the process's working
// directory, as jujuc sends it, so relative paths in arguments resolve as
// they would for a tool process.
func TestAgentBackendDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "kv.yaml"), []byte("from: file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, p := range []path{direct, forced} {
		h := serve(t, runtimeState(), jujusim.HookContext{Hook: "config-changed"}, p)
		if _, err := h.backend.Run(context.Background(), "state-set", []string{"--file", "kv.yaml"}, nil); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if h.agent.Dir != dir {
			t.Errorf("%s: the agent ran the tool in %q, want %q", p, h.agent.Dir, dir)
		}
		if st := h.finish(t, false); st.CharmState["from"] != "file" {
			t.Errorf("%s: state %v", p, st.CharmState)
		}
	}
}

// TestAgentBackendCancel: a call whose context ends before the agent
// answers fails as a killed tool process does (exit -1), and the next call
// dials a new connection rather than read the abandoned answer.
func TestAgentBackendCancel(t *testing.T) {
	dir, err := os.MkdirTemp("", "ag")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ln, err := net.Listen("unix", filepath.Join(dir, "mute.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c // an agent that never answers
		}
	}()
	b := &charm.AgentBackend{Address: ln.Addr().String(), ContextID: "c", Fallback: &recorder{next: charm.ExecBackend{}}}
	defer b.Close()
	held := make(chan net.Conn, 2)
	defer func() {
		close(held)
		for c := range held {
			c.Close()
		}
	}()
	for i := 0; i < 2; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { c := <-accepted; held <- c; cancel() }()
		_, err := b.Run(ctx, "is-leader", nil, nil)
		var te *charm.ToolError
		if !errors.As(err, &te) || te.ExitCode != -1 || !strings.Contains(te.Stderr, "context canceled") {
			t.Fatalf("call %d: %v, want a ToolError with exit -1", i, err)
		}
		if !b.Direct() || len(b.Fallback.(*recorder).calls) != 0 {
			t.Fatalf("call %d: a cancelled call fell back to a process", i)
		}
	}
}
