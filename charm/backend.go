package charm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Backend runs one hook tool. stdin may be nil. On a non-zero exit it
// returns a *ToolError.
type Backend interface {
	Run(ctx context.Context, tool string, args []string, stdin []byte) (stdout []byte, err error)
}

// ExecBackend runs hook tools as processes, as Juju expects: found on PATH
// (or in Dir), with the hook's environment.
type ExecBackend struct {
	// Dir, when set, is the directory tools are looked up in first (the
	// daemon layout runs Juju's tools from their directory); a command it
	// does not hold, such as systemctl, is looked up on PATH.
	Dir string
	// Env is the environment given to tools; nil means the process's own.
	Env []string
}

// Run implements Backend.
func (b ExecBackend) Run(ctx context.Context, tool string, args []string, stdin []byte) ([]byte, error) {
	path := tool
	if b.Dir != "" {
		// Juju's tools directory holds the hook tools only: a command
		// such as systemctl, which the runtime also runs through the
		// backend, comes from PATH when the directory lacks it.
		if _, err := os.Stat(b.Dir + "/" + tool); err == nil {
			path = b.Dir + "/" + tool
		}
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Env = b.Env
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	code := -1
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	if code == -1 && stderr.Len() == 0 {
		stderr.WriteString(err.Error())
	}
	return stdout.Bytes(), &ToolError{Tool: tool, Args: args, ExitCode: code, Stderr: stderr.String()}
}

// Errors a caller can test for with errors.Is.
var (
	ErrRelationNotFound = errors.New("relation not found")
	ErrSecretNotFound   = errors.New("secret not found")
	ErrNotLeader        = errors.New("this unit is not the leader")
	ErrNotInAction      = errors.New("not running an action")
)

// ToolError is a hook tool that failed. errors.Is matches it against the
// sentinel errors above by the tool and its message, as ops does.
type ToolError struct {
	Tool     string
	Args     []string
	ExitCode int
	Stderr   string
}

// Message returns the tool's error message without Juju's "ERROR " prefix.
func (e *ToolError) Message() string {
	msg := strings.TrimSpace(e.Stderr)
	if i := strings.LastIndex(msg, "ERROR "); i >= 0 {
		msg = msg[i+len("ERROR "):]
	}
	return msg
}

func (e *ToolError) Error() string {
	return fmt.Sprintf("%s failed (exit %d): %s", e.Tool, e.ExitCode, e.Message())
}

// Is reports whether the failure is one of the package's sentinel errors.
func (e *ToolError) Is(target error) bool {
	msg := e.Message()
	switch target {
	case ErrRelationNotFound:
		return strings.Contains(msg, "relation not found") || strings.Contains(msg, "unknown relation id")
	case ErrSecretNotFound:
		return strings.HasPrefix(e.Tool, "secret-") && strings.Contains(msg, "not found")
	case ErrNotLeader:
		return strings.Contains(msg, "not the leader") || strings.Contains(msg, "cannot write relation settings") ||
			strings.Contains(msg, "not leader")
	case ErrNotInAction:
		return strings.HasPrefix(e.Tool, "action-") && strings.Contains(msg, "not running an action")
	}
	return false
}
