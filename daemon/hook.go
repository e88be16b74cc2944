package daemon

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/charm"
)

// Config is what a charm gives Main.
type Config struct {
	// Name is the charm's name: the command its scripts call back
	// (NAME kv get, NAME status set, ...).
	Name string
	// Reconcile is the charm's Go reconciler, run in process for every hook
	// and action before the hook's scripts. Nil runs scripts only.
	Reconcile Reconciler
	// HooksFile is the hooks file's path in the charm directory; empty
	// means charmgen-hooks.yaml.
	HooksFile string
	// IdleTimeout stops the daemon after this long without a hook (the
	// next hook starts it again); zero means 30 minutes.
	// CHARMGEN_DAEMON_IDLE (a Go duration) overrides it.
	IdleTimeout time.Duration
	// HookTimeout bounds one hook, reconciler and scripts; zero means an
	// hour.
	HookTimeout time.Duration
	// QueueTimeout bounds how long a hook waits for the one before it;
	// zero means 10 minutes. CHARMGEN_DAEMON_QUEUE overrides it.
	QueueTimeout time.Duration
}

func (c Config) withDefaults() Config {
	if c.Name == "" {
		c.Name = "charm"
	}
	if c.HooksFile == "" {
		c.HooksFile = DefaultHooksFile
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = defaultIdle
	}
	if d, err := time.ParseDuration(os.Getenv("CHARMGEN_DAEMON_IDLE")); err == nil && d > 0 {
		c.IdleTimeout = d
	}
	if c.HookTimeout <= 0 {
		c.HookTimeout = defaultHookTimeout
	}
	if c.QueueTimeout <= 0 {
		c.QueueTimeout = defaultQueue
	}
	if d, err := time.ParseDuration(os.Getenv("CHARMGEN_DAEMON_QUEUE")); err == nil && d > 0 {
		c.QueueTimeout = d
	}
	return c
}

// Reconciler is a charm's Go reconciler: it makes the unit match its
// inputs and returns the statuses it wants shown; the daemon shows the
// most urgent of them and of the scripts' (blocked > maintenance > waiting
// > active). An error fails the hook, and Juju retries it.
type Reconciler func(h *Hook) ([]charm.Status, error)

// Hook is what a Reconciler gets: the hook's charm.Context (hook tools run
// with this hook's environment), the unit's KV store, and the hook's
// output, which the client prints (Juju logs it).
type Hook struct {
	*charm.Context
	// Event is the hook name, action:<name> or timer:<name>.
	Event string
	// KV is the unit's key/value store, shared with the scripts.
	KV *KV
	// Stdout and Stderr stream to the hook's output.
	Stdout, Stderr io.Writer
}

// hookRun is the running hook, as the script commands see it.
type hookRun struct {
	token string
	event string
	env   []string
	c     *charm.Context
	tx    *tx
	hf    *HooksFile
	out   *stream

	mu       sync.Mutex
	closed   bool
	inflight sync.WaitGroup
}

func (h *hookRun) enter() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.inflight.Add(1)
	return true
}

func (h *hookRun) leave() { h.inflight.Done() }

// close ends the hook for script commands: no new one is admitted, and it
// waits (bounded) for those in flight.
func (h *hookRun) close() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	done := make(chan struct{})
	go func() { h.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(cliTimeout):
	}
}

// runHook runs one hook: the reconciler, then the scripts, then, if all
// succeeded, the KV and status writes. It returns the hook's exit code.
func (s *server) runHook(env map[string]string, out *stream) int {
	ctx, cancel := s.hookContext()
	defer cancel()
	event := hookKey(env)
	list := envList(env)
	getenv := func(k string) string { return env[k] }
	backend := hookBackend(getenv, charm.ExecBackend{Dir: s.toolsDir(env["PATH"]), Env: list})
	defer closeBackend(backend)
	c := charm.NewContext(ctx, backend, charm.EnvFrom(getenv, ""))
	stderr := out.writer(2)
	h := &hookRun{token: newToken(), event: event, env: list, c: c, tx: s.store.begin(c), out: out}
	s.timers.observe(env)

	s.mu.Lock()
	s.cur = h
	s.mu.Unlock()
	defer func() {
		h.close()
		s.mu.Lock()
		s.cur = nil
		s.mu.Unlock()
	}()

	hf, err := s.hooks.load(env["JUJU_CHARM_DIR"], s.cfg.HooksFile)
	if err != nil {
		fmt.Fprintf(stderr, "ERROR %v\n", err)
		return 1
	}
	h.hf = hf
	s.timers.configure(hf)

	if s.cfg.Reconcile != nil {
		statuses, err := s.reconcile(h)
		if err != nil {
			fmt.Fprintf(stderr, "ERROR reconcile (%s): %v\n", event, err)
			return 1
		}
		// No status means no opinion this hook (as with ops'
		// collect-status): the slot keeps what the reconciler last said.
		if len(statuses) > 0 {
			if err := h.setSlot("reconciler", statuses); err != nil {
				fmt.Fprintf(stderr, "ERROR %v\n", err)
				return 1
			}
		}
	}
	if code := s.runScripts(ctx, h, hf.scriptsFor(event)); code != 0 {
		return code
	}
	h.close() // no script command may write past this point
	statusChanged := h.tx.dirty(statusPrefix)
	if err := h.tx.commit(); err != nil {
		fmt.Fprintf(stderr, "ERROR %v\n", err)
		return 1
	}
	if statusChanged {
		if err := s.applyStatus(h); err != nil {
			fmt.Fprintf(stderr, "ERROR setting status: %v\n", err)
			return 1
		}
	}
	return 0
}

// hookBackend is how one hook's tools are run: the runtime's own choice
// (charm.NewBackend), made from the hook's environment — its
// JUJU_AGENT_SOCKET_ADDRESS/_NETWORK, JUJU_CONTEXT_ID, JUJU_AGENT_TOKEN,
// CHARMGEN_HOOK_TOOLS — never the daemon's, which has none of them. Calls
// go straight to that hook's agent socket in Juju's hook-tool protocol,
// over one connection for the hook; procs (the tools directory found on
// the hook's PATH, then the daemon's PATH for commands such as systemctl,
// with the hook's environment) runs what the socket does not: every call
// when the socket cannot be dialled, there is none, or the hook says
// CHARMGEN_HOOK_TOOLS=exec, and commands that are not hook tools.
func hookBackend(getenv func(string) string, procs charm.ExecBackend) charm.Backend {
	b, ok := charm.NewBackend(getenv).(*charm.AgentBackend)
	if !ok {
		return procs
	}
	b.Fallback = procs
	return b
}

// closeBackend hangs up on the hook's agent: the daemon outlives the hook,
// so the connection would otherwise stay open until it exits.
func closeBackend(b charm.Backend) {
	if c, ok := b.(interface{ Close() error }); ok {
		c.Close()
	}
}

func (s *server) reconcile(h *hookRun) (statuses []charm.Status, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return s.cfg.Reconcile(&Hook{Context: h.c, Event: h.event, KV: &KV{tx: h.tx}, Stdout: h.out.writer(1), Stderr: h.out.writer(2)})
}

// setSlot records the statuses of one slot (a script or the reconciler):
// the most urgent of them, or none.
func (h *hookRun) setSlot(slot string, statuses []charm.Status) error {
	key := statusPrefix + slot
	st, ok := charm.Highest(statuses...)
	if !ok {
		return h.tx.set(key, nil)
	}
	b, _ := json.Marshal(st)
	v := string(b)
	return h.tx.set(key, &v)
}

// applyStatus sets the unit status to the most urgent slot; messages of
// the slots at that level are joined, the reconciler's first.
func (s *server) applyStatus(h *hookRun) error {
	slots, err := h.tx.list(statusPrefix)
	if err != nil {
		return err
	}
	names := sortedKeys(slots)
	if _, ok := slots["reconciler"]; ok {
		rest := names[:0:0]
		for _, n := range names {
			if n != "reconciler" {
				rest = append(rest, n)
			}
		}
		names = append([]string{"reconciler"}, rest...)
	}
	var all []charm.Status
	for _, name := range names {
		var st charm.Status
		if json.Unmarshal([]byte(slots[name]), &st) == nil {
			all = append(all, st)
		}
	}
	top, ok := charm.Highest(all...)
	if !ok {
		return nil
	}
	var msgs []string
	for _, st := range all {
		if st.Name == top.Name && st.Message != "" {
			msgs = append(msgs, st.Message)
		}
	}
	top.Message = strings.Join(msgs, ", ")
	return h.c.SetUnitStatus(top)
}

// runScripts runs the event's scripts in order; async ones are joined
// before it returns. The first failure stops the sequence.
func (s *server) runScripts(ctx context.Context, h *hookRun, scripts []Script) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	code := 0
	fail := func(c int) {
		mu.Lock()
		if code == 0 {
			code = c
		}
		mu.Unlock()
	}
	for _, sc := range scripts {
		mu.Lock()
		failed := code != 0
		mu.Unlock()
		if failed {
			break
		}
		if sc.Async {
			wg.Add(1)
			go func(sc Script) {
				defer wg.Done()
				fail(s.runScript(ctx, h, sc))
			}(sc)
			continue
		}
		fail(s.runScript(ctx, h, sc))
	}
	wg.Wait()
	return code
}

func (s *server) runScript(ctx context.Context, h *hookRun, sc Script) int {
	stderr := h.out.writer(2)
	charmDir := h.c.Env().CharmDir
	if d := sc.TimeoutDuration(); d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	var argv []string
	if sc.Script != "" {
		argv = append([]string{filepath.Join(charmDir, "scripts", filepath.Clean("/" + sc.Script)[1:])}, sc.Args...)
	} else {
		shell := sc.Shell
		if len(shell) == 0 {
			shell = []string{"/bin/sh", "-ec"}
		}
		argv = append(append(append([]string{}, shell...), sc.Inline, sc.ID), sc.Args...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = charmDir
	exe, _ := os.Executable()
	cmd.Env = append(withoutPrefix(h.env, "CHARMGEN_"),
		"CHARMGEN_TOKEN="+h.token,
		"CHARMGEN_SOCKET="+filepath.Join(s.dir, sockName),
		"CHARMGEN_SCRIPT_ID="+sc.ID,
		"CHARMGEN_HOOK="+h.event,
		"CHARMGEN_CLI="+exe,
		"PATH="+s.binDir()+string(os.PathListSeparator)+envValue(h.env, "PATH"),
	)
	cmd.Stdout, cmd.Stderr = h.out.writer(1), stderr
	cmd.SysProcAttr = scriptAttr()
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "ERROR script %s: %v\n", sc.ID, err)
		if sc.IgnoreFailure {
			return 0
		}
		return 1
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			killGroup(cmd.Process.Pid)
		case <-done:
		}
	}()
	err := cmd.Wait()
	close(done)
	if err == nil {
		return 0
	}
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "ERROR script %s: killed after its time limit\n", sc.ID)
	} else {
		fmt.Fprintf(stderr, "ERROR script %s: %v\n", sc.ID, err)
	}
	if sc.IgnoreFailure {
		return 0
	}
	return 1
}

// binDir holds a link named after the charm to this binary, first on the
// scripts' PATH, so scripts call NAME.
func (s *server) binDir() string {
	dir := filepath.Join(s.dir, binName)
	link := filepath.Join(dir, s.cfg.Name)
	exe, err := os.Executable()
	if err != nil {
		return dir
	}
	if cur, err := os.Readlink(link); err == nil && cur == exe {
		return dir
	}
	os.MkdirAll(dir, 0o700)
	tmp := link + ".tmp"
	os.Remove(tmp)
	if os.Symlink(exe, tmp) == nil {
		os.Rename(tmp, link)
	}
	return dir
}

func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}
