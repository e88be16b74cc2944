package daemon

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
)

// agentHook is one hook's simulated unit agent, served on its own socket
// as Juju serves it, and the environment a hook gets from it.
type agentHook struct {
	agent *jujusim.Agent
	srv   *jujusim.ToolServer
	env   []string
	// hungUp counts the agent's connections that their client closed.
	hungUp *closeCounter
}

func serveHook(t *testing.T, u *unit, hook string, extra ...string) *agentHook {
	t.Helper()
	return serveHookIn(t, u, newState(), jujusim.HookContext{Hook: hook}, extra...)
}

// newState is the state of a leader unit tcharm/0 with nothing else.
func newState() *jujusim.State {
	return &jujusim.State{Model: jujusim.Model{Name: "m", UUID: "11111111-2222-3333-4444-555555555555"}, Unit: "tcharm/0", Leader: true}
}

// serveHookIn serves the hook hc (its Hook and any relation fields set)
// against state st.
func serveHookIn(t *testing.T, u *unit, st *jujusim.State, hc jujusim.HookContext, extra ...string) *agentHook {
	t.Helper()
	dir, err := os.MkdirTemp("", "dh") // short: the socket path limit
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "agent.sock")
	u.n++
	hc.CharmDir, hc.SocketAddress, hc.SocketNetwork = u.charmDir, sock, "unix"
	hc.ContextID = fmt.Sprintf("tcharm/0-%s-%d", hc.Hook, u.n)
	agent, err := jujusim.NewAgent(st, hc)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	cc := &closeCounter{}
	h := &agentHook{agent: agent, hungUp: cc}
	hookEnv := agent.Environ()
	h.srv = jujusim.ServeTools(countingListener{ln, cc}, agent, hookEnv["JUJU_CONTEXT_ID"])
	t.Cleanup(func() { h.srv.Close() })
	for k, v := range hookEnv {
		h.env = append(h.env, k+"="+v)
	}
	h.env = append(h.env, "CHARMGEN_DAEMON_DIR="+u.dir)
	h.env = append(h.env, extra...)
	return h
}

// run runs the hook through the dispatch client and commits it.
func (h *agentHook) run(t *testing.T) *jujusim.State {
	t.Helper()
	var out strings.Builder
	code := RunHook(h.env, &out, &out)
	if err := h.agent.Finish(code); err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("hook exited %d: %s", code, out.String())
	}
	return h.agent.State()
}

// TestHookToolsGoToTheHooksSocket: the daemon runs the reconciler's hook
// tools against the agent socket of the hook at hand, named by that
// hook's environment (the daemon's own has none), over one connection
// that it closes when the hook ends; a PATH without hook tools does not
// matter. Each hook, with its own socket and context id, reaches its own
// agent.
func TestHookToolsGoToTheHooksSocket(t *testing.T) {
	u := newUnit(t)
	empty := t.TempDir()
	for i := range 2 {
		h := serveHook(t, u, "config-changed", "PATH="+empty)
		st := h.run(t)
		if st.UnitStatus.Status != "active" || st.UnitStatus.Message != "ok" {
			t.Errorf("hook %d: unit status %+v", i, st.UnitStatus)
		}
		if h.srv.Calls() == 0 || h.srv.Connections() != 1 {
			t.Errorf("hook %d: %d calls over %d connections, want one connection", i, h.srv.Calls(), h.srv.Connections())
		}
		waitFor(t, "the daemon to hang up on the hook's agent", func() bool { return h.hungUp.n() == 1 })
	}
}

// TestHookToolsExecFallback: with CHARMGEN_HOOK_TOOLS=exec in the hook's
// environment, or a socket that cannot be dialled, the daemon runs the
// tools as processes from the tools directory on the hook's PATH, with
// the hook's environment (the tool processes reach the agent themselves).
func TestHookToolsExecFallback(t *testing.T) {
	bin := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range jujusim.AllToolNames() {
		if err := os.Symlink(exe, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	u := newUnit(t)
	h := serveHook(t, u, "config-changed", "PATH="+bin, charm.HookToolsEnv+"=exec")
	st := h.run(t)
	if st.UnitStatus.Status != "active" || st.UnitStatus.Message != "ok" {
		t.Errorf("exec: unit status %+v", st.UnitStatus)
	}
	if h.srv.Calls() < 2 || h.srv.Connections() != h.srv.Calls() {
		t.Errorf("exec: %d calls over %d connections, want one per tool process", h.srv.Calls(), h.srv.Connections())
	}

	// A socket that cannot be dialled: the calls go to processes, found
	// in the tools directory and given the hook's environment. (This one
	// has no agent address, so the tool process says so: the point is
	// that it ran.) Without a socket, processes only.
	env := map[string]string{"JUJU_AGENT_SOCKET_ADDRESS": filepath.Join(t.TempDir(), "gone.sock"), "JUJU_CONTEXT_ID": "x"}
	b := hookBackend(func(k string) string { return env[k] }, charm.ExecBackend{Dir: bin, Env: []string{"A=1"}})
	ab, ok := b.(*charm.AgentBackend)
	if !ok {
		t.Fatalf("hookBackend with a socket = %T, want *charm.AgentBackend", b)
	}
	_, err = ab.Run(context.Background(), "is-leader", nil, nil)
	var te *charm.ToolError
	if !errors.As(err, &te) || !strings.Contains(te.Stderr, "JUJU_AGENT_SOCKET_ADDRESS is not set") {
		t.Errorf("is-leader with a dead socket: %v", err)
	}
	if ab.Direct() {
		t.Error("the dead socket was not given up for processes")
	}
	if p, ok := hookBackend(func(string) string { return "" }, charm.ExecBackend{Dir: bin}).(charm.ExecBackend); !ok || p.Dir != bin {
		t.Errorf("hookBackend without a socket = %#v", p)
	}
}

// closeCounter counts connections whose Close was called.
type closeCounter struct {
	mu     sync.Mutex
	closed int
}

func (c *closeCounter) n() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

type countingListener struct {
	net.Listener
	c *closeCounter
}

func (l countingListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, c: l.c}, nil
}

type countingConn struct {
	net.Conn
	c    *closeCounter
	once sync.Once
}

func (c *countingConn) Close() error {
	c.once.Do(func() {
		c.c.mu.Lock()
		c.c.closed++
		c.c.mu.Unlock()
	})
	return c.Conn.Close()
}
