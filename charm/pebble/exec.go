package pebble

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/charmgen/charmgen/internal/websocket"
)

// Exec follows canonical/pebble client/exec.go, internals/daemon/api_exec.go
// and internals/overlord/cmdstate/handlers.go: POST /v1/exec starts a change
// whose task waits for the client to open its "stdio" (and "stderr")
// websockets; stdin goes up "stdio" as binary messages ended by the text
// message {"command":"end"}, output comes down the same way, and the task's
// data holds the exit code once the change is ready.

// ExecOptions describes a command to run in the workload container.
type ExecOptions struct {
	// Command is the program and its arguments (required).
	Command []string
	// ServiceContext, if set, runs the command with that service's
	// environment, user, group and working directory, the fields below
	// overriding them.
	ServiceContext string
	Environment    map[string]string
	// WorkingDir defaults to the user's home directory (or "/").
	WorkingDir string
	// Timeout, if set, makes Pebble kill the command after that long; the
	// change then fails and Exec returns a *ChangeError.
	Timeout time.Duration
	UserID  *int
	User    string
	GroupID *int
	Group   string

	// Stdin is sent to the command; nil means no input.
	Stdin io.Reader
	// Stdout receives the output; if nil it is captured in
	// ExecResult.Stdout.
	Stdout io.Writer
	// Stderr receives the error output; if nil it is captured in
	// ExecResult.Stderr (and in ExitError.Stderr).
	Stderr io.Writer
	// CombineStderr sends error output to Stdout's stream instead, as a
	// terminal would show it; Stderr is then unused.
	CombineStderr bool
}

// ExecResult is a command that ran to completion.
type ExecResult struct {
	ExitCode int
	// Stdout and Stderr hold the output when ExecOptions did not give a
	// writer for it.
	Stdout []byte
	Stderr []byte
}

// ExitError is a command that exited with a non-zero code.
type ExitError struct {
	Command  []string
	ExitCode int
	// Stderr is the command's error output when Exec captured it.
	Stderr string
}

// Error names the command and its exit code, with the end of its error
// output when captured.
func (e *ExitError) Error() string {
	msg := fmt.Sprintf("command %q exited with status %d", e.Command, e.ExitCode)
	if s := bytes.TrimSpace([]byte(e.Stderr)); len(s) > 0 {
		// Like ops' ExecError, keep the message readable.
		const maxShown = 1024
		if len(s) > maxShown {
			s = append([]byte("..."), s[len(s)-maxShown:]...)
		}
		msg += ": " + string(s)
	}
	return msg
}

// cappedBuffer keeps at most limit bytes and notes that it dropped more;
// it never fails a write, so the stream keeps draining and Pebble never
// blocks on a client that stopped reading.
type cappedBuffer struct {
	buf       bytes.Buffer
	limit     int64
	truncated bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	room := b.limit - int64(b.buf.Len())
	if int64(len(p)) > room {
		b.truncated = true
		b.buf.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return b.buf.Write(p)
}

// writeSink forwards to a caller's writer and remembers its first error
// while still draining the stream.
type writeSink struct {
	w   io.Writer
	err error
}

func (s *writeSink) Write(p []byte) (int, error) {
	if s.err == nil {
		if _, err := s.w.Write(p); err != nil {
			s.err = err
		}
	}
	return len(p), nil
}

var endCommand = []byte(`{"command":"end"}`)

// Exec runs a command in the container and waits for it to finish. A
// non-zero exit is an *ExitError (returned together with the result); a
// command Pebble could not run or had to kill is a *ChangeError or an
// *APIError. Exec waits as long as the command runs: until Timeout (plus
// the request timeout as a margin) if set, otherwise until ctx is done. If
// ctx ends first, Exec drops its connections and Pebble kills the command.
// Stdin is read in a goroutine that may outlive Exec if the reader blocks.
func (c *Client) Exec(ctx context.Context, opts ExecOptions) (*ExecResult, error) {
	if len(opts.Command) == 0 {
		return nil, errors.New("cannot exec: no command given")
	}
	res, err := c.exec(ctx, opts)
	var exitErr *ExitError
	var changeErr *ChangeError
	if err != nil && !errors.As(err, &exitErr) && !errors.As(err, &changeErr) {
		err = fmt.Errorf("cannot exec %q: %w", opts.Command, err)
	}
	return res, err
}

func (c *Client) exec(ctx context.Context, opts ExecOptions) (_ *ExecResult, err error) {
	payload := struct {
		Command        []string          `json:"command"`
		ServiceContext string            `json:"service-context,omitempty"`
		Environment    map[string]string `json:"environment,omitempty"`
		WorkingDir     string            `json:"working-dir,omitempty"`
		Timeout        string            `json:"timeout,omitempty"`
		UserID         *int              `json:"user-id,omitempty"`
		User           string            `json:"user,omitempty"`
		GroupID        *int              `json:"group-id,omitempty"`
		Group          string            `json:"group,omitempty"`
		SplitStderr    bool              `json:"split-stderr,omitempty"`
	}{
		Command: opts.Command, ServiceContext: opts.ServiceContext, Environment: opts.Environment,
		WorkingDir: opts.WorkingDir, UserID: opts.UserID, User: opts.User, GroupID: opts.GroupID,
		Group: opts.Group, SplitStderr: !opts.CombineStderr,
	}
	if opts.Timeout > 0 {
		payload.Timeout = opts.Timeout.String()
	}
	body, headers, err := jsonBody(payload)
	if err != nil {
		return nil, err
	}
	changeID, result, err := c.doAsync(ctx, &request{method: "POST", path: "/v1/exec", body: body, headers: headers})
	if err != nil {
		return nil, err
	}
	var started struct {
		TaskID string `json:"task-id"`
	}
	if err := json.Unmarshal(result, &started); err != nil || !changeIDRegexp.MatchString(started.TaskID) {
		return nil, fmt.Errorf("exec response has no valid task ID: %.200s", result)
	}

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var conns []*websocket.Conn
	// If ctx ends, drop every connection at once: blocked reads and writes
	// return, and Pebble kills the command.
	stopAbort := context.AfterFunc(sctx, func() {
		mu.Lock()
		defer mu.Unlock()
		for _, ws := range conns {
			ws.Abort()
		}
	})
	open := func(name string) (*websocket.Conn, error) {
		ws, err := c.dialWebsocket(sctx, "/v1/tasks/"+started.TaskID+"/websocket/"+name)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		conns = append(conns, ws)
		mu.Unlock()
		if sctx.Err() != nil {
			ws.Abort()
		}
		return ws, nil
	}
	defer func() {
		stopAbort()
		mu.Lock()
		defer mu.Unlock()
		// Close and Abort are no-ops on a connection already gone.
		cancelled := sctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
		for _, ws := range conns {
			if cancelled {
				ws.Abort()
			} else {
				ws.Close()
			}
		}
	}()
	// Pebble's client opens "control" first, then the I/O websockets the
	// task waits for.
	if _, err := open("control"); err != nil {
		return nil, err
	}
	stdio, err := open("stdio")
	if err != nil {
		return nil, err
	}
	var stderrWS *websocket.Conn
	if !opts.CombineStderr {
		if stderrWS, err = open("stderr"); err != nil {
			return nil, err
		}
	}

	var stdoutBuf, stderrBuf *cappedBuffer
	stdout := &writeSink{w: opts.Stdout}
	if opts.Stdout == nil {
		stdoutBuf = &cappedBuffer{limit: c.opts.MaxResponseSize}
		stdout.w = stdoutBuf
	}
	stderr := &writeSink{w: opts.Stderr}
	if opts.Stderr == nil {
		stderrBuf = &cappedBuffer{limit: c.opts.MaxResponseSize}
		stderr.w = stderrBuf
	}

	go sendStream(stdio, opts.Stdin)
	stdoutDone := make(chan error, 1)
	go func() { stdoutDone <- recvStream(stdio, stdout) }()
	stderrDone := make(chan error, 1)
	if stderrWS != nil {
		go func() { stderrDone <- recvStream(stderrWS, stderr) }()
	} else {
		stderrDone <- nil
	}

	var waitBound time.Duration
	if opts.Timeout > 0 {
		// A little more than the command's timeout, so Pebble's kill (and
		// its clearer error) comes first.
		waitBound = opts.Timeout + c.opts.Timeout
	}
	change, err := c.waitChange(sctx, changeID, waitBound)
	if err != nil {
		return nil, err
	}
	if change.Err != "" {
		return nil, &ChangeError{Err: change.Err, Change: change}
	}

	// Pebble sends all output before it finishes the task, so the streams
	// end promptly now; bound the wait anyway.
	drain := time.NewTimer(c.opts.Timeout)
	defer drain.Stop()
	for _, done := range []chan error{stdoutDone, stderrDone} {
		select {
		case err := <-done:
			if err != nil {
				return nil, fmt.Errorf("cannot read command output: %w", err)
			}
		case <-drain.C:
			return nil, errors.New("command output did not end after the command finished")
		case <-sctx.Done():
			return nil, sctx.Err()
		}
	}
	if stdout.err != nil {
		return nil, fmt.Errorf("cannot write command output: %w", stdout.err)
	}
	if stderr.err != nil {
		return nil, fmt.Errorf("cannot write command error output: %w", stderr.err)
	}

	if len(change.Tasks) == 0 {
		return nil, errors.New("exec change has no task")
	}
	raw, ok := change.Tasks[0].Data["exit-code"]
	var exitCode int
	if !ok || json.Unmarshal(raw, &exitCode) != nil {
		return nil, fmt.Errorf("exec change has no exit code (task data %s)", taskDataString(change.Tasks[0]))
	}
	res := &ExecResult{ExitCode: exitCode}
	for _, b := range []*cappedBuffer{stdoutBuf, stderrBuf} {
		if b != nil && b.truncated {
			return nil, fmt.Errorf("command output larger than %d bytes", c.opts.MaxResponseSize)
		}
	}
	if stdoutBuf != nil {
		res.Stdout = stdoutBuf.buf.Bytes()
	}
	if stderrBuf != nil && !opts.CombineStderr {
		res.Stderr = stderrBuf.buf.Bytes()
	}
	if exitCode != 0 {
		return res, &ExitError{Command: opts.Command, ExitCode: exitCode, Stderr: string(res.Stderr)}
	}
	return res, nil
}

func taskDataString(t *Task) string {
	data, _ := json.Marshal(t.Data)
	return string(data)
}

// sendStream sends r up the websocket in binary messages and then the
// "end" command, as Pebble's wsutil.WebsocketSendStream does.
func sendStream(ws *websocket.Conn, r io.Reader) {
	if r != nil {
		buf := make([]byte, 32<<10)
		for {
			n, err := r.Read(buf)
			if n > 0 {
				if werr := ws.WriteMessage(websocket.OpBinary, buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				break
			}
		}
	}
	_ = ws.WriteMessage(websocket.OpText, endCommand)
}

// recvStream copies binary messages to w until the "end" command or a close
// (Pebble's wsutil recvLoop).
func recvStream(ws *websocket.Conn, w io.Writer) error {
	for {
		op, data, err := ws.ReadMessage()
		var ce *websocket.CloseError
		switch {
		case errors.As(err, &ce):
			return nil
		case err != nil:
			return err
		case op == websocket.OpBinary:
			_, _ = w.Write(data)
		case op == websocket.OpText:
			var cmd struct {
				Command string `json:"command"`
			}
			if json.Unmarshal(data, &cmd) == nil && cmd.Command == "end" {
				return nil
			}
			// Pebble logs and ignores other commands; so do we.
		}
	}
}
