package pebble

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/internal/websocket"
)

// fakePebble is an HTTP server on a real Unix socket that answers with
// Pebble's response shapes (canonical/pebble internals/daemon/response.go).
type fakePebble struct {
	t      *testing.T
	socket string
	mux    *http.ServeMux
}

// shortSocketDir returns a directory for sockets, removed at the end of the
// test: t.TempDir paths can exceed the 108-byte limit of a socket path.
func shortSocketDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pebble")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func newFakePebble(t *testing.T) *fakePebble {
	t.Helper()
	socket := filepath.Join(shortSocketDir(t), "pebble.socket")
	l, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakePebble{t: t, socket: socket, mux: http.NewServeMux()}
	srv := &http.Server{Handler: f.mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return f
}

func (f *fakePebble) client(opts ClientOptions) *Client {
	opts.Socket = f.socket
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	return NewClient(opts)
}

func (f *fakePebble) handle(pattern string, h http.HandlerFunc) { f.mux.HandleFunc(pattern, h) }

// writeResp writes a response the way Pebble's respJSON marshals it: type,
// status-code, status, change, result, in that order.
func writeResp(w http.ResponseWriter, typ string, status int, change string, result any) {
	env := struct {
		Type       string `json:"type"`
		StatusCode int    `json:"status-code"`
		Status     string `json:"status,omitempty"`
		Change     string `json:"change,omitempty"`
		Result     any    `json:"result,omitempty"`
	}{typ, status, http.StatusText(status), change, result}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(env)
}

func writeSync(w http.ResponseWriter, result any) { writeResp(w, "sync", 200, "", result) }

func writeAsync(w http.ResponseWriter, change string, result any) {
	writeResp(w, "async", 202, change, result)
}

// writeError writes Pebble's error response: result is errorResult
// {"message", "kind", "value"}, kind and value omitted when empty.
func writeError(w http.ResponseWriter, status int, kind, message string) {
	result := map[string]any{"message": message}
	if kind != "" {
		result["kind"] = kind
	}
	writeResp(w, "error", status, "", result)
}

// Server side of a websocket, for tests: hijack, handshake, read masked
// frames, write unmasked ones.

type wsServerConn struct {
	conn net.Conn
	br   *bufio.Reader
}

func wsServerAccept(w http.ResponseWriter, r *http.Request) (*wsServerConn, error) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") ||
		!strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade") ||
		r.Header.Get("Sec-WebSocket-Version") != "13" {
		http.Error(w, "not a websocket handshake", http.StatusBadRequest)
		return nil, errors.New("not a websocket handshake")
	}
	key := r.Header.Get("Sec-WebSocket-Key")
	if nonce, err := base64.StdEncoding.DecodeString(key); err != nil || len(nonce) != 16 {
		http.Error(w, "bad key", http.StatusBadRequest)
		return nil, fmt.Errorf("bad Sec-WebSocket-Key %q", key)
	}
	conn, brw, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return nil, err
	}
	// RFC 6455 section 1.3, computed here independently of the client.
	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	accept := base64.StdEncoding.EncodeToString(sum[:])
	fmt.Fprintf(conn, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept)
	return &wsServerConn{conn: conn, br: brw.Reader}, nil
}

// readFrame reads one client frame, which must be masked, and unmasks it.
func (s *wsServerConn) readFrame() (fin bool, op byte, payload []byte, err error) {
	var h [2]byte
	if _, err := io.ReadFull(s.br, h[:]); err != nil {
		return false, 0, nil, err
	}
	if h[1]&0x80 == 0 {
		return false, 0, nil, errors.New("client frame not masked")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var e [2]byte
		io.ReadFull(s.br, e[:])
		n = uint64(binary.BigEndian.Uint16(e[:]))
	case 127:
		var e [8]byte
		io.ReadFull(s.br, e[:])
		n = binary.BigEndian.Uint64(e[:])
	}
	var mask [4]byte
	if _, err := io.ReadFull(s.br, mask[:]); err != nil {
		return false, 0, nil, err
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(s.br, payload); err != nil {
		return false, 0, nil, err
	}
	for i := range payload {
		payload[i] ^= mask[i%4]
	}
	return h[0]&0x80 != 0, h[0] & 0x0F, payload, nil
}

// writeFrame writes an unmasked server frame.
func (s *wsServerConn) writeFrame(fin bool, op byte, payload []byte) error {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	frame := []byte{b0}
	switch n := len(payload); {
	case n <= 125:
		frame = append(frame, byte(n))
	case n <= 0xFFFF:
		frame = append(frame, 126)
		frame = binary.BigEndian.AppendUint16(frame, uint16(n))
	default:
		frame = append(frame, 127)
		frame = binary.BigEndian.AppendUint64(frame, uint64(n))
	}
	_, err := s.conn.Write(append(frame, payload...))
	return err
}

// readUntilEnd collects binary messages until the text message
// {"command":"end"} (Pebble's wsutil recvLoop on the server side).
func (s *wsServerConn) readUntilEnd() ([]byte, error) {
	var got []byte
	for {
		fin, op, payload, err := s.readFrame()
		if err != nil {
			return got, err
		}
		if !fin {
			return got, errors.New("client sent a fragmented frame")
		}
		switch op {
		case websocket.OpBinary:
			got = append(got, payload...)
		case websocket.OpText:
			if string(payload) == `{"command":"end"}` {
				return got, nil
			}
			return got, fmt.Errorf("unexpected text message %q", payload)
		default:
			return got, fmt.Errorf("unexpected opcode %d", op)
		}
	}
}
