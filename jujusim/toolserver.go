package jujusim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// The hook-tool protocol between `charmgen sim` and the fake tool
// executables. Juju's own tools are clients that forward argv, the working
// directory and stdin to the unit agent over JUJU_AGENT_SOCKET_ADDRESS; the
// simulator does the same, so a charm's tools are real processes talking to
// one in-process Agent, and buffered changes live in that Agent for the
// whole hook.

// ToolRequest is one tool invocation.
type ToolRequest struct {
	ContextID string   `json:"context_id"`
	Tool      string   `json:"tool"`
	Args      []string `json:"args"`
	Dir       string   `json:"dir,omitempty"`
	Stdin     []byte   `json:"stdin,omitempty"`
}

// ToolResponse is the tool's output and exit code.
type ToolResponse struct {
	Stdout []byte `json:"stdout,omitempty"`
	Stderr []byte `json:"stderr,omitempty"`
	Code   int    `json:"code"`
}

// maxRequest bounds a request on the wire.
const maxRequest = maxFileSize + 1<<20

// ToolServer serves tool requests for one hook to an Agent.
type ToolServer struct {
	agent     *Agent
	contextID string
	mu        sync.Mutex
	calls     int
	ln        net.Listener
	wg        sync.WaitGroup
}

// Calls returns how many tool requests the server has answered.
func (s *ToolServer) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// ServeTools starts serving tool requests on ln for agent; requests must
// carry contextID (the hook's JUJU_CONTEXT_ID), so a stray process left
// over from another hook cannot act in this one. Close stops it.
func ServeTools(ln net.Listener, agent *Agent, contextID string) *ToolServer {
	s := &ToolServer{agent: agent, contextID: contextID, ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.handle(conn)
			}()
		}
	}()
	return s
}

// Close stops accepting requests and waits for those in flight.
func (s *ToolServer) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *ToolServer) handle(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Minute))
	var req ToolRequest
	resp := ToolResponse{}
	if err := json.NewDecoder(io.LimitReader(conn, maxRequest)).Decode(&req); err != nil {
		resp.Code, resp.Stderr = 1, []byte("ERROR bad request: "+err.Error()+"\n")
	} else if req.ContextID != s.contextID {
		resp.Code, resp.Stderr = 1, []byte(fmt.Sprintf("ERROR bad request: context %q is not the running hook's (%q)\n", req.ContextID, s.contextID))
	} else {
		var out, errb bytes.Buffer
		s.mu.Lock()
		s.calls++
		s.agent.Dir = req.Dir
		resp.Code = s.agent.RunTool(req.Tool, req.Args, bytes.NewReader(req.Stdin), &out, &errb)
		s.mu.Unlock()
		resp.Stdout, resp.Stderr = out.Bytes(), errb.Bytes()
	}
	json.NewEncoder(conn).Encode(&resp)
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

// stdinTools take --file -.
var stdinTools = map[string]bool{"relation-set": true, "state-set": true, "secret-add": true, "secret-set": true}

func wantsStdin(tool string, args []string) bool {
	if !stdinTools[tool] {
		return false
	}
	for i, a := range args {
		if a == "--file=-" || (a == "--file" && i+1 < len(args) && args[i+1] == "-") {
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

// ToolMain is the whole program of a fake hook tool: argv[0]'s base name is
// the tool. It sends the call to the agent named by the environment and
// returns the tool's exit code.
func ToolMain(argv []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	tool := filepath.Base(argv[0])
	addr := getenv("JUJU_AGENT_SOCKET_ADDRESS")
	network := getenv("JUJU_AGENT_SOCKET_NETWORK")
	if network == "" {
		network = "unix"
	}
	if addr == "" {
		fmt.Fprintf(stderr, "ERROR %s: JUJU_AGENT_SOCKET_ADDRESS is not set; hook tools only work inside a hook (run the charm with charmgen sim)\n", tool)
		return 1
	}
	req := ToolRequest{ContextID: getenv("JUJU_CONTEXT_ID"), Tool: tool, Args: argv[1:]}
	req.Dir, _ = os.Getwd()
	if wantsStdin(tool, req.Args) && stdin != nil {
		b, err := io.ReadAll(io.LimitReader(stdin, maxFileSize+1))
		if err != nil {
			fmt.Fprintf(stderr, "ERROR reading stdin: %v\n", err)
			return 1
		}
		req.Stdin = b
	}
	conn, err := net.DialTimeout(network, addr, 10*time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "ERROR cannot reach the unit agent: %v\n", err)
		return 1
	}
	defer conn.Close()
	if err := json.NewEncoder(conn).Encode(&req); err != nil {
		fmt.Fprintf(stderr, "ERROR sending the request: %v\n", err)
		return 1
	}
	var resp ToolResponse
	if err := json.NewDecoder(bufio.NewReader(conn)).Decode(&resp); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("the agent closed the connection")
		}
		fmt.Fprintf(stderr, "ERROR reading the response: %v\n", strings.TrimSpace(err.Error()))
		return 1
	}
	stdout.Write(resp.Stdout)
	stderr.Write(resp.Stderr)
	return resp.Code
}
