package jujusim

import (
	"bytes"
	"errors"
	"io"
	"strings"
)

// ToolCall is a hook tool call that failed: the tool, its arguments, its
// exit code and the error it printed (without the "ERROR " prefix).
type ToolCall struct {
	Tool     string   `json:"tool"`
	Args     []string `json:"args,omitempty"`
	ExitCode int      `json:"exit_code"`
	Error    string   `json:"error,omitempty"`
}

// String formats the call as a command line with its outcome:
// relation-get -r db:9 - (exit 1): relation not found.
func (c ToolCall) String() string {
	s := c.Tool
	for _, a := range c.Args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\") {
			a = quoteArg(a)
		}
		s += " " + a
	}
	s += " (exit " + itoa(c.ExitCode) + ")"
	if c.Error != "" {
		s += ": " + c.Error
	}
	return s
}

func quoteArg(a string) string {
	return "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
}

// maxFailedCalls bounds how many failed calls a hook keeps: the first
// ones, which are the ones that explain the rest.
const maxFailedCalls = 32

// FailedCalls returns the hook tool calls that exited non-zero in this
// hook, in order (at most the first 32).
func (a *Agent) FailedCalls() []ToolCall {
	out := make([]ToolCall, len(a.failed))
	for i, c := range a.failed {
		c.Args = append([]string(nil), c.Args...)
		out[i] = c
	}
	return out
}

// RunTool runs one hook tool with its arguments and returns its exit code:
// 0 on success (and for --help), 2 for flag and argument errors, 1 for
// errors while running. Errors are written to stderr as "ERROR <message>".
// A call that exits non-zero is recorded for FailedCalls, unless it failed
// only for want of stdin (ErrNoStdin), which the tool answers by calling
// again with its stdin, as Juju's jujuc does.
func (a *Agent) RunTool(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if stderr == nil {
		stderr = io.Discard
	}
	var watch *stdinWatch
	if stdin != nil {
		watch = &stdinWatch{r: stdin}
		stdin = watch
	}
	var errb bytes.Buffer
	code := a.runTool(name, args, stdin, stdout, io.MultiWriter(stderr, &limitedBuffer{b: &errb, max: 4096}))
	if watch != nil && watch.noStdin {
		return code
	}
	if code != 0 && len(a.failed) < maxFailedCalls {
		msg := strings.TrimSpace(errb.String())
		msg = strings.TrimPrefix(msg, "ERROR ")
		a.failed = append(a.failed, ToolCall{Tool: name, Args: append([]string(nil), args...), ExitCode: code, Error: msg})
	}
	return code
}

// stdinWatch notes whether reading stdin failed with ErrNoStdin.
type stdinWatch struct {
	r       io.Reader
	noStdin bool
}

func (w *stdinWatch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if errors.Is(err, ErrNoStdin) {
		w.noStdin = true
	}
	return n, err
}

// limitedBuffer keeps the first max bytes written to it and accepts (and
// drops) the rest.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		if len(p) > room {
			l.b.Write(p[:room])
		} else {
			l.b.Write(p)
		}
	}
	return len(p), nil
}
