package jujusim

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/rpc"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// jujuRequest and jujuExecResponse are declared here as Juju declares them
// (juju/juju internal/worker/uniter/runner/jujuc/server.go Request, 4.0;
// github.com/juju/utils exec.ExecResponse), independently of the package's
// own types: gob matches fields by name, so these tests speak to the server
// exactly as a jujuc built from Juju's source does.
type jujuRequest struct {
	ContextId   string //nolint:revive // Juju's field name
	Dir         string
	CommandName string
	Args        []string
	StdinSet    bool
	Stdin       []byte
}

type jujuExecResponse struct {
	Code   int
	Stdout []byte
	Stderr []byte
}

// jujuRequest3 is Juju 3.x's Request, with its Token.
type jujuRequest3 struct {
	ContextId   string //nolint:revive // Juju's field name
	Dir         string
	CommandName string
	Args        []string
	StdinSet    bool
	Stdin       []byte
	Token       string
}

const testContextID = "web/0-config-changed-1234"

// serveAgent serves a on a Unix socket in a short temporary directory (a
// socket path must fit in 108 bytes) and returns the server and the
// socket's path.
func serveAgent(t *testing.T, a *Agent) (*ToolServer, string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "jj")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "a.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := ServeTools(ln, a, testContextID)
	t.Cleanup(func() { srv.Close() })
	return srv, sock
}

func dialAgent(t *testing.T, sock string) *rpc.Client {
	t.Helper()
	c, err := rpc.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func cwd(t *testing.T) string {
	t.Helper()
	d, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestJujucProtocol calls Jujuc.Main over net/rpc with gob, as cmd/jujuc
// does, and checks every field of the reply: a success with output, a
// success with a warning on stderr, and the two exit codes of a failure
// (2 for arguments, 1 while running).
func TestJujucProtocol(t *testing.T) {
	srv, sock := serveAgent(t, newTestAgent(t, baseState(), HookContext{}))
	c := dialAgent(t, sock)
	for _, tc := range []struct {
		cmd            string
		args           []string
		code           int
		stdout, stderr string
	}{
		{cmd: "is-leader", args: args("--format=json"), stdout: "true\n"},
		{cmd: "config-get", args: args("port"), stdout: "8080\n"},
		{cmd: "juju-log", args: args("--format", "json", "x"), stderr: "--format flag deprecated for command \"juju-log\""},
		{cmd: "status-set", args: args("error"), code: 2,
			stderr: "ERROR invalid status \"error\", expected one of [maintenance blocked waiting active]\n"},
		{cmd: "secret-get", args: args("cpf2m2o1i3cc73d0ag99"), code: 1,
			stderr: "ERROR secret \"cpf2m2o1i3cc73d0ag99\" not found\n"},
		{cmd: "config-get", args: args("--help"), stdout: "Usage: config-get [options] [<key>]\n"},
	} {
		var resp jujuExecResponse
		req := jujuRequest{ContextId: testContextID, Dir: cwd(t), CommandName: tc.cmd, Args: tc.args}
		if err := c.Call("Jujuc.Main", req, &resp); err != nil {
			t.Fatalf("%s %q: %v", tc.cmd, tc.args, err)
		}
		stdout := string(resp.Stdout)
		if tc.cmd == "config-get" && tc.args[0] == "--help" {
			stdout, _, _ = strings.Cut(stdout, "\n")
			stdout += "\n"
		}
		if resp.Code != tc.code || stdout != tc.stdout || string(resp.Stderr) != tc.stderr {
			t.Errorf("%s %q: got {Code:%d Stdout:%q Stderr:%q}, want {Code:%d Stdout:%q Stderr:%q}",
				tc.cmd, tc.args, resp.Code, resp.Stdout, resp.Stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
	if srv.Calls() != 6 || srv.Connections() != 1 {
		t.Errorf("calls %d, connections %d; want 6 calls on 1 connection", srv.Calls(), srv.Connections())
	}
}

// TestJujucStdinRetry: a command that reads stdin (relation-set and
// state-set with --file -, which read cmd.Context.Stdin in Juju) gets
// ErrNoStdin when the request has none, writes nothing, and runs when the
// client sends the request again with StdinSet. secret-add and secret-set
// read --file as a path (Juju's secrets.ReadSecretData), so they never ask.
func TestJujucStdinRetry(t *testing.T) {
	a := newTestAgent(t, baseState(), relHook)
	srv, sock := serveAgent(t, a)
	c := dialAgent(t, sock)
	call := func(cmd string, args []string, stdinSet bool, stdin string) (jujuExecResponse, error) {
		var resp jujuExecResponse
		req := jujuRequest{ContextId: testContextID, Dir: cwd(t), CommandName: cmd, Args: args, StdinSet: stdinSet, Stdin: []byte(stdin)}
		err := c.Call("Jujuc.Main", req, &resp)
		return resp, err
	}
	for _, cmd := range [][]string{{"relation-set", "--file", "-"}, {"state-set", "--file=-"}} {
		before := len(a.Writes())
		resp, err := call(cmd[0], cmd[1:], false, "")
		if err == nil || err.Error() != "hook tool requires stdin, none supplied" {
			t.Fatalf("%q without stdin: %v %+v, want ErrNoStdin", cmd, err, resp)
		}
		if _, ok := err.(rpc.ServerError); !ok {
			t.Errorf("%q: %T is not the server's error", cmd, err)
		}
		if len(a.Writes()) != before {
			t.Errorf("%q without stdin wrote %v", cmd, a.Writes()[before:])
		}
		resp, err = call(cmd[0], cmd[1:], true, "k: v\n")
		if err != nil || resp.Code != 0 {
			t.Fatalf("%q with stdin: %v %+v", cmd, err, resp)
		}
	}
	// An empty stdin is stdin: StdinSet with no bytes.
	if resp, err := call("relation-set", args("--file", "-"), true, ""); err != nil || resp.Code != 0 {
		t.Errorf("empty stdin: %v %+v", err, resp)
	}
	resp, err := call("secret-add", args("--file", "-"), false, "")
	if err != nil || resp.Code != 2 || !strings.Contains(string(resp.Stderr), "open -:") {
		t.Errorf("secret-add --file - reads a file named -: %v %+v", err, resp)
	}
	if srv.Calls() != 4 {
		t.Errorf("calls = %d; the refused halves of the retries do not count", srv.Calls())
	}
	a.Commit()
	st := a.State()
	if st.Relation(3).LocalUnitData["k"] != "v" || st.CharmState["k"] != "v" {
		t.Errorf("after the retries: relation %v, state %v", st.Relation(3).LocalUnitData, st.CharmState)
	}

	// The client half: CallJujuc reads stdin only when the agent asks.
	asked := 0
	stdin := func() ([]byte, error) { asked++; return []byte("x: y\n"), nil }
	rc := dialAgent(t, sock)
	if r, err := CallJujuc(rc, JujucRequest{ContextId: testContextID, Dir: cwd(t), CommandName: "is-leader"}, stdin); err != nil || r.Code != 0 || asked != 0 {
		t.Errorf("is-leader read stdin: asked %d, %v", asked, err)
	}
	if r, err := CallJujuc(rc, JujucRequest{ContextId: testContextID, Dir: cwd(t), CommandName: "relation-set", Args: args("--file", "-")}, stdin); err != nil || r.Code != 0 || asked != 1 {
		t.Errorf("relation-set --file -: asked %d, %v %+v", asked, err, r)
	}
}

// TestJujucBadRequests: the agent refuses, with Juju's texts and as RPC
// errors (no reply), a request without a command, with a relative Dir,
// with another hook's context id, for a command it does not have (an
// unknown name, or a tool Juju 4 removed), or with a token it did not hand
// out; none of them runs anything.
func TestJujucBadRequests(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{})
	srv, sock := serveAgent(t, a)
	c := dialAgent(t, sock)
	dir := cwd(t)
	for _, tc := range []struct {
		req  any
		want string
	}{
		{jujuRequest{ContextId: testContextID, Dir: dir}, "bad request: command not specified"},
		{jujuRequest{ContextId: testContextID, Dir: "rel", CommandName: "is-leader"}, "bad request: Dir is not absolute"},
		{jujuRequest{ContextId: "other-hook", Dir: dir, CommandName: "is-leader"}, `bad request: wrong context ID; got "other-hook"`},
		{jujuRequest{ContextId: "", Dir: dir, CommandName: "is-leader"}, `bad request: wrong context ID; got ""`},
		{jujuRequest{ContextId: testContextID, Dir: dir, CommandName: "bogus"}, "bad request: unknown command: bogus"},
		{jujuRequest{ContextId: testContextID, Dir: dir, CommandName: "leader-get"}, "bad request: unknown command: leader-get"},
		{jujuRequest3{ContextId: testContextID, Dir: dir, CommandName: "is-leader", Token: "t0k3n"}, "bad request: token does not match"},
	} {
		var resp jujuExecResponse
		err := c.Call("Jujuc.Main", tc.req, &resp)
		if _, ok := err.(rpc.ServerError); !ok || err.Error() != tc.want {
			t.Errorf("%+v: got %v (%T), want %q", tc.req, err, err, tc.want)
		}
	}
	// A Juju 3.x client without a token is a Juju 4 client.
	var resp jujuExecResponse
	if err := c.Call("Jujuc.Main", jujuRequest3{ContextId: testContextID, Dir: dir, CommandName: "is-leader"}, &resp); err != nil || string(resp.Stdout) != "True\n" {
		t.Errorf("3.x request: %v %+v", err, resp)
	}
	if srv.Calls() != 1 || len(a.Writes()) != 0 {
		t.Errorf("refused requests ran: calls %d, writes %v", srv.Calls(), a.Writes())
	}
	// ToolMain prints a refusal as jujuc does: ERROR <text>, exit 1.
	var out, errb bytes.Buffer
	env := map[string]string{"JUJU_AGENT_SOCKET_ADDRESS": sock, "JUJU_CONTEXT_ID": "stale"}
	code := ToolMain([]string{"/x/is-leader"}, func(k string) string { return env[k] }, nil, &out, &errb)
	if code != 1 || errb.String() != "ERROR bad request: wrong context ID; got \"stale\"\n" || out.Len() != 0 {
		t.Errorf("ToolMain with a stale context: %d %q %q", code, out.String(), errb.String())
	}
	// An agent that is not there.
	env["JUJU_AGENT_SOCKET_ADDRESS"] = filepath.Join(t.TempDir(), "none.sock")
	errb.Reset()
	if code := ToolMain([]string{"is-leader"}, func(k string) string { return env[k] }, nil, &out, &errb); code != 1 || !strings.HasPrefix(errb.String(), "ERROR cannot reach the unit agent: ") {
		t.Errorf("no agent: %d %q", code, errb.String())
	}
}

// equivalenceCases are tool lines, run in order in one hook, that touch
// every tool the agent answers: reads and writes, successes and each kind
// of failure, stdin, and tools that see the hook's own pending writes.
var equivalenceCases = []struct {
	name  string
	hc    HookContext
	setup func(*State)
	calls []toolCall
}{
	{name: "config and leadership", calls: []toolCall{
		{"config-get", nil, ""}, {"config-get", args("--all", "--format=json"), ""}, {"config-get", args("port"), ""},
		{"config-get", args("--format=xml"), ""}, {"config-get", args("--bogus"), ""},
		{"is-leader", nil, ""}, {"is-leader", args("--format=json"), ""},
		{"unit-get", args("public-address"), ""}, {"unit-get", args("hostname"), ""},
		{"credential-get", nil, ""}, {"goal-state", args("--format=json"), ""},
	}},
	{name: "relations", hc: relHook, calls: []toolCall{
		{"relation-ids", nil, ""}, {"relation-ids", args("cluster", "--format=json"), ""},
		{"relation-list", nil, ""}, {"relation-list", args("-r", "3", "--app"), ""},
		{"relation-get", nil, ""}, {"relation-get", args("--app"), ""}, {"relation-get", args("-r", "db:99", "-", "postgresql/0"), ""},
		{"relation-set", args("a=b", "c=d"), ""}, {"relation-set", args("--file", "-"), "x: y\nz: w\n"},
		{"relation-set", args("--app", "--file=-"), "shared: v\n"}, {"relation-set", args("--file", "settings.yaml"), ""},
		{"relation-set", args("ab"), ""}, {"relation-get", args("-", "web/0", "--format=json"), ""},
		{"relation-model-get", nil, ""}, {"network-get", args("db", "--format=json"), ""}, {"network-get", args("website"), ""},
	}},
	{name: "state ports status", calls: []toolCall{
		{"state-get", args("--format=json"), ""}, {"state-set", args("a=1"), ""}, {"state-set", args("--file", "-"), "b: \"2\"\n"},
		{"state-delete", args("installed"), ""}, {"state-get", args("--format=json"), ""},
		{"open-port", args("8080/tcp"), ""}, {"close-port", args("80"), ""}, {"open-port", args("80/sctp"), ""},
		{"opened-ports", args("--format=json"), ""},
		{"status-get", args("--include-data", "--format=json"), ""}, {"status-set", args("--", "active", "--application"), ""},
		{"status-get", args("--application", "--include-data", "--format=json"), ""},
		{"status-set", args("--application", "blocked", "need db"), ""}, {"status-set", args("error"), ""},
		{"application-version-set", args("1.2.3"), ""}, {"juju-log", args("-l", "WARNING", "careful"), ""},
		{"storage-list", args("--format=json"), ""}, {"storage-get", args("-s", "data/1", "--format=json"), ""},
		{"storage-add", args("data=2"), ""}, {"resource-get", args("bin"), ""}, {"resource-get", args("nope"), ""},
		{"juju-reboot", nil, ""}, {"systemctl", args("restart", "web"), ""}, {"systemctl", args("is-active", "web"), ""},
	}},
	{name: "secrets", calls: []toolCall{
		{"secret-ids", args("--format=json"), ""}, {"secret-add", args("--label", "fresh", "abc=123"), ""},
		{"secret-get", args("--label", "fresh", "--format=json"), ""}, {"secret-get", args(secretA), ""},
		{"secret-get", args(secretC, "--refresh"), ""}, {"secret-info-get", args(secretA, "--format=json"), ""},
		{"secret-set", args(secretA, "password=three"), ""}, {"secret-get", args(secretA, "--peek"), ""},
		{"secret-grant", args(secretA, "-r", "3"), ""}, {"secret-revoke", args(secretA, "-r", "3"), ""},
		{"secret-remove", args(secretA, "--revision", "1"), ""}, {"secret-get", args("cpf2m2o1i3cc73d0ag99"), ""},
		{"secret-add", args("--file", "secret.yaml"), ""}, {"secret-add", nil, ""},
	}},
	{name: "removed tools", calls: []toolCall{
		{"leader-get", nil, ""}, {"pod-spec-set", nil, ""}, {"is-leader", nil, ""},
	}},
	{name: "action", hc: HookContext{ActionName: "backup"}, setup: func(s *State) {
		s.Action = &Action{Name: "backup", Params: map[string]any{"target": "s3"}}
	}, calls: []toolCall{
		{"action-get", args("--format=json"), ""}, {"action-get", args("target"), ""}, {"action-set", args("result.size=10G"), ""},
		{"action-set", args("stdout=x"), ""}, {"action-log", args("halfway"), ""}, {"action-fail", args("disk full"), ""},
		{"juju-reboot", nil, ""},
	}},
}

type toolCall struct {
	tool  string
	args  []string
	stdin string
}

// TestToolMainEquivalence runs each case twice on the same state: once
// with the agent's RunTool in process (what charmtest does) and once
// through Juju's protocol as charmgen's tool executables send it
// (ToolMain: dial, Jujuc.Main, the stdin retry), and requires the same
// stdout, stderr and exit code from every call, and the same state and
// writes after the hook.
func TestToolMainEquivalence(t *testing.T) {
	for _, tc := range equivalenceCases {
		t.Run(tc.name, func(t *testing.T) {
			newAgent := func() *Agent {
				st := baseState()
				if tc.setup != nil {
					tc.setup(st)
				}
				a := newTestAgent(t, st, tc.hc)
				return a
			}
			direct, remote := newAgent(), newAgent()
			srv, sock := serveAgent(t, remote)
			env := map[string]string{"JUJU_AGENT_SOCKET_ADDRESS": sock, "JUJU_AGENT_SOCKET_NETWORK": "unix", "JUJU_CONTEXT_ID": testContextID}
			getenv := func(k string) string { return env[k] }
			ran := 0
			for _, call := range tc.calls {
				var o1, e1, o2, e2 bytes.Buffer
				c1 := direct.RunTool(call.tool, call.args, strings.NewReader(call.stdin), &o1, &e1)
				c2 := ToolMain(append([]string{"/tools/" + call.tool}, call.args...), getenv, strings.NewReader(call.stdin), &o2, &e2)
				if c1 != c2 || o1.String() != o2.String() || e1.String() != e2.String() {
					t.Errorf("%s %q:\n in process: exit %d stdout %q stderr %q\n over jujuc: exit %d stdout %q stderr %q",
						call.tool, call.args, c1, o1.String(), e1.String(), c2, o2.String(), e2.String())
				}
				if toolTable[call.tool].run != nil || call.tool == "systemctl" {
					ran++
				}
			}
			if srv.Calls() != ran || srv.Connections() != len(tc.calls) {
				t.Errorf("server counted %d calls on %d connections; want %d calls, one connection per tool process (%d)", srv.Calls(), srv.Connections(), ran, len(tc.calls))
			}
			if !reflect.DeepEqual(direct.Writes(), remote.Writes()) {
				t.Errorf("writes differ:\n in process %v\n over jujuc %v", direct.Writes(), remote.Writes())
			}
			direct.Finish(0)
			remote.Finish(0)
			if a, b := direct.State(), remote.State(); !reflect.DeepEqual(a, b) {
				t.Errorf("states differ after the hook:\n in process %+v\n over jujuc %+v", a, b)
			}
		})
	}
}

// TestToolServerCloseWithIdleClient: Close does not wait for a client
// that keeps its connection open (the Go runtime holds one per hook).
func TestToolServerCloseWithIdleClient(t *testing.T) {
	srv, sock := serveAgent(t, newTestAgent(t, baseState(), HookContext{}))
	c, err := rpc.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var resp jujuExecResponse
	if err := c.Call("Jujuc.Main", jujuRequest{ContextId: testContextID, Dir: cwd(t), CommandName: "is-leader"}, &resp); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Close() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for an idle client")
	}
	if err := c.Call("Jujuc.Main", jujuRequest{ContextId: testContextID, Dir: cwd(t), CommandName: "is-leader"}, &resp); err == nil {
		t.Error("a call after Close succeeded")
	}
}

// TestToolMainTLS: over tcp with JUJU_AGENT_CA_CERT the tool verifies the
// agent against that CA under the application's name (cmd/jujuc/main.go
// getSocket), and refuses an agent the CA did not sign.
func TestToolMainTLS(t *testing.T) {
	caFile, cfg := selfSignedCA(t, "web")
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := ServeTools(ln, newTestAgent(t, baseState(), HookContext{}), testContextID)
	defer srv.Close()
	env := map[string]string{"JUJU_AGENT_SOCKET_NETWORK": "tcp", "JUJU_AGENT_SOCKET_ADDRESS": ln.Addr().String(),
		"JUJU_AGENT_CA_CERT": caFile, "JUJU_UNIT_NAME": "web/0", "JUJU_CONTEXT_ID": testContextID}
	var out, errb bytes.Buffer
	if code := ToolMain([]string{"is-leader"}, func(k string) string { return env[k] }, nil, &out, &errb); code != 0 || out.String() != "True\n" {
		t.Fatalf("over TLS: %d %q %q", code, out.String(), errb.String())
	}
	env["JUJU_AGENT_CA_CERT"], _ = selfSignedCA(t, "web")
	errb.Reset()
	if code := ToolMain([]string{"is-leader"}, func(k string) string { return env[k] }, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "certificate") {
		t.Errorf("another CA: %d %q", code, errb.String())
	}
}

func selfSignedCA(t *testing.T, name string) (string, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name}, DNSNames: []string{name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true,
		KeyUsage:    x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
}

// TestJujucOneAtATime: calls from many clients at once run one at a time
// on the agent (Juju's Jujuc.mu), so none is lost.
func TestJujucOneAtATime(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{})
	srv, sock := serveAgent(t, a)
	const n = 16
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			c, err := rpc.Dial("unix", sock)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			var resp jujuExecResponse
			err = c.Call("Jujuc.Main", jujuRequest{ContextId: testContextID, Dir: "/", CommandName: "state-set", Args: []string{fmt.Sprintf("k%d=v", i)}}, &resp)
			if err == nil && resp.Code != 0 {
				err = fmt.Errorf("exit %d: %s", resp.Code, resp.Stderr)
			}
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	a.Commit()
	if st := a.State(); len(st.CharmState) != n+1 || srv.Calls() != n || srv.Connections() != n {
		t.Errorf("state %v, %d calls on %d connections", st.CharmState, srv.Calls(), srv.Connections())
	}
}
