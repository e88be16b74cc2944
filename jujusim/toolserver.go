package jujusim

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/rpc"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// The simulated unit agent's end of Juju's hook-tool protocol (see
// jujuc.go): `charmgen sim` serves one Agent per hook on the socket named
// by JUJU_AGENT_SOCKET_ADDRESS, and the hook's tools — charmgen's fake tool
// executables, a jujuc built from Juju's source, or the Go runtime talking
// to the socket itself — call Jujuc.Main on it. Buffered changes live in
// that Agent for the whole hook.

// ToolServer serves Juju's Jujuc.Main for one hook to an Agent.
type ToolServer struct {
	agent     *Agent
	contextID string
	token     string
	rpc       *rpc.Server
	ln        net.Listener
	wg        sync.WaitGroup

	mu    sync.Mutex // one tool at a time, as Juju's Jujuc.mu
	calls int

	connMu  sync.Mutex
	conns   int
	open    map[net.Conn]bool
	closing bool
}

// Calls returns how many hook-tool calls the server has run: requests the
// agent answered with an exit code. Refused requests ("bad request: ...")
// and the first half of a stdin retry are not counted, so a call counts
// once however the client sent it.
func (s *ToolServer) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// Connections returns how many connections the server has accepted. A
// tool process opens one per call; the Go runtime, talking to the socket
// itself, opens one per hook.
func (s *ToolServer) Connections() int {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	return s.conns
}

// ServeTools starts serving Juju's hook-tool protocol on ln for agent.
// Requests must carry contextID (the hook's JUJU_CONTEXT_ID), so a stray
// process left over from another hook cannot act in this one. Close stops
// it.
func ServeTools(ln net.Listener, agent *Agent, contextID string) *ToolServer {
	s := &ToolServer{agent: agent, contextID: contextID, ln: ln, rpc: rpc.NewServer(), open: map[net.Conn]bool{}}
	// jujucService has exactly one exported method of the right shape:
	// registration cannot fail.
	if err := s.rpc.RegisterName("Jujuc", &jujucService{s}); err != nil {
		panic(err)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.connMu.Lock()
			s.conns++
			s.open[conn] = true
			if s.closing {
				conn.SetReadDeadline(time.Now())
			}
			s.connMu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.rpc.ServeConn(conn)
				s.connMu.Lock()
				delete(s.open, conn)
				s.connMu.Unlock()
			}()
		}
	}()
	return s
}

// Close stops accepting connections, lets the calls in flight finish,
// closes every connection and waits for them. (Juju's server waits for its
// clients to hang up; a hook's clients have exited by the time the
// simulator closes, and one left behind must not hold the simulator up.)
func (s *ToolServer) Close() error {
	err := s.ln.Close()
	s.connMu.Lock()
	s.closing = true
	for conn := range s.open {
		// Ends ServeConn's read loop; it then waits for the calls in
		// flight to answer before closing the connection.
		conn.SetReadDeadline(time.Now())
	}
	s.connMu.Unlock()
	s.wg.Wait()
	return err
}

// jujucService is the RPC receiver, registered as "Jujuc".
type jujucService struct{ s *ToolServer }

// Main is Juju's Jujuc.Main: it checks the request as Juju does, in Juju's
// order, and runs the command on the agent. A command that reads stdin
// when the request carries none gets ErrNoStdin, and the client retries
// with its stdin.
func (j *jujucService) Main(req JujucRequest, resp *JujucResponse) error {
	s := j.s
	if req.Token != s.token {
		return badRequest("token does not match")
	}
	if req.CommandName == "" {
		return badRequest("command not specified")
	}
	if !filepath.IsAbs(req.Dir) {
		return badRequest("Dir is not absolute")
	}
	if req.ContextId != s.contextID {
		return badRequest("wrong context ID; got %q", req.ContextId)
	}
	if !s.agentCommand(req.CommandName) {
		return badRequest("unknown command: %s", req.CommandName)
	}
	stdin := &noStdinReader{}
	var in io.Reader = stdin
	if req.StdinSet {
		in = bytes.NewReader(req.Stdin)
	}
	var stdout, stderr bytes.Buffer
	s.mu.Lock()
	defer s.mu.Unlock()
	s.agent.Dir = req.Dir
	code := s.agent.RunTool(req.CommandName, req.Args, in, &stdout, &stderr)
	if stdin.asked {
		// Juju's cmdWrapper: the command failed for want of stdin;
		// what it printed is dropped and the client asked again.
		return ErrNoStdin
	}
	s.calls++
	resp.Code, resp.Stdout, resp.Stderr = code, stdout.Bytes(), stderr.Bytes()
	return nil
}

// agentCommand reports whether the agent answers to name: the hook tools
// both Juju versions have, and the machine commands the simulator puts on
// PATH (systemctl). The tools Juju 4 removed are unknown commands here, as
// they are to a Juju 4 agent.
func (s *ToolServer) agentCommand(name string) bool {
	if _, ok := toolTable[name]; ok {
		return true
	}
	for _, c := range MachineCommands() {
		if c == name {
			return true
		}
	}
	return false
}

// badRequest is Juju's badReqErrorf.
func badRequest(format string, args ...any) error {
	return fmt.Errorf("bad request: "+format, args...)
}

// noStdinReader is Juju's: reading it fails with ErrNoStdin, and records
// that the command wanted stdin.
type noStdinReader struct{ asked bool }

func (r *noStdinReader) Read([]byte) (int, error) {
	r.asked = true
	return 0, ErrNoStdin
}

// AllToolNames returns every command the simulated unit answers to: the
// hook tools, those Juju 4 removed, and the machine commands (systemctl).
// The simulator puts each of them on the hook's PATH.
func AllToolNames() []string {
	return append(append(Tools(), RemovedTools()...), MachineCommands()...)
}

// IsToolName reports whether name is a hook tool the simulator answers to
// (including the tools Juju 4 removed, which answer as Juju 4 does).
func IsToolName(name string) bool {
	for _, t := range AllToolNames() {
		if t == name {
			return true
		}
	}
	return false
}

// RunAsTool makes the running program answer as a fake hook tool when it
// was invoked under a tool's name, and exits; otherwise it returns. A test
// binary's TestMain calls it first, so the simulator can link every tool
// name to the test binary itself.
func RunAsTool() {
	if len(os.Args) > 0 && IsToolName(filepath.Base(os.Args[0])) {
		os.Exit(ToolMain(os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr))
	}
}
