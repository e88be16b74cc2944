package charmtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
)

// Charm is what a Go charm's dispatch does for one hook or action: it reads
// everything it needs through the *charm.Context and returns nil when the
// hook succeeded. The dispatcher charmgen generates has this shape.
type Charm func(*charm.Context) error

// DefaultJujuVersion is the JUJU_VERSION a Context reports unless
// WithJujuVersion says otherwise.
const DefaultJujuVersion = "3.6.4"

// The model name and UUID a hook sees when the State leaves them empty:
// Juju always sets both.
const (
	DefaultModelName = "test-model"
	DefaultModelUUID = "00000000-0000-4000-8000-000000000000"
)

// Context runs one charm against simulated units. It holds only what its
// options set, so one Context may serve many tests at once, including
// parallel subtests (t.Parallel): every Run gets its own agent and copy of
// the state.
type Context struct {
	fn          Charm
	meta        *meta.Charm
	metaDir     string
	metaErr     error
	jujuVersion string
	charmDir    string
	now         func() time.Time
	dirs        pebbleDirs

	mu   sync.Mutex
	last Output
}

// Option configures a Context.
type Option func(*options)

type options struct {
	meta        *meta.Charm
	metaDir     string
	jujuVersion string
	charmDir    string
	now         func() time.Time
	tempDir     string
}

// WithMetadata gives the charm's metadata, which turns on the consistency
// checks: every Run then refuses events and states the charm could never
// see in Juju (undeclared endpoints, options, actions, containers, storage).
func WithMetadata(m *meta.Charm) Option { return func(o *options) { o.meta = m } }

// WithMetadataDir loads the metadata from a charm directory (charmcraft.yaml,
// or metadata.yaml with config.yaml and actions.yaml) as WithMetadata does.
// A load error is reported by every Run. The directory is also the hook's
// JUJU_CHARM_DIR unless WithCharmDir says otherwise.
func WithMetadataDir(dir string) Option { return func(o *options) { o.metaDir = dir } }

// WithJujuVersion sets JUJU_VERSION (default DefaultJujuVersion). Events the
// version does not have are consistency errors (Pebble check events need
// 3.6), and metadata loaded with WithMetadataDir follows that Juju's rules.
func WithJujuVersion(v string) Option { return func(o *options) { o.jujuVersion = v } }

// WithCharmDir sets JUJU_CHARM_DIR. Without it (and without
// WithMetadataDir) hooks see the path Juju would use on a machine,
// /var/lib/juju/agents/unit-<app>-<n>/charm, which need not exist.
func WithCharmDir(dir string) Option { return func(o *options) { o.charmDir = dir } }

// WithClock sets the clock the simulated agent uses (secret expiry given as
// a duration), so runs are reproducible.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// New returns a Context that runs fn.
func New(fn Charm, opts ...Option) *Context {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	c := &Context{fn: fn, meta: o.meta, metaDir: o.metaDir, jujuVersion: o.jujuVersion, charmDir: o.charmDir, now: o.now}
	c.dirs.base = o.tempDir
	if c.jujuVersion == "" {
		c.jujuVersion = DefaultJujuVersion
	}
	if o.metaDir != "" && o.meta == nil {
		mo := &meta.Options{}
		if v, ok := parseVersion(c.jujuVersion); ok && v.major == 3 {
			mo.Juju = 3
		}
		c.meta, c.metaErr = meta.Load(o.metaDir, mo)
		if c.metaErr != nil {
			c.metaErr = fmt.Errorf("charmtest: loading the metadata in %s: %w", o.metaDir, c.metaErr)
		}
	}
	if c.charmDir == "" {
		c.charmDir = o.metaDir
	}
	return c
}

// Metadata returns the charm metadata the Context checks against, or nil.
func (c *Context) Metadata() *meta.Charm { return c.meta }

// Output is what one run did besides the state it left: the records
// ops.testing keeps on its Context, for one run only.
type Output struct {
	// HookContext is the hook (or action) that ran, as the agent saw it.
	HookContext jujusim.HookContext
	// Environ is the environment the charm was given.
	Environ map[string]string
	// Writes lists every write the charm asked for, in order, including
	// those a failed hook discarded.
	Writes []jujusim.Write
	// Logs holds the juju-log records of this run.
	Logs []jujusim.LogRecord
	// UnitStatusHistory and AppStatusHistory hold the statuses the charm
	// set during this run, in order; the last is the current one.
	UnitStatusHistory []jujusim.Status
	AppStatusHistory  []jujusim.Status
	// WorkloadVersionHistory holds the workload versions set during this
	// run, in order.
	WorkloadVersionHistory []string
	// ActionResults, ActionLogs, ActionFailed and ActionFailureMessage are
	// the action's outcome (zero for hooks). A charm error fails the
	// action with "exit status 1", as Juju does.
	ActionResults        map[string]any
	ActionLogs           []string
	ActionFailed         bool
	ActionFailureMessage string
	// Err is the charm's own error (nil on success), unwrapped.
	Err error
}

// Output returns the Output of the run that finished last. When runs of
// one Context overlap (parallel subtests), use RunOutput instead.
func (c *Context) Output() Output {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// ErrInconsistent matches (with errors.Is) every ConsistencyError.
var ErrInconsistent = errors.New("inconsistent event, state and metadata")

// ConsistencyError says that the event, the state and the metadata could
// not occur together in Juju; the charm was not run.
type ConsistencyError struct {
	// Event describes the event: the hook's name, "action <name>", or the
	// builder's description when the event could not be resolved.
	Event string
	// Problems lists each problem found, in a fixed order.
	Problems []string
}

// Error lists the problems, one per line when there are several.
func (e *ConsistencyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "charmtest: %s cannot happen in Juju as set up:", e.Event)
	if len(e.Problems) == 1 {
		b.WriteString(" " + e.Problems[0])
		return b.String()
	}
	for _, p := range e.Problems {
		b.WriteString("\n  - " + p)
	}
	return b.String()
}

// Is reports whether target is ErrInconsistent.
func (e *ConsistencyError) Is(target error) bool { return target == ErrInconsistent }

// CharmError is a hook the charm failed: it returned an error or panicked.
// Juju discards the hook's buffered changes and puts the unit in error
// (for an action: the action fails).
type CharmError struct {
	// Event is the hook's name, or "action <name>".
	Event string
	// Err is the charm's error; for a panic, one that describes it.
	Err error
	// Panic is the value the charm panicked with (nil if it did not), and
	// Stack the goroutine's stack at the panic.
	Panic any
	Stack string
}

// Error says which hook failed and how; for a panic it includes the stack.
func (e *CharmError) Error() string {
	if e.Panic != nil {
		return fmt.Sprintf("charmtest: %s: charm panicked: %v\n%s", e.Event, e.Panic, e.Stack)
	}
	return fmt.Sprintf("charmtest: %s: %v", e.Event, e.Err)
}

// Unwrap returns the charm's error, so errors.Is and errors.As see it.
func (e *CharmError) Unwrap() error { return e.Err }

// Run runs ev on a copy of st, the way Juju would run that hook, and
// returns the state after it. st itself is never modified.
//
// Before running it checks that ev and st could occur together (and, with
// metadata, that the charm declares what they use) and returns a
// *ConsistencyError otherwise. It then applies what Juju changes before the
// hook (jujusim.Prepare), runs the charm with the hook's environment and
// hook tools served by a simulated agent, commits the buffered changes if
// the charm returned nil, and applies what Juju changes after a successful
// hook (jujusim.Advance: departed units leave, broken relations go away,
// uniter statuses).
//
// When the charm fails, the error is a *CharmError wrapping the charm's
// error (errors.Is works), and the state is what Juju would show: the input
// plus only the changes that are not transactional (status, workload
// version, logs, action results), with nothing the failed hook buffered
// (relation data, secrets, ports, charm state). Advance is not applied: the
// hook will be retried.
func (c *Context) Run(ev Event, st *jujusim.State) (*jujusim.State, error) {
	out, _, err := c.RunOutput(ev, st)
	return out, err
}

// RunOutput is Run returning this run's Output as well; it is the form to
// use when runs of one Context overlap.
func (c *Context) RunOutput(ev Event, st *jujusim.State) (*jujusim.State, Output, error) {
	out, o, err := c.run(ev, st)
	c.mu.Lock()
	c.last = o
	c.mu.Unlock()
	return out, o, err
}

func (c *Context) run(ev Event, st *jujusim.State) (*jujusim.State, Output, error) {
	if c.metaErr != nil {
		return nil, Output{}, c.metaErr
	}
	if c.fn == nil {
		return nil, Output{}, errors.New("charmtest: New was given a nil Charm")
	}
	if st == nil {
		return nil, Output{}, errors.New("charmtest: Run needs a state (got nil)")
	}
	if ev.kind == "" {
		return nil, Output{}, errors.New("charmtest: the zero Event is not an event; use a builder such as Install()")
	}
	cp, err := copyState(st)
	if err != nil {
		return nil, Output{}, &ConsistencyError{Event: ev.String(), Problems: []string{err.Error()}}
	}
	hc, act, problems := ev.resolve(cp, c.jujuVersion)
	name := ev.String()
	switch {
	case hc.IsAction():
		name = "action " + hc.ActionName
	case hc.Hook != "":
		name = hc.Hook
	}
	if c.meta != nil {
		if act != nil {
			problems = append(problems, checkActionMeta(c.meta, act)...)
		}
		problems = append(problems, checkMeta(c.meta, cp, hc)...)
	}
	if len(problems) > 0 {
		return nil, Output{}, &ConsistencyError{Event: name, Problems: problems}
	}

	origOptions := cp.ConfigOptions
	if c.meta != nil {
		cp.ConfigOptions = withMetaOptions(c.meta, cp.ConfigOptions)
	}
	if act != nil {
		cp.Action = act
	}
	hc.JujuVersion = c.jujuVersion
	hc.CharmDir = c.charmDir
	if hc.CharmDir == "" {
		hc.CharmDir = "/var/lib/juju/agents/unit-" + strings.ReplaceAll(cp.Unit, "/", "-") + "/charm"
	}
	if cp.Model.Name == "" {
		hc.ModelName = DefaultModelName
	}
	if cp.Model.UUID == "" {
		hc.ModelUUID = DefaultModelUUID
	}

	hc = jujusim.Prepare(cp, hc)
	base := cp // the state the hook starts from, for the histories

	sockDir, stopPebbles, err := c.runPebbles(cp)
	if err != nil {
		return nil, Output{}, fmt.Errorf("charmtest: %s: serving the containers' Pebble: %w", name, err)
	}
	agent, err := jujusim.NewAgent(cp, hc)
	if err != nil {
		stopPebbles()
		return nil, Output{}, &ConsistencyError{Event: name, Problems: []string{err.Error()}}
	}
	if c.now != nil {
		agent.Now = c.now
	}
	environ := agent.Environ()
	env := charm.EnvFrom(func(k string) string { return environ[k] }, "")
	env.PebbleDir = sockDir
	cctx := charm.NewContext(context.Background(), NewBackend(agent), env)

	charmErr := callCharm(c.fn, cctx, name)
	containers, pebbleWrites := stopPebbles()
	code := 0
	if charmErr != nil {
		code = 1
		if charmErr.Panic != nil {
			code = 2 // what the Go runtime exits with after a panic
		}
	}
	if err := agent.Finish(code); err != nil {
		// The controller refused the hook's changes (a quota): Juju
		// fails the hook and discards them, as if the charm had failed.
		var ce *jujusim.CommitError
		if !errors.As(err, &ce) {
			return nil, Output{}, fmt.Errorf("charmtest: %s: finishing the hook: %w", name, err)
		}
		code = 1
		charmErr = &CharmError{Event: name, Err: err}
	}
	out := agent.State()
	// Pebble acts at once: what the hook did to its containers stays even
	// when the hook failed.
	for _, ct := range containers {
		if p := out.Container(ct.Name); p != nil {
			*p = ct
		}
	}

	o := Output{
		HookContext: agent.HookContext(),
		Environ:     environ,
		Writes:      append(agent.Writes(), pebbleWrites...),
		Logs:        append([]jujusim.LogRecord(nil), out.Logs[len(base.Logs):]...),
	}
	o.UnitStatusHistory = statusesSet(base.UnitStatusHistory, out.UnitStatusHistory, out.UnitStatus)
	o.AppStatusHistory = statusesSet(base.AppStatusHistory, out.AppStatusHistory, out.AppStatus)
	o.WorkloadVersionHistory = versionsSet(base, out, o.Writes)
	if hc.IsAction() && out.Action != nil {
		o.ActionResults = out.Action.Results
		o.ActionLogs = out.Action.Logs
		o.ActionFailed = out.Action.Failed
		o.ActionFailureMessage = out.Action.FailureMessage
	}

	if code == 0 {
		jujusim.Advance(out, hc)
	}
	// The options filled in from the metadata were for the hook's benefit;
	// the state the test gets back keeps its own.
	out.ConfigOptions = origOptions

	if charmErr != nil {
		o.Err = charmErr.Err
		return out, o, charmErr
	}
	return out, o, nil
}

// callCharm runs fn, turning a panic into a *CharmError as the process
// dying would.
func callCharm(fn Charm, cctx *charm.Context, name string) (ce *CharmError) {
	defer func() {
		if r := recover(); r != nil {
			ce = &CharmError{Event: name, Err: fmt.Errorf("panic: %v", r), Panic: r, Stack: string(debug.Stack())}
		}
	}()
	if err := fn(cctx); err != nil {
		return &CharmError{Event: name, Err: err}
	}
	return nil
}

// statusesSet returns the statuses set during the run: each status-set
// pushes the status it replaces onto the history, so the statuses set are
// the history entries after the first new one, then the current status.
func statusesSet(before, after []jujusim.Status, cur jujusim.Status) []jujusim.Status {
	n := len(after) - len(before)
	if n <= 0 {
		return nil
	}
	out := append([]jujusim.Status(nil), after[len(before)+1:]...)
	return append(out, cur)
}

// versionsSet returns the workload versions set during the run. The agent
// keeps a replaced version in the history only when it was not empty, so
// count the writes and take that many from the end.
func versionsSet(base, out *jujusim.State, writes []jujusim.Write) []string {
	n := 0
	for _, w := range writes {
		if w.Target == "workload-version" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	all := append(append([]string(nil), out.WorkloadVersionHistory[len(base.WorkloadVersionHistory):]...), out.WorkloadVersion)
	if n > len(all) {
		n = len(all)
	}
	return all[len(all)-n:]
}

// copyState deep-copies st through JSON, as jujusim does, which also
// normalizes Go values (int → int64) and validates the copy.
func copyState(st *jujusim.State) (*jujusim.State, error) {
	data, err := st.Marshal()
	if err != nil {
		return nil, fmt.Errorf("state: cannot encode it: %v", err)
	}
	return jujusim.Parse("state", data)
}

// normalizeJSON round-trips v through JSON and returns it with numbers as
// int64 (integral) or float64, the types the agent uses.
func normalizeJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return jujusim.NormalizeValue(out), nil
}
