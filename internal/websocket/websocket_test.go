package websocket

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAcceptKey(t *testing.T) {
	// RFC 6455 section 1.3's example.
	if got := AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="); got != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Errorf("AcceptKey = %q", got)
	}
}

func TestHeaderHasToken(t *testing.T) {
	h := http.Header{}
	h.Add("Connection", "keep-alive, Upgrade")
	h.Add("Upgrade", "h2c")
	h.Add("Upgrade", " WebSocket ")
	for _, tc := range []struct {
		name, token string
		want        bool
	}{
		{"Connection", "upgrade", true},
		{"Connection", "keep-alive", true},
		{"Connection", "close", false},
		{"Upgrade", "websocket", true},
		{"Upgrade", "web", false},
		{"Sec-WebSocket-Key", "x", false},
	} {
		if got := HeaderHasToken(h, tc.name, tc.token); got != tc.want {
			t.Errorf("HeaderHasToken(%s, %s) = %v", tc.name, tc.token, got)
		}
	}
}

// rfcMask is the masking key of the examples of RFC 6455 section 5.7.
var rfcMask = [4]byte{0x37, 0xfa, 0x21, 0x3d}

// The examples of RFC 6455 section 5.7, and the frame each is.
var rfcFrames = []struct {
	name  string
	wire  []byte
	frame Frame
	mask  *[4]byte
}{
	{"unmasked text", []byte{0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}, Frame{true, OpText, []byte("Hello")}, nil},
	{"masked text", []byte{0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}, Frame{true, OpText, []byte("Hello")}, &rfcMask},
	{"first fragment", []byte{0x01, 0x03, 0x48, 0x65, 0x6c}, Frame{false, OpText, []byte("Hel")}, nil},
	{"last fragment", []byte{0x80, 0x02, 0x6c, 0x6f}, Frame{true, OpContinuation, []byte("lo")}, nil},
	{"unmasked ping", []byte{0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}, Frame{true, OpPing, []byte("Hello")}, nil},
	{"masked pong", []byte{0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}, Frame{true, OpPong, []byte("Hello")}, &rfcMask},
	{"256 bytes", append([]byte{0x82, 0x7E, 0x01, 0x00}, make([]byte, 256)...), Frame{true, OpBinary, make([]byte, 256)}, nil},
	{"64 KiB", append([]byte{0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}, make([]byte, 65536)...), Frame{true, OpBinary, make([]byte, 65536)}, nil},
}

func TestAppendFrameRFCExamples(t *testing.T) {
	for _, tc := range rfcFrames {
		if got := AppendFrame(nil, tc.frame, tc.mask); !bytes.Equal(got, tc.wire) {
			t.Errorf("%s: AppendFrame = % x, want % x", tc.name, head(got), head(tc.wire))
		}
	}
}

func TestReadFrameRFCExamples(t *testing.T) {
	for _, tc := range rfcFrames {
		// Masked frames are read by a server, unmasked ones by a client.
		role := Client
		if tc.mask != nil {
			role = Server
		}
		got, err := ReadFrame(bytes.NewReader(tc.wire), role, DefaultMaxMessage)
		if err != nil || got.Fin != tc.frame.Fin || got.Op != tc.frame.Op || !bytes.Equal(got.Payload, tc.frame.Payload) {
			t.Errorf("%s: ReadFrame = %v %d % x, %v", tc.name, got.Fin, got.Op, head(got.Payload), err)
		}
	}
}

func head(b []byte) []byte { return b[:min(len(b), 16)] }

// TestMaskingRoundTrip: what one end writes, the other reads back, for every
// length encoding; the masking key differs from frame to frame.
func TestMaskingRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 0xFFFF, 0x10000, 70000} {
		payload := bytes.Repeat([]byte("abcdefg"), n/7+1)[:n]
		var m1, m2 [4]byte
		m1, m2 = [4]byte{1, 2, 3, 4}, [4]byte{0xff, 0, 0x80, 7}
		w1 := AppendFrame(nil, Frame{true, OpBinary, payload}, &m1)
		w2 := AppendFrame(nil, Frame{true, OpBinary, payload}, &m2)
		if n > 0 && bytes.Equal(w1, w2) {
			t.Errorf("n=%d: the mask does not change the bytes", n)
		}
		for _, w := range [][]byte{w1, w2} {
			f, err := ReadFrame(bytes.NewReader(w), Server, DefaultMaxMessage)
			if err != nil || !f.Fin || f.Op != OpBinary || !bytes.Equal(f.Payload, payload) {
				t.Errorf("n=%d: ReadFrame = %v %d %d bytes, %v", n, f.Fin, f.Op, len(f.Payload), err)
			}
		}
		plain := AppendFrame(nil, Frame{true, OpBinary, payload}, nil)
		if f, err := ReadFrame(bytes.NewReader(plain), Client, DefaultMaxMessage); err != nil || !bytes.Equal(f.Payload, payload) {
			t.Errorf("n=%d: unmasked ReadFrame = %d bytes, %v", n, len(f.Payload), err)
		}
	}
}

func TestReadFrameErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		wire []byte
		role Role
		max  int
		err  string
		code int
	}{
		{"masked frame to a client", []byte{0x82, 0x81, 1, 2, 3, 4, 'x'}, Client, 10, "masked frame from server", CloseProtocolError},
		{"unmasked frame to a server", []byte{0x82, 0x01, 'x'}, Server, 10, "unmasked frame from client", CloseProtocolError},
		{"reserved bits", []byte{0xC2, 0x01, 'x'}, Client, 10, "reserved bits set", CloseProtocolError},
		{"fragmented ping", []byte{0x09, 0x00}, Client, 10, "invalid control frame", CloseProtocolError},
		{"long close", append([]byte{0x88, 126, 0, 126}, make([]byte, 126)...), Client, 1000, "invalid control frame", CloseProtocolError},
		{"frame over the limit", []byte{0x82, 11}, Client, 10, "frame of 11 bytes exceeds the 10-byte limit", CloseTooBig},
		{"64-bit length over the limit", []byte{0x82, 127, 0xff, 0, 0, 0, 0, 0, 0, 0}, Client, 10, "exceeds the 10-byte limit", CloseTooBig},
	} {
		_, err := ReadFrame(bytes.NewReader(tc.wire), tc.role, tc.max)
		var pe *ProtocolError
		if !errors.As(err, &pe) || pe.Code != tc.code || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: err = %v, want a *ProtocolError %d %q", tc.name, err, tc.code, tc.err)
		}
	}
	if _, err := ReadFrame(bytes.NewReader(nil), Client, 10); err != io.EOF {
		t.Errorf("nothing to read: %v, want io.EOF", err)
	}
	for _, wire := range [][]byte{{0x82}, {0x82, 126, 0}, {0x82, 3, 'a'}, {0x82, 0x83, 1, 2}} {
		role := Client
		if len(wire) > 1 && wire[1]&0x80 != 0 {
			role = Server
		}
		if _, err := ReadFrame(bytes.NewReader(wire), role, 10); err != io.ErrUnexpectedEOF {
			t.Errorf("% x: %v, want io.ErrUnexpectedEOF", wire, err)
		}
	}
}

// pipe returns a Conn for role and the raw other end of a pipe.
func pipe(t *testing.T, role Role, opts Options) (*Conn, net.Conn) {
	t.Helper()
	a, b := net.Pipe()
	t.Cleanup(func() { a.Close(); b.Close() })
	return NewConn(a, bufio.NewReader(a), role, opts), b
}

// peerRole is the role of the other end.
func peerRole(role Role) Role {
	if role == Client {
		return Server
	}
	return Client
}

// send writes frames from the raw end, as the peer of role would frame them.
func send(raw net.Conn, role Role, frames ...Frame) {
	go func() {
		for _, f := range frames {
			var mask *[4]byte
			if peerRole(role) == Client {
				mask = &[4]byte{9, 8, 7, 6}
			}
			if _, err := raw.Write(AppendFrame(nil, f, mask)); err != nil {
				return
			}
		}
	}()
}

// recv reads one frame at the raw end, which must be framed for the peer of
// role (so masked when role is a client).
func recv(t *testing.T, raw net.Conn, role Role) Frame {
	t.Helper()
	_ = raw.SetReadDeadline(time.Now().Add(5 * time.Second))
	f, err := ReadFrame(raw, peerRole(role), DefaultMaxMessage)
	if err != nil {
		t.Fatalf("reading what the %v end sent: %v", role, err)
	}
	return f
}

type readResult struct {
	op   byte
	data []byte
	err  error
}

func readAsync(c *Conn) chan readResult {
	ch := make(chan readResult, 1)
	go func() {
		op, data, err := c.ReadMessage()
		ch <- readResult{op, data, err}
	}()
	return ch
}

func TestConnMessagesBothWays(t *testing.T) {
	for _, role := range []Role{Client, Server} {
		c, raw := pipe(t, role, Options{})
		for _, n := range []int{0, 125, 126, 70000} {
			payload := bytes.Repeat([]byte{'q'}, n)
			// Out: recv fails unless the frame is masked the right way.
			go c.WriteMessage(OpBinary, payload)
			if f := recv(t, raw, role); !f.Fin || f.Op != OpBinary || !bytes.Equal(f.Payload, payload) {
				t.Errorf("role %v n=%d: wrote %v %d %d bytes", role, n, f.Fin, f.Op, len(f.Payload))
			}
			// In.
			send(raw, role, Frame{true, OpText, payload})
			if r := <-readAsync(c); r.err != nil || r.op != OpText || !bytes.Equal(r.data, payload) {
				t.Errorf("role %v n=%d: read %d %d bytes %v", role, n, r.op, len(r.data), r.err)
			}
		}
	}
}

func TestReadMessageFragmentsAndControlFrames(t *testing.T) {
	for _, role := range []Role{Client, Server} {
		c, raw := pipe(t, role, Options{})
		send(raw, role,
			Frame{false, OpText, []byte("he")},
			Frame{true, OpPing, []byte("p")},
			Frame{false, OpContinuation, []byte("l")},
			Frame{true, OpPong, []byte("ignored")},
			Frame{true, OpContinuation, []byte("lo")},
		)
		got := readAsync(c)
		if f := recv(t, raw, role); !f.Fin || f.Op != OpPong || string(f.Payload) != "p" {
			t.Errorf("role %v: answer to the ping = %v %d %q", role, f.Fin, f.Op, f.Payload)
		}
		if r := <-got; r.err != nil || r.op != OpText || string(r.data) != "hello" {
			t.Errorf("role %v: ReadMessage = %d %q %v", role, r.op, r.data, r.err)
		}
	}
}

func TestReadMessageErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   Options
		frames []Frame
		err    string
		code   int
	}{
		{"continuation without a message", Options{}, []Frame{{true, OpContinuation, []byte("x")}},
			"continuation frame without a message", CloseProtocolError},
		{"new message inside a fragmented one", Options{}, []Frame{{false, OpBinary, []byte("a")}, {true, OpBinary, []byte("b")}},
			"new message inside a fragmented one", CloseProtocolError},
		{"unknown opcode", Options{}, []Frame{{true, 0x3, nil}}, "unknown opcode 3", CloseProtocolError},
		{"frame over the limit", Options{MaxMessage: 4}, []Frame{{true, OpBinary, []byte("abcde")}},
			"frame of 5 bytes exceeds the 4-byte limit", CloseTooBig},
		{"message over the limit", Options{MaxMessage: 4}, []Frame{{false, OpBinary, []byte("abc")}, {true, OpContinuation, []byte("def")}},
			"message exceeds the 4-byte limit", CloseTooBig},
		{"text that is not UTF-8", Options{ValidateUTF8: true}, []Frame{{true, OpText, []byte{0xff}}},
			"text message is not valid UTF-8", CloseInvalidData},
		{"fragmented text that is not UTF-8", Options{ValidateUTF8: true}, []Frame{{false, OpText, []byte{0xe2, 0x82}}, {true, OpContinuation, []byte{'x'}}},
			"text message is not valid UTF-8", CloseInvalidData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, raw := pipe(t, Server, tc.opts)
			send(raw, Server, tc.frames...)
			r := <-readAsync(c)
			var pe *ProtocolError
			if !errors.As(r.err, &pe) || pe.Code != tc.code || pe.Reason != tc.err {
				t.Fatalf("err = %v, want a *ProtocolError %d %q", r.err, tc.code, tc.err)
			}
			// Fail answers it with its close code and reason, then hangs up.
			go c.Fail(r.err)
			f := recv(t, raw, Server)
			if f.Op != OpClose || binary.BigEndian.Uint16(f.Payload) != uint16(tc.code) || string(f.Payload[2:]) != tc.err {
				t.Errorf("Fail sent %d %q", f.Op, f.Payload)
			}
			if _, err := ReadFrame(raw, Client, DefaultMaxMessage); err != io.EOF {
				t.Errorf("after Fail: %v, want io.EOF", err)
			}
		})
	}
}

func TestTextNotCheckedWithoutValidateUTF8(t *testing.T) {
	c, raw := pipe(t, Server, Options{})
	send(raw, Server, Frame{true, OpText, []byte{0xff}})
	if r := <-readAsync(c); r.err != nil || r.op != OpText || !bytes.Equal(r.data, []byte{0xff}) {
		t.Errorf("ReadMessage = %d %q %v", r.op, r.data, r.err)
	}
}

func TestCloseCodes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		payload []byte
		code    int // of the CloseError
		reason  string
		echo    uint16
	}{
		{"normal with a reason", []byte{0x03, 0xE8, 'o', 'k'}, CloseNormal, "ok", CloseNormal},
		{"going away", []byte{0x03, 0xE9}, 1001, "", 1001},
		{"no code", nil, CloseNoStatus, "", CloseNormal},
	} {
		for _, role := range []Role{Client, Server} {
			c, raw := pipe(t, role, Options{})
			send(raw, role, Frame{true, OpClose, tc.payload})
			got := readAsync(c)
			if f := recv(t, raw, role); f.Op != OpClose || len(f.Payload) != 2 || binary.BigEndian.Uint16(f.Payload) != tc.echo {
				t.Errorf("%s, role %v: answer %d % x, want close %d", tc.name, role, f.Op, f.Payload, tc.echo)
			}
			r := <-got
			var ce *CloseError
			if !errors.As(r.err, &ce) || ce.Code != tc.code || ce.Reason != tc.reason {
				t.Errorf("%s, role %v: err = %v, want *CloseError %d %q", tc.name, role, r.err, tc.code, tc.reason)
			}
			if err := c.WriteMessage(OpText, []byte("late")); !errors.Is(err, ErrCloseSent) {
				t.Errorf("%s, role %v: write after the close: %v", tc.name, role, err)
			}
		}
	}
	if got := (&CloseError{Code: 1000, Reason: "ok"}).Error(); got != "websocket closed by peer (code 1000 ok)" {
		t.Errorf("CloseError.Error() = %q", got)
	}
}

func TestCloseAndAbort(t *testing.T) {
	c, raw := pipe(t, Client, Options{})
	go c.Close()
	if f := recv(t, raw, Client); f.Op != OpClose || binary.BigEndian.Uint16(f.Payload) != CloseNormal {
		t.Errorf("Close sent %d % x", f.Op, f.Payload)
	}
	if _, err := ReadFrame(raw, Server, DefaultMaxMessage); err != io.EOF {
		t.Errorf("after Close: %v, want io.EOF", err)
	}
	c.Abort() // a no-op now

	c, raw = pipe(t, Server, Options{})
	c.Abort()
	if _, err := ReadFrame(raw, Client, DefaultMaxMessage); err != io.EOF {
		t.Errorf("after Abort: %v, want io.EOF (no close frame)", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("Close after Abort: %v", err)
	}
}

func TestWriteCloseCutsLongReasons(t *testing.T) {
	c, raw := pipe(t, Server, Options{})
	reason := strings.Repeat("é", 100) // 200 bytes
	go c.WriteClose(CloseProtocolError, reason)
	f := recv(t, raw, Server)
	if len(f.Payload) > 125 || !strings.HasPrefix(reason, string(f.Payload[2:])) || len(f.Payload[2:])%2 != 0 {
		t.Errorf("close payload of %d bytes: %q", len(f.Payload), f.Payload[2:])
	}
}
