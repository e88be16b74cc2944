package daemon

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// timerSet runs the hooks file's timers. Each tick runs
//
//	juju-exec -u <unit> 'CHARMGEN_TIMER=<name> <charm dir>/dispatch'
//
// so the timer's scripts run in a real hook context (hook tools work, and
// the unit's lock serializes them with hooks). Lucky used juju-run, which
// Juju 3 renamed juju-exec.
type timerSet struct {
	s *server

	mu       sync.Mutex
	unit     string
	charmDir string
	path     string
	running  map[string]context.CancelFunc // name → stop
	spec     map[string]time.Duration
}

// timerCommand builds the juju-exec command of a tick; tests replace the
// runner.
func timerCommand(jujuExec, unit, charmDir, name string) []string {
	return []string{jujuExec, "-u", unit, "CHARMGEN_TIMER=" + name + " " + shellQuote(filepath.Join(charmDir, "dispatch"))}
}

var runTimerCommand = func(ctx context.Context, argv []string) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = withoutPrefix(os.Environ(), "CHARMGEN_")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// observe remembers where ticks must run from the latest hook.
func (t *timerSet) observe(env map[string]string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.unit, t.charmDir, t.path = env["JUJU_UNIT_NAME"], env["JUJU_CHARM_DIR"], env["PATH"]
}

// configure starts, stops or restarts timers to match the hooks file.
func (t *timerSet) configure(hf *HooksFile) {
	t.mu.Lock()
	defer t.mu.Unlock()
	want := map[string]time.Duration{}
	for _, tm := range hf.Timers {
		want[tm.Name] = tm.EveryDuration()
	}
	if t.running == nil {
		t.running, t.spec = map[string]context.CancelFunc{}, map[string]time.Duration{}
	}
	for name, stop := range t.running {
		if want[name] != t.spec[name] {
			stop()
			delete(t.running, name)
			delete(t.spec, name)
		}
	}
	for name, every := range want {
		if _, ok := t.running[name]; ok {
			continue
		}
		ctx, cancel := context.WithCancel(context.Background())
		t.running[name], t.spec[name] = cancel, every
		go t.loop(ctx, name, every)
	}
}

func (t *timerSet) loop(ctx context.Context, name string, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		t.mu.Lock()
		unit, charmDir, path := t.unit, t.charmDir, t.path
		t.mu.Unlock()
		jujuExec := lookIn(path, "juju-exec")
		if jujuExec == "" {
			fmt.Fprintf(os.Stderr, "timer %s: juju-exec not found\n", name)
			continue
		}
		tctx, cancel := context.WithTimeout(ctx, t.s.cfg.HookTimeout+t.s.cfg.QueueTimeout)
		if err := runTimerCommand(tctx, timerCommand(jujuExec, unit, charmDir, name)); err != nil {
			fmt.Fprintf(os.Stderr, "timer %s: %v\n", name, err)
		}
		cancel()
	}
}

// lookIn finds an executable in a PATH list, then in /usr/bin and /usr/sbin.
func lookIn(path, name string) string {
	for _, dir := range append(filepath.SplitList(path), "/usr/bin", "/usr/sbin") {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

func (t *timerSet) active() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.running) > 0
}

func (t *timerSet) stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for name, stop := range t.running {
		stop()
		delete(t.running, name)
	}
}
