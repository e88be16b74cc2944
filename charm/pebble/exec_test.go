package pebble

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmgen/charmgen/internal/websocket"
)

// execRun is what the fake command does with its input.
type execRun func(stdin []byte) (stdout, stderr []byte, exitCode int)

// execRequest is POST /v1/exec's payload as Pebble decodes it
// (internals/daemon/api_exec.go execPayload).
type execRequest struct {
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

// fakeExec plays Pebble's exec: the change and task of
// internals/daemon/api_exec.go and the websockets of
// internals/overlord/cmdstate/handlers.go, with the conventions of
// internals/wsutil (binary data, text {"command":"end"}).
type fakeExec struct {
	run       execRun
	changeErr string // the change fails with this err
	hang      bool   // the command never finishes

	mu         sync.Mutex
	req        execRequest
	stdin      []byte
	sockets    []string
	pongOK     bool
	controlEnd chan string // "normal" (close frame) or "abnormal" (dropped)
	ran        chan [3]any // stdout, stderr, exit code
	outputSent chan struct{}
	errSent    chan struct{}
}

func newFakeExec(t *testing.T, f *fakePebble, run execRun) *fakeExec {
	e := &fakeExec{
		run:        run,
		controlEnd: make(chan string, 1),
		ran:        make(chan [3]any, 1),
		outputSent: make(chan struct{}),
		errSent:    make(chan struct{}),
	}
	f.handle("POST /v1/exec", func(w http.ResponseWriter, r *http.Request) {
		var req execRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			writeError(w, 400, "", "cannot decode request body: "+err.Error())
			return
		}
		if len(req.Command) < 1 {
			writeError(w, 400, "", "must specify command")
			return
		}
		if req.Command[0] == "nope" {
			writeError(w, 400, "", `cannot find executable "nope"`)
			return
		}
		e.mu.Lock()
		e.req = req
		e.mu.Unlock()
		if !req.SplitStderr {
			close(e.errSent)
		}
		writeAsync(w, "5", map[string]any{"environment": map[string]string{"HOME": "/root"}, "task-id": "9", "working-dir": "/root"})
	})
	f.handle("GET /v1/tasks/9/websocket/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		e.mu.Lock()
		e.sockets = append(e.sockets, id)
		split := e.req.SplitStderr
		e.mu.Unlock()
		if id != "control" && id != "stdio" && (id != "stderr" || !split) {
			// execution.connect: os.ErrNotExist becomes a 404.
			writeError(w, 404, "", "cannot find websocket with id "+id)
			return
		}
		ws, err := wsServerAccept(w, r)
		if err != nil {
			t.Errorf("accept %s: %v", id, err)
			return
		}
		defer ws.conn.Close()
		switch id {
		case "control":
			e.serveControl(ws)
		case "stdio":
			e.serveStdio(t, ws, split)
		case "stderr":
			e.serveStderr(t, ws)
		}
	})
	f.handle("GET /v1/changes/5/wait", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("timeout"))
		if err != nil {
			writeError(w, 400, "", "invalid timeout")
			return
		}
		timer := time.NewTimer(d)
		defer timer.Stop()
		for _, ch := range []chan struct{}{e.outputSent, e.errSent} {
			select {
			case <-ch:
			case <-timer.C:
				writeError(w, 504, "", "timed out waiting for change after "+d.String())
				return
			case <-r.Context().Done():
				return
			}
		}
		res := <-e.ran
		e.ran <- res
		if e.changeErr != "" {
			writeSync(w, changeJSON("5", "Error", true, e.changeErr, taskJSON("Error", []string{"ERROR " + e.changeErr}, map[string]any{"exit-code": -1})))
			return
		}
		writeSync(w, changeJSON("5", "Done", true, "", taskJSON("Done", nil, map[string]any{"exit-code": res[2]})))
	})
	return e
}

func (e *fakeExec) serveControl(ws *wsServerConn) {
	for {
		_, op, _, err := ws.readFrame()
		if err != nil {
			e.controlEnd <- "abnormal"
			return
		}
		if op == websocket.OpClose {
			e.controlEnd <- "normal"
			return
		}
	}
}

func (e *fakeExec) serveStdio(t *testing.T, ws *wsServerConn, split bool) {
	stdin, err := ws.readUntilEnd()
	if err != nil {
		t.Errorf("stdio: %v", err)
		return
	}
	e.mu.Lock()
	e.stdin = stdin
	e.mu.Unlock()
	if e.hang {
		// The command runs on; wait for the client to go away.
		for {
			if _, _, _, err := ws.readFrame(); err != nil {
				return
			}
		}
	}
	stdout, stderr, code := e.run(stdin)
	e.ran <- [3]any{stdout, stderr, code}

	// A ping in the stream: the client must answer with the same payload.
	ws.writeFrame(true, websocket.OpPing, []byte("are you there"))
	if fin, op, payload, err := ws.readFrame(); err == nil && fin && op == websocket.OpPong && string(payload) == "are you there" {
		e.mu.Lock()
		e.pongOK = true
		e.mu.Unlock()
	}
	out := stdout
	if !split {
		out = append(append([]byte{}, stdout...), stderr...)
	}
	// Output in a fragmented message, then an unfragmented one.
	half := len(out) / 2
	if len(out) > 1 {
		ws.writeFrame(false, websocket.OpBinary, out[:half])
		ws.writeFrame(true, websocket.OpContinuation, out[half:])
	} else if len(out) == 1 {
		ws.writeFrame(true, websocket.OpBinary, out)
	}
	ws.writeFrame(true, websocket.OpText, []byte(`{"command":"end"}`))
	close(e.outputSent)
	// Hold the connection until the client closes it.
	for {
		if _, _, _, err := ws.readFrame(); err != nil {
			return
		}
	}
}

func (e *fakeExec) serveStderr(t *testing.T, ws *wsServerConn) {
	res := <-e.ran
	e.ran <- res
	if stderr := res[1].([]byte); len(stderr) > 0 {
		ws.writeFrame(true, websocket.OpBinary, stderr)
	}
	ws.writeFrame(true, websocket.OpText, []byte(`{"command":"end"}`))
	close(e.errSent)
	for {
		if _, _, _, err := ws.readFrame(); err != nil {
			return
		}
	}
}

// expectControlEnd waits for the control websocket to end and checks how:
// "normal" (the client sent a close frame) or "abnormal" (it dropped the
// connection).
func (e *fakeExec) expectControlEnd(t *testing.T, want string) {
	t.Helper()
	select {
	case how := <-e.controlEnd:
		if how != want {
			t.Errorf("control websocket ended %s, want %s", how, want)
		}
	case <-time.After(5 * time.Second):
		t.Errorf("control websocket did not end (want %s)", want)
	}
}

func upperEcho(stdin []byte) ([]byte, []byte, int) {
	return bytes.ToUpper(stdin), []byte("warning: shouting\n"), 0
}

func TestExecEndToEnd(t *testing.T) {
	uid, gid := 1000, 1000
	big := bytes.Repeat([]byte("0123456789abcdef"), 20000) // 320 kB: 64-bit frame lengths
	tests := []struct {
		name       string
		run        execRun
		opts       ExecOptions
		wantStdout string
		wantStderr string
		wantCode   int
		wantExit   bool
		check      func(t *testing.T, req execRequest, sockets []string)
	}{{
		name: "stdin in, stdout and stderr captured, exit 0",
		run:  upperEcho,
		opts: ExecOptions{
			Command: []string{"/bin/upper", "--loud"}, Environment: map[string]string{"LANG": "C"},
			WorkingDir: "/srv", Timeout: 10 * time.Second, UserID: &uid, User: "app", GroupID: &gid, Group: "app",
			ServiceContext: "web", Stdin: strings.NewReader("hello pebble\n"),
		},
		wantStdout: "HELLO PEBBLE\n", wantStderr: "warning: shouting\n",
		check: func(t *testing.T, req execRequest, sockets []string) {
			if strings.Join(req.Command, " ") != "/bin/upper --loud" || req.Environment["LANG"] != "C" || req.WorkingDir != "/srv" ||
				req.Timeout != "10s" || *req.UserID != 1000 || req.User != "app" || *req.GroupID != 1000 || req.Group != "app" ||
				!req.SplitStderr || req.ServiceContext != "web" || req.Terminal || req.Width != 0 {
				t.Errorf("exec payload = %+v", req)
			}
			if strings.Join(sockets, ",") != "control,stdio,stderr" {
				t.Errorf("websockets opened in order %v, want control, stdio, stderr", sockets)
			}
		},
	}, {
		name: "non-zero exit is an ExitError carrying stderr",
		run: func(stdin []byte) ([]byte, []byte, int) {
			return []byte("partial"), []byte("error: no such table\n"), 3
		},
		opts:       ExecOptions{Command: []string{"psql", "-c", "select"}},
		wantStdout: "partial", wantStderr: "error: no such table\n", wantCode: 3, wantExit: true,
		check: func(t *testing.T, req execRequest, sockets []string) {
			if req.Timeout != "" || req.UserID != nil || req.Environment != nil {
				t.Errorf("unset options were sent: %+v", req)
			}
		},
	}, {
		name:       "combined stderr uses one stream",
		run:        upperEcho,
		opts:       ExecOptions{Command: []string{"upper"}, Stdin: strings.NewReader("a"), CombineStderr: true},
		wantStdout: "Awarning: shouting\n",
		check: func(t *testing.T, req execRequest, sockets []string) {
			if req.SplitStderr {
				t.Error("split-stderr sent with CombineStderr")
			}
			if strings.Join(sockets, ",") != "control,stdio" {
				t.Errorf("websockets = %v", sockets)
			}
		},
	}, {
		name:       "no stdin sends just the end command",
		run:        func(stdin []byte) ([]byte, []byte, int) { return []byte{byte('0' + len(stdin))}, nil, 0 },
		opts:       ExecOptions{Command: []string{"wc", "-c"}},
		wantStdout: "0",
	}, {
		name:       "large input and output",
		run:        func(stdin []byte) ([]byte, []byte, int) { return stdin, nil, 0 },
		opts:       ExecOptions{Command: []string{"cat"}, Stdin: bytes.NewReader(big)},
		wantStdout: string(big),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakePebble(t)
			e := newFakeExec(t, f, tt.run)
			res, err := f.client(ClientOptions{}).Exec(context.Background(), tt.opts)
			var exitErr *ExitError
			switch {
			case tt.wantExit:
				if !errors.As(err, &exitErr) || exitErr.ExitCode != tt.wantCode || exitErr.Stderr != tt.wantStderr {
					t.Fatalf("err = %v (%T), want *ExitError with code %d", err, err, tt.wantCode)
				}
				if strings.Join(exitErr.Command, " ") != strings.Join(tt.opts.Command, " ") {
					t.Errorf("ExitError.Command = %q", exitErr.Command)
				}
			case err != nil:
				t.Fatal(err)
			}
			if res == nil || res.ExitCode != tt.wantCode || string(res.Stdout) != tt.wantStdout || string(res.Stderr) != tt.wantStderr {
				t.Fatalf("result = %+v", res)
			}
			e.mu.Lock()
			req, sockets, stdin, pongOK := e.req, e.sockets, e.stdin, e.pongOK
			e.mu.Unlock()
			if tt.opts.Stdin == nil && len(stdin) != 0 {
				t.Errorf("stdin = %q", stdin)
			}
			if tt.name == "large input and output" && !bytes.Equal(stdin, big) {
				t.Errorf("stdin arrived with %d bytes, want %d", len(stdin), len(big))
			}
			if !pongOK {
				t.Error("the client did not answer the server's ping")
			}
			if tt.check != nil {
				tt.check(t, req, sockets)
			}
			e.expectControlEnd(t, "normal")
		})
	}
}

func TestExecToWriters(t *testing.T) {
	f := newFakePebble(t)
	newFakeExec(t, f, upperEcho)
	var stdout, stderr bytes.Buffer
	res, err := f.client(ClientOptions{}).Exec(context.Background(), ExecOptions{
		Command: []string{"upper"}, Stdin: strings.NewReader("x"), Stdout: &stdout, Stderr: &stderr,
	})
	if err != nil {
		t.Fatal(err)
	}
	if stdout.String() != "X" || stderr.String() != "warning: shouting\n" || res.Stdout != nil || res.Stderr != nil {
		t.Errorf("stdout %q stderr %q result %+v", stdout.String(), stderr.String(), res)
	}
}

func TestExecChangeError(t *testing.T) {
	f := newFakePebble(t)
	e := newFakeExec(t, f, upperEcho)
	e.changeErr = "cannot perform the following tasks:\n- Execute command \"sleep\" (timed out after 1s: context deadline exceeded)"
	_, err := f.client(ClientOptions{}).Exec(context.Background(), ExecOptions{Command: []string{"sleep", "10"}, Timeout: time.Second})
	var ce *ChangeError
	if !errors.As(err, &ce) || ce.Err != e.changeErr {
		t.Fatalf("err = %v (%T), want *ChangeError", err, err)
	}
}

func TestExecAPIError(t *testing.T) {
	f := newFakePebble(t)
	newFakeExec(t, f, upperEcho)
	_, err := f.client(ClientOptions{}).Exec(context.Background(), ExecOptions{Command: []string{"nope"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Message != `cannot find executable "nope"` {
		t.Fatalf("err = %v (%T)", err, err)
	}
	if _, err := f.client(ClientOptions{}).Exec(context.Background(), ExecOptions{}); err == nil {
		t.Error("Exec without a command succeeded")
	}
}

// TestExecCancel: when ctx ends, Exec returns and drops its websockets
// without a close frame, which makes Pebble kill the command.
func TestExecCancel(t *testing.T) {
	f := newFakePebble(t)
	e := newFakeExec(t, f, upperEcho)
	e.hang = true
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := f.client(ClientOptions{}).Exec(ctx, ExecOptions{Command: []string{"sleep", "infinity"}})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	e.expectControlEnd(t, "abnormal")
}

func TestExecOutputLimit(t *testing.T) {
	f := newFakePebble(t)
	newFakeExec(t, f, func(stdin []byte) ([]byte, []byte, int) { return bytes.Repeat([]byte("y"), 5000), nil, 0 })
	_, err := f.client(ClientOptions{MaxResponseSize: 1000}).Exec(context.Background(), ExecOptions{Command: []string{"yes"}})
	if err == nil || !strings.Contains(err.Error(), "larger than 1000 bytes") {
		t.Errorf("err = %v", err)
	}
}

// The client's websocket end, against hand-made frames over a pipe and the
// test server's own frame reader. The framing itself is tested in
// internal/websocket; these check what the client asks of it.

// pipeWS returns a client websocket and the raw server end of a pipe.
func pipeWS(t *testing.T) (*websocket.Conn, *wsServerConn) {
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close(); server.Close() })
	return newWSConn(client, bufio.NewReader(client)), &wsServerConn{conn: server, br: bufio.NewReader(server)}
}

func TestWebsocketReadMessage(t *testing.T) {
	frame := func(b0, b1 byte, payload ...byte) []byte { return append([]byte{b0, b1}, payload...) }
	tests := []struct {
		name   string
		frames [][]byte // raw server bytes
		op     byte
		data   string
		err    string
		pong   string // the pong the client must send first
	}{
		{name: "binary", frames: [][]byte{frame(0x82, 3, 'a', 'b', 'c')}, op: websocket.OpBinary, data: "abc"},
		{name: "fragmented with a ping in between",
			frames: [][]byte{frame(0x01, 2, 'h', 'e'), frame(0x89, 1, 'p'), frame(0x00, 1, 'l'), frame(0x80, 2, 'l', 'o')},
			op:     websocket.OpText, data: "hello", pong: "p"},
		{name: "16-bit length", frames: [][]byte{append([]byte{0x82, 126, 0x00, 200}, bytes.Repeat([]byte{'z'}, 200)...)},
			op: websocket.OpBinary, data: strings.Repeat("z", 200)},
		{name: "masked server frame", frames: [][]byte{frame(0x82, 0x81, 1, 2, 3, 4, 'x')}, err: "masked frame from server"},
		{name: "frame over the limit", frames: [][]byte{frame(0x82, 127, 0, 0, 0, 0, 0x01, 0, 0, 1)}, err: "exceeds the 16777216-byte limit"},
		{name: "text that is not UTF-8", frames: [][]byte{frame(0x81, 1, 0xff)}, err: "not valid UTF-8"},
		{name: "close", frames: [][]byte{frame(0x88, 4, 0x03, 0xE8, 'o', 'k')}, err: "code 1000 ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := pipeWS(t)
			go func() {
				for _, f := range tt.frames {
					if _, err := s.conn.Write(f); err != nil {
						return
					}
				}
			}()
			type read struct {
				op   byte
				data []byte
				err  error
			}
			got := make(chan read, 1)
			go func() {
				op, data, err := c.ReadMessage()
				got <- read{op, data, err}
			}()
			if tt.pong != "" || strings.HasPrefix(tt.err, "code") {
				// The client answers pings and close frames; read them.
				fin, op, payload, err := s.readFrame()
				want := byte(websocket.OpPong)
				if tt.pong == "" {
					want = websocket.OpClose
				}
				if err != nil || !fin || op != want {
					t.Fatalf("client reply = %v %d %q %v", fin, op, payload, err)
				}
				if tt.pong != "" && string(payload) != tt.pong {
					t.Errorf("pong payload = %q", payload)
				}
			}
			r := <-got
			if tt.err != "" {
				if r.err == nil || !strings.Contains(r.err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", r.err, tt.err)
				}
				return
			}
			if r.err != nil || r.op != tt.op || string(r.data) != tt.data {
				t.Errorf("ReadMessage = %d %q %v", r.op, r.data, r.err)
			}
		})
	}
}

func TestWebsocketWriteIsMasked(t *testing.T) {
	c, s := pipeWS(t)
	for _, n := range []int{0, 125, 126, 70000} {
		payload := bytes.Repeat([]byte{'q'}, n)
		go c.WriteMessage(websocket.OpBinary, payload)
		fin, op, got, err := s.readFrame() // fails unless masked
		if err != nil || !fin || op != websocket.OpBinary || !bytes.Equal(got, payload) {
			t.Errorf("n=%d: %v %d %d bytes %v", n, fin, op, len(got), err)
		}
	}
}

func TestWebsocketHandshakeFailures(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/tasks/1/websocket/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "missing":
			writeError(w, 404, "", `cannot find task with id "1"`)
		case "badaccept":
			conn, _, _ := w.(http.Hijacker).Hijack()
			defer conn.Close()
			conn.Write([]byte("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm9wZQ==\r\n\r\n"))
		case "silent":
			conn, _, _ := w.(http.Hijacker).Hijack()
			defer conn.Close()
			<-r.Context().Done()
			time.Sleep(time.Second)
		}
	})
	c := f.client(ClientOptions{Timeout: 300 * time.Millisecond})
	_, err := c.dialWebsocket(context.Background(), "/v1/tasks/1/websocket/missing")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	if _, err := c.dialWebsocket(context.Background(), "/v1/tasks/1/websocket/badaccept"); err == nil || !strings.Contains(err.Error(), "Sec-WebSocket-Accept") {
		t.Errorf("badaccept: %v", err)
	}
	if _, err := c.dialWebsocket(context.Background(), "/v1/tasks/1/websocket/silent"); !errors.Is(err, ErrCannotConnect) {
		t.Errorf("silent: %v", err)
	}
}
