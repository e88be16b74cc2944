package daemon

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// Main runs the binary in the role its invocation asks for and returns
// the exit code; a charm's main is
//
//	func main() { os.Exit(daemon.Main(daemon.Config{Name: "mycharm", Reconcile: reconcile})) }
//
// Roles: with CHARMGEN_DAEMON_ROLE=daemon (set by the client when it
// starts the daemon) it is the daemon; with arguments it is the script
// CLI (NAME status set ...); with none it is dispatch, the hook client.
func Main(cfg Config) int {
	return run(cfg, os.Args, os.Getenv, os.Environ(), os.Stdout, os.Stderr)
}

func run(cfg Config, args []string, getenv func(string) string, environ []string, stdout, stderr io.Writer) int {
	cfg = cfg.withDefaults()
	if getenv("CHARMGEN_DAEMON_ROLE") == "daemon" {
		dir := getenv("CHARMGEN_DAEMON_DIR")
		if dir == "" {
			fmt.Fprintln(stderr, "daemon: CHARMGEN_DAEMON_DIR is not set")
			return 1
		}
		return runDaemon(cfg, dir, stderr)
	}
	if len(args) > 1 {
		return runCLI(cfg.Name, args[1:], getenv, os.Stdin, stdout, stderr)
	}
	if getenv("CHARMGEN_TOKEN") != "" {
		fmt.Fprintf(stderr, "ERROR %s: a script cannot run a hook; give a command (%s help)\n", filepath.Base(args[0]), cfg.Name)
		return 2
	}
	return RunHook(environ, stdout, stderr)
}
