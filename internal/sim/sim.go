// Package sim runs a built charm's real dispatch against a simulated Juju
// unit, one event at a time: the engine behind `charmgen sim`.
//
// For each event it starts a jujusim Agent on the current state, serves it
// on a Unix socket named by JUJU_AGENT_SOCKET_ADDRESS, puts fake hook tools
// (links to a binary that forwards each call to that socket) first on PATH,
// runs dispatch with the environment Juju would give, and then commits the
// hook's changes if dispatch exited 0 — as the real unit agent does.
package sim

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

	toolDir   string
	work      string
	daemonDir string
}

// Step is what one event did.
type Step struct {
	Event    string
	Hook     jujusim.HookContext
	ExitCode int
	Writes   []jujusim.Write
	// ToolCalls is how many hook-tool processes the hook ran.
	ToolCalls int
	Duration  time.Duration
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
	return os.RemoveAll(r.work)
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
	jujusim.Prepare(st, hc)
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
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	runErr := cmd.Run()
	step.Duration = time.Since(start)
	srv.Close()
	step.ToolCalls = srv.Calls()
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
	code := step.ExitCode
	if code < 0 {
		code = 1
	}
	if err := agent.Finish(code); err != nil {
		return nil, step, err
	}
	next := agent.State()
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
		if strings.HasPrefix(k, "JUJU_") || k == "CHARM_DIR" || k == "PATH" {
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
	return append(env, "PATH="+r.toolDir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// Timeline renders a step as one line: event, exit code, statuses, writes.
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
