package charm

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// gobClient is the client side of Go's net/rpc with its gob codec, the
// protocol of Juju's hook tools (jujuc), written out so that a charm does
// not link net/rpc: that package brings net/http and html/template into
// every charm's binary, and a charm starts once per hook. The wire is
// net/rpc's (net/rpc/client.go and server.go, gobClientCodec): on one gob
// stream per connection, a Request header {ServiceMethod, Seq} then the
// argument; back, a Response header {ServiceMethod, Seq, Error} then the
// reply (a placeholder value when Error is set). gob matches struct fields
// by name, so these types need only net/rpc's field names. Nor does the
// client link encoding/gob (whose initialiser was half a charm's start-up):
// gobwire.go writes and reads gob's wire format for exactly these messages.
type gobClient struct {
	mu   sync.Mutex // one call at a time: the runtime makes them in turn
	conn net.Conn
	enc  gobEncoder // writes a call's messages into one buffer, one Write
	dec  gobDecoder // reads through a bufio.Reader
	seq  uint64
}

// rpcResponse is net/rpc's Response header. (Its Request header,
// {ServiceMethod, Seq}, is written by gobEncoder.encodeCall.)
type rpcResponse struct {
	ServiceMethod string
	Seq           uint64
	Error         string
}

// serverError is an error the server returned for a call (net/rpc's
// ServerError): the connection is fine.
type serverError string

func (e serverError) Error() string { return string(e) }

func newGobClient(conn net.Conn) *gobClient {
	return &gobClient{conn: conn, dec: gobDecoder{r: bufio.NewReader(conn)}}
}

// call sends one request and reads its response. When ctx ends first, the
// connection's deadline is moved to now, which unblocks the read; the
// caller then drops the connection.
func (c *gobClient) call(ctx context.Context, method string, args *jujucRequest, reply *jujucResponse) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { c.conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	err := c.roundTrip(method, args, reply)
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func (c *gobClient) roundTrip(method string, args *jujucRequest, reply *jujucResponse) error {
	c.seq++
	if _, err := c.conn.Write(c.enc.encodeCall(method, c.seq, args)); err != nil {
		return err
	}
	var resp rpcResponse
	if err := c.dec.readResponse(&resp); err != nil {
		return err
	}
	if resp.Seq != c.seq {
		return fmt.Errorf("unit agent answered call %d to call %d", resp.Seq, c.seq)
	}
	if resp.Error != "" {
		// The body is a placeholder (an empty struct); read it past.
		if err := c.dec.skipValue(); err != nil {
			return err
		}
		return serverError(resp.Error)
	}
	return c.dec.readReply(reply)
}

// Close closes the connection.
func (c *gobClient) Close() error { return c.conn.Close() }
