package charm

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// HookToolsEnv is the environment variable that chooses how the runtime
// runs hook tools. Unset (or any other value), New talks to the unit agent
// over its socket (AgentBackend) and runs a tool as a process only when the
// socket cannot be reached; "exec" runs every hook tool as a process, as a
// shell script would (ExecBackend).
const HookToolsEnv = "CHARMGEN_HOOK_TOOLS"

// NewBackend returns the backend New uses, read from the hook environment
// through getenv: an AgentBackend when JUJU_AGENT_SOCKET_ADDRESS names the
// unit agent's socket, falling back to ExecBackend; ExecBackend alone when
// there is no socket or CHARMGEN_HOOK_TOOLS=exec.
//
// A socket that needs TLS (tcp with JUJU_AGENT_CA_CERT, which Juju sets
// for commands run in a Kubernetes workload container, not for charm code)
// is left to the tool processes, which speak it: linking crypto/tls into
// every charm would cost each hook a fifth of its start-up.
func NewBackend(getenv func(string) string) Backend {
	exec := ExecBackend{}
	if getenv(HookToolsEnv) == "exec" || getenv("JUJU_AGENT_SOCKET_ADDRESS") == "" {
		return exec
	}
	if getenv("JUJU_AGENT_SOCKET_NETWORK") == "tcp" && getenv("JUJU_AGENT_CA_CERT") != "" {
		return exec
	}
	return &AgentBackend{
		Network:   getenv("JUJU_AGENT_SOCKET_NETWORK"),
		Address:   getenv("JUJU_AGENT_SOCKET_ADDRESS"),
		ContextID: getenv("JUJU_CONTEXT_ID"),
		Token:     getenv("JUJU_AGENT_TOKEN"),
		Fallback:  exec,
	}
}

// AgentBackend sends each hook-tool call straight to the unit agent, over
// the socket Juju names in JUJU_AGENT_SOCKET_ADDRESS, in Juju's own
// hook-tool protocol: what a hook tool (jujuc) would send, without starting
// the tool. The protocol is Go's net/rpc with gob encoding; the call is
// Jujuc.Main with Juju's request (ContextId, Dir, CommandName, Args,
// StdinSet, Stdin) and reply (Code, Stdout, Stderr), as in juju/juju
// internal/worker/uniter/runner/jujuc/server.go and cmd/jujuc/main.go.
//
// A call gives what running the tool gives: its stdout, and on a non-zero
// exit a *ToolError with the exit code and stderr, the agent's refusals
// ("bad request: ...") as exit code 1 with "ERROR ..." on stderr, the way
// jujuc prints them. The argv is the tool's, the working directory the
// process's.
//
// One connection serves the whole hook: dialled at the first call, reused
// after. When it cannot be dialled, the call and every later one go to
// Fallback (the tool as a process). Commands that are not hook tools, such
// as systemctl, always go to Fallback.
type AgentBackend struct {
	// Network and Address are JUJU_AGENT_SOCKET_NETWORK (default "unix";
	// Juju also uses "tcp") and JUJU_AGENT_SOCKET_ADDRESS.
	Network, Address string
	// ContextID is JUJU_CONTEXT_ID: the agent refuses other hooks' calls.
	ContextID string
	// Token is JUJU_AGENT_TOKEN, which Juju 3.x sets for actions run in a
	// Kubernetes workload container; usually empty.
	Token string
	// Fallback runs what the socket does not: commands that are not hook
	// tools, and every call once the socket could not be dialled.
	Fallback Backend

	mu     sync.Mutex
	client *gobClient
	dead   bool // the socket could not be dialled: use Fallback
}

// jujucRequest and jujucResponse are Juju's jujuc.Request and
// exec.ExecResponse. gob matches fields by name, so the names are Juju's.
type jujucRequest struct {
	ContextId   string //nolint:revive // Juju's field name, on the wire
	Dir         string
	CommandName string
	Args        []string
	StdinSet    bool
	Stdin       []byte
	Token       string
}

type jujucResponse struct {
	Code   int
	Stdout []byte
	Stderr []byte
}

// errNoStdinText is Juju's jujuc.ErrNoStdin, as the client receives it.
const errNoStdinText = "hook tool requires stdin, none supplied"

// Run implements Backend.
func (b *AgentBackend) Run(ctx context.Context, tool string, args []string, stdin []byte) ([]byte, error) {
	if !hookTools[tool] {
		return b.fallback().Run(ctx, tool, args, stdin)
	}
	client, err := b.connect(ctx)
	if err != nil {
		if ctx.Err() != nil {
			// Given up on, not unreachable: as a killed process.
			return nil, &ToolError{Tool: tool, Args: args, ExitCode: -1, Stderr: "ERROR " + ctx.Err().Error() + "\n"}
		}
		return b.fallback().Run(ctx, tool, args, stdin)
	}
	dir, err := os.Getwd()
	if err == nil {
		dir, err = filepath.Abs(dir)
	}
	if err != nil {
		return nil, &ToolError{Tool: tool, Args: args, ExitCode: 1, Stderr: "ERROR " + err.Error() + "\n"}
	}
	req := jujucRequest{ContextId: b.ContextID, Dir: dir, CommandName: tool, Args: args, Token: b.Token}
	if stdin != nil {
		// The runtime knows its stdin up front: send it with the call
		// rather than wait for the agent to ask.
		req.StdinSet, req.Stdin = true, stdin
	}
	var resp jujucResponse
	err = b.call(ctx, client, req, &resp)
	if err != nil && !req.StdinSet && err.Error() == errNoStdinText {
		// A tool run as a process would read an empty stdin.
		req.StdinSet, req.Stdin = true, []byte{}
		resp = jujucResponse{}
		err = b.call(ctx, client, req, &resp)
	}
	if err != nil {
		code := 1
		var se serverError
		if !errors.As(err, &se) {
			// The connection broke: the next call dials again.
			b.drop(client)
			if ctx.Err() != nil {
				code = -1 // as a process killed by the context
			}
		}
		return nil, &ToolError{Tool: tool, Args: args, ExitCode: code, Stderr: "ERROR " + err.Error() + "\n"}
	}
	if resp.Code != 0 {
		return resp.Stdout, &ToolError{Tool: tool, Args: args, ExitCode: resp.Code, Stderr: string(resp.Stderr)}
	}
	return resp.Stdout, nil
}

// Close closes the connection to the agent, if one is open. The process
// exiting at the end of the hook closes it too.
func (b *AgentBackend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.client == nil {
		return nil
	}
	err := b.client.Close()
	b.client = nil
	return err
}

// Direct reports whether calls go to the agent's socket: true until a dial
// has failed.
func (b *AgentBackend) Direct() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.dead
}

func (b *AgentBackend) fallback() Backend {
	if b.Fallback == nil {
		return ExecBackend{}
	}
	return b.Fallback
}

// connect returns the hook's connection, dialling it the first time. A
// failed dial marks the socket dead for the rest of the hook.
func (b *AgentBackend) connect(ctx context.Context) (*gobClient, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dead {
		return nil, errors.New("the unit agent's socket cannot be reached")
	}
	if b.client != nil {
		return b.client, nil
	}
	conn, err := b.dial(ctx)
	if err != nil {
		if ctx.Err() == nil {
			b.dead = true
		}
		return nil, err
	}
	b.client = newGobClient(conn)
	return b.client, nil
}

func (b *AgentBackend) dial(ctx context.Context) (net.Conn, error) {
	network := b.Network
	if network == "" {
		network = "unix"
	}
	d := &net.Dialer{Timeout: 10 * time.Second}
	return d.DialContext(ctx, network, b.Address)
}

// call makes one RPC, giving up when ctx ends (the agent may still run the
// call; the connection is then dropped).
func (b *AgentBackend) call(ctx context.Context, client *gobClient, req jujucRequest, resp *jujucResponse) error {
	return client.call(ctx, "Jujuc.Main", &req, resp)
}

// drop closes a connection that broke, so the next call dials again.
func (b *AgentBackend) drop(client *gobClient) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.client == client {
		b.client.Close()
		b.client = nil
	}
}

// hookTools are the commands Juju's unit agent answers (jujuc's command
// table in internal/worker/uniter/runner/jujuc/server.go, 3.x and 4.0):
// only these go over the socket.
var hookTools = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`
		action-fail action-get action-log action-set application-version-set
		close-port config-get credential-get goal-state is-leader juju-log
		juju-reboot network-get open-port opened-ports relation-get
		relation-ids relation-list relation-model-get relation-set
		resource-get secret-add secret-get secret-grant secret-ids
		secret-info-get secret-remove secret-revoke secret-set state-delete
		state-get state-set status-get status-set storage-add storage-get
		storage-list unit-get
		add-metric k8s-raw-get k8s-raw-set k8s-spec-get k8s-spec-set
		leader-get leader-set payload-register payload-status-set
		payload-unregister pod-spec-get pod-spec-set`) {
		hookTools[t] = true
	}
}

// IsHookTool reports whether name is one of Juju's hook tools (3.x or
// 4.0), which AgentBackend sends to the unit agent; any other command
// (systemctl) is run as a process.
func IsHookTool(name string) bool { return hookTools[name] }
