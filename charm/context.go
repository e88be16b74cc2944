package charm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Context is one hook's view of Juju: its environment and the hook tools.
// A Context lives for one hook, so it carries the hook's context.Context
// (the way an http.Request does) rather than taking one per call.
type Context struct {
	ctx     context.Context
	backend Backend
	env     Env

	mu      sync.Mutex
	leader  *bool
	unitSt  *Status           // this unit's status as read or set this hook
	appSt   *Status           // the application's, likewise (leader only)
	state   map[string]string // charm state as read or written this hook
	secrets map[string]bool   // secret values seen this hook, for log redaction
	writes  int
}

// New returns the Context of the running hook: the process environment and
// the unit agent. Hook tools go straight to the agent's socket in Juju's
// hook-tool protocol (AgentBackend), or run as processes when the socket
// cannot be reached or CHARMGEN_HOOK_TOOLS=exec (NewBackend); the results
// are the same either way.
func New(ctx context.Context) *Context {
	return NewContext(ctx, NewBackend(os.Getenv), EnvFrom(os.Getenv, os.Args[0]))
}

// NewContext returns a Context over any backend and environment; tests use
// it with a simulated unit.
func NewContext(ctx context.Context, b Backend, env Env) *Context {
	if ctx == nil {
		ctx = context.Background()
	}
	return &Context{ctx: ctx, backend: b, env: env, secrets: map[string]bool{}}
}

// Env returns the hook environment.
func (c *Context) Env() Env { return c.env }

// Ctx returns the hook's context.Context, for calls that take one, such as
// the Pebble client's: ct.Pebble().Services(ctx.Ctx(), "web"). (It is not
// named Context: generated code embeds *Context in a struct of that name.)
func (c *Context) Ctx() context.Context { return c.ctx }

// Writes returns how many writing hook tools (and Pebble writes) this
// Context has run; a
// reconciler that runs twice on the same state should add none the second
// time.
func (c *Context) Writes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

func (c *Context) run(tool string, stdin []byte, args ...string) ([]byte, error) {
	return c.backend.Run(c.ctx, tool, args, stdin)
}

// RecordWrite counts one write made on the charm's behalf outside a hook
// tool, such as a Pebble call that changes something (package workload
// calls it), so Writes covers every write.
func (c *Context) RecordWrite() {
	c.mu.Lock()
	c.writes++
	c.mu.Unlock()
}

// write runs a tool that changes something, and counts it.
func (c *Context) write(tool string, stdin []byte, args ...string) error {
	c.RecordWrite()
	_, err := c.run(tool, stdin, args...)
	return err
}

// runJSON runs tool with --format=json and decodes its output into out.
func (c *Context) runJSON(out any, tool string, args ...string) error {
	return c.runJSONNumbers(out, false, tool, args...)
}

// runJSONNumbers is runJSON; with useNumber, numbers decode into
// interface values as json.Number, keeping every digit.
func (c *Context) runJSONNumbers(out any, useNumber bool, tool string, args ...string) error {
	b, err := c.run(tool, nil, append([]string{"--format=json"}, args...)...)
	if err != nil {
		return err
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if useNumber {
		dec.UseNumber()
	}
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s: cannot decode its JSON output: %w", tool, err)
	}
	return nil
}

// RelationID identifies one relation: its endpoint and its id.
type RelationID struct {
	Endpoint string
	ID       int
}

// String renders the id as Juju does: endpoint:id.
func (r RelationID) String() string { return fmt.Sprintf("%s:%d", r.Endpoint, r.ID) }

// ParseRelationID parses "endpoint:id".
func ParseRelationID(s string) (RelationID, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return RelationID{}, fmt.Errorf("invalid relation id %q: want endpoint:id", s)
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return RelationID{}, fmt.Errorf("invalid relation id %q: want endpoint:id", s)
	}
	return RelationID{Endpoint: s[:i], ID: n}, nil
}

// --- leadership, config, version -----------------------------------------

// IsLeader reports whether this unit is the leader. The answer is cached for
// the hook: Juju guarantees it for at least 30 seconds.
func (c *Context) IsLeader() (bool, error) {
	c.mu.Lock()
	if c.leader != nil {
		v := *c.leader
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	var v bool
	if err := c.runJSON(&v, "is-leader"); err != nil {
		return false, err
	}
	c.mu.Lock()
	c.leader = &v
	c.mu.Unlock()
	return v, nil
}

// Config returns the charm's config: options that are set or have a
// default. Values are string, bool, or, for numbers, float64 — except an
// integer that a float64 cannot hold exactly (beyond ±2^53), which comes as
// the json.Number config-get printed: no digit of an int option is lost.
func (c *Context) Config() (map[string]any, error) {
	out := map[string]any{}
	err := c.runJSONNumbers(&out, true, "config-get")
	exactNumbers(out)
	return out, err
}

// ConfigAll returns every option, those without a value as nil; values
// are as Config's.
func (c *Context) ConfigAll() (map[string]any, error) {
	out := map[string]any{}
	err := c.runJSONNumbers(&out, true, "config-get", "--all")
	exactNumbers(out)
	return out, err
}

// exactNumbers replaces, in place, each json.Number in v by its float64
// when that is exact, and keeps the json.Number when it is not: an integer
// literal whose float64 prints back differently (9007199254740993 is not a
// float64). A fraction or an exponent is a float option's value: float64.
func exactNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		s := string(x)
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return x // out of float64's range: keep every digit
		}
		if strings.ContainsAny(s, ".eE") || strconv.FormatFloat(f, 'f', -1, 64) == s {
			return f
		}
		return x
	case map[string]any:
		for k, e := range x {
			x[k] = exactNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = exactNumbers(e)
		}
	}
	return v
}

// workloadVersionKey is the charm-state key where the runtime remembers the
// workload version it last set: no hook tool reads it back.
const workloadVersionKey = "charmgen.workload-version"

// SetWorkloadVersion sets the version juju status shows, unless it is
// already the version this charm last set.
func (c *Context) SetWorkloadVersion(v string) error {
	st, err := c.State()
	if err != nil {
		return err
	}
	if st[workloadVersionKey] == v && v != "" {
		return nil
	}
	if err := c.write("application-version-set", nil, v); err != nil {
		return err
	}
	return c.SetState(map[string]string{workloadVersionKey: v})
}

// --- state ----------------------------------------------------------------

// State returns the charm's state (state-get): key/value pairs Juju keeps
// for the unit across hooks. It is read once per hook; SetState keeps the
// copy current, since state-get sees this hook's own writes anyway.
func (c *Context) State() (map[string]string, error) {
	c.mu.Lock()
	if c.state != nil {
		out := copyMap(c.state)
		c.mu.Unlock()
		return out, nil
	}
	c.mu.Unlock()
	out := map[string]string{}
	if err := c.runJSON(&out, "state-get"); err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.state = copyMap(out)
	c.mu.Unlock()
	return out, nil
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// SetState sets keys of the charm state, writing only those whose value
// differs; an empty value deletes the key.
func (c *Context) SetState(kv map[string]string) error {
	cur, err := c.State()
	if err != nil {
		return err
	}
	set := map[string]string{}
	for _, k := range sortedKeys(kv) {
		v := kv[k]
		old, ok := cur[k]
		switch {
		case v == "" && ok:
			if err := c.write("state-delete", nil, k); err != nil {
				return err
			}
			c.mu.Lock()
			delete(c.state, k)
			c.mu.Unlock()
		case v != "" && (!ok || old != v):
			set[k] = v
		}
	}
	if len(set) == 0 {
		return nil
	}
	b, _ := json.Marshal(set)
	if err := c.write("state-set", b, "--file", "-"); err != nil {
		return err
	}
	c.mu.Lock()
	for k, v := range set {
		if c.state != nil {
			c.state[k] = v
		}
	}
	c.mu.Unlock()
	return nil
}

// --- actions ----------------------------------------------------------------

// ActionParams decodes the running action's params into out (a struct or a
// map). It fails with ErrNotInAction outside an action.
func (c *Context) ActionParams(out any) error { return c.runJSON(out, "action-get") }

// SetActionResults sets action results. Nested maps become dotted keys,
// which Juju turns back into nested results.
func (c *Context) SetActionResults(results map[string]any) error {
	var args []string
	flatten("", results, &args)
	if len(args) == 0 {
		return nil
	}
	return c.write("action-set", nil, args...)
}

func flatten(prefix string, m map[string]any, out *[]string) {
	for _, k := range sortedKeys(m) {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		switch v := m[k].(type) {
		case map[string]any:
			flatten(key, v, out)
		case map[string]string:
			mm := map[string]any{}
			for kk, vv := range v {
				mm[kk] = vv
			}
			flatten(key, mm, out)
		default:
			*out = append(*out, fmt.Sprintf("%s=%v", key, v))
		}
	}
}

// FailAction marks the running action failed with msg.
func (c *Context) FailAction(msg string) error { return c.write("action-fail", nil, msg) }

// ActionLog reports progress of the running action.
func (c *Context) ActionLog(msg string) error { _, err := c.run("action-log", nil, msg); return err }

// --- storage, resources, network, goal state, reboot -----------------------------

// StorageInfo describes one storage instance.
type StorageInfo struct {
	Kind     string `json:"kind"`
	Location string `json:"location"`
}

// Storage returns the kind and location of a storage instance (name/N).
func (c *Context) Storage(id string) (StorageInfo, error) {
	var s StorageInfo
	err := c.runJSON(&s, "storage-get", "-s", id)
	return s, err
}

// StorageList lists the ids of attached storage, optionally of one name.
func (c *Context) StorageList(name string) ([]string, error) {
	var out []string
	args := []string{}
	if name != "" {
		args = append(args, name)
	}
	err := c.runJSON(&out, "storage-list", args...)
	return out, err
}

// AddStorage requests count more instances of the named storage.
func (c *Context) AddStorage(name string, count int) error {
	return c.write("storage-add", nil, fmt.Sprintf("%s=%d", name, count))
}

// ResourcePath fetches a resource and returns the path of its local file.
func (c *Context) ResourcePath(name string) (string, error) {
	b, err := c.run("resource-get", nil, name)
	return strings.TrimSpace(string(b)), err
}

// Network is what network-get reports for a binding.
type Network struct {
	BindAddresses []struct {
		MACAddress    string `json:"mac-address"`
		InterfaceName string `json:"interface-name"`
		Addresses     []struct {
			Hostname string `json:"hostname"`
			Value    string `json:"value"`
			CIDR     string `json:"cidr"`
		} `json:"addresses"`
	} `json:"bind-addresses"`
	EgressSubnets    []string `json:"egress-subnets"`
	IngressAddresses []string `json:"ingress-addresses"`
}

// NetworkGet returns the network details of a binding (an endpoint or extra
// binding name).
func (c *Context) NetworkGet(binding string) (Network, error) {
	var n Network
	err := c.runJSON(&n, "network-get", binding)
	return n, err
}

// GoalState returns the unit's goal state as Juju reports it.
func (c *Context) GoalState() (map[string]any, error) {
	out := map[string]any{}
	err := c.runJSON(&out, "goal-state")
	return out, err
}

// Credential returns the cloud credential (credential-get; the application
// must be trusted).
func (c *Context) Credential() (map[string]any, error) {
	out := map[string]any{}
	err := c.runJSON(&out, "credential-get")
	return out, err
}

// Reboot asks Juju to reboot the machine after the hook (now: at once,
// re-running the hook afterwards).
func (c *Context) Reboot(now bool) error {
	if now {
		return c.write("juju-reboot", nil, "--now")
	}
	return c.write("juju-reboot", nil)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
