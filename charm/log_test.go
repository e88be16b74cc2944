package charm_test

import (
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
)

// flagLikeMessages are log messages juju-log would read as flags without
// "--" before them: "--debug oops" would log "oops" at DEBUG, "-l ERROR
// x" would log "x" at ERROR, "--log-level=DEBUG" would be no message.
var flagLikeMessages = []struct {
	level slog.Level
	msg   string
	want  jujusim.LogRecord
}{
	{slog.LevelWarn, "--debug oops", jujusim.LogRecord{Level: "WARNING", Message: "--debug oops"}},
	{slog.LevelInfo, "-l ERROR x", jujusim.LogRecord{Level: "INFO", Message: "-l ERROR x"}},
	{slog.LevelError, "--log-level=DEBUG", jujusim.LogRecord{Level: "ERROR", Message: "--log-level=DEBUG"}},
	{slog.LevelDebug, "--", jujusim.LogRecord{Level: "DEBUG", Message: "--"}},
	{slog.LevelInfo, "-", jujusim.LogRecord{Level: "INFO", Message: "-"}},
}

func logFlagLike(c *charm.Context) error {
	log := c.Logger()
	for _, m := range flagLikeMessages {
		log.Log(context.Background(), m.level, m.msg)
	}
	return nil
}

func checkFlagLikeLogs(t *testing.T, how string, logs []jujusim.LogRecord) {
	t.Helper()
	if len(logs) != len(flagLikeMessages) {
		t.Fatalf("%s: %d records, want %d: %+v", how, len(logs), len(flagLikeMessages), logs)
	}
	for i, m := range flagLikeMessages {
		if logs[i].Level != m.want.Level || logs[i].Message != m.want.Message {
			t.Errorf("%s: record %d = %s %q, want %s %q", how, i, logs[i].Level, logs[i].Message, m.want.Level, m.want.Message)
		}
	}
}

// TestLoggerMessageLikeAFlag: a message that starts with "-" is logged
// verbatim at the record's level, in process (charmtest) and over the
// agent's socket in Juju's protocol (what New uses under a real agent and
// under charmgen sim).
func TestLoggerMessageLikeAFlag(t *testing.T) {
	st, _, err := hook(t, baseState(), jujusim.HookContext{Hook: "update-status"}, logFlagLike)
	if err != nil {
		t.Fatal(err)
	}
	checkFlagLikeLogs(t, "in process", st.Logs)

	dir, err := os.MkdirTemp("", "lg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "agent.sock")
	agent, err := jujusim.NewAgent(baseState(), jujusim.HookContext{Hook: "update-status", SocketAddress: sock, SocketNetwork: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	env := agent.Environ()
	getenv := func(k string) string { return env[k] }
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := jujusim.ServeTools(ln, agent, env["JUJU_CONTEXT_ID"])
	defer srv.Close()
	ab, ok := charm.NewBackend(getenv).(*charm.AgentBackend)
	if !ok {
		t.Fatalf("NewBackend = %T, want *charm.AgentBackend", charm.NewBackend(getenv))
	}
	// Nothing may run as a process: a fallback would hide the socket path.
	ab.Fallback = noProcesses{t}
	defer ab.Close()
	if err := logFlagLike(charm.NewContext(context.Background(), ab, charm.EnvFrom(getenv, ""))); err != nil {
		t.Fatal(err)
	}
	if !ab.Direct() {
		t.Fatal("the calls did not go to the agent's socket")
	}
	if err := agent.Finish(0); err != nil {
		t.Fatal(err)
	}
	checkFlagLikeLogs(t, "over the socket", agent.State().Logs)
}

// noProcesses fails the test when a tool would run as a process.
type noProcesses struct{ t *testing.T }

func (b noProcesses) Run(_ context.Context, tool string, args []string, _ []byte) ([]byte, error) {
	b.t.Errorf("%s %q ran as a process", tool, args)
	return nil, &charm.ToolError{Tool: tool, Args: args, ExitCode: 1, Stderr: "ERROR no processes in this test\n"}
}
