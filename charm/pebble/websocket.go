package pebble

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/charmgen/charmgen/internal/websocket"
)

// The client side of Pebble's exec websockets (canonical/pebble
// internals/daemon/api_tasks.go serves them, and internals/wsutil/wsutil.go
// defines the message conventions): the opening handshake as a client. The
// framing is internal/websocket's, shared with the simulator; the standard
// library has no websocket client and this package may not depend on one.

// wsMaxMessage bounds one incoming message (all its frames), so a broken or
// hostile peer cannot make the client allocate without limit. Pebble sends
// output in chunks of at most 128 KiB.
const wsMaxMessage = 16 << 20

// newWSConn is the client end of a websocket whose handshake is done: it
// masks its frames, refuses masked ones, bounds messages to wsMaxMessage
// and refuses text that is not UTF-8.
func newWSConn(conn net.Conn, br *bufio.Reader) *websocket.Conn {
	return websocket.NewConn(conn, br, websocket.Client, websocket.Options{MaxMessage: wsMaxMessage, ValidateUTF8: true})
}

// dialWebsocket opens a websocket on path over the Pebble socket. The
// handshake is bounded by the request timeout and ctx; afterwards the
// connection lives until Close, Abort or ctx's end (the caller arranges
// that).
func (c *Client) dialWebsocket(ctx context.Context, path string) (*websocket.Conn, error) {
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
	case !websocket.HeaderHasToken(resp.Header, "Connection", "upgrade"):
		err = fmt.Errorf("bad Connection header %q", resp.Header.Get("Connection"))
	case resp.Header.Get("Sec-WebSocket-Accept") != websocket.AcceptKey(key):
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
	return newWSConn(conn, br), nil
}
