// Package simrun runs a built charm's real dispatch against a simulated Juju
// unit, one event at a time: the engine behind `charmgen sim`.
//
// For each event it starts a jujusim Agent on the current state, serves it
// on a Unix socket named by JUJU_AGENT_SOCKET_ADDRESS in Juju's hook-tool
// protocol (net/rpc, Jujuc.Main), puts fake hook tools (links to a binary
// that forwards each call to that socket, as Juju's jujuc does) first on
// PATH, runs dispatch with the environment Juju would give, and then
// commits the hook's changes if dispatch exited 0 — as the real unit agent
// does. A Go charm's runtime calls the socket itself, without the tools.
//
// Which sim is which: this package is the CLI's simulation runner, which
// runs the charm as a process per hook. The unit agent it simulates is package jujusim (a library, whose
// Agent charm/charmtest calls directly, in process, with no hook process);
// `charmgen sim` is the command (internal/cli/sim.go) that drives this
// package; the simulated Pebble is package jujusim/pebblesim.
package simrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/charmgen/charmgen/daemon"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

// Runner runs events against a charm.
type Runner struct {
	// Dispatch is the charm's dispatch executable.
	Dispatch string
	// CharmDir is the charm directory (JUJU_CHARM_DIR, and the working
	// directory of dispatch).
	CharmDir string
	// ToolBinary answers as a hook tool when run under a tool's name
	// (charmgen itself).
	ToolBinary string
	// Output receives what dispatch prints (Juju logs it); nil discards it.
	Output io.Writer
	// Timeout bounds one hook; zero means 5 minutes.
	Timeout time.Duration
	// JujuVersion is JUJU_VERSION; empty means 4.0.0.
	JujuVersion string
	// Now is the clock the simulated Pebbles stamp changes, notices and
	// service states with; nil means time.Now.
	Now func() time.Time

	toolDir   string
	work      string
	daemonDir string
	pebbleDir string // the containers' sockets: short, for the socket path limit
}

// Step is what one event did.
type Step struct {
	Event    string
	Hook     jujusim.HookContext
	ExitCode int
	Writes   []jujusim.Write
	// ToolCalls is how many hook-tool calls the agent ran (a call the
	// agent refused, such as one from another hook, is not counted).
	ToolCalls int
	// ToolConnections is how many connections the agent accepted on its
	// socket: one per tool process, and one for the whole hook when the
	// charm's runtime talks to the socket itself (package charm does,
	// unless CHARMGEN_HOOK_TOOLS=exec).
	ToolConnections int
	Duration        time.Duration

	// Logs are the juju-log records the hook wrote, oldest first (kept
	// even when the hook failed, as Juju keeps its log).
	Logs []jujusim.LogRecord
	// Action is the action as it finished (status, results, failure
	// message); nil when the event is a hook.
	Action *jujusim.Action
	// FailedCalls are the hook tool calls that exited non-zero, in order.
	FailedCalls []jujusim.ToolCall
	// Stderr is the end of what dispatch wrote to stderr (at most 8 KiB).
	Stderr string
	// CommitError is set when dispatch exited 0 but the controller
	// refused the hook's changes (a quota), which fails the hook.
	CommitError string
}

// Start prepares the fake tools. Call Close when done.
func (r *Runner) Start() error {
	if r.ToolBinary == "" {
		return errors.New("sim: no tool binary")
	}
	work, err := os.MkdirTemp("", "charmgen-sim-")
	if err != nil {
		return err
	}
	r.work = work
	r.toolDir = filepath.Join(work, "tools")
	if err := os.Mkdir(r.toolDir, 0o700); err != nil {
		return err
	}
	if err := writePythonShim(filepath.Join(work, "python")); err != nil {
		return err
	}
	// Container names are at most 50 characters or so in practice; size
	// the socket directory for the longest name Juju allows in a path.
	if r.pebbleDir, err = pebblesim.SocketDir([]string{strings.Repeat("x", 40)}, work); err != nil {
		return err
	}
	for _, t := range jujusim.AllToolNames() {
		if err := os.Symlink(r.ToolBinary, filepath.Join(r.toolDir, t)); err != nil {
			return err
		}
	}
	// A daemon-layout charm keeps a daemon per unit; give it a directory
	// of this simulation's own (unless the caller chose one), so it never
	// meets a daemon of another run and Close can stop it.
	r.daemonDir = os.Getenv("CHARMGEN_DAEMON_DIR")
	if r.daemonDir == "" {
		r.daemonDir = filepath.Join(work, "d")
	}
	return nil
}

// Close stops a daemon the charm started and removes the fake tools and
// sockets.
func (r *Runner) Close() error {
	if r.work == "" {
		return nil
	}
	if r.daemonDir != "" && strings.HasPrefix(r.daemonDir, r.work) {
		if _, err := os.Stat(r.daemonDir); err == nil {
			daemon.Stop(r.daemonDir, 5*time.Second)
		}
	}
	if r.pebbleDir != "" {
		os.RemoveAll(r.pebbleDir)
	}
	return os.RemoveAll(r.work)
}

// BuildDispatch builds the charm's Go package pkg (relative to dir, as go
// build takes it) into the runner's work directory and returns the
// binary's path. The binary lives as long as the runner: Close removes it
// with the rest of the work directory, so a run that builds a charm
// leaves nothing behind in the temporary directory (it used to leave a
// charmgen-dispatch-* directory holding a 4.5 MB binary every time).
// Cancelling ctx kills the build. Call it after Start.
func (r *Runner) BuildDispatch(ctx context.Context, dir, pkg string, stdout, stderr io.Writer) (string, error) {
	if r.work == "" {
		return "", errors.New("sim: BuildDispatch before Start")
	}
	outDir, err := os.MkdirTemp(r.work, "build-")
	if err != nil {
		return "", err
	}
	out := filepath.Join(outDir, "dispatch")
	build := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	build.Dir = dir
	build.Stdout, build.Stderr = stdout, stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(outDir)
		return "", err
	}
	return out, nil
}

// Run runs one event on st and returns the state after it (st is not
// modified). A hook that exits non-zero is not an error: its changes are
// discarded, as Juju discards them, and Step.ExitCode says so.
func (r *Runner) Run(ctx context.Context, st *jujusim.State, event string) (*jujusim.State, Step, error) {
	step := Step{Event: event}
	st = st.Clone()
	hc, act, err := jujusim.ParseEvent(event, st)
	if err != nil {
		return nil, step, err
	}
	if act != nil {
		st.Action = act
	}
	hc = jujusim.Prepare(st, hc)
	hc.CharmDir = r.CharmDir
	hc.JujuVersion = r.JujuVersion
	if hc.JujuVersion == "" {
		hc.JujuVersion = "4.0.0"
	}
	sock := filepath.Join(r.work, "agent.sock")
	os.Remove(sock)
	hc.SocketAddress, hc.SocketNetwork = sock, "unix"
	agent, err := jujusim.NewAgent(st, hc)
	if err != nil {
		return nil, step, err
	}
	step.Hook = agent.HookContext()
	pebbles, err := r.servePebble(st)
	defer pebbles.close()
	if err != nil {
		return nil, step, err
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil, step, err
	}
	os.Chmod(sock, 0o600)
	env := agent.Environ()
	srv := jujusim.ServeTools(ln, agent, env["JUJU_CONTEXT_ID"])

	timeout := r.Timeout
	if timeout == 0 {
		timeout = 5 * time.Minute
	}
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(hctx, r.Dispatch)
	cmd.Dir = r.CharmDir
	cmd.Env = r.environ(env)
	var out bytes.Buffer
	stderr := captureOutput(cmd, &out)
	start := time.Now()
	runErr := cmd.Run()
	step.Duration = time.Since(start)
	srv.Close()
	step.ToolCalls, step.ToolConnections = srv.Calls(), srv.Connections()
	if r.Output != nil && out.Len() > 0 {
		r.Output.Write(out.Bytes())
	}
	switch {
	case runErr == nil:
	case cmd.ProcessState != nil && cmd.ProcessState.Exited():
		step.ExitCode = cmd.ProcessState.ExitCode()
	case cmd.ProcessState != nil:
		// Killed (timeout or signal): Juju reports a hook failure.
		step.ExitCode = -1
	default:
		return nil, step, fmt.Errorf("cannot run %s: %w", r.Dispatch, runErr)
	}
	step.Writes = agent.Writes()
	containers, pebbleWrites := pebbles.finish()
	step.Writes = append(step.Writes, pebbleWrites...)
	code := step.ExitCode
	if code < 0 {
		code = 1
	}
	if err := agent.Finish(code); err != nil {
		// The controller refused the hook's changes (a quota): Juju
		// fails the hook and discards them.
		var ce *jujusim.CommitError
		if !errors.As(err, &ce) {
			return nil, step, err
		}
		code, step.ExitCode, step.CommitError = 1, 1, ce.Error()
	}
	next := agent.State()
	step.report(st, next, agent, stderr)
	// Pebble acts at once: what the hook did to its containers stays
	// even when the hook failed.
	for _, c := range containers {
		if nc := next.Container(c.Name); nc != nil {
			*nc = c
		}
	}
	if code == 0 {
		jujusim.Advance(next, hc)
	}
	return next, step, nil
}

// environ is the hook's environment: the process environment without any
// JUJU_ variables, then the hook's, with the fake tools first on PATH.
func (r *Runner) environ(hook map[string]string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "JUJU_") || k == "CHARM_DIR" || k == "PATH" || k == "PYTHONPATH" || k == "CHARMGEN_PEBBLE_DIR" {
			continue
		}
		env = append(env, kv)
	}
	keys := make([]string, 0, len(hook))
	for k := range hook {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+hook[k])
	}
	if r.daemonDir != "" && os.Getenv("CHARMGEN_DAEMON_DIR") == "" {
		env = append(env, "CHARMGEN_DAEMON_DIR="+r.daemonDir)
	}
	// The containers' Pebble sockets, for charmgen's runtime; Python ops
	// charms get them through the sitecustomize shim.
	env = append(env, "CHARMGEN_PEBBLE_DIR="+r.pebbleDir)
	pythonPath := filepath.Join(r.work, "python")
	if p := os.Getenv("PYTHONPATH"); p != "" {
		pythonPath += string(os.PathListSeparator) + p
	}
	env = append(env, "PYTHONPATH="+pythonPath)
	return append(env, "PATH="+r.toolDir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// Timeline renders a step: a line with the event, exit code, statuses and
// writes, then, indented under it, the juju-log records at WARNING and
// above, the action's outcome and results, and for a failed hook the tool
// calls that failed and the last lines of its stderr. The first line's
// columns never change, so scripts can match it (^install +exit=0 ...);
// the indented lines never start with an event name.
func Timeline(step Step, st *jujusim.State) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-32s exit=%d tools=%d", step.Event, step.ExitCode, step.ToolCalls)
	fmt.Fprintf(&b, "  unit=%s", statusText(st.UnitStatus))
	if st.Leader {
		fmt.Fprintf(&b, "  app=%s", statusText(st.AppStatus))
	}
	if step.ExitCode != 0 {
		b.WriteString("  (changes discarded)")
	}
	if len(step.Writes) > 0 {
		b.WriteString("  wrote:")
		seen := map[string]bool{}
		for _, w := range step.Writes {
			s := w.Target
			if w.Key != "" {
				s += "[" + w.Key + "]"
			}
			if !seen[s] {
				seen[s] = true
				b.WriteString(" " + s)
			}
		}
	}
	for _, l := range step.details() {
		b.WriteString("\n" + l)
	}
	return b.String()
}

func statusText(s jujusim.Status) string {
	if s.Status == "" {
		return "-"
	}
	if s.Message == "" {
		return s.Status
	}
	return fmt.Sprintf("%s(%q)", s.Status, s.Message)
}

// pebbles are the simulated Pebbles of one hook, one per container.
type pebbles struct {
	servers []*pebblesim.Server
	names   []string
	roots   map[string]bool // roots the runner made (not kept in the state)
}

// servePebble serves each container of st on its socket,
// <pebbleDir>/<name>/pebble.socket. A container without a root gets one in
// the runner's work directory, kept for the rest of the run but not in the
// state: set root in the state to keep a container's files between runs.
func (r *Runner) servePebble(st *jujusim.State) (*pebbles, error) {
	ps := &pebbles{roots: map[string]bool{}}
	if len(st.Containers) == 0 {
		return ps, nil
	}
	now := r.Now
	if now == nil {
		now = time.Now
	}
	for i := range st.Containers {
		c := st.Containers[i].Clone()
		if c.Root == "" {
			c.Root = filepath.Join(r.work, "fs", c.Name)
			if err := os.MkdirAll(c.Root, 0o755); err != nil {
				return ps, err
			}
			ps.roots[c.Name] = true
		}
		dir := filepath.Join(r.pebbleDir, c.Name)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return ps, err
		}
		sock := filepath.Join(dir, "pebble.socket")
		os.Remove(sock)
		srv, err := pebblesim.ListenAndServe(sock, &c, pebblesim.WithClock(now))
		if err != nil {
			return ps, fmt.Errorf("container %s: %w", c.Name, err)
		}
		ps.servers = append(ps.servers, srv)
		ps.names = append(ps.names, c.Name)
	}
	return ps, nil
}

// finish stops the Pebbles and returns their containers and the writes the
// charm made through them, as "pebble:<container>" writes.
func (ps *pebbles) finish() ([]pebblesim.Container, []jujusim.Write) {
	var cs []pebblesim.Container
	var ws []jujusim.Write
	for i, srv := range ps.servers {
		srv.Close()
		c := srv.Container()
		if ps.roots[c.Name] {
			c.Root = ""
		}
		cs = append(cs, c)
		for _, w := range srv.Writes() {
			ws = append(ws, jujusim.Write{Tool: "pebble", Target: "pebble:" + ps.names[i], Key: w})
		}
	}
	ps.servers = nil
	return cs, ws
}

// close stops whatever finish did not.
func (ps *pebbles) close() {
	if ps == nil {
		return
	}
	for _, srv := range ps.servers {
		srv.Close()
	}
}

// pythonShim is the sitecustomize.py charmgen sim puts first on PYTHONPATH.
// ops (and any Pebble client) connects to /charm/containers/<name>/
// pebble.socket, where Juju mounts the sockets; the shim sends those
// connections to the simulator's sockets, so an unmodified ops charm
// drives the simulated Pebble.
const pythonShim = `# Written by charmgen sim: route Pebble sockets to the simulator.
import os
import socket

_dir = os.environ.get("CHARMGEN_PEBBLE_DIR")
if _dir:
    _prefix = "/charm/containers/"
    _connect = socket.socket.connect

    def _charmgen_connect(self, address):
        if self.family == socket.AF_UNIX and isinstance(address, str) and address.startswith(_prefix):
            address = os.path.join(_dir, address[len(_prefix):])
        return _connect(self, address)

    socket.socket.connect = _charmgen_connect
`

func writePythonShim(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "sitecustomize.py"), []byte(pythonShim), 0o600)
}
