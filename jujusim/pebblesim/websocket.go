package pebblesim

import (
	"bufio"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
)

// The server side of the WebSocket protocol (RFC 6455), as much of it as
// Pebble's exec websockets use: the opening handshake over a hijacked HTTP
// connection, masked client frames (fragmented or not), text and binary
// messages, ping/pong and the closing handshake. Pebble uses
// gorilla/websocket; the module takes no new dependency for this.

// WebSocket opcodes (RFC 6455 section 5.2).
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

// Close status codes (RFC 6455 section 7.4.1).
const (
	closeNormal        = 1000
	closeProtocolError = 1002
	closeTooBig        = 1009
)

// maxMessageSize bounds one message a client may send.
const maxMessageSize = 32 << 20

// websocketGUID is the key suffix of the handshake (RFC 6455 section 1.3).
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// errWSClosed is returned by readMessage once the connection has closed.
var errWSClosed = errors.New("websocket closed")

// wsConn is one server-side websocket connection.
type wsConn struct {
	conn net.Conn
	br   *bufio.Reader

	wmu       sync.Mutex // serializes frame writes
	closeOnce sync.Once
	closing   bool // a close frame was sent (under wmu)
}

// handshakeError is a request that is not a websocket handshake (the 400
// answer is already written), or a handshake that failed after the
// connection was taken over from net/http (nothing more can be written).
type handshakeError struct{ msg string }

func (e handshakeError) Error() string { return "websocket: " + e.msg }

// headerHasToken reports whether a comma-separated header holds token,
// ignoring case.
func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// upgradeWebsocket performs the opening handshake (RFC 6455 section 4.2)
// and takes the connection over from net/http. On a bad request it writes
// a 400 answer, as gorilla's Upgrader does, and returns the error.
func upgradeWebsocket(w http.ResponseWriter, r *http.Request) (*wsConn, error) {
	fail := func(msg string) (*wsConn, error) {
		err := handshakeError{msg}
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return nil, err
	}
	switch {
	case !headerHasToken(r.Header, "Connection", "upgrade"):
		return fail("the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header")
	case !headerHasToken(r.Header, "Upgrade", "websocket"):
		return fail("the client is not using the websocket protocol: 'websocket' token not found in 'Upgrade' header")
	case r.Method != http.MethodGet:
		return fail("the client is not using the websocket protocol: request method is not GET")
	case r.Header.Get("Sec-Websocket-Version") != "13":
		return fail("unsupported version: 13 not found in 'Sec-Websocket-Version' header")
	}
	key := r.Header.Get("Sec-Websocket-Key")
	if decoded, err := base64.StdEncoding.DecodeString(key); err != nil || len(decoded) != 16 {
		return fail("not a websocket handshake: 'Sec-WebSocket-Key' header must be Base64 encoded value of 16-byte in length")
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return fail("cannot take over the connection: " + err.Error())
	}
	sum := sha1.Sum([]byte(key + websocketGUID))
	accept := base64.StdEncoding.EncodeToString(sum[:])
	handshake := "HTTP/1.1 101 Switching Protocols\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + accept + "\r\n\r\n"
	if _, err := conn.Write([]byte(handshake)); err != nil {
		conn.Close()
		return nil, handshakeError{"cannot answer the handshake: " + err.Error()}
	}
	// Frames the client sent straight after its request may already sit in
	// net/http's read buffer.
	return &wsConn{conn: conn, br: brw.Reader}, nil
}

// writeFrame writes one unmasked, unfragmented frame (servers never mask).
func (c *wsConn) writeFrame(op byte, payload []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closing {
		return errWSClosed
	}
	if op == opClose {
		c.closing = true
	}
	header := make([]byte, 2, 10)
	header[0] = 0x80 | op // FIN
	switch n := len(payload); {
	case n < 126:
		header[1] = byte(n)
	case n <= 0xFFFF:
		header[1] = 126
		header = binary.BigEndian.AppendUint16(header, uint16(n))
	default:
		header[1] = 127
		header = binary.BigEndian.AppendUint64(header, uint64(n))
	}
	if _, err := c.conn.Write(append(header, payload...)); err != nil {
		return fmt.Errorf("websocket write: %w", err)
	}
	return nil
}

// writeMessage sends a text or binary message.
func (c *wsConn) writeMessage(op byte, data []byte) error {
	return c.writeFrame(op, data)
}

// writeClose starts (or answers) the closing handshake.
func (c *wsConn) writeClose(code int, reason string) error {
	payload := binary.BigEndian.AppendUint16(nil, uint16(code))
	return c.writeFrame(opClose, append(payload, reason...))
}

// close closes the connection without a closing handshake (as gorilla's
// Conn.Close, which Pebble calls on the control websocket, does).
func (c *wsConn) close() {
	c.closeOnce.Do(func() { c.conn.Close() })
}

// readFrame reads one frame and unmasks its payload.
func (c *wsConn) readFrame() (fin bool, op byte, payload []byte, err error) {
	var h [2]byte
	if _, err := io.ReadFull(c.br, h[:]); err != nil {
		return false, 0, nil, err
	}
	fin, op = h[0]&0x80 != 0, h[0]&0x0F
	if h[0]&0x70 != 0 {
		return false, 0, nil, c.protocolError(closeProtocolError, "reserved bits set")
	}
	if h[1]&0x80 == 0 {
		// RFC 6455 section 5.1: a server must close on an unmasked frame.
		return false, 0, nil, c.protocolError(closeProtocolError, "client frame not masked")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(c.br, ext[:]); err != nil {
			return false, 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(c.br, ext[:]); err != nil {
			return false, 0, nil, err
		}
		n = binary.BigEndian.Uint64(ext[:])
	}
	if op >= opClose && (n > 125 || !fin) {
		return false, 0, nil, c.protocolError(closeProtocolError, "bad control frame")
	}
	if n > maxMessageSize {
		return false, 0, nil, c.protocolError(closeTooBig, "message too big")
	}
	var mask [4]byte
	if _, err := io.ReadFull(c.br, mask[:]); err != nil {
		return false, 0, nil, err
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(c.br, payload); err != nil {
		return false, 0, nil, err
	}
	for i := range payload {
		payload[i] ^= mask[i%4]
	}
	return fin, op, payload, nil
}

// protocolError closes the connection with a close code and returns the
// error for the reader.
func (c *wsConn) protocolError(code int, msg string) error {
	_ = c.writeClose(code, msg)
	c.close()
	return fmt.Errorf("websocket protocol error: %s", msg)
}

// readMessage returns the next text or binary message. It answers pings,
// ignores pongs, and on a close frame completes the closing handshake and
// returns errWSClosed.
func (c *wsConn) readMessage() (op byte, data []byte, err error) {
	var msgOp byte
	var msg []byte
	for {
		fin, fop, payload, err := c.readFrame()
		if err != nil {
			return 0, nil, err
		}
		switch fop {
		case opPing:
			_ = c.writeFrame(opPong, payload)
			continue
		case opPong:
			continue
		case opClose:
			code := closeNormal
			if len(payload) >= 2 {
				code = int(binary.BigEndian.Uint16(payload))
			}
			_ = c.writeClose(code, "")
			c.close()
			return 0, nil, errWSClosed
		case opText, opBinary:
			if msg != nil {
				return 0, nil, c.protocolError(closeProtocolError, "new message inside a fragmented one")
			}
			msgOp, msg = fop, payload
			if msg == nil {
				msg = []byte{}
			}
		case opContinuation:
			if msg == nil {
				return 0, nil, c.protocolError(closeProtocolError, "continuation without a message")
			}
			if len(msg)+len(payload) > maxMessageSize {
				return 0, nil, c.protocolError(closeTooBig, "message too big")
			}
			msg = append(msg, payload...)
		default:
			return 0, nil, c.protocolError(closeProtocolError, fmt.Sprintf("unknown opcode %d", fop))
		}
		if fin {
			return msgOp, msg, nil
		}
	}
}
