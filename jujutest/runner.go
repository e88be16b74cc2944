package jujutest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Command is one invocation of the juju CLI.
type Command struct {
	// Path is the juju executable.
	Path string
	// Args are the arguments after the executable name, starting with the
	// subcommand ("status", "--format", "json").
	Args []string
}

// Result is what a finished juju process produced.
type Result struct {
	Stdout   []byte
	Stderr   []byte
	ExitCode int
}

// Runner runs juju commands. The default, ExecRunner, starts a process;
// tests can inject a fake. Run returns an error only when the command
// could not be run to completion (the executable is missing, the context
// was cancelled); a command that ran and exited non-zero is reported
// through Result.ExitCode with a nil error.
type Runner interface {
	Run(ctx context.Context, cmd Command) (Result, error)
}

// ExecRunner runs commands as child processes with os/exec. Cancelling the
// context kills the process.
type ExecRunner struct {
	// Env, when non-nil, is appended to the current environment.
	Env []string
	// WaitDelay bounds how long Run waits for the process's output pipes
	// after the context is cancelled (children of juju, such as ssh, may
	// keep them open). Zero means 5 seconds.
	WaitDelay time.Duration
}

// Run implements Runner.
func (r ExecRunner) Run(ctx context.Context, cmd Command) (Result, error) {
	c := exec.CommandContext(ctx, cmd.Path, cmd.Args...)
	var stdout, stderr bytes.Buffer
	c.Stdout = &stdout
	c.Stderr = &stderr
	if r.Env != nil {
		c.Env = append(os.Environ(), r.Env...)
	}
	c.WaitDelay = r.WaitDelay
	if c.WaitDelay == 0 {
		c.WaitDelay = 5 * time.Second
	}
	err := c.Run()
	res := Result{Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}
	if err == nil {
		return res, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		res.ExitCode = -1
		return res, ctxErr
	}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		res.ExitCode = exitErr.ExitCode()
		return res, nil
	default:
		res.ExitCode = -1
		return res, err
	}
}

// CLIError is returned when juju exits non-zero. Args have secret values
// redacted; Stdout and Stderr are kept as juju printed them, minus any
// secret value the client knows about.
type CLIError struct {
	Args     []string
	ExitCode int
	Stdout   string
	Stderr   string
	// Attempts is how many times the command was run.
	Attempts int
}

// Error implements error. It includes stderr, and stdout when stderr is
// empty, trimmed to a readable size.
func (e *CLIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "juju %s: exit status %d", strings.Join(e.Args, " "), e.ExitCode)
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	out := strings.TrimSpace(e.Stderr)
	if out == "" {
		out = strings.TrimSpace(e.Stdout)
	}
	if out != "" {
		const max = 4000
		if len(out) > max {
			out = out[:max] + "..."
		}
		b.WriteString(": ")
		b.WriteString(out)
	}
	return b.String()
}

// Transient reports whether the failure looks like a passing controller or
// network problem (see IsTransient).
func (e *CLIError) Transient() bool {
	return transientText(e.Stderr)
}

// transientPatterns are stderr fragments of failures that go away when the
// command is run again a little later: the API connection dropped under
// load (jubilant#241, juju#21664), the controller restarting or upgrading,
// network timeouts.
var transientPatterns = []string{
	"connection is shut down",
	"connection refused",
	"connection reset by peer",
	"broken pipe",
	"i/o timeout",
	"tls handshake timeout",
	"unexpected eof",
	"cannot connect to api",
	"unable to connect to api",
	"controller is restarting",
	"restart in progress",
	"upgrade in progress",
	"controller not ready",
	"apiserver not ready",
	"try again",
	"websocket: close 1006",
}

func transientText(stderr string) bool {
	s := strings.ToLower(stderr)
	for _, p := range transientPatterns {
		if strings.Contains(s, p) {
			return true
		}
	}
	// A bare EOF at the end of an error line: "ERROR ...: EOF".
	for _, line := range strings.Split(s, "\n") {
		if strings.HasSuffix(strings.TrimSpace(line), ": eof") {
			return true
		}
	}
	return false
}

// IsTransient reports whether err is a juju CLI failure that is worth
// retrying: the connection was shut down or refused, the controller is
// restarting or upgrading, an i/o timeout. Reads are retried on such errors
// automatically; mutations only after checking they did not take effect.
func IsTransient(err error) bool {
	var ce *CLIError
	return errors.As(err, &ce) && ce.Transient()
}
