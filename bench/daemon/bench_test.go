package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/charmgen/charmgen/daemon"
)

// TestMain lets the test binary serve as the daemon when the in-process
// benchmark's client (this binary) starts one.
func TestMain(m *testing.M) {
	if os.Getenv("CHARMGEN_DAEMON_ROLE") == "daemon" {
		main()
		return
	}
	os.Exit(m.Run())
}

// build builds this charm once per benchmark.
func build(b *testing.B) (dispatch, plain, charmDir, daemonDir string) {
	b.Helper()
	root := b.TempDir()
	dispatch = filepath.Join(root, "dispatch")
	if out, err := exec.Command("go", "build", "-o", dispatch, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	plain = filepath.Join(root, "plain")
	os.Symlink(dispatch, plain)
	charmDir, daemonDir = filepath.Join(root, "charm"), filepath.Join(root, "d")
	os.Mkdir(charmDir, 0o755)
	b.Cleanup(func() { daemon.Stop(daemonDir, 5*time.Second) })
	return
}

func hookEnv(charmDir, daemonDir string, i int) []string {
	return []string{
		"PATH=/usr/bin:/bin",
		"JUJU_UNIT_NAME=bench/0",
		fmt.Sprintf("JUJU_CONTEXT_ID=bench/0-update-status-%d", i),
		"JUJU_CHARM_DIR=" + charmDir,
		"JUJU_DISPATCH_PATH=hooks/update-status",
		"JUJU_HOOK_NAME=update-status",
		"JUJU_VERSION=4.0.0",
		"CHARMGEN_DAEMON_DIR=" + daemonDir,
	}
}

// roundTrips runs bin as a fresh process b.N times (each one hook) and
// reports the median and 90th percentile.
func roundTrips(b *testing.B, bin, charmDir, daemonDir string) {
	// One hook first: it starts the daemon (daemon layout).
	run := func(i int) time.Duration {
		cmd := exec.Command(bin)
		cmd.Env = hookEnv(charmDir, daemonDir, i)
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("hook %d: %v\n%s", i, err, out)
		}
		return time.Since(start)
	}
	run(-1)
	times := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		times[i] = run(i)
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[len(times)*9/10].Microseconds())/1000, "p90-ms")
}

// BenchmarkDaemonRoundTrip: client process start → daemon → no-op
// reconcile → exit.
func BenchmarkDaemonRoundTrip(b *testing.B) {
	dispatch, _, charmDir, daemonDir := build(b)
	roundTrips(b, dispatch, charmDir, daemonDir)
}

// BenchmarkPlainGoHook: the plain Go layout's fresh process for the same
// hook.
func BenchmarkPlainGoHook(b *testing.B) {
	_, plain, charmDir, daemonDir := build(b)
	roundTrips(b, plain, charmDir, daemonDir)
}

// BenchmarkInProcessRoundTrip: the same round trip without the client's
// process start (the client code called in process): the socket, the
// daemon and the reconcile.
func BenchmarkInProcessRoundTrip(b *testing.B) {
	dispatch, _, charmDir, daemonDir := build(b)
	cmd := exec.Command(dispatch)
	cmd.Env = hookEnv(charmDir, daemonDir, -1)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%v %s", err, out)
	}
	times := make([]time.Duration, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if code := daemon.RunHook(hookEnv(charmDir, daemonDir, i), os.Stdout, os.Stderr); code != 0 {
			b.Fatalf("hook %d exited %d", i, code)
		}
		times[i] = time.Since(start)
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}

// BenchmarkExecTrue is the floor: /bin/true as a fresh process, measured
// the same way.
func BenchmarkExecTrue(b *testing.B) {
	roundTrips(b, "/bin/true", b.TempDir(), b.TempDir())
}
