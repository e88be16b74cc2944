// Package websocket is the framing of the WebSocket protocol (RFC 6455)
// that both ends of Pebble's exec websockets share: frames read and written
// with or without a mask, fragmented messages reassembled, pings, pongs and
// close frames answered, message sizes bounded, and the
// Sec-WebSocket-Accept key of the opening handshake.
//
// The handshakes themselves stay with their callers, since each end does its
// own half: the Pebble client (charm/pebble) dials and checks the answer,
// the Pebble simulator (jujusim/pebblesim) upgrades an HTTP request. Once
// the handshake is done, the caller wraps the connection in a Conn with
// NewConn and its Role.
//
// The package depends on the standard library only: charm/pebble, which Go
// charms import, may depend on nothing else.
package websocket

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
	"sync"
	"time"
	"unicode/utf8"
)

// Opcodes (RFC 6455 section 5.2).
const (
	OpContinuation = 0x0
	OpText         = 0x1
	OpBinary       = 0x2
	OpClose        = 0x8
	OpPing         = 0x9
	OpPong         = 0xA
)

// Close status codes (RFC 6455 section 7.4.1).
const (
	CloseNormal        = 1000
	CloseProtocolError = 1002
	// CloseNoStatus is never sent: it is the code of a close frame that
	// carries none.
	CloseNoStatus    = 1005
	CloseInvalidData = 1007
	CloseTooBig      = 1009
)

// GUID is the constant RFC 6455 section 1.3 appends to the client's key to
// make the server's accept key.
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// DefaultMaxMessage is the bound on one incoming message when
// Options.MaxMessage is zero.
const DefaultMaxMessage = 16 << 20

// maxControlPayload is the longest payload of a control frame (RFC 6455
// section 5.5).
const maxControlPayload = 125

// AcceptKey returns the Sec-WebSocket-Accept value for a Sec-WebSocket-Key
// (RFC 6455 section 4.2.2): base64 of the SHA-1 of the key and GUID.
func AcceptKey(key string) string {
	sum := sha1.Sum([]byte(key + GUID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// HeaderHasToken reports whether the comma-separated header name lists
// token, ignoring case (as Connection: keep-alive, Upgrade does).
func HeaderHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// Role is the end of the connection a Conn (or ReadFrame) is on. It decides
// the direction of masking (RFC 6455 section 5.1): a client masks every
// frame it sends and refuses masked frames; a server never masks and
// refuses unmasked frames.
type Role int

const (
	// Client is the end that opened the connection.
	Client Role = iota
	// Server is the end that accepted it.
	Server
)

// ProtocolError is a peer breaking the protocol: a malformed frame, a
// message out of sequence, a message over the size bound or (with
// Options.ValidateUTF8) a text message that is not UTF-8. Code is the close
// status that answers it (see Conn.Fail).
type ProtocolError struct {
	Code   int
	Reason string
}

// Error returns "websocket protocol error: " and the reason.
func (e *ProtocolError) Error() string { return "websocket protocol error: " + e.Reason }

func protocolErrorf(code int, format string, args ...any) *ProtocolError {
	return &ProtocolError{Code: code, Reason: fmt.Sprintf(format, args...)}
}

// CloseError is a close frame received from the peer. Code is
// CloseNoStatus when the frame carries no code.
type CloseError struct {
	Code   int
	Reason string
}

// Error describes the close frame.
func (e *CloseError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("websocket closed by peer (code %d)", e.Code)
	}
	return fmt.Sprintf("websocket closed by peer (code %d %s)", e.Code, e.Reason)
}

// ErrCloseSent is the error of a write after a close frame was sent.
var ErrCloseSent = errors.New("websocket: close frame already sent")

// Frame is one websocket frame, its payload unmasked.
type Frame struct {
	Fin     bool // the last frame of its message
	Op      byte
	Payload []byte
}

// ReadFrame reads one frame from r as the end role reads it: a Server
// requires the mask bit and unmasks the payload, a Client refuses masked
// frames. Reserved bits, control frames that are fragmented or longer than
// 125 bytes, the wrong masking and payloads over maxPayload bytes are
// *ProtocolError (before the payload is read). I/O errors come back as they
// are: io.EOF before the first byte, io.ErrUnexpectedEOF within a frame.
func ReadFrame(r io.Reader, role Role, maxPayload int) (Frame, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return Frame{}, err
	}
	fin, op, masked := h[0]&0x80 != 0, h[0]&0x0F, h[1]&0x80 != 0
	switch {
	case h[0]&0x70 != 0:
		return Frame{}, protocolErrorf(CloseProtocolError, "reserved bits set")
	case role == Client && masked:
		return Frame{}, protocolErrorf(CloseProtocolError, "masked frame from server")
	case role == Server && !masked:
		return Frame{}, protocolErrorf(CloseProtocolError, "unmasked frame from client")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return Frame{}, noEOF(err)
		}
		n = uint64(binary.BigEndian.Uint16(ext[:]))
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return Frame{}, noEOF(err)
		}
		n = binary.BigEndian.Uint64(ext[:])
	}
	if op >= OpClose && (!fin || n > maxControlPayload) {
		return Frame{}, protocolErrorf(CloseProtocolError, "invalid control frame")
	}
	if n > uint64(maxPayload) {
		return Frame{}, protocolErrorf(CloseTooBig, "frame of %d bytes exceeds the %d-byte limit", n, maxPayload)
	}
	var mask [4]byte
	if masked {
		if _, err := io.ReadFull(r, mask[:]); err != nil {
			return Frame{}, noEOF(err)
		}
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return Frame{}, noEOF(err)
	}
	if masked {
		for i := range payload {
			payload[i] ^= mask[i%4]
		}
	}
	return Frame{Fin: fin, Op: op, Payload: payload}, nil
}

// noEOF turns io.EOF, which io.ReadFull returns when it reads nothing, into
// io.ErrUnexpectedEOF: within a frame the stream ended too early.
func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// AppendFrame appends f to dst as one frame, its payload masked with mask
// when mask is not nil (as a client must mask, RFC 6455 section 5.3).
func AppendFrame(dst []byte, f Frame, mask *[4]byte) []byte {
	b0 := f.Op & 0x0F
	if f.Fin {
		b0 |= 0x80
	}
	var maskBit byte
	if mask != nil {
		maskBit = 0x80
	}
	dst = append(dst, b0)
	switch n := len(f.Payload); {
	case n <= maxControlPayload:
		dst = append(dst, maskBit|byte(n))
	case n <= 0xFFFF:
		dst = append(dst, maskBit|126)
		dst = binary.BigEndian.AppendUint16(dst, uint16(n))
	default:
		dst = append(dst, maskBit|127)
		dst = binary.BigEndian.AppendUint64(dst, uint64(n))
	}
	if mask == nil {
		return append(dst, f.Payload...)
	}
	dst = append(dst, mask[:]...)
	for i, b := range f.Payload {
		dst = append(dst, b^mask[i%4])
	}
	return dst
}

// Options are the settings of a Conn.
type Options struct {
	// MaxMessage bounds one incoming message (all its frames together), so
	// that a broken or hostile peer cannot make the reader allocate without
	// limit. Zero means DefaultMaxMessage.
	MaxMessage int
	// ValidateUTF8 makes ReadMessage refuse text messages that are not
	// UTF-8 (RFC 6455 section 8.1).
	ValidateUTF8 bool
}

// Conn is an open websocket: the connection after the opening handshake.
// One goroutine may read while others write; writes are serialized.
type Conn struct {
	conn         net.Conn
	br           *bufio.Reader
	role         Role
	maxMessage   int
	validateUTF8 bool

	wmu       sync.Mutex // serializes frame writes
	closeSent bool       // under wmu
	closeOnce sync.Once
}

// NewConn returns the websocket on conn for the end role. br reads conn:
// it may already hold frames the peer sent straight after the handshake.
func NewConn(conn net.Conn, br *bufio.Reader, role Role, opts Options) *Conn {
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = DefaultMaxMessage
	}
	return &Conn{conn: conn, br: br, role: role, maxMessage: opts.MaxMessage, validateUTF8: opts.ValidateUTF8}
}

// ReadMessage returns the next text or binary message, reassembling
// fragments. On the way it answers a ping with a pong carrying the same
// payload and ignores pongs. A close frame is answered with a close frame
// carrying the same code (CloseNormal when it has none) and returned as a
// *CloseError; closing the connection is left to the caller. A peer that
// breaks the protocol is a *ProtocolError (see Fail).
func (c *Conn) ReadMessage() (op byte, data []byte, err error) {
	var msgOp byte
	var msg []byte
	fragmented := false
	for {
		f, err := ReadFrame(c.br, c.role, c.maxMessage)
		if err != nil {
			return 0, nil, err
		}
		switch f.Op {
		case OpPing:
			if err := c.writeFrame(OpPong, f.Payload); err != nil && !errors.Is(err, ErrCloseSent) {
				return 0, nil, err
			}
		case OpPong:
		case OpClose:
			ce := &CloseError{Code: CloseNoStatus}
			if len(f.Payload) >= 2 {
				ce.Code = int(binary.BigEndian.Uint16(f.Payload))
				ce.Reason = string(f.Payload[2:])
			}
			echo := ce.Code
			if echo == CloseNoStatus {
				echo = CloseNormal
			}
			_ = c.WriteClose(echo, "")
			return 0, nil, ce
		case OpText, OpBinary:
			if fragmented {
				return 0, nil, protocolErrorf(CloseProtocolError, "new message inside a fragmented one")
			}
			if f.Fin {
				return f.Op, f.Payload, c.checkText(f.Op, f.Payload)
			}
			msgOp, msg, fragmented = f.Op, f.Payload, true
		case OpContinuation:
			if !fragmented {
				return 0, nil, protocolErrorf(CloseProtocolError, "continuation frame without a message")
			}
			if len(msg)+len(f.Payload) > c.maxMessage {
				return 0, nil, protocolErrorf(CloseTooBig, "message exceeds the %d-byte limit", c.maxMessage)
			}
			msg = append(msg, f.Payload...)
			if f.Fin {
				return msgOp, msg, c.checkText(msgOp, msg)
			}
		default:
			return 0, nil, protocolErrorf(CloseProtocolError, "unknown opcode %d", f.Op)
		}
	}
}

// checkText enforces Options.ValidateUTF8.
func (c *Conn) checkText(op byte, data []byte) error {
	if c.validateUTF8 && op == OpText && !utf8.Valid(data) {
		return protocolErrorf(CloseInvalidData, "text message is not valid UTF-8")
	}
	return nil
}

// WriteMessage sends a text or binary message in one frame.
func (c *Conn) WriteMessage(op byte, data []byte) error { return c.writeFrame(op, data) }

// WriteClose sends a close frame with code and reason (cut to fit a
// control frame), starting or answering the closing handshake. Every later
// write fails with ErrCloseSent.
func (c *Conn) WriteClose(code int, reason string) error {
	const maxReason = maxControlPayload - 2
	if len(reason) > maxReason {
		cut := maxReason
		for cut > 0 && !utf8.RuneStart(reason[cut]) {
			cut--
		}
		reason = reason[:cut]
	}
	payload := binary.BigEndian.AppendUint16(nil, uint16(code))
	return c.writeFrame(OpClose, append(payload, reason...))
}

// writeFrame writes one unfragmented frame, masked when c is a client.
func (c *Conn) writeFrame(op byte, payload []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closeSent {
		return ErrCloseSent
	}
	if op == OpClose {
		c.closeSent = true
	}
	var mask *[4]byte
	if c.role == Client {
		mask = new([4]byte)
		if _, err := rand.Read(mask[:]); err != nil {
			return err
		}
	}
	frame := AppendFrame(make([]byte, 0, 14+len(payload)), Frame{Fin: true, Op: op, Payload: payload}, mask)
	_, err := c.conn.Write(frame)
	return err
}

// Close ends the websocket politely: a close frame (CloseNormal, unless
// one was sent already), written within a second, then the connection.
// Close and Abort act once between them.
func (c *Conn) Close() error {
	var err error
	c.closeOnce.Do(func() {
		_ = c.conn.SetWriteDeadline(time.Now().Add(time.Second))
		_ = c.WriteClose(CloseNormal, "")
		err = c.conn.Close()
	})
	return err
}

// Abort closes the connection without a close frame, which the peer sees
// as an abnormal closure. Blocked reads and writes return.
func (c *Conn) Abort() {
	c.closeOnce.Do(func() { _ = c.conn.Close() })
}

// Fail ends the connection after ReadMessage failed with err (RFC 6455
// section 7.1.7): a *ProtocolError is first answered with a close frame
// carrying its code and reason; then the connection is closed as by Abort.
func (c *Conn) Fail(err error) {
	var pe *ProtocolError
	if errors.As(err, &pe) {
		_ = c.WriteClose(pe.Code, pe.Reason)
	}
	c.Abort()
}
