package cli

import (
	"os"
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
	for _, tool := range append(jujusim.Tools(), jujusim.RemovedTools()...) {
		cmds[tool] = func() { os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr)) }
	}
	testscript.Main(m, cmds)
}

// TestScripts runs the end-to-end scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			// Scripts that need the real corpus reference it through $CORPUS.
			if wd, err := os.Getwd(); err == nil {
				e.Setenv("CORPUS", wd+"/../../../shared/corpus")
			}
			return nil
		},
	})
}
