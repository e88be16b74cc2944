package jujusim

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"
)

// Write records one write a charm asked for during a hook: the tool, what it
// wrote to and the key (empty when the write has no key).
//
// Targets: "relation:<id>:unit", "relation:<id>:app", "port:<endpoint>" ("*"
// for all endpoints), "state", "storage", "secret:<id>", "unit-status",
// "app-status", "workload-version", "action", "reboot", "systemd" (Key is
// the systemctl arguments).
type Write struct {
	Tool   string `json:"tool"`
	Target string `json:"target"`
	Key    string `json:"key,omitempty"`
}

// Agent runs the hook tools of one hook over a State. It is not safe for
// concurrent use: Juju runs one hook, and one tool, at a time per unit. Use
// one Agent per hook.
type Agent struct {
	st     *State
	hc     HookContext
	pend   pending
	writes []Write
	failed []ToolCall // tool calls that exited non-zero (calls.go)
	done   bool

	// Now returns the current time (secret expiry durations). Defaults to
	// time.Now; tests set it for reproducible output.
	Now func() time.Time
	// ReadFile reads the files named by --file and key#file=path. Defaults
	// to reading from the file system (relative paths against Dir), at most
	// maxFileSize bytes.
	ReadFile func(path string) ([]byte, error)
	// Dir is the working directory of the tool invocation, for relative
	// paths; empty means the process's working directory.
	Dir string
}

// maxFileSize bounds what --file and stdin reads accept.
const maxFileSize = 16 << 20

// NewAgent returns an agent for one hook. It works on a copy of st; read the
// result with State after Commit or Discard. The hook context's unit and
// model fields are filled from the State when empty, and must agree with it.
func NewAgent(st *State, hc HookContext) (*Agent, error) {
	if st == nil {
		return nil, errors.New("jujusim: nil state")
	}
	// Validate the normalized copy: a State built in Go may hold int or
	// float32 values that a JSON round trip turns into the int64 and
	// float64 the rest of the agent expects.
	c, err := st.clone()
	if err != nil {
		return nil, fmt.Errorf("jujusim: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("jujusim: invalid state: %w", err)
	}
	if hc.UnitName == "" {
		hc.UnitName = c.Unit
	}
	if hc.UnitName != c.Unit {
		return nil, fmt.Errorf("jujusim: hook context unit %q is not the state's unit %q", hc.UnitName, c.Unit)
	}
	if hc.ModelName == "" {
		hc.ModelName = c.Model.Name
	}
	if hc.ModelUUID == "" {
		hc.ModelUUID = c.Model.UUID
	}
	if hc.Hook == "" && hc.ActionName == "" {
		return nil, errors.New("jujusim: hook context names neither a hook nor an action")
	}
	if hc.Hook != "" && hc.ActionName != "" {
		return nil, errors.New("jujusim: hook context names both a hook and an action")
	}
	if hc.Relation != "" {
		r := c.Relation(hc.RelationID)
		if r == nil {
			return nil, fmt.Errorf("jujusim: hook relation %s:%d is not in the state", hc.Relation, hc.RelationID)
		}
		if r.Endpoint != hc.Relation {
			return nil, fmt.Errorf("jujusim: relation %d has endpoint %q, not %q", hc.RelationID, r.Endpoint, hc.Relation)
		}
		if hc.RemoteApp == "" {
			hc.RemoteApp = r.RemoteApp
		}
	}
	if hc.IsAction() {
		if c.Action == nil {
			c.Action = &Action{Name: hc.ActionName, ID: hc.ActionID}
		}
		if c.Action.Name != hc.ActionName {
			return nil, fmt.Errorf("jujusim: state holds action %q, hook context runs %q", c.Action.Name, hc.ActionName)
		}
		if hc.ActionID == "" {
			hc.ActionID = c.Action.ID
		}
	}
	return &Agent{st: c, hc: hc, Now: time.Now}, nil
}

// State returns a copy of the agent's state: the input plus the immediate
// effects (status, workload version, logs, action results) and whatever
// Commit applied.
func (a *Agent) State() *State { return a.st.Clone() }

// HookContext returns the hook context, with the fields NewAgent filled in.
func (a *Agent) HookContext() HookContext { return a.hc }

// Environ returns the hook environment (HookContext.Environ).
func (a *Agent) Environ() map[string]string { return a.hc.Environ() }

// Writes returns the writes recorded so far in this hook, in order.
func (a *Agent) Writes() []Write { return append([]Write(nil), a.writes...) }

// HasPending reports whether buffered changes wait for Commit.
func (a *Agent) HasPending() bool { return !a.pend.empty() }

// Commit applies the buffered changes to the State, as Juju does when the
// hook exits 0. When the controller would refuse them (a quota), it applies
// nothing, keeps them pending and returns a *CommitError.
func (a *Agent) Commit() error {
	if err := a.pend.check(a.st); err != nil {
		return err
	}
	a.pend.apply(a.st)
	a.pend = pending{}
	return nil
}

// Discard drops the buffered changes, as Juju does when the hook fails. A
// "juju-reboot --now" request survives (Juju reboots and re-runs the hook).
func (a *Agent) Discard() {
	if a.pend.reboot == "now" {
		a.st.RebootRequested = "now"
	}
	a.pend = pending{}
}

// Finish ends the hook with the dispatch process's exit code: it commits on
// 0 and discards otherwise, and for an action sets its final status the way
// Juju does (reference §4): completed, or failed with the action-fail message
// or "exit status N".
//
// A commit the controller refuses fails the hook: the changes are
// discarded, an action fails ("committing requested changes failed" unless
// action-fail gave a message), and Finish returns the *CommitError.
func (a *Agent) Finish(exitCode int) error {
	if a.done {
		return errors.New("jujusim: hook already finished")
	}
	a.done = true
	var err error
	if exitCode == 0 {
		if err = a.Commit(); err != nil {
			a.Discard()
		}
	} else {
		a.Discard()
	}
	if act := a.action(); act != nil {
		switch {
		case exitCode != 0:
			act.Status = "failed"
			if !act.Failed {
				act.Failed = true
				act.FailureMessage = fmt.Sprintf("exit status %d", exitCode)
			}
		case err != nil:
			// finalizeAction with a flush error.
			act.Status = "failed"
			if !act.Failed {
				act.Failed = true
				act.FailureMessage = "committing requested changes failed"
			}
		case act.Failed:
			act.Status = "failed"
		default:
			act.Status = "completed"
		}
	}
	return err
}

// action returns the running action, or nil outside an action.
func (a *Agent) action() *Action {
	if !a.hc.IsAction() {
		return nil
	}
	return a.st.Action
}

func (a *Agent) record(tool, target, key string) {
	a.writes = append(a.writes, Write{Tool: tool, Target: target, Key: key})
}

func (a *Agent) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

func (a *Agent) readFile(path string) ([]byte, error) {
	if a.ReadFile != nil {
		return a.ReadFile(path)
	}
	if !filepath.IsAbs(path) && a.Dir != "" {
		path = filepath.Join(a.Dir, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f)
}

func readLimited(r io.Reader) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("input larger than %d bytes", maxFileSize)
	}
	return data, nil
}

// Tools returns the names of the hook tools the agent implements: those
// Juju 3.6 and 4.0 share (reference §1.1).
func Tools() []string {
	names := make([]string, 0, len(toolTable))
	for n := range toolTable {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// RemovedTools returns the hook tools Juju 4.0 removed; the agent answers
// them as unknown commands.
func RemovedTools() []string {
	return []string{
		"add-metric", "k8s-raw-get", "k8s-raw-set", "k8s-spec-get", "k8s-spec-set",
		"leader-get", "leader-set", "payload-register", "payload-status-set",
		"payload-unregister", "pod-spec-get", "pod-spec-set",
	}
}

// runTool runs one hook tool for RunTool (calls.go), which records the
// calls that fail.
func (a *Agent) runTool(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	if name == "systemctl" {
		return a.runSystemctl(args, stdout, stderr)
	}
	spec, ok := toolTable[name]
	if !ok {
		// The jujuc server answers a command it does not know with an RPC
		// error, badReqErrorf("%s", NewCommand's "unknown command: <name>")
		// (internal/worker/uniter/runner/jujuc/server.go, and its
		// server_test.go); the hook tool client prints it as "ERROR <err>"
		// and exits 1 (cmd/jujuc hookToolMain). One 4.0 server.go says
		// "unknown hook command" instead.
		fmt.Fprintf(stderr, "ERROR bad request: unknown command: %s\n", name)
		return 1
	}
	c := &call{agent: a, name: name, spec: spec, args: args, stdin: stdin, stdout: stdout, stderr: stderr, fs: newFlagSet()}
	err := spec.run(a, c)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errHelp):
		c.writeHelp()
		return 0
	}
	fmt.Fprintf(stderr, "ERROR %s\n", err.Error())
	var ie *initError
	if errors.As(err, &ie) {
		return 2
	}
	return 1
}

// initError marks a flag or argument error (juju/cmd Init): exit code 2.
type initError struct{ msg string }

// Error returns the message Juju prints after "ERROR ".
func (e *initError) Error() string { return e.msg }

func initErrorf(format string, args ...any) error {
	return &initError{msg: fmt.Sprintf(format, args...)}
}

// toolSpec describes a tool for --help and dispatch.
type toolSpec struct {
	run     func(a *Agent, c *call) error
	args    string
	purpose string
}

// call is one tool invocation.
type call struct {
	agent  *Agent
	name   string
	spec   toolSpec
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	fs     *flagSet
	format string
}

// parse parses the flags defined so far; flag errors become init errors.
func (c *call) parse() ([]string, error) {
	pos, err := c.fs.parse(c.args)
	if err != nil {
		if errors.Is(err, errHelp) {
			return nil, err
		}
		return nil, &initError{msg: err.Error()}
	}
	return pos, nil
}

// formatFlag adds --format with a default and the accepted formats.
func (c *call) formatFlag(def string, allowed ...string) {
	if len(allowed) == 0 {
		allowed = []string{formatJSON, formatSmart, formatYAML}
	}
	c.format = def
	c.fs.funcVar(func(s string) error {
		for _, f := range allowed {
			if s == f {
				c.format = s
				return nil
			}
		}
		// unverified: juju/cmd's text for an unknown --format value.
		return fmt.Errorf("unknown format %q", s)
	}, def, fmt.Sprintf("Specify output format (%s)", joinSorted(allowed)), "format")
}

// deprecatedFormatFlag adds the ignored --format flag of write tools; Juju
// prints a warning (without a newline) when it is used.
func (c *call) deprecatedFormatFlag() *string {
	var v string
	c.fs.stringVar(&v, "", "deprecated format flag", "format")
	return &v
}

func (c *call) warnDeprecatedFormat(v *string) {
	if *v != "" {
		fmt.Fprintf(c.stderr, "--format flag deprecated for command %q", c.name)
	}
}

// write prints v in the chosen format.
func (c *call) write(v any) error {
	return writeOutput(c.stdout, c.format, v)
}

// relationFlag adds -r/--relation, defaulting to the hook's relation; the
// returned pointer holds the id, or -1 when there is none.
func (c *call) relationFlag() *int {
	id := -1
	def := ""
	if c.agent.hc.Relation != "" {
		id = c.agent.hc.RelationID
		def = fmt.Sprintf("%s:%d", c.agent.hc.Relation, id)
	}
	p := &id
	c.fs.funcVar(func(s string) error {
		n, err := parseRelationID(s)
		if err != nil {
			return err
		}
		if c.agent.st.Relation(n) == nil {
			return errors.New("relation not found")
		}
		*p = n
		return nil
	}, def, "Specify a relation by id", "r", "relation")
	return p
}

// parseRelationID reads "<endpoint>:<id>" or "<id>": the text after the last
// ":" must be an integer.
func parseRelationID(s string) (int, error) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ':' {
			s = s[i+1:]
			break
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errors.New("invalid relation id")
	}
	return n, nil
}

// checkEmpty is juju/cmd CheckEmpty.
func checkEmpty(args []string) error {
	if len(args) != 0 {
		return initErrorf("unrecognized args: %s", quoteList(args))
	}
	return nil
}

// quoteList formats a []string as Go's %q does: ["a" "b"].
func quoteList(args []string) string { return fmt.Sprintf("%q", args) }

func joinSorted(s []string) string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	out := ""
	for i, x := range c {
		if i > 0 {
			out += "|"
		}
		out += x
	}
	return out
}

// writeHelp prints the usage text juju/cmd prints for --help (summary,
// options); the long descriptions of Juju's help are not reproduced.
func (c *call) writeHelp() {
	args := c.spec.args
	usage := "Usage: " + c.name
	if len(c.fs.order) > 0 {
		usage += " [options]"
	}
	if args != "" {
		usage += " " + args
	}
	fmt.Fprintf(c.stdout, "%s\n\nSummary:\n%s\n", usage, c.spec.purpose)
	if opts := c.fs.usage(); opts != "" {
		fmt.Fprintf(c.stdout, "\nOptions:\n%s", opts)
	}
}
