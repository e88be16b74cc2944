package pebble

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// A minimal RFC 6455 websocket client, enough for Pebble's exec streams
// (canonical/pebble internals/daemon/api_tasks.go serves them, and
// internals/wsutil/wsutil.go defines the message conventions). The standard
// library has no websocket client and this package may not depend on one.

// Websocket opcodes (RFC 6455 section 5.2).
const (
	wsContinuation = 0x0
	wsText         = 0x1
	wsBinary       = 0x2
	wsClose        = 0x8
	wsPing         = 0x9
	wsPong         = 0xA
)

// wsGUID is the constant RFC 6455 section 1.3 mixes into the accept key.
const wsGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// wsMaxMessage bounds one incoming message (all its frames), so a broken or
// hostile peer cannot make the client allocate without limit. Pebble sends
// output in chunks of at most 128 KiB.
const wsMaxMessage = 16 << 20

// wsCloseError is a close frame received from the server.
type wsCloseError struct {
	Code   int
	Reason string
}

func (e *wsCloseError) Error() string {
	return fmt.Sprintf("websocket closed by server (code %d %s)", e.Code, e.Reason)
}

type wsConn struct {
	conn net.Conn
	br   *bufio.Reader

	wmu        sync.Mutex // serializes frame writes
	closeSent  bool
	closeOnce  sync.Once
	maxMessage int
}

// wsAcceptKey computes Sec-WebSocket-Accept for a Sec-WebSocket-Key.
func wsAcceptKey(key string) string {
	h := sha1.Sum([]byte(key + wsGUID))
	return base64.StdEncoding.EncodeToString(h[:])
}

// dialWebsocket opens a websocket on path over the Pebble socket. The
// handshake is bounded by the request timeout and ctx; afterwards the
// connection lives until Close, abort or ctx's end (the caller arranges
// that).
func (c *Client) dialWebsocket(ctx context.Context, path string) (*wsConn, error) {
	hctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	r := &request{method: "GET", path: path}
	conn, err := c.dial(hctx)
	if err != nil {
		return nil, c.transportError(ctx, r, err)
	}
	deadline, _ := hctx.Deadline()
	_ = conn.SetDeadline(deadline)
	// A cancelled ctx must unblock the handshake at once, not at the deadline.
	stop := context.AfterFunc(hctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		conn.Close()
		return nil, fmt.Errorf("cannot open websocket %s: %w", path, err)
	}
	key := base64.StdEncoding.EncodeToString(nonce[:])
	var req strings.Builder
	fmt.Fprintf(&req, "GET %s HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n", path)
	fmt.Fprintf(&req, "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n", key)
	if c.opts.UserAgent != "" {
		fmt.Fprintf(&req, "User-Agent: %s\r\n", c.opts.UserAgent)
	}
	req.WriteString("\r\n")
	if _, err := io.WriteString(conn, req.String()); err != nil {
		conn.Close()
		return nil, c.transportError(ctx, r, err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: "GET"})
	if err != nil {
		conn.Close()
		return nil, c.transportError(ctx, r, err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		// Pebble refuses with its usual JSON error (e.g. 404 for an unknown
		// task or websocket ID).
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		conn.Close()
		var env response
		if json.Unmarshal(body, &env) == nil && env.Type == "error" {
			if env.StatusCode == 0 {
				env.StatusCode = resp.StatusCode
			}
			return nil, fmt.Errorf("cannot open websocket %s: %w", path, env.apiError(http.StatusText(resp.StatusCode)))
		}
		return nil, fmt.Errorf("cannot open websocket %s: server answered %s", path, resp.Status)
	}
	switch {
	case !strings.EqualFold(resp.Header.Get("Upgrade"), "websocket"):
		err = fmt.Errorf("bad Upgrade header %q", resp.Header.Get("Upgrade"))
	case !headerHasToken(resp.Header, "Connection", "upgrade"):
		err = fmt.Errorf("bad Connection header %q", resp.Header.Get("Connection"))
	case resp.Header.Get("Sec-WebSocket-Accept") != wsAcceptKey(key):
		err = fmt.Errorf("bad Sec-WebSocket-Accept %q", resp.Header.Get("Sec-WebSocket-Accept"))
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("cannot open websocket %s: %w", path, err)
	}
	if stop() {
		_ = conn.SetDeadline(time.Time{})
	} else {
		conn.Close()
		return nil, fmt.Errorf("cannot open websocket %s: %w", path, context.Cause(hctx))
	}
	return &wsConn{conn: conn, br: br, maxMessage: wsMaxMessage}, nil
}

// headerHasToken reports whether a comma-separated header lists token.
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

// readFrame reads one frame.
func (w *wsConn) readFrame() (fin bool, op byte, payload []byte, err error) {
	var h [2]byte
	if _, err := io.ReadFull(w.br, h[:]); err != nil {
		return false, 0, nil, err
	}
	fin, op = h[0]&0x80 != 0, h[0]&0x0F
	if h[0]&0x70 != 0 {
		return false, 0, nil, errors.New("websocket protocol error: reserved bits set")
	}
	if h[1]&0x80 != 0 {
		// RFC 6455 section 5.1: a client must fail on a masked frame.
		return false, 0, nil, errors.New("websocket protocol error: masked frame from server")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(w.br, ext[:]); err != nil {
			return false, 0, nil, err
		}
		n = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(w.br, ext[:]); err != nil {
			return false, 0, nil, err
		}
		n = binary.BigEndian.Uint64(ext[:])
	}
	if op >= wsClose && (!fin || n > 125) {
		return false, 0, nil, errors.New("websocket protocol error: invalid control frame")
	}
	if n > uint64(w.maxMessage) {
		return false, 0, nil, fmt.Errorf("websocket frame of %d bytes exceeds the %d-byte limit", n, w.maxMessage)
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(w.br, payload); err != nil {
		return false, 0, nil, err
	}
	return fin, op, payload, nil
}

// ReadMessage returns the next text or binary message, reassembling
// fragments and answering pings on the way. A close frame from the server
// is answered and returned as a *wsCloseError.
func (w *wsConn) ReadMessage() (op byte, data []byte, err error) {
	var msgOp byte
	var msg []byte
	fragmented := false
	for {
		fin, op, payload, err := w.readFrame()
		if err != nil {
			return 0, nil, err
		}
		switch op {
		case wsPing:
			if err := w.writeFrame(wsPong, payload); err != nil {
				return 0, nil, err
			}
		case wsPong:
		case wsClose:
			ce := &wsCloseError{Code: 1005}
			if len(payload) >= 2 {
				ce.Code = int(binary.BigEndian.Uint16(payload))
				ce.Reason = string(payload[2:])
			}
			_ = w.sendClose(payload[:min(len(payload), 2)])
			return 0, nil, ce
		case wsText, wsBinary:
			if fragmented {
				return 0, nil, errors.New("websocket protocol error: new message inside a fragmented one")
			}
			if fin {
				return op, payload, checkText(op, payload)
			}
			msgOp, msg, fragmented = op, payload, true
		case wsContinuation:
			if !fragmented {
				return 0, nil, errors.New("websocket protocol error: continuation frame without a message")
			}
			if len(msg)+len(payload) > w.maxMessage {
				return 0, nil, fmt.Errorf("websocket message exceeds the %d-byte limit", w.maxMessage)
			}
			msg = append(msg, payload...)
			if fin {
				return msgOp, msg, checkText(msgOp, msg)
			}
		default:
			return 0, nil, fmt.Errorf("websocket protocol error: unknown opcode %d", op)
		}
	}
}

// checkText enforces RFC 6455 section 8.1: text messages are UTF-8.
func checkText(op byte, data []byte) error {
	if op == wsText && !utf8.Valid(data) {
		return errors.New("websocket protocol error: text message is not valid UTF-8")
	}
	return nil
}

// writeFrame writes one unfragmented, masked frame (clients must mask,
// RFC 6455 section 5.3).
func (w *wsConn) writeFrame(op byte, payload []byte) error {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	if w.closeSent {
		return errors.New("websocket already closed")
	}
	if op == wsClose {
		w.closeSent = true
	}
	frame := make([]byte, 0, 14+len(payload))
	frame = append(frame, 0x80|op)
	switch n := len(payload); {
	case n <= 125:
		frame = append(frame, 0x80|byte(n))
	case n <= 0xFFFF:
		frame = append(frame, 0x80|126)
		frame = binary.BigEndian.AppendUint16(frame, uint16(n))
	default:
		frame = append(frame, 0x80|127)
		frame = binary.BigEndian.AppendUint64(frame, uint64(n))
	}
	var mask [4]byte
	if _, err := rand.Read(mask[:]); err != nil {
		return err
	}
	frame = append(frame, mask[:]...)
	for i, b := range payload {
		frame = append(frame, b^mask[i%4])
	}
	_, err := w.conn.Write(frame)
	return err
}

// WriteMessage sends a text or binary message.
func (w *wsConn) WriteMessage(op byte, data []byte) error { return w.writeFrame(op, data) }

func (w *wsConn) sendClose(code []byte) error {
	if len(code) == 0 {
		code = []byte{0x03, 0xE8} // 1000, normal closure
	}
	return w.writeFrame(wsClose, code)
}

// Close ends the websocket politely: a close frame (1000), then the
// connection. Pebble sees a normal closure.
func (w *wsConn) Close() error {
	var err error
	w.closeOnce.Do(func() {
		_ = w.conn.SetWriteDeadline(time.Now().Add(time.Second))
		_ = w.sendClose(nil)
		err = w.conn.Close()
	})
	return err
}

// abort drops the connection without a close frame. For the exec control
// websocket Pebble treats that as an abnormal closure and kills the
// command (internals/overlord/cmdstate/handlers.go controlLoop), which is
// what a cancelled Exec wants.
func (w *wsConn) abort() {
	w.closeOnce.Do(func() { _ = w.conn.Close() })
}
