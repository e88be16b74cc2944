package daemon

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestHookRoundTrip: the first hook starts the daemon, the next ones reuse
// it; output streams back; the socket and directory are private.
func TestHookRoundTrip(t *testing.T) {
	u := newUnit(t)
	u.writeHooks("hooks:\n  hold:\n    - inline: echo out-$CHARMGEN_HOOK; echo err >&2\n")
	code, out := u.hook("hold")
	if code != 0 || !strings.Contains(out, "out-hold") || !strings.Contains(out, "err") {
		t.Fatalf("hold: %d %q", code, out)
	}
	pid, err := PID(u.dir)
	if err != nil {
		t.Fatal(err)
	}
	if code, out := u.hook("update-status"); code != 0 {
		t.Fatalf("update-status: %d %q", code, out)
	}
	if pid2, _ := PID(u.dir); pid2 != pid {
		t.Errorf("second hook started another daemon: %d then %d", pid, pid2)
	}
	for path, want := range map[string]os.FileMode{u.dir: 0o700, filepath.Join(u.dir, sockName): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, fi.Mode().Perm(), want)
		}
	}
	// A panicking reconciler fails the hook; the daemon lives on.
	if code, out := u.hook("panic"); code != 1 || !strings.Contains(out, "reconciler bug") {
		t.Errorf("panic hook: %d %q", code, out)
	}
	if !Running(u.dir) {
		t.Error("daemon died with a panicking reconciler")
	}
}

// TestTwoClientsSerialized: two hooks at once are served one after the
// other: their scripts never overlap.
func TestTwoClientsSerialized(t *testing.T) {
	u := newUnit(t)
	logf := filepath.Join(u.charmDir, "order.log")
	u.writeHooks(`hooks:
  hold:
    - inline: |
        echo "start $JUJU_CONTEXT_ID" >> order.log
        sleep 0.2
        echo "end $JUJU_CONTEXT_ID" >> order.log
`)
	if code, out := u.hook("update-status"); code != 0 { // start the daemon
		t.Fatal(out)
	}
	envs := [][]string{u.env("hold"), u.env("hold"), u.env("hold")}
	var wg sync.WaitGroup
	codes := make([]int, len(envs))
	for i, env := range envs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			codes[i] = RunHook(env, &out, &out)
		}()
	}
	wg.Wait()
	b, _ := os.ReadFile(logf)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2*len(envs) {
		t.Fatalf("order log:\n%s", b)
	}
	for i := 0; i < len(lines); i += 2 {
		a, z := strings.TrimPrefix(lines[i], "start "), strings.TrimPrefix(lines[i+1], "end ")
		if !strings.HasPrefix(lines[i], "start ") || a != z {
			t.Errorf("hooks overlapped:\n%s", b)
			break
		}
	}
	for i, c := range codes {
		if c != 0 {
			t.Errorf("client %d exited %d", i, c)
		}
	}
}

// TestScriptsOrderAsyncAndFailure: scripts run in order, async ones are
// joined before the hook returns, a failing script fails the hook and
// stops the sequence, ignore-failure does not.
func TestScriptsOrderAsyncAndFailure(t *testing.T) {
	u := newUnit(t)
	os.WriteFile(filepath.Join(u.charmDir, "scripts", "args.py"), []byte("#!/bin/sh\necho \"file $1 $2\" >> run.log\n"), 0o755)
	u.writeHooks(`hooks:
  hold:
    - inline: sleep 0.2; echo async >> run.log
      async: true
    - script: args.py
      args: [a, "b c"]
    - inline: echo "$0" >> run.log
      id: named
    - inline: exit 4
      ignore-failure: true
  start:
    - inline: exit 3
    - inline: echo never >> run.log
`)
	if code, out := u.hook("hold"); code != 0 {
		t.Fatalf("hold: %d %s", code, out)
	}
	b, _ := os.ReadFile(filepath.Join(u.charmDir, "run.log"))
	if got := string(b); got != "file a b c\nnamed\nasync\n" {
		t.Errorf("run.log = %q", got)
	}
	code, out := u.hook("start")
	if code != 1 || !strings.Contains(out, "exit status 3") {
		t.Errorf("start: %d %q", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(u.charmDir, "run.log")); strings.Contains(string(b), "never") {
		t.Error("a script ran after a failed one")
	}
}

// TestTokenBoundToHook: a script's token works during its hook only; a
// made-up token never works; NAME without a token is refused.
func TestTokenBoundToHook(t *testing.T) {
	u := newUnit(t)
	u.writeHooks(`hooks:
  hold:
    - inline: |
        echo "$CHARMGEN_TOKEN" > token
        tcharm leader is 2>&1 | grep -v 'token not valid' >/dev/null || exit 9
        tcharm kv nope && exit 8 || true
`)
	if code, out := u.hook("hold"); code != 0 {
		t.Fatalf("hold: %d %s", code, out)
	}
	tok, _ := os.ReadFile(filepath.Join(u.charmDir, "token"))
	sock := filepath.Join(u.dir, sockName)
	for _, token := range []string{strings.TrimSpace(string(tok)), "forged"} {
		var out, errb strings.Builder
		env := map[string]string{"CHARMGEN_TOKEN": token, "CHARMGEN_SOCKET": sock}
		code := runCLI(testName, []string{"kv", "set", "a=b"}, func(k string) string { return env[k] }, nil, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), "token not valid") {
			t.Errorf("token %q after the hook: %d %q", token, code, errb.String())
		}
	}
	var errb strings.Builder
	if code := runCLI(testName, []string{"kv", "get", "a"}, func(string) string { return "" }, nil, &errb, &errb); code != 1 {
		t.Errorf("no token: %d %q", code, errb.String())
	}
}

// TestMalformedRequests: garbage gets an error reply, never a crash.
func TestMalformedRequests(t *testing.T) {
	u := newUnit(t)
	if code, out := u.hook("update-status"); code != 0 {
		t.Fatal(out)
	}
	send := func(raw []byte) string {
		c := rawConn(t, u.dir)
		defer c.Close()
		c.Write(raw)
		b, err := readFrame(c)
		if err != nil {
			return "read error: " + err.Error()
		}
		return string(b)
	}
	frame := func(s string) []byte {
		b := make([]byte, 4+len(s))
		binary.BigEndian.PutUint32(b, uint32(len(s)))
		copy(b[4:], s)
		return b
	}
	huge := []byte{0x7f, 0xff, 0xff, 0xff}
	for name, raw := range map[string][]byte{
		"huge":      huge,
		"not json":  frame("{op"),
		"bad op":    frame(`{"op":"rm -rf"}`),
		"empty env": frame(`{"op":"hook"}`),
		"no token":  frame(`{"op":"cli","args":["kv","list"]}`),
		"bad env":   frame(`{"op":"hook","env":{"A=B":"1"}}`),
	} {
		if got := send(raw); !strings.Contains(got, "ERROR") {
			t.Errorf("%s: reply %q", name, got)
		}
	}
	if !Running(u.dir) {
		t.Fatal("daemon died on malformed input")
	}
}

// TestPeerCredentials: the credential check admits the unit's user only.
func TestPeerCredentials(t *testing.T) {
	if err := checkPeer(1000, 1000, nil); err != nil {
		t.Error(err)
	}
	if err := checkPeer(0, 1000, nil); err == nil {
		t.Error("root admitted into a uid 1000 daemon")
	}
	if err := checkPeer(1001, 0, nil); err == nil || !strings.Contains(err.Error(), "uid 1001") {
		t.Errorf("other uid: %v", err)
	}
	if err := checkPeer(0, 0, os.ErrPermission); err == nil {
		t.Error("a failed credential read admitted the peer")
	}
}

// TestOtherUserRefused: a process of another uid that reaches the socket
// (here the test opens the directory up on purpose) is refused by the
// SO_PEERCRED check. Needs root to start a process as nobody.
func TestOtherUserRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to run a peer under another uid; TestPeerCredentials covers the check")
	}
	u := newUnit(t)
	if code, out := u.hook("update-status"); code != 0 {
		t.Fatal(out)
	}
	// A copy of the test binary that nobody can run, and a path to the
	// socket that nobody can traverse: only the credential check is left.
	pub, err := os.MkdirTemp("", "cgpeer")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(pub) })
	os.Chmod(pub, 0o755)
	exe, _ := os.Executable()
	bin := filepath.Join(pub, "peer")
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(bin, data, 0o755)
	sock := filepath.Join(u.dir, sockName)
	for d := u.dir; d != "/"; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil {
			mode := fi.Mode().Perm()
			os.Chmod(d, mode|0o011)
			t.Cleanup(func() { os.Chmod(d, mode) })
		}
	}
	os.Chmod(sock, 0o666)
	cmd := exec.Command(bin)
	cmd.Env = []string{"DAEMON_TEST_PEER_SOCK=" + sock}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil && strings.Contains(string(out), "dial:") {
		t.Skipf("the peer could not reach the socket here: %s", out)
	}
	if err != nil {
		t.Skipf("cannot run a process as uid 65534 here: %v %s", err, out)
	}
	if !strings.Contains(string(out), "permission denied") {
		t.Errorf("uid 65534 got %q", out)
	}
	os.Chmod(sock, 0o600) // the client refuses a socket others can write
	// The unit's own user is still served.
	if !Running(u.dir) {
		t.Error("daemon stopped answering its own user")
	}
}

// TestRemoveAndIdleStop: the daemon exits after remove, and after an idle
// period; the next hook starts a new one.
func TestRemoveAndIdleStop(t *testing.T) {
	t.Setenv("CHARMGEN_DAEMON_IDLE", "300ms")
	u := newUnit(t)
	if code, out := u.hook("update-status"); code != 0 {
		t.Fatal(out)
	}
	waitFor(t, "the idle daemon to exit", func() bool { return !Running(u.dir) })
	if code, out := u.hook("update-status"); code != 0 {
		t.Fatal(out)
	}
	if code, out := u.hook("remove"); code != 0 {
		t.Fatal(out)
	}
	waitFor(t, "the daemon to exit after remove", func() bool { return !Running(u.dir) })
}

// TestUpgradeRestartsDaemon: a client from another binary (upgrade-charm)
// makes the old daemon give way, and the hook runs on the new one.
func TestUpgradeRestartsDaemon(t *testing.T) {
	u := newUnit(t)
	if code, out := u.hook("update-status"); code != 0 {
		t.Fatal(out)
	}
	old, _ := PID(u.dir)
	exe, _ := os.Executable()
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "dispatch")
	os.WriteFile(bin, data, 0o755)
	future := time.Now().Add(time.Hour)
	os.Chtimes(bin, future, future)
	cmd := exec.Command(bin)
	cmd.Env = u.env("upgrade-charm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("upgrade-charm: %v %s", err, out)
	}
	pid, _ := PID(u.dir)
	if pid == old || pid == 0 {
		t.Errorf("daemon pid %d after upgrade, was %d", pid, old)
	}
}

// TestResourcesBounded: 1,000 hooks in a row do not grow the daemon's open
// files, goroutines or heap beyond a bound.
func TestResourcesBounded(t *testing.T) {
	u := newUnit(t)
	u.writeHooks("hooks:\n  hold:\n    - inline: 'true'\n")
	for range 50 {
		if code, out := u.hook("update-status"); code != 0 {
			t.Fatal(out)
		}
	}
	u.hook("hold")
	before, err := Ping(u.dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		ev := "update-status"
		if i%100 == 0 {
			ev = "hold" // a script now and then
		}
		if code, out := u.hook(ev); code != 0 {
			t.Fatalf("hook %d: %s", i, out)
		}
	}
	after, err := Ping(u.dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("before: %+v", before)
	t.Logf("after 1000 hooks: %+v", after)
	if after.PID != before.PID || after.Hooks-before.Hooks != 1000 {
		t.Fatalf("daemon changed or miscounted: %+v %+v", before, after)
	}
	if after.Goroutines > before.Goroutines+2 {
		t.Errorf("goroutines grew from %d to %d", before.Goroutines, after.Goroutines)
	}
	if after.OpenFiles > before.OpenFiles+2 {
		t.Errorf("open files grew from %d to %d", before.OpenFiles, after.OpenFiles)
	}
	if after.HeapAlloc > before.HeapAlloc+2<<20 {
		t.Errorf("heap grew from %d to %d bytes", before.HeapAlloc, after.HeapAlloc)
	}
}

// TestDecodeRequest: the decoder's checks.
func TestDecodeRequest(t *testing.T) {
	ok := `{"op":"hook","env":{"JUJU_UNIT_NAME":"a/0","JUJU_CONTEXT_ID":"x","JUJU_CHARM_DIR":"/c","JUJU_DISPATCH_PATH":"hooks/install"}}`
	if r, err := decodeRequest([]byte(ok)); err != nil || hookKey(r.Env) != "install" {
		t.Errorf("valid hook: %v", err)
	}
	for _, bad := range []string{``, `null`, `[]`, `{"op":"hook","env":{"JUJU_UNIT_NAME":"a/0"}}`, `{"op":"cli","token":"t"}`, `{"op":"x"}`} {
		if _, err := decodeRequest([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// FuzzDecodeRequest: no input makes the decoder panic.
func FuzzDecodeRequest(f *testing.F) {
	f.Add([]byte(`{"op":"hook","env":{"JUJU_UNIT_NAME":"a/0","JUJU_CONTEXT_ID":"x","JUJU_CHARM_DIR":"/c","JUJU_HOOK_NAME":"start"}}`))
	f.Add([]byte(`{"op":"cli","token":"t","args":["kv","get","a"]}`))
	f.Add([]byte(`{"op":"stats"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := decodeRequest(b)
		if err == nil && req == nil {
			t.Fatal("nil request without error")
		}
		readFrame(bytes.NewReader(b))
	})
}

// TestTimerRunsThroughJujuExec: a timer tick runs juju-exec (a fake that
// records its arguments and runs the command as Juju would, in a hook
// context), which runs dispatch, which runs the timer's scripts.
func TestTimerRunsThroughJujuExec(t *testing.T) {
	u := newUnit(t)
	exe, _ := os.Executable()
	os.Symlink(exe, filepath.Join(u.charmDir, "dispatch"))
	bin := t.TempDir()
	calls := filepath.Join(bin, "calls")
	os.WriteFile(filepath.Join(bin, "juju-exec"), []byte(`#!/bin/sh
echo "$@" >> `+calls+`
unit=$2; shift 2
cd `+u.charmDir+` && exec env JUJU_UNIT_NAME=$unit JUJU_CONTEXT_ID=exec-$$ JUJU_CHARM_DIR=`+u.charmDir+` CHARMGEN_DAEMON_DIR=`+u.dir+` sh -c "$1"
`), 0o755)
	u.writeHooks("timers:\n  - name: tick\n    every: 20ms\n    scripts:\n      - inline: echo \"$CHARMGEN_HOOK\" >> ticks\n")
	env := append(u.env("update-status"), "PATH="+bin+":"+os.Getenv("PATH"))
	var out strings.Builder
	if code := RunHook(env, &out, &out); code != 0 {
		t.Fatal(out.String())
	}
	waitFor(t, "a timer tick", func() bool {
		b, _ := os.ReadFile(filepath.Join(u.charmDir, "ticks"))
		return strings.Contains(string(b), "timer:tick")
	})
	b, _ := os.ReadFile(calls)
	want := "-u tcharm/0 CHARMGEN_TIMER=tick '" + filepath.Join(u.charmDir, "dispatch") + "'"
	if first, _, _ := strings.Cut(string(b), "\n"); first != want {
		t.Errorf("juju-exec called with %q, want %q", first, want)
	}
	Stop(u.dir, 5*time.Second)
}

// TestQueueBounded: a hook that waits longer than the queue bound for the
// running one gets an error (Juju retries it) instead of waiting forever.
func TestQueueBounded(t *testing.T) {
	t.Setenv("CHARMGEN_DAEMON_QUEUE", "100ms")
	u := newUnit(t)
	u.writeHooks(`hooks:
  hold:
    - inline: |
        touch started
        while [ ! -e release ]; do sleep 0.02; done
`)
	first := make(chan int, 1)
	env := u.env("hold")
	go func() {
		var out strings.Builder
		first <- RunHook(env, &out, &out)
	}()
	waitFor(t, "the first hook to start", func() bool {
		_, err := os.Stat(filepath.Join(u.charmDir, "started"))
		return err == nil
	})
	code, out := u.hook("update-status")
	if code != 1 || !strings.Contains(out, "timed out waiting for the running hook") {
		t.Errorf("queued hook: %d %q", code, out)
	}
	os.WriteFile(filepath.Join(u.charmDir, "release"), nil, 0o644)
	if c := <-first; c != 0 {
		t.Errorf("first hook exited %d", c)
	}
	if code, out := u.hook("update-status"); code != 0 {
		t.Errorf("after the queue cleared: %d %q", code, out)
	}
}
