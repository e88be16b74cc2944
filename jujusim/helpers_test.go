package jujusim

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

const (
	testModelUUID = "11111111-2222-3333-4444-555555555555"
	secretA       = "cpf2m2o1i3cc73d0ag10" // app-owned
	secretU       = "cpf2m2o1i3cc73d0ag20" // unit-owned
	secretC       = "cpf2m2o1i3cc73d0ag30" // consumed
)

// baseState is the fixture most conformance cases run against: unit web/0,
// leader, a db relation (id 3) to postgresql, a peer relation (id 1), an
// app-owned, a unit-owned and a consumed secret, storage, a network and a
// resource.
func baseState() *State {
	return &State{
		Model:  Model{Name: "prod", UUID: testModelUUID},
		Unit:   "web/0",
		Leader: true,
		Config: map[string]any{"port": int64(8080), "debug": true},
		ConfigOptions: map[string]ConfigOption{
			"port":   {Type: "int", Default: int64(80)},
			"debug":  {Type: "boolean", Default: false},
			"name":   {Type: "string", Default: "web"},
			"ratio":  {Type: "float", Default: 1.5},
			"tls":    {Type: "secret"},
			"banner": {Type: "string"},
		},
		Relations: []Relation{
			{ID: 1, Endpoint: "cluster", Interface: "web-peers", RemoteApp: "web",
				RemoteUnits:     []string{"web/1"},
				LocalAppData:    map[string]string{"leader-key": "v"},
				LocalUnitData:   map[string]string{"me": "0"},
				RemoteUnitsData: map[string]map[string]string{"web/1": {"me": "1"}}},
			{ID: 3, Endpoint: "db", Interface: "postgresql_client", RemoteApp: "postgresql",
				RemoteUnits:     []string{"postgresql/1", "postgresql/0"},
				LocalAppData:    map[string]string{"database": "web"},
				LocalUnitData:   map[string]string{"ingress": "10.0.0.1"},
				RemoteAppData:   map[string]string{"endpoints": "10.0.0.9:5432", "password": "true"},
				RemoteUnitsData: map[string]map[string]string{"postgresql/0": {"host": "10.0.0.9"}, "postgresql/1": {}},
				RemoteModelUUID: "99999999-2222-3333-4444-555555555555"},
			{ID: 12, Endpoint: "db", RemoteApp: "mysql"},
		},
		Secrets: []Secret{
			{ID: secretA, Owner: "application", Label: "db-creds", Description: "creds",
				Revisions: []SecretRevision{{Revision: 1, Content: map[string]string{"password": "one"}}, {Revision: 2, Content: map[string]string{"password": "two"}}},
				Grants:    []SecretGrant{{RelationID: 3, App: "postgresql"}}},
			{ID: "secret:" + secretU, Owner: "unit", Label: "mine",
				Revisions: []SecretRevision{{Revision: 1, Content: map[string]string{"token": "t1"}}}},
			{ID: secretC, Label: "remote",
				Revisions:       []SecretRevision{{Revision: 4, Content: map[string]string{"key": "old"}}, {Revision: 5, Content: map[string]string{"key": "new"}}},
				TrackedRevision: 4},
		},
		OpenedPorts: []Port{{Protocol: "tcp", From: 80, To: 80}, {Protocol: "tcp", From: 443, To: 443, Endpoint: "website"}, {Protocol: "udp", From: 1000, To: 2000, Endpoint: "dmz"}, {Protocol: "udp", From: 1000, To: 2000, Endpoint: "api"}},
		UnitStatus:  Status{Status: "active", Message: "ready"},
		CharmState:  map[string]string{"installed": "yes"},
		Storage:     []Storage{{ID: "data/0", Kind: "filesystem", Location: "/srv/data"}, {ID: "data/1", Kind: "filesystem", Location: "/srv/data1"}, {ID: "cache/0", Kind: "block", Location: "/dev/sdb"}},
		Resources:   map[string]string{"bin": "/var/lib/juju/resources/bin/bin.tgz"},
		Networks: map[string]Network{
			"db": {
				BindAddresses:    []BindAddress{{MACAddress: "00:16:3e:00:00:01", InterfaceName: "eth0", Addresses: []Address{{Value: "10.0.0.1", CIDR: "10.0.0.0/24"}}}},
				IngressAddresses: []string{"10.0.0.1"},
				EgressSubnets:    []string{"10.0.0.0/24"},
			},
		},
		PublicAddress: "203.0.113.7",
	}
}

// fixedNow is the clock tests give the agent.
var fixedNow = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

func newTestAgent(t testing.TB, st *State, hc HookContext) *Agent {
	t.Helper()
	if hc.Hook == "" && hc.ActionName == "" {
		hc.Hook = "config-changed"
	}
	a, err := NewAgent(st, hc)
	if err != nil {
		t.Fatalf("NewAgent: %v", err)
	}
	a.Now = func() time.Time { return fixedNow }
	a.ReadFile = func(path string) ([]byte, error) {
		if data, ok := testFiles[path]; ok {
			return []byte(data), nil
		}
		return nil, &fileError{path}
	}
	return a
}

type fileError struct{ path string }

func (e *fileError) Error() string { return "open " + e.path + ": no such file or directory" }

var testFiles = map[string]string{
	"settings.yaml": "a: one\nb: \"two words\"\n# comment\nc: |\n  line1\n  line2\n",
	"secret.yaml":   "username: admin\npassword#base64: aHVudGVyMg==\n",
	"cert.pem":      "-----BEGIN-----\nabc\n-----END-----\n",
	"nested.yaml":   "a:\n  b: c\n",
}

// run runs one tool line ("tool arg arg") split on spaces; use runArgs for
// arguments with spaces.
func run(a *Agent, line string, stdin string) (stdout, stderr string, code int) {
	f := strings.Fields(line)
	return runArgs(a, f[0], f[1:], stdin)
}

func runArgs(a *Agent, tool string, args []string, stdin string) (string, string, int) {
	var out, errb bytes.Buffer
	code := a.RunTool(tool, args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// toolCase is one conformance case: a tool invocation and what Juju prints.
type toolCase struct {
	name   string
	hc     HookContext  // zero: config-changed
	setup  func(*State) // changes to baseState
	before []string     // tool lines run first (must exit 0)
	tool   string
	args   []string
	stdin  string
	stdout string
	stderr string
	code   int
	// files are more files --file and key#file=path can read.
	files map[string]string
	// after, when set, checks the agent once the tool has run.
	after func(t *testing.T, a *Agent)
}

func runCases(t *testing.T, cases []toolCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := baseState()
			if tc.setup != nil {
				tc.setup(st)
			}
			a := newTestAgent(t, st, tc.hc)
			if tc.files != nil {
				a.ReadFile = func(path string) ([]byte, error) {
					if data, ok := tc.files[path]; ok {
						return []byte(data), nil
					}
					if data, ok := testFiles[path]; ok {
						return []byte(data), nil
					}
					return nil, &fileError{path}
				}
			}
			for _, line := range tc.before {
				if _, e, code := run(a, line, ""); code != 0 {
					t.Fatalf("setup %q: exit %d: %s", line, code, e)
				}
			}
			out, errOut, code := runArgs(a, tc.tool, tc.args, tc.stdin)
			if out != tc.stdout || errOut != tc.stderr || code != tc.code {
				t.Errorf("%s %q:\n got stdout %q stderr %q exit %d\nwant stdout %q stderr %q exit %d",
					tc.tool, tc.args, out, errOut, code, tc.stdout, tc.stderr, tc.code)
			}
			if tc.after != nil {
				tc.after(t, a)
			}
		})
	}
}

func args(s ...string) []string { return s }

// relHook is a db-relation-changed context for postgresql/0 on relation 3.
var relHook = HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteUnit: "postgresql/0", RemoteApp: "postgresql"}

// notLeader makes the unit a follower.
func notLeader(s *State) { s.Leader = false }
