package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmgen/charmgen/jujusim"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the txtar scripts run charmgen as a command: the test
// binary re-executes itself as "charmgen", so scripts exercise the real
// argument parsing, streams and exit codes.
func TestMain(m *testing.M) {
	cmds := map[string]func(){
		"charmgen": func() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) },
	}
	// Under charmgen sim the test binary is also every hook tool.
	for _, tool := range jujusim.AllToolNames() {
		cmds[tool] = func() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }
	}
	testscript.Main(m, cmds)
}

// TestScripts runs the end-to-end scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		// [corpus] holds when ../shared/corpus is there: scripts that use
		// it skip, with a message, where it is not.
		Condition: func(cond string) (bool, error) {
			if cond != "corpus" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			_, err := os.Stat("../../../shared/corpus/charms")
			return err == nil, nil
		},
		Setup: func(e *testscript.Env) error {
			// Scripts that need the real corpus reference it through $CORPUS.
			if wd, err := os.Getwd(); err == nil {
				e.Setenv("CORPUS", wd+"/../../../shared/corpus")
				// $SDK is the repository root: charmgen new --sdk $SDK makes
				// charms that build against this checkout, offline.
				e.Setenv("SDK", filepath.Dir(filepath.Dir(wd)))
			}
			// Scripts that run go (charmgen new, then go build and go test
			// in the new charm) use the host's caches and module proxy:
			// testscript hides HOME, from which go derives them.
			for k, v := range hostGoEnv() {
				e.Setenv(k, v)
			}
			return nil
		},
	})
}

// hostGoEnv is the go environment of the host, for scripts that run go:
// each variable from the process environment, else as go env reports it
// (from HOME and go's config file, which scripts do not see), with
// -mod=mod added to GOFLAGS so that go may update a new charm's go.sum.
var hostGoEnv = sync.OnceValue(func() map[string]string {
	keys := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOINSECURE", "GOTOOLCHAIN", "GOFLAGS"}
	env := map[string]string{}
	if out, err := exec.Command("go", append([]string{"env", "-json"}, keys...)...).Output(); err == nil {
		_ = json.Unmarshal(out, &env)
	}
	for _, k := range keys {
		if v := os.Getenv(k); v != "" {
			env[k] = v
		}
		if env[k] == "" {
			delete(env, k)
		}
	}
	if !strings.Contains(env["GOFLAGS"], "-mod=") {
		env["GOFLAGS"] = strings.TrimSpace(env["GOFLAGS"] + " -mod=mod")
	}
	return env
})
