package jujusim

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/rpc"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Juju's hook-tool protocol, as the unit agent and its jujuc client speak
// it: Go's net/rpc with gob encoding, one method, Jujuc.Main, that takes a
// request naming the command, its arguments, the caller's working
// directory and (on demand) its stdin, and answers with the exit code and
// the command's output. It has not changed in substance from Juju 1.x to
// 4.0; Juju 3.x adds a Token field for workload-container actions on
// Kubernetes, which 4.0 dropped again. Sources (juju/juju):
//
//   - internal/worker/uniter/runner/jujuc/server.go (4.0; 3.x at
//     worker/uniter/runner/jujuc/server.go): Request, Jujuc.Main, the
//     "bad request: ..." errors, ErrNoStdin and noStdinReader;
//   - cmd/jujuc/main.go (4.0; 3.x: hookToolMain in cmd/jujud/main.go): the
//     client, and its retry with stdin;
//   - internal/worker/uniter/runner/runner.go startJujucServer: the
//     context-id check ("wrong context ID; got %q");
//   - github.com/juju/utils exec/exec.go: ExecResponse, the reply type.
//
// The simulator's agent serves it (ServeTools), charmgen's fake tool
// executables speak it (ToolMain), and so does the Go runtime in package
// charm, which calls the agent without starting a process per tool.

// JujucRequest is Juju's jujuc.Request, field for field: gob matches
// fields by name, so the names are Juju's (ContextId, not ContextID).
type JujucRequest struct {
	ContextId   string //nolint:revive // Juju's field name, on the wire
	Dir         string
	CommandName string
	Args        []string

	// StdinSet says the client sent its stdin (which may be empty).
	StdinSet bool
	Stdin    []byte

	// Token is Juju 3.x's: set from JUJU_AGENT_TOKEN when the agent
	// handed one out (workload-container actions on Kubernetes); Juju 4.0
	// has no such field, and gob ignores a field the receiver lacks.
	Token string
}

// JujucResponse is the reply, github.com/juju/utils exec.ExecResponse.
type JujucResponse struct {
	Code   int
	Stdout []byte
	Stderr []byte
}

// JujucMethod is the RPC method the hook tools call.
const JujucMethod = "Jujuc.Main"

// ErrNoStdin is Juju's jujuc.ErrNoStdin: the answer to a request without
// stdin for a command that reads it. The client then sends the request
// again with its stdin. On the wire it is only its text.
var ErrNoStdin = errors.New("hook tool requires stdin, none supplied")

// CallJujuc makes one hook-tool call on client the way cmd/jujuc does: the
// request goes without stdin unless req.StdinSet; when the agent answers
// ErrNoStdin, stdin() is read and the request sent again with it. An error
// is the agent's refusal (an rpc.ServerError, "bad request: ...") or a
// broken connection; the tool's own failure is resp.Code and resp.Stderr.
func CallJujuc(client *rpc.Client, req JujucRequest, stdin func() ([]byte, error)) (JujucResponse, error) {
	var resp JujucResponse
	err := client.Call(JujucMethod, req, &resp)
	if err != nil && !req.StdinSet && err.Error() == ErrNoStdin.Error() {
		data, rerr := stdin()
		if rerr != nil {
			return resp, fmt.Errorf("cannot read stdin: %w", rerr)
		}
		req.Stdin, req.StdinSet = data, true
		resp = JujucResponse{}
		err = client.Call(JujucMethod, req, &resp)
	}
	return resp, err
}

// DialJujuc connects to the agent named by the hook environment
// (JUJU_AGENT_SOCKET_NETWORK, default unix, and JUJU_AGENT_SOCKET_ADDRESS).
// Over tcp with JUJU_AGENT_CA_CERT set it uses TLS, verifying the agent's
// certificate against that CA under the application's name, as cmd/jujuc
// does.
func DialJujuc(getenv func(string) string, timeout time.Duration) (*rpc.Client, error) {
	network, addr := getenv("JUJU_AGENT_SOCKET_NETWORK"), getenv("JUJU_AGENT_SOCKET_ADDRESS")
	if network == "" {
		network = "unix"
	}
	if addr == "" {
		return nil, errors.New("JUJU_AGENT_SOCKET_ADDRESS not set")
	}
	d := &net.Dialer{Timeout: timeout}
	if ca := getenv("JUJU_AGENT_CA_CERT"); network == "tcp" && ca != "" {
		cfg, err := agentTLS(ca, getenv("JUJU_UNIT_NAME"))
		if err != nil {
			return nil, err
		}
		conn, err := tls.DialWithDialer(d, network, addr, cfg)
		if err != nil {
			return nil, err
		}
		return rpc.NewClient(conn), nil
	}
	conn, err := d.Dial(network, addr)
	if err != nil {
		return nil, err
	}
	return rpc.NewClient(conn), nil
}

// agentTLS is cmd/jujuc's getSocket for tcp: the CA from the file, the
// server name the unit's application.
func agentTLS(caFile, unit string) (*tls.Config, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", caFile, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New("invalid ca certificate")
	}
	app, _, ok := strings.Cut(unit, "/")
	if !ok || app == "" {
		return nil, fmt.Errorf("%q is not a valid unit name", unit)
	}
	return &tls.Config{RootCAs: pool, ServerName: app}, nil
}

// ToolMain is the whole program of a fake hook tool, and what cmd/jujuc
// does: argv[0]'s base name is the command; it sends the call to the agent
// named by the environment (JUJU_CONTEXT_ID, JUJU_AGENT_SOCKET_ADDRESS and
// _NETWORK) over Juju's protocol, reads stdin only if the agent asks for
// it, copies the tool's output and returns its exit code. The agent's
// refusals print as "ERROR bad request: ..." with exit code 1, as jujuc
// prints them. It works against a real unit agent too.
func ToolMain(argv []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	tool := filepath.Base(argv[0])
	if getenv("JUJU_AGENT_SOCKET_ADDRESS") == "" {
		fmt.Fprintf(stderr, "ERROR %s: JUJU_AGENT_SOCKET_ADDRESS is not set; hook tools only work inside a hook (run the charm with charmgen sim)\n", tool)
		return 1
	}
	dir, err := os.Getwd()
	if err == nil {
		dir, err = filepath.Abs(dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "ERROR %v\n", err)
		return 1
	}
	client, err := DialJujuc(getenv, 10*time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "ERROR cannot reach the unit agent: %v\n", err)
		return 1
	}
	defer client.Close()
	req := JujucRequest{
		ContextId:   getenv("JUJU_CONTEXT_ID"),
		Dir:         dir,
		CommandName: tool,
		Args:        argv[1:],
		Token:       getenv("JUJU_AGENT_TOKEN"),
	}
	resp, err := CallJujuc(client, req, func() ([]byte, error) {
		if stdin == nil {
			return []byte{}, nil
		}
		return readLimited(stdin)
	})
	if err != nil {
		fmt.Fprintf(stderr, "ERROR %v\n", err)
		return 1
	}
	stdout.Write(resp.Stdout)
	stderr.Write(resp.Stderr)
	return resp.Code
}
