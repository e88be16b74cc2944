package charm

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"math/rand/v2"
	"net"
	"net/rpc"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// JujucTestRequest and JujucTestResponse are Juju's jujuc.Request and
// exec.ExecResponse, exported as net/rpc wants a method's types.
type JujucTestRequest struct {
	ContextId   string //nolint:revive // Juju's field name
	Dir         string
	CommandName string
	Args        []string
	StdinSet    bool
	Stdin       []byte
	Token       string
}

type JujucTestResponse struct {
	Code   int
	Stdout []byte
	Stderr []byte
}

// jujucTestService is a Jujuc service for net/rpc's server: it records
// each request and answers with what answer makes of it.
type jujucTestService struct {
	mu     sync.Mutex
	got    []JujucTestRequest
	answer func(JujucTestRequest) (JujucTestResponse, error)
}

func (s *jujucTestService) Main(req JujucTestRequest, resp *JujucTestResponse) error {
	s.mu.Lock()
	s.got = append(s.got, req)
	s.mu.Unlock()
	r, err := s.answer(req)
	*resp = r
	return err
}

func (s *jujucTestService) last() JujucTestRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got[len(s.got)-1]
}

// TestGobClientNetRPC calls a real net/rpc server with gobClient, over a
// pipe and over a unix socket.
func TestGobClientNetRPC(t *testing.T) {
	for _, transport := range []string{"pipe", "unix"} {
		t.Run(transport, func(t *testing.T) {
			svc := &jujucTestService{answer: func(req JujucTestRequest) (JujucTestResponse, error) {
				switch req.CommandName {
				case "fail":
					return JujucTestResponse{}, errors.New("bad request: " + strings.Join(req.Args, " "))
				case "big":
					return JujucTestResponse{Code: 3, Stdout: bytes.Repeat([]byte("o"), 5<<20), Stderr: []byte("e")}, nil
				}
				return JujucTestResponse{Code: len(req.Args), Stdout: append([]byte(req.CommandName+":"), req.Stdin...)}, nil
			}}
			srv := rpc.NewServer()
			if err := srv.RegisterName("Jujuc", svc); err != nil {
				t.Fatal(err)
			}
			var conn net.Conn
			switch transport {
			case "pipe":
				var server net.Conn
				conn, server = net.Pipe()
				go srv.ServeConn(server)
			case "unix":
				ln, err := net.Listen("unix", filepath.Join(t.TempDir(), "s"))
				if err != nil {
					t.Fatal(err)
				}
				defer ln.Close()
				go func() {
					c, err := ln.Accept()
					if err == nil {
						srv.ServeConn(c)
					}
				}()
				if conn, err = net.Dial("unix", ln.Addr().String()); err != nil {
					t.Fatal(err)
				}
			}
			client := newGobClient(conn)
			defer client.Close()
			ctx := context.Background()

			r := rand.New(rand.NewPCG(9, 10))
			calls := uint64(0)
			for i := range 100 {
				req := jujucRequest{ContextId: "u/0-hook-1", Dir: "/var/lib/juju", CommandName: "tool", Args: randStrings(r), Token: randString(r)}
				if r.IntN(2) == 0 {
					req.StdinSet, req.Stdin = true, randBytes(r)
				}
				var resp jujucResponse
				if err := client.call(ctx, "Jujuc.Main", &req, &resp); err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				want := JujucTestRequest(req)
				want.Args, want.Stdin = nilIfEmpty(want.Args), nilIfEmpty(want.Stdin)
				if got := svc.last(); !reflect.DeepEqual(got, want) {
					t.Fatalf("call %d: server got\n%+v\nwant\n%+v", i, got, want)
				}
				if resp.Code != len(req.Args) || string(resp.Stdout) != "tool:"+string(req.Stdin) || resp.Stderr != nil {
					t.Fatalf("call %d: %+v", i, resp)
				}
				if calls++; client.seq != calls {
					t.Fatalf("call %d: seq %d, want %d", i, client.seq, calls)
				}

				if i%10 == 3 || i%10 == 5 || i%10 == 7 {
					calls++
				}
				switch i % 10 {
				case 3: // the server's error, and the connection goes on
					err := client.call(ctx, "Jujuc.Main", &jujucRequest{CommandName: "fail", Args: []string{"no", "way"}}, &resp)
					var se serverError
					if !errors.As(err, &se) || err.Error() != "bad request: no way" {
						t.Fatalf("call %d: error %v", i, err)
					}
				case 5: // net/rpc's own error
					err := client.call(ctx, "Jujuc.Nope", &jujucRequest{}, &resp)
					var se serverError
					if !errors.As(err, &se) || !strings.Contains(err.Error(), "can't find method") {
						t.Fatalf("call %d: error %v", i, err)
					}
				case 7:
					var big jujucResponse
					if err := client.call(ctx, "Jujuc.Main", &jujucRequest{CommandName: "big"}, &big); err != nil {
						t.Fatal(err)
					}
					if big.Code != 3 || len(big.Stdout) != 5<<20 || string(big.Stderr) != "e" {
						t.Fatalf("big: %d %d %q", big.Code, len(big.Stdout), big.Stderr)
					}
				}
			}
		})
	}
}

// fakeServer answers gobClient's calls with encoding/gob, as answer says.
func fakeServer(t *testing.T, answer func(seq uint64, enc *gob.Encoder) error) net.Conn {
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close(); server.Close() })
	go func() {
		dec, enc := gob.NewDecoder(server), gob.NewEncoder(server)
		for {
			var h wireRequest
			var a wireJujucRequest
			if dec.Decode(&h) != nil || dec.Decode(&a) != nil {
				return
			}
			if answer(h.Seq, enc) != nil {
				return
			}
		}
	}()
	return client
}

func TestGobClientSequence(t *testing.T) {
	conn := fakeServer(t, func(seq uint64, enc *gob.Encoder) error {
		if err := enc.Encode(wireResponse{ServiceMethod: "Jujuc.Main", Seq: seq + 1}); err != nil {
			return err
		}
		return enc.Encode(wireExecResponse{})
	})
	c := newGobClient(conn)
	err := c.call(context.Background(), "Jujuc.Main", &jujucRequest{CommandName: "x"}, new(jujucResponse))
	if err == nil || err.Error() != "unit agent answered call 2 to call 1" {
		t.Fatal(err)
	}
}

func TestGobClientCancel(t *testing.T) {
	conn := fakeServer(t, func(uint64, *gob.Encoder) error { select {} })
	c := newGobClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := c.call(ctx, "Jujuc.Main", &jujucRequest{CommandName: "x"}, new(jujucResponse))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal(err)
	}
}

// TestGobClientBrokenReply: a reply the client cannot read is an error
// of the connection, not the server's.
func TestGobClientBrokenReply(t *testing.T) {
	conn := fakeServer(t, func(seq uint64, enc *gob.Encoder) error {
		if err := enc.Encode(wireResponse{Seq: seq}); err != nil {
			return err
		}
		return enc.Encode(struct{ Code string }{"not a number"})
	})
	c := newGobClient(conn)
	err := c.call(context.Background(), "Jujuc.Main", &jujucRequest{CommandName: "x"}, new(jujucResponse))
	var se serverError
	if err == nil || errors.As(err, &se) || !strings.Contains(err.Error(), "wrong type") {
		t.Fatal(err)
	}
}
