package pebblesim

import (
	"bufio"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/internal/websocket"
)

// wsClient is a minimal RFC 6455 client, written here with the standard
// library so that the test checks the server against the protocol rather
// than against the server's own code.
type wsClient struct {
	conn net.Conn
	br   *bufio.Reader
}

// dialWS opens the websocket at path over the Unix socket. A handshake the
// server refuses is returned as an error carrying the HTTP status and body.
func dialWS(sock, path string) (*wsClient, error) {
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, err
	}
	var nonce [16]byte
	rand.Read(nonce[:])
	key := base64.StdEncoding.EncodeToString(nonce[:])
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", path, key)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		body, _ := io.ReadAll(resp.Body)
		conn.Close()
		return nil, fmt.Errorf("%d %s", resp.StatusCode, body)
	}
	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	if got, want := resp.Header.Get("Sec-WebSocket-Accept"), base64.StdEncoding.EncodeToString(sum[:]); got != want {
		conn.Close()
		return nil, fmt.Errorf("Sec-WebSocket-Accept %q, want %q", got, want)
	}
	return &wsClient{conn: conn, br: br}, nil
}

// sendFrame sends one frame, masked as clients must (unless masked is false).
func (c *wsClient) sendFrame(fin bool, op byte, payload []byte, masked bool) error {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	frame := []byte{b0}
	maskBit := byte(0)
	if masked {
		maskBit = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		frame = append(frame, maskBit|byte(n))
	case n <= 0xFFFF:
		frame = append(frame, maskBit|126)
		frame = binary.BigEndian.AppendUint16(frame, uint16(n))
	default:
		frame = append(frame, maskBit|127)
		frame = binary.BigEndian.AppendUint64(frame, uint64(n))
	}
	data := append([]byte(nil), payload...)
	if masked {
		var mask [4]byte
		rand.Read(mask[:])
		frame = append(frame, mask[:]...)
		for i := range data {
			data[i] ^= mask[i%4]
		}
	}
	_, err := c.conn.Write(append(frame, data...))
	return err
}

func (c *wsClient) send(op byte, payload []byte) error { return c.sendFrame(true, op, payload, true) }

// recv returns the next frame from the server, which must not be masked.
func (c *wsClient) recv() (byte, []byte, error) {
	c.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	var h [2]byte
	if _, err := io.ReadFull(c.br, h[:]); err != nil {
		return 0, nil, err
	}
	if h[1]&0x80 != 0 {
		return 0, nil, errors.New("server frame is masked")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var ext [2]byte
		io.ReadFull(c.br, ext[:])
		n = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		io.ReadFull(c.br, ext[:])
		n = binary.BigEndian.Uint64(ext[:])
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(c.br, payload); err != nil {
		return 0, nil, err
	}
	return h[0] & 0x0F, payload, nil
}

// readStream reads binary messages until the "end" message, as ops'
// _websocket_to_writer does.
func (c *wsClient) readStream(t *testing.T) string {
	t.Helper()
	var out strings.Builder
	for {
		op, data, err := c.recv()
		if err != nil {
			t.Fatalf("reading stream: %v (so far %q)", err, out.String())
		}
		switch op {
		case websocket.OpBinary:
			out.Write(data)
		case websocket.OpText:
			if string(data) != `{"command":"end"}` {
				t.Fatalf("unexpected text message %q", data)
			}
			return out.String()
		default:
			t.Fatalf("unexpected opcode %d", op)
		}
	}
}

func (c *wsClient) close() { c.conn.Close() }

// startExec posts an exec and returns the change and task IDs.
func startExec(t *testing.T, c *http.Client, payload map[string]any) (changeID, taskID string) {
	t.Helper()
	status, body := call(t, c, "POST", "/v1/exec", payload)
	if status != 202 {
		t.Fatalf("exec: %d %v", status, body)
	}
	return body["change"].(string), body["result"].(map[string]any)["task-id"].(string)
}

func mustDial(t *testing.T, sock, taskID, id string) *wsClient {
	t.Helper()
	ws, err := dialWS(sock, "/v1/tasks/"+taskID+"/websocket/"+id)
	if err != nil {
		t.Fatalf("websocket %s: %v", id, err)
	}
	t.Cleanup(ws.close)
	return ws
}

func TestExecSplitStderrWithStdin(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{
		{Command: "cat", Stdout: "out\n", Stderr: "err\n", ExitCode: 3, ReadStdin: true},
		{Command: "*", Stdout: "never"},
	}
	srv, sock, c := startServer(t, ct)
	changeID, taskID := startExec(t, c, map[string]any{
		"command": []string{"cat"}, "split-stderr": true, "environment": map[string]string{"K": "v"},
		"working-dir": "/", "user": "app", "group": "app",
	})
	control := mustDial(t, sock, taskID, "control")
	stdio := mustDial(t, sock, taskID, "stdio")

	// A second connection to the same websocket is refused.
	if _, err := dialWS(sock, "/v1/tasks/"+taskID+"/websocket/stdio"); err == nil ||
		!strings.Contains(err.Error(), `500 {"type":"error","status-code":500,"status":"Internal Server Error","result":{"message":"cannot connect to websocket \"stdio\": websocket \"stdio\" already connected"}}`) {
		t.Errorf("second stdio connection: %v", err)
	}
	stderr := mustDial(t, sock, taskID, "stderr")

	// Standard input: a ping on the way, a fragmented message, then "end".
	if err := stdio.send(websocket.OpPing, []byte("p")); err != nil {
		t.Fatal(err)
	}
	if op, data, err := stdio.recv(); err != nil || op != websocket.OpPong || string(data) != "p" {
		t.Fatalf("pong: %d %q %v", op, data, err)
	}
	stdio.send(websocket.OpBinary, []byte("hello "))
	stdio.sendFrame(false, websocket.OpBinary, []byte("wor"), true)
	stdio.sendFrame(true, websocket.OpContinuation, []byte("ld"), true)
	control.send(websocket.OpText, []byte(`{"command":"signal","signal":{"name":"SIGINT"}}`))
	stdio.send(websocket.OpText, []byte(`{"command":"end"}`))

	if got := stdio.readStream(t); got != "out\n" {
		t.Errorf("stdout = %q", got)
	}
	if got := stderr.readStream(t); got != "err\n" {
		t.Errorf("stderr = %q", got)
	}
	// Pebble closes the control websocket when the process has exited.
	if _, _, err := control.recv(); err == nil {
		t.Error("control websocket still open")
	}

	status, raw := callRaw(t, c, "GET", "/v1/changes/"+changeID+"/wait?timeout=5s", nil)
	want := `{"type":"sync","status-code":200,"status":"OK","result":{"id":"` + changeID + `","kind":"exec",` +
		`"summary":"Execute command \"cat\"","status":"Done","tasks":[{"id":"` + taskID + `","kind":"exec",` +
		`"summary":"Execute command \"cat\"","status":"Done","progress":{"label":"","done":1,"total":1},` +
		`"spawn-time":"` + ts + `","ready-time":"` + ts + `","data":{"exit-code":3}}],"ready":true,` +
		`"spawn-time":"` + ts + `","ready-time":"` + ts + `"}}`
	if status != 200 || string(raw) != want {
		t.Errorf("change:\n got %d %s\nwant %s", status, raw, want)
	}

	got := mustJSON(t, srv.Container().ExecLog)
	wantLog := `[{"command":["cat"],"environment":{"K":"v"},"working_dir":"/","user":"app","group":"app","stdin":"hello world","exit_code":3,"task_id":"` + taskID + `"}]`
	if got != wantLog {
		t.Errorf("exec log:\n got %s\nwant %s", got, wantLog)
	}

	// Closing the stdio websocket is answered with a close frame.
	stdio.send(websocket.OpClose, binary.BigEndian.AppendUint16(nil, websocket.CloseNormal))
	if op, data, err := stdio.recv(); err != nil || op != websocket.OpClose || binary.BigEndian.Uint16(data) != websocket.CloseNormal {
		t.Errorf("close answer: %d %v %v", op, data, err)
	}
}

func TestExecCombinedOutputWithoutStdin(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{{Command: "echo *", Stdout: "a\n", Stderr: "b\n"}}
	_, sock, c := startServer(t, ct)
	changeID, taskID := startExec(t, c, map[string]any{"command": []string{"echo", "hi", "there"}})
	mustDial(t, sock, taskID, "control")
	stdio := mustDial(t, sock, taskID, "stdio")
	// Standard input is never ended, as ops' wait_output leaves it when it
	// has none to send: the command answers anyway.
	if got := stdio.readStream(t); got != "a\nb\n" {
		t.Errorf("stdio = %q", got)
	}
	_, body := call(t, c, "GET", "/v1/changes/"+changeID+"/wait?timeout=5s", nil)
	result := body["result"].(map[string]any)
	if result["status"] != "Done" || mustJSON(t, result["tasks"].([]any)[0].(map[string]any)["data"]) != `{"exit-code":0}` {
		t.Errorf("change = %v", result)
	}
}

func TestExecTimeoutAndConnectTimeout(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{{Command: "cat", Stdout: "x", ReadStdin: true}}
	srv, sock, c := startServer(t, ct)

	changeID, taskID := startExec(t, c, map[string]any{"command": []string{"cat"}, "timeout": "50ms"})
	mustDial(t, sock, taskID, "control")
	stdio := mustDial(t, sock, taskID, "stdio")
	if got := stdio.readStream(t); got != "" {
		t.Errorf("a timed-out command wrote %q", got)
	}
	_, body := call(t, c, "GET", "/v1/changes/"+changeID+"/wait?timeout=5s", nil)
	result := body["result"].(map[string]any)
	if result["status"] != "Error" || result["err"] != "cannot perform the following tasks:\n- Execute command \"cat\" (timed out after 50ms: context deadline exceeded)" {
		t.Errorf("timed-out change = %v", result)
	}
	task := result["tasks"].([]any)[0].(map[string]any)
	if mustJSON(t, task["data"]) != `{"exit-code":-1}` || !strings.Contains(mustJSON(t, task["log"]), ts+" ERROR timed out after 50ms") {
		t.Errorf("timed-out task = %v", task)
	}

	old := connectTimeout
	connectTimeout = 50 * time.Millisecond
	t.Cleanup(func() { connectTimeout = old })
	changeID, taskID = startExec(t, c, map[string]any{"command": []string{"cat"}})
	_, body = call(t, c, "GET", "/v1/changes/"+changeID+"/wait?timeout=5s", nil)
	if got := body["result"].(map[string]any)["err"]; got != "cannot perform the following tasks:\n- Execute command \"cat\" (exec "+taskID+": timeout waiting for websocket connections: context deadline exceeded)" {
		t.Errorf("connect timeout err = %v", got)
	}
	expect(t, c, "GET", "/v1/tasks/"+taskID+"/websocket/stdio", nil, 404, errorBody(404, `cannot find websocket with id "stdio"`))
	if log := srv.Container().ExecLog; len(log) != 2 || log[0].ExitCode != -1 || log[1].ExitCode != -1 {
		t.Errorf("exec log = %+v", log)
	}
}

func TestExecWaitTimesOut(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{{Command: "cat", ReadStdin: true}}
	_, sock, c := startServer(t, ct)
	changeID, taskID := startExec(t, c, map[string]any{"command": []string{"cat"}})
	mustDial(t, sock, taskID, "stdio")
	expect(t, c, "GET", "/v1/changes/"+changeID+"/wait?timeout=20ms", nil, 504, errorBody(504, "timed out waiting for change after 20ms"))
	_, body := call(t, c, "GET", "/v1/changes/"+changeID, nil)
	if got := body["result"].(map[string]any)["status"]; got != "Doing" {
		t.Errorf("running exec change status = %v", got)
	}
	// Aborting it ends it.
	_, body = call(t, c, "POST", "/v1/changes/"+changeID, map[string]any{"action": "abort"})
	if got := body["result"].(map[string]any)["status"]; got != "Abort" {
		t.Errorf("aborted change status = %v", got)
	}
	_, body = call(t, c, "GET", "/v1/changes/"+changeID+"/wait?timeout=5s", nil)
	if got := body["result"].(map[string]any)["status"]; got != "Error" {
		t.Errorf("aborted change ends %v", got)
	}
}

func TestWebsocketProtocolErrors(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{{Command: "cat", ReadStdin: true}}
	_, sock, c := startServer(t, ct)
	_, taskID := startExec(t, c, map[string]any{"command": []string{"cat"}})
	stdio := mustDial(t, sock, taskID, "stdio")
	// An unmasked client frame is a protocol error (RFC 6455 section 5.1).
	stdio.sendFrame(true, websocket.OpBinary, []byte("x"), false)
	op, data, err := stdio.recv()
	if err != nil || op != websocket.OpClose || binary.BigEndian.Uint16(data) != websocket.CloseProtocolError {
		t.Errorf("unmasked frame answer: %d %q %v", op, data, err)
	}
}

func TestMatchCommand(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		argv    []string
		want    bool
	}{
		{"ls", []string{"ls"}, true},
		{"ls", []string{"ls", "-l"}, false},
		{"ls *", []string{"ls", "-l", "/tmp"}, true},
		{"ls *", []string{"ls"}, false},
		{"*", []string{"anything", "at all"}, true},
		{"*", []string{""}, true},
		{"*/bin/*", []string{"/usr/bin/env", "x"}, true},
		{"a*b*c", []string{"axxbyyc"}, true},
		{"a*b*c", []string{"axxbyy"}, false},
		{"a*b*c", []string{"abcbc"}, true},
		{"echo hi", []string{"echo", "hi"}, true},
		{"echo  hi", []string{"echo", "hi"}, false},
		{"*x*x*x*x*x*x*x*y", []string{strings.Repeat("x", 200)}, false},
	} {
		if got := matchCommand(tc.pattern, tc.argv); got != tc.want {
			t.Errorf("matchCommand(%q, %q) = %v, want %v", tc.pattern, tc.argv, got, tc.want)
		}
	}
}
