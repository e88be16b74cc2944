package charm

import (
	"bufio"
	"context"
	"encoding/gob"
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
// by name, so these types need only net/rpc's field names.
type gobClient struct {
	mu   sync.Mutex // one call at a time: the runtime makes them in turn
	conn net.Conn
	buf  *bufio.Writer
	enc  *gob.Encoder
	dec  *gob.Decoder
	seq  uint64
}

// rpcRequest and rpcResponse are net/rpc's Request and Response headers.
type rpcRequest struct {
	ServiceMethod string
	Seq           uint64
}

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
	buf := bufio.NewWriter(conn)
	return &gobClient{conn: conn, buf: buf, enc: gob.NewEncoder(buf), dec: gob.NewDecoder(bufio.NewReader(conn))}
}

// call sends one request and reads its response. When ctx ends first, the
// connection's deadline is moved to now, which unblocks the read; the
// caller then drops the connection.
func (c *gobClient) call(ctx context.Context, method string, args, reply any) error {
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

func (c *gobClient) roundTrip(method string, args, reply any) error {
	c.seq++
	if err := c.enc.Encode(&rpcRequest{ServiceMethod: method, Seq: c.seq}); err != nil {
		return err
	}
	if err := c.enc.Encode(args); err != nil {
		return err
	}
	if err := c.buf.Flush(); err != nil {
		return err
	}
	var resp rpcResponse
	if err := c.dec.Decode(&resp); err != nil {
		return err
	}
	if resp.Seq != c.seq {
		return fmt.Errorf("unit agent answered call %d to call %d", resp.Seq, c.seq)
	}
	if resp.Error != "" {
		// The body is a placeholder (an empty struct); read it past.
		var placeholder struct{}
		if err := c.dec.Decode(&placeholder); err != nil {
			return err
		}
		return serverError(resp.Error)
	}
	return c.dec.Decode(reply)
}

// Close closes the connection.
func (c *gobClient) Close() error { return c.conn.Close() }
