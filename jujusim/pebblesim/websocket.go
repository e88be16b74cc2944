package pebblesim

import (
	"encoding/base64"
	"net/http"

	"github.com/charmgen/charmgen/internal/websocket"
)

// The server side of Pebble's exec websockets: the opening handshake (RFC
// 6455) over a hijacked HTTP connection. The framing (masked client frames,
// fragments, ping/pong and the closing handshake) is internal/websocket's,
// shared with the Go client. Pebble uses gorilla/websocket; the module takes
// no new dependency for this.

// maxMessageSize bounds one message a client may send.
const maxMessageSize = 32 << 20

// handshakeError is a request that is not a websocket handshake (the 400
// answer is already written), or a handshake that failed after the
// connection was taken over from net/http (nothing more can be written).
type handshakeError struct{ msg string }

func (e handshakeError) Error() string { return "websocket: " + e.msg }

// upgradeWebsocket performs the opening handshake (RFC 6455 section 4.2)
// and takes the connection over from net/http. On a bad request it writes
// a 400 answer, as gorilla's Upgrader does, and returns the error. Like
// gorilla's, the connection does not check that text messages are UTF-8.
func upgradeWebsocket(w http.ResponseWriter, r *http.Request) (*websocket.Conn, error) {
	fail := func(msg string) (*websocket.Conn, error) {
		err := handshakeError{msg}
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return nil, err
	}
	switch {
	case !websocket.HeaderHasToken(r.Header, "Connection", "upgrade"):
		return fail("the client is not using the websocket protocol: 'upgrade' token not found in 'Connection' header")
	case !websocket.HeaderHasToken(r.Header, "Upgrade", "websocket"):
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
	handshake := "HTTP/1.1 101 Switching Protocols\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + websocket.AcceptKey(key) + "\r\n\r\n"
	if _, err := conn.Write([]byte(handshake)); err != nil {
		conn.Close()
		return nil, handshakeError{"cannot answer the handshake: " + err.Error()}
	}
	// Frames the client sent straight after its request may already sit in
	// net/http's read buffer.
	return websocket.NewConn(conn, brw.Reader, websocket.Server, websocket.Options{MaxMessage: maxMessageSize}), nil
}
