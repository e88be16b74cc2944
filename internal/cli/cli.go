// Package cli implements the charmgen commands, a file each (check.go,
// gen.go, lint.go, new.go, pack.go, sim.go, ...). Main is the whole
// program: cmd/charmgen's main only passes it the process's arguments and
// streams. Under a hook tool's name, Main is that tool (for `charmgen sim`);
// otherwise it hands the arguments after the program name to Run, which
// runs the command line and returns the exit code. Tests call Run, so every
// command can be tested in process.
//
// Which sim is which: the sim command here (sim.go) is `charmgen sim`, the
// front end of package internal/simrun, the simulation runner that runs a built
// charm's dispatch event by event; internal/simrun runs each hook against
// package jujusim, the simulated unit agent (a library, which charm/charmtest
// also uses in process).
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmgen/charmgen/jujusim"
	"github.com/spf13/cobra"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1 // the input has errors, or a check failed
	ExitUsage = 2 // the command line is wrong
)

// Version is charmgen's version when set at build time with -ldflags
// (-X github.com/charmgen/charmgen/internal/cli.Version=v1.2.3); "dev"
// otherwise, and then --version shows the module version and VCS revision
// Go recorded in the binary (formatVersion).
var Version = "dev"

// exitError carries an exit code with an error. A nil err means the
// message was already printed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// silent is an error whose diagnostics were already printed.
func silent(code int) error { return &exitError{code: code} }

// env is what every command needs: its streams, and whether progress
// lines are wanted (see progressf).
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	quiet          bool // -q: no progress lines on stderr
}

// Main is the whole program: argv is the process's arguments, program name
// first. Run under a hook tool's name (relation-get, status-set, ...),
// charmgen is that tool, forwarding the call to the simulated unit agent of
// `charmgen sim`; otherwise it runs the command line.
func Main(argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(argv) > 0 && jujusim.IsToolName(filepath.Base(argv[0])) {
		return jujusim.ToolMain(argv, os.Getenv, stdin, stdout, stderr)
	}
	return Run(argv[1:], stdin, stdout, stderr)
}

// Run runs charmgen with args (without the program name) and returns the
// exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var xe *exitError
	if errors.As(err, &xe) {
		if xe.err != nil {
			fmt.Fprintf(stderr, "charmgen: %v\n", xe.err)
		}
		return xe.code
	}
	// Errors cobra makes itself are about the command line.
	fmt.Fprintf(stderr, "charmgen: %v\n", err)
	if isUsage(err) {
		fmt.Fprintln(stderr, "Run 'charmgen --help' for usage.")
		return ExitUsage
	}
	return ExitError
}

func isUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "flag needs", "invalid argument", "accepts ", "requires at least", "requires at most", "bad flag"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "charmgen",
		Short: "Typed code, scaffolding and lint for Juju charms written in Go",
		Long: `charmgen reads a charm's metadata (charmcraft.yaml, or metadata.yaml,
config.yaml and actions.yaml) and relation interface schemas, and generates the
typed parts of a Go charm. It targets Juju 3.6 and Juju 4.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionText(),
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErr("%v", err) })
	root.PersistentFlags().BoolVarP(&e.quiet, "quiet", "q", false, "do not print progress lines (cold builds, long generation) on stderr")
	root.AddCommand(newMetaCmd(e), newSchemaCmd(e), newSimCmd(e), newGenCmd(e))
	root.AddCommand(newNewCmd(e))
	root.AddCommand(newLintCmd(e))
	root.AddCommand(newInterfacesCmd(e))
	root.AddCommand(newPackCmd(e))
	root.AddCommand(newVersionCmd(e))
	root.AddCommand(newCheckCmd(e))
	return root
}
