package pebblesim

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/internal/websocket"
)

// This file follows canonical/pebble internals/daemon/api_exec.go (POST
// /v1/exec), internals/daemon/api_tasks.go (GET
// /v1/tasks/{task-id}/websocket/{websocket-id}),
// internals/overlord/cmdstate (request.go Exec: environment and working
// directory; handlers.go: the websockets, the wait for the I/O websockets,
// the exit code in the task's api-data; manager.go Connect) and
// internals/wsutil/wsutil.go (binary messages carry data, the text message
// {"command":"end"} ends a stream).
//
// No process runs: the first ExecRule matching the command answers. Its
// stdout (and stderr, on the stderr websocket when the client split it, on
// stdio otherwise) is sent as one binary message followed by the "end"
// message, then the control websocket is closed and the task finishes with
// the rule's exit code, as when Pebble's process exits.

// connectTimeout is how long Pebble waits for the I/O websockets (a
// variable so that tests need not wait as long).
var connectTimeout = 5 * time.Second

const (
	// maxStdin bounds the standard input an exec records.
	maxStdin = 16 << 20
	// defaultPath is the PATH Pebble sets when its environment has none.
	defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
)

// endCommand is the message that ends a stream (wsutil.go endCommandJSON).
var endCommand = []byte(`{"command":"end"}`)

// execPayload is the body of POST /v1/exec (api_exec.go execPayload).
type execPayload struct {
	Command        []string          `json:"command"`
	ServiceContext string            `json:"service-context"`
	Environment    map[string]string `json:"environment"`
	WorkingDir     string            `json:"working-dir"`
	Timeout        string            `json:"timeout"`
	UserID         *int              `json:"user-id"`
	User           string            `json:"user"`
	GroupID        *int              `json:"group-id"`
	Group          string            `json:"group"`
	Terminal       bool              `json:"terminal"`
	Interactive    bool              `json:"interactive"`
	SplitStderr    bool              `json:"split-stderr"`
	Width          int               `json:"width"`
	Height         int               `json:"height"`
}

// execution is one exec task while it runs (cmdstate handlers.go
// execution).
type execution struct {
	taskID   string
	logIndex int
	rule     ExecRule
	split    bool
	timeout  time.Duration

	mu          sync.Mutex
	websockets  map[string]*websocket.Conn // nil until connected
	reserved    map[string]bool            // a connection is being upgraded
	ioConnected chan struct{}
	ioClosed    bool
	stdinDone   chan struct{}
	stdinOnce   sync.Once
	stdin       []byte
	aborted     chan struct{}
	abortOnce   sync.Once
}

func (e *execution) abort() {
	e.abortOnce.Do(func() { close(e.aborted) })
}

func (e *execution) endStdin() {
	e.stdinOnce.Do(func() { close(e.stdinDone) })
}

func (e *execution) conn(id string) *websocket.Conn {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.websockets[id]
}

// matchCommand reports whether pattern matches the command's arguments
// joined by single spaces; '*' matches any run of characters.
func matchCommand(pattern string, argv []string) bool {
	return globMatch(pattern, strings.Join(argv, " "))
}

// globMatch matches s against pattern, where '*' matches any run of bytes
// and every other byte only itself. It backtracks only to the last '*', so
// it runs in O(len(pattern)*len(s)).
func globMatch(pattern, s string) bool {
	pi, si := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(pattern) && pattern[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(pattern) && pattern[pi] == s[si]:
			pi++
			si++
		case star >= 0:
			// Let the last '*' swallow one more byte and retry.
			mark++
			pi, si = star+1, mark
		default:
			return false
		}
	}
	for pi < len(pattern) && pattern[pi] == '*' {
		pi++
	}
	return pi == len(pattern)
}

// v1PostExec follows api_exec.go v1PostExec and cmdstate request.go Exec.
// A command no rule matches is an executable Pebble cannot find.
func v1PostExec(s *Server, r *http.Request, _ map[string]string) response {
	var payload execPayload
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode request body: %v", err)
	}
	if len(payload.Command) < 1 {
		return badRequest("must specify command")
	}
	timeout, err := parseOptionalDuration(payload.Timeout)
	if err != nil {
		return badRequest("invalid timeout: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rule, ok := s.findRule(payload.Command)
	if !ok {
		return badRequest("cannot find executable %q", payload.Command[0])
	}
	merged, err := s.mergeServiceContext(payload)
	if err != nil {
		return badRequest("%v", err)
	}
	if _, err := normalizeOwner(merged.UserID, merged.GroupID, merged.User, merged.Group); err != nil {
		return badRequest("%v", err)
	}
	if payload.Interactive && !payload.Terminal {
		return internalError("cannot call exec: %v", errors.New("cannot use interactive mode without a terminal"))
	}
	env, workingDir, err := s.execEnvironment(merged)
	if err != nil {
		return internalError("cannot call exec: %v", err)
	}

	summary := fmt.Sprintf("Execute command %q", payload.Command[0])
	task := s.newTask("exec", summary)
	changeID := s.addChange("exec", summary, []Task{task}, ChangeDo, nil)
	s.state.ExecLog = append(s.state.ExecLog, ExecCall{
		Command:        payload.Command,
		Environment:    merged.Environment,
		WorkingDir:     merged.WorkingDir,
		ServiceContext: payload.ServiceContext,
		UserID:         merged.UserID,
		User:           merged.User,
		GroupID:        merged.GroupID,
		Group:          merged.Group,
		ExitCode:       rule.ExitCode,
		TaskID:         task.ID,
	})
	e := &execution{
		taskID:      task.ID,
		logIndex:    len(s.state.ExecLog) - 1,
		rule:        rule,
		split:       payload.SplitStderr,
		timeout:     timeout,
		websockets:  map[string]*websocket.Conn{"control": nil, "stdio": nil},
		reserved:    map[string]bool{},
		ioConnected: make(chan struct{}),
		stdinDone:   make(chan struct{}),
		aborted:     make(chan struct{}),
	}
	if e.split {
		e.websockets["stderr"] = nil
	}
	s.execs[task.ID] = e
	s.wg.Add(1)
	go s.runExec(e)
	return asyncResponse(map[string]any{
		"environment": env,
		"task-id":     task.ID,
		"working-dir": workingDir,
	}, changeID)
}

// findRule returns the first rule matching the command. The caller holds
// s.mu.
func (s *Server) findRule(argv []string) (ExecRule, bool) {
	for _, r := range s.state.Exec {
		if matchCommand(r.Command, argv) {
			return r, true
		}
	}
	return ExecRule{}, false
}

// execContext is the context a command runs in (plan.ContextOptions).
type execContext struct {
	Environment map[string]string
	UserID      *int
	User        string
	GroupID     *int
	Group       string
	WorkingDir  string
}

// mergeServiceContext follows plan.go MergeServiceContext: the request's
// options over those of its service-context service. The caller holds s.mu.
func (s *Server) mergeServiceContext(p execPayload) (execContext, error) {
	overrides := execContext{
		Environment: p.Environment,
		UserID:      p.UserID,
		User:        p.User,
		GroupID:     p.GroupID,
		Group:       p.Group,
		WorkingDir:  p.WorkingDir,
	}
	if p.ServiceContext == "" {
		return overrides, nil
	}
	if s.plan == nil || s.plan.Services[p.ServiceContext] == nil {
		return execContext{}, fmt.Errorf("context service %q not found", p.ServiceContext)
	}
	svc := s.plan.Services[p.ServiceContext]
	merged := execContext{
		Environment: maps.Clone(svc.Environment),
		UserID:      svc.UserID,
		User:        svc.User,
		GroupID:     svc.GroupID,
		Group:       svc.Group,
		WorkingDir:  svc.WorkingDir,
	}
	if merged.Environment == nil {
		merged.Environment = map[string]string{}
	}
	maps.Copy(merged.Environment, overrides.Environment)
	if overrides.UserID != nil {
		merged.UserID = overrides.UserID
	}
	if overrides.User != "" {
		merged.User = overrides.User
	}
	if overrides.GroupID != nil {
		merged.GroupID = overrides.GroupID
	}
	if overrides.Group != "" {
		merged.Group = overrides.Group
	}
	if overrides.WorkingDir != "" {
		merged.WorkingDir = overrides.WorkingDir
	}
	return merged, nil
}

// execEnvironment follows cmdstate request.go Exec: the daemon's
// environment (Container.Environment), less HOME and USER when the command
// runs as another user, then the requested variables, then PATH, HOME,
// USER and LANG defaults; the working directory defaults to $HOME, then
// "/". There is no passwd database: root's HOME is /root, and another
// user's HOME stays unset unless the request sets it. A working directory
// given explicitly must exist under Root; $HOME is not checked, so that a
// sandbox need not hold /root. The caller holds s.mu.
func (s *Server) execEnvironment(ctx execContext) (map[string]string, string, error) {
	env := maps.Clone(s.state.Environment)
	if env == nil {
		env = map[string]string{}
	}
	otherUser := (ctx.UserID != nil && *ctx.UserID != 0) || (ctx.User != "" && ctx.User != "root")
	if otherUser {
		delete(env, "HOME")
		delete(env, "USER")
	}
	maps.Copy(env, ctx.Environment)
	if _, ok := env["PATH"]; !ok {
		env["PATH"] = defaultPath
	}
	if env["USER"] == "" || env["HOME"] == "" {
		switch {
		case !otherUser:
			if env["HOME"] == "" {
				env["HOME"] = "/root"
			}
			if env["USER"] == "" {
				env["USER"] = "root"
			}
		case ctx.User != "" && env["USER"] == "":
			env["USER"] = ctx.User
		}
	}
	if _, ok := env["LANG"]; !ok {
		env["LANG"] = "C.UTF-8"
	}
	workingDir := ctx.WorkingDir
	if workingDir == "" {
		workingDir = env["HOME"]
		if workingDir == "" {
			workingDir = "/"
		}
		return env, workingDir, nil
	}
	if s.state.Root != "" {
		root, err := openRoot(s.state.Root)
		if err != nil {
			return nil, "", err
		}
		defer root.Close()
		rel, err := relPath(workingDir)
		if err != nil {
			return nil, "", fmt.Errorf("working directory %q does not exist", workingDir)
		}
		st, err := root.Stat(rel)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, "", fmt.Errorf("working directory %q does not exist", workingDir)
		case err != nil:
			return nil, "", fmt.Errorf("cannot stat working directory %q: %w", workingDir, containerPathError(err, workingDir))
		case !st.IsDir():
			return nil, "", fmt.Errorf("working directory %q not a directory", workingDir)
		}
	}
	return env, workingDir, nil
}

// runExec plays an exec task (cmdstate handlers.go execution.do).
func (s *Server) runExec(e *execution) {
	defer s.wg.Done()
	connect := time.NewTimer(connectTimeout)
	defer connect.Stop()
	select {
	case <-e.ioConnected:
	case <-connect.C:
		s.finishExec(e, nil, fmt.Errorf("exec %s: timeout waiting for websocket connections: context deadline exceeded", e.taskID))
		return
	case <-e.aborted:
		s.finishExec(e, nil, errors.New("exec aborted"))
		return
	case <-s.done:
		return
	}
	s.mu.Lock()
	if ch, i := s.findTask(e.taskID); ch != nil {
		ch.Tasks[i].Status = ChangeDoing
		s.setChangeStatus(ch, ChangeDoing)
	}
	s.mu.Unlock()

	var timedOut <-chan time.Time
	if e.timeout > 0 {
		t := time.NewTimer(e.timeout)
		defer t.Stop()
		timedOut = t.C
	}
	code := e.rule.ExitCode
	var runErr error
	if e.rule.ReadStdin {
		select {
		case <-e.stdinDone:
		case <-timedOut:
			code, runErr = -1, fmt.Errorf("timed out after %v: context deadline exceeded", e.timeout)
		case <-e.aborted:
			code, runErr = -1, errors.New("exec aborted")
		case <-s.done:
			return
		}
	}

	stdio := e.conn("stdio")
	if runErr == nil {
		if e.rule.Stdout != "" {
			_ = stdio.WriteMessage(websocket.OpBinary, []byte(e.rule.Stdout))
		}
		if e.rule.Stderr != "" && !e.split {
			_ = stdio.WriteMessage(websocket.OpBinary, []byte(e.rule.Stderr))
		}
	}
	if e.split {
		stderr := e.conn("stderr")
		if runErr == nil && e.rule.Stderr != "" {
			_ = stderr.WriteMessage(websocket.OpBinary, []byte(e.rule.Stderr))
		}
		_ = stderr.WriteMessage(websocket.OpText, endCommand)
	}
	_ = stdio.WriteMessage(websocket.OpText, endCommand)
	// The process has exited: Pebble closes the control websocket.
	if control := e.conn("control"); control != nil {
		control.Abort()
	}
	s.finishExec(e, &code, runErr)
}

// finishExec ends an exec task: its exit code in the task data, the task
// and change Done (or Error, with the error logged as Pebble's task runner
// logs it), and the call's input in the exec log.
func (s *Server) finishExec(e *execution, code *int, runErr error) {
	e.mu.Lock()
	stdin := string(e.stdin)
	e.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.execs, e.taskID)
	ch, i := s.findTask(e.taskID)
	if ch == nil {
		return
	}
	now := s.nowUTC()
	t := &ch.Tasks[i]
	if code != nil {
		c := *code
		t.ExitCode = &c
		s.state.ExecLog[e.logIndex].ExitCode = c
	} else {
		s.state.ExecLog[e.logIndex].ExitCode = -1
	}
	if e.rule.ReadStdin {
		s.state.ExecLog[e.logIndex].Stdin = stdin
	}
	t.ReadyTime = now
	status := ChangeDone
	if runErr != nil {
		status = ChangeError
		t.Log = append(t.Log, taskLog(now, "ERROR", runErr.Error()))
	}
	t.Status = status
	s.setChangeStatus(ch, status)
}

// v1GetTaskWebsocket follows api_tasks.go v1GetTaskWebsocket.
func v1GetTaskWebsocket(s *Server, _ *http.Request, vars map[string]string) response {
	taskID := vars["task-id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, i := s.findTask(taskID)
	if ch == nil {
		return notFound("cannot find task with id %q", taskID)
	}
	if kind := ch.Tasks[i].Kind; kind != "exec" {
		return badRequest("%q tasks do not have websockets", kind)
	}
	return websocketResponse{s: s, e: s.execs[taskID], id: vars["websocket-id"]}
}

// websocketResponse upgrades the request to the named websocket of an
// exec (cmdstate execution.connect).
type websocketResponse struct {
	s  *Server
	e  *execution // nil once the exec has finished
	id string
}

func (wr websocketResponse) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if wr.e == nil {
		// Pebble would wait for an execution that never comes back; say
		// what happened instead.
		notFound("cannot find websocket with id %q", wr.id).ServeHTTP(w, r)
		return
	}
	err := wr.s.connect(wr.e, wr.id, w, r)
	var hs handshakeError
	switch {
	case err == nil, errors.As(err, &hs):
		// Connected, or the answer is written, or the connection is gone.
	case errors.Is(err, os.ErrNotExist):
		notFound("cannot find websocket with id %q", wr.id).ServeHTTP(w, r)
	default:
		internalError("cannot connect to websocket %q: %v", wr.id, err).ServeHTTP(w, r)
	}
}

// connect upgrades the connection and registers it as websocket id of e.
func (s *Server) connect(e *execution, id string, w http.ResponseWriter, r *http.Request) error {
	e.mu.Lock()
	conn, ok := e.websockets[id]
	switch {
	case !ok:
		e.mu.Unlock()
		return os.ErrNotExist
	case conn != nil || e.reserved[id]:
		e.mu.Unlock()
		return fmt.Errorf("websocket %q already connected", id)
	}
	e.reserved[id] = true
	e.mu.Unlock()

	c, err := upgradeWebsocket(w, r)
	if err != nil {
		e.mu.Lock()
		delete(e.reserved, id)
		e.mu.Unlock()
		return err
	}
	if !s.trackConn(c, true) {
		c.Abort()
		return nil
	}
	e.mu.Lock()
	e.websockets[id] = c
	if id != "control" && !e.ioClosed && e.websockets["stdio"] != nil && (!e.split || e.websockets["stderr"] != nil) {
		e.ioClosed = true
		close(e.ioConnected)
	}
	e.mu.Unlock()
	s.wg.Add(1)
	go s.readWebsocket(e, id, c)
	return nil
}

// readWebsocket reads a client's messages until the connection closes. On
// stdio, binary messages are the command's standard input and the text
// message {"command":"end"} (or the connection closing) ends it
// (wsutil.go recvLoop); control commands and anything on stderr are read
// and dropped, since no process can receive them.
func (s *Server) readWebsocket(e *execution, id string, c *websocket.Conn) {
	defer s.wg.Done()
	defer s.trackConn(c, false)
	defer c.Abort()
	for {
		op, data, err := c.ReadMessage()
		if err != nil {
			// A close frame is answered already; a protocol error is
			// answered with its close code before the connection goes.
			c.Fail(err)
			if id == "stdio" {
				e.endStdin()
			}
			return
		}
		if id != "stdio" {
			continue
		}
		switch op {
		case websocket.OpText:
			var cmd struct {
				Command string `json:"command"`
			}
			if json.Unmarshal(data, &cmd) == nil && cmd.Command == "end" {
				e.endStdin()
			}
		case websocket.OpBinary:
			e.mu.Lock()
			select {
			case <-e.stdinDone:
			default:
				if len(e.stdin)+len(data) <= maxStdin {
					e.stdin = append(e.stdin, data...)
				}
			}
			e.mu.Unlock()
		}
	}
}
