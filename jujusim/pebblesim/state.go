package pebblesim

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"time"

	"github.com/charmgen/charmgen/charm/pebble"
)

// Container is one workload container as the simulator holds it: Pebble's
// layers and the state of its service, check, change and notice managers,
// the answers exec gives, and where the container's files live.
//
// JSON keys are snake_case (the layers inside keep Pebble's own YAML key
// names). Maps are written with sorted keys and slices in a canonical order
// (layers by order, changes and notices by ID, the exec log in call order),
// so with a fixed clock (WithClock) the same requests always leave the same
// JSON behind.
type Container struct {
	// Name is the container name, as in metadata's containers.
	Name string `json:"name"`
	// CanConnect says whether Pebble answers. When false, ListenAndServe
	// does not create the socket and Serve closes its listener, so clients
	// fail to connect, as they do on Juju before the container is up.
	CanConnect bool `json:"can_connect"`
	// Root is the directory holding the container's filesystem; the file API
	// and exec's working directory check resolve container paths under it.
	// Empty means the container has no filesystem: file requests fail.
	Root string `json:"root,omitempty"`
	// Environment is the environment Pebble itself runs with, which exec'd
	// commands inherit (Pebble adds PATH, HOME, USER and LANG defaults).
	Environment map[string]string `json:"environment,omitempty"`

	// Layers is Pebble's layer stack, lowest order first.
	Layers []LayerEntry `json:"layers,omitempty"`
	// Services holds the services Pebble's service manager knows: those
	// started at least once. A service of the plan with no entry is
	// inactive and has never been started.
	Services map[string]ServiceState `json:"services,omitempty"`
	// Checks holds the state of the plan's checks. A check of the plan with
	// no entry is started (if its startup allows) when the server starts.
	Checks map[string]CheckState `json:"checks,omitempty"`
	// Changes are Pebble's changes, by ascending ID.
	Changes []Change `json:"changes,omitempty"`
	// Notices are Pebble's notices, by ascending ID.
	Notices []Notice `json:"notices,omitempty"`

	// Exec lists what exec answers: the first rule whose pattern matches
	// the command wins; a command no rule matches is an executable Pebble
	// cannot find.
	Exec []ExecRule `json:"exec,omitempty"`
	// ExecLog records the commands exec ran, in order.
	ExecLog []ExecCall `json:"exec_log,omitempty"`
	// FileOwners records the owner the file API was asked to give a path
	// (keyed by absolute container path). Paths without an entry belong to
	// root:root.
	FileOwners map[string]FileOwner `json:"file_owners,omitempty"`

	// LastChangeID, LastTaskID and LastNoticeID are the last IDs handed
	// out; Pebble numbers changes, tasks and notices from 1 and never
	// reuses a number.
	LastChangeID int `json:"last_change_id,omitempty"`
	LastTaskID   int `json:"last_task_id,omitempty"`
	LastNoticeID int `json:"last_notice_id,omitempty"`
}

// LayerEntry is one layer of the stack with the order and label Pebble keeps
// outside the layer's YAML.
type LayerEntry struct {
	Order int           `json:"order"`
	Label string        `json:"label"`
	Layer *pebble.Layer `json:"layer"`
}

// Service statuses, as GET /v1/services reports them.
const (
	StatusActive   = "active"
	StatusInactive = "inactive"
	StatusError    = "error"
	StatusBackoff  = "backoff"
)

// ServiceState is what Pebble's service manager knows about one service.
type ServiceState struct {
	// Current is "active", "inactive", "error" or "backoff".
	Current string `json:"current"`
	// Since is when Current last changed (Pebble's current-since).
	Since time.Time `json:"since,omitzero"`
	// Config is the service's configuration from the plan when it was last
	// started (or updated by a replan): replan restarts a service whose
	// plan configuration differs from it. Nil means "the current plan's",
	// which is what a state written by hand usually means.
	Config *pebble.Service `json:"config,omitempty"`
	// Signals lists the signals sent to the service (POST /v1/signals), in
	// order.
	Signals []string `json:"signals,omitempty"`
}

// Check statuses, as GET /v1/checks reports them.
const (
	CheckUp       = "up"
	CheckDown     = "down"
	CheckInactive = "inactive"
)

// CheckState is what Pebble's check manager knows about one check.
type CheckState struct {
	// Status is "up", "down" or "inactive" (not running).
	Status string `json:"status"`
	// Failures counts the failures since the last success; Successes the
	// successes since the check started (the simulator counts one success
	// when a check starts up).
	Failures  int `json:"failures,omitempty"`
	Successes int `json:"successes,omitempty"`
	// ChangeID is the perform-check (up) or recover-check (down) change that
	// drives a running check; empty when inactive. A state written by hand
	// may leave it empty for an up or down check: the server creates the
	// change when it starts.
	ChangeID string `json:"change_id,omitempty"`
	// Config is the check's configuration when it started. Nil means "the
	// current plan's".
	Config *pebble.Check `json:"config,omitempty"`
}

// Change statuses, as Pebble's state package names them.
const (
	ChangeDo    = "Do"
	ChangeDoing = "Doing"
	ChangeDone  = "Done"
	ChangeAbort = "Abort"
	ChangeHold  = "Hold"
	ChangeError = "Error"
)

// validStatuses lists the status names of Pebble's state.Status.
var validStatuses = []string{"Default", "Do", "Doing", "Done", "Abort", "Undo", "Undoing", "Undone", "Hold", "Error", "Wait"}

// Change is one of Pebble's changes (internals/overlord/state/change.go).
type Change struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Summary string `json:"summary"`
	// Status is the change's status ("Do", "Doing", "Done", "Error", ...).
	Status    string    `json:"status"`
	SpawnTime time.Time `json:"spawn_time"`
	ReadyTime time.Time `json:"ready_time,omitzero"`
	// ServiceNames are the services a service change acts on
	// (GET /v1/changes?for= filters on them).
	ServiceNames []string `json:"service_names,omitempty"`
	// CheckName is the check a perform-check or recover-check change drives.
	CheckName string `json:"check_name,omitempty"`
	Tasks     []Task `json:"tasks,omitempty"`
}

// Task is one task of a change.
type Task struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Summary string `json:"summary"`
	Status  string `json:"status"`
	// Log holds the task's log lines: RFC 3339 time, INFO or ERROR, message.
	Log       []string  `json:"log,omitempty"`
	SpawnTime time.Time `json:"spawn_time"`
	ReadyTime time.Time `json:"ready_time,omitzero"`
	// ExitCode is an exec task's exit code (Pebble's api-data exit-code).
	ExitCode *int `json:"exit_code,omitempty"`
}

// Notice is one of Pebble's notices (internals/overlord/state/notices.go).
type Notice struct {
	ID string `json:"id"`
	// UserID is the user who may see the notice; nil means public.
	UserID        *uint32           `json:"user_id,omitempty"`
	Type          string            `json:"type"`
	Key           string            `json:"key"`
	FirstOccurred time.Time         `json:"first_occurred"`
	LastOccurred  time.Time         `json:"last_occurred"`
	LastRepeated  time.Time         `json:"last_repeated"`
	Occurrences   int               `json:"occurrences"`
	LastData      map[string]string `json:"last_data,omitempty"`
	// RepeatAfter and ExpireAfter are Go durations ("1h0m0s").
	RepeatAfter string `json:"repeat_after,omitempty"`
	ExpireAfter string `json:"expire_after,omitempty"`
}

// Notice types Pebble knows.
const (
	NoticeCustom       = "custom"
	NoticeChangeUpdate = "change-update"
	NoticeWarning      = "warning"
)

// ExecRule is one answer exec gives.
type ExecRule struct {
	// Command is a pattern over the command's arguments joined by single
	// spaces; '*' matches any run of characters (spaces included), every
	// other character only itself. "*" matches every command.
	Command  string `json:"command"`
	Stdout   string `json:"stdout,omitempty"`
	Stderr   string `json:"stderr,omitempty"`
	ExitCode int    `json:"exit_code"`
	// ReadStdin says the command reads its standard input to the end (the
	// client's "end" message) before it answers, as cat does; the input is
	// recorded in ExecCall.Stdin. Without it the command answers at once,
	// as echo does; clients that never close standard input (ops'
	// wait_output with no stdin) rely on that.
	ReadStdin bool `json:"read_stdin,omitempty"`
}

// ExecCall records one exec request.
type ExecCall struct {
	Command []string `json:"command"`
	// Environment is the environment the request asked for, merged over its
	// service context's (not Pebble's own defaults).
	Environment    map[string]string `json:"environment,omitempty"`
	WorkingDir     string            `json:"working_dir,omitempty"`
	ServiceContext string            `json:"service_context,omitempty"`
	UserID         *int              `json:"user_id,omitempty"`
	User           string            `json:"user,omitempty"`
	GroupID        *int              `json:"group_id,omitempty"`
	Group          string            `json:"group,omitempty"`
	// Stdin is the standard input the command read (ReadStdin rules only).
	Stdin    string `json:"stdin,omitempty"`
	ExitCode int    `json:"exit_code"`
	// TaskID is the exec task, whose change reports the exit code.
	TaskID string `json:"task_id"`
}

// FileOwner is the owner a file or directory was given.
type FileOwner struct {
	UserID  *int   `json:"user_id,omitempty"`
	User    string `json:"user,omitempty"`
	GroupID *int   `json:"group_id,omitempty"`
	Group   string `json:"group,omitempty"`
}

// Validate reports the first inconsistency that would make the server
// misbehave: a missing name, duplicate layer labels, layers that do not
// combine into a valid plan, unknown statuses, duplicate IDs, bad durations
// or empty exec patterns.
func (c Container) Validate() error {
	if c.Name == "" {
		return errors.New("container: name is empty")
	}
	if c.Root != "" && !path.IsAbs(c.Root) {
		return fmt.Errorf("container %q: root %q is not an absolute path", c.Name, c.Root)
	}
	for k := range c.Environment {
		if k == "" {
			return fmt.Errorf("container %q: environment has an empty variable name", c.Name)
		}
	}
	labels := map[string]bool{}
	for i, e := range c.Layers {
		switch {
		case e.Label == "":
			return fmt.Errorf("container %q: layers[%d] has no label", c.Name, i)
		case labels[e.Label]:
			return fmt.Errorf("container %q: layer label %q is used twice", c.Name, e.Label)
		case e.Layer == nil:
			return fmt.Errorf("container %q: layer %q is null", c.Name, e.Label)
		case i > 0 && e.Order <= c.Layers[i-1].Order:
			return fmt.Errorf("container %q: layer %q has order %d, not above the previous layer's %d", c.Name, e.Label, e.Order, c.Layers[i-1].Order)
		}
		labels[e.Label] = true
	}
	if _, err := c.Plan(); err != nil {
		return fmt.Errorf("container %q: layers: %w", c.Name, err)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Services)) {
		switch c.Services[name].Current {
		case StatusActive, StatusInactive, StatusError, StatusBackoff:
		default:
			return fmt.Errorf("container %q: service %q: current %q is not active, inactive, error or backoff", c.Name, name, c.Services[name].Current)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Checks)) {
		st := c.Checks[name]
		switch st.Status {
		case CheckUp, CheckDown, CheckInactive:
		default:
			return fmt.Errorf("container %q: check %q: status %q is not up, down or inactive", c.Name, name, st.Status)
		}
		if st.Failures < 0 || st.Successes < 0 {
			return fmt.Errorf("container %q: check %q: negative failures or successes", c.Name, name)
		}
	}
	changeIDs, taskIDs := map[string]bool{}, map[string]bool{}
	for _, ch := range c.Changes {
		if ch.ID == "" || changeIDs[ch.ID] {
			return fmt.Errorf("container %q: change ID %q is empty or used twice", c.Name, ch.ID)
		}
		changeIDs[ch.ID] = true
		if !slices.Contains(validStatuses, ch.Status) {
			return fmt.Errorf("container %q: change %s: unknown status %q", c.Name, ch.ID, ch.Status)
		}
		for _, t := range ch.Tasks {
			if t.ID == "" || taskIDs[t.ID] {
				return fmt.Errorf("container %q: task ID %q is empty or used twice", c.Name, t.ID)
			}
			taskIDs[t.ID] = true
			if !slices.Contains(validStatuses, t.Status) {
				return fmt.Errorf("container %q: task %s: unknown status %q", c.Name, t.ID, t.Status)
			}
		}
	}
	noticeIDs := map[string]bool{}
	for _, n := range c.Notices {
		if n.ID == "" || noticeIDs[n.ID] {
			return fmt.Errorf("container %q: notice ID %q is empty or used twice", c.Name, n.ID)
		}
		noticeIDs[n.ID] = true
		switch n.Type {
		case NoticeCustom, NoticeChangeUpdate, NoticeWarning:
		default:
			return fmt.Errorf("container %q: notice %s: unknown type %q", c.Name, n.ID, n.Type)
		}
		if n.Key == "" {
			return fmt.Errorf("container %q: notice %s has no key", c.Name, n.ID)
		}
		for _, d := range []string{n.RepeatAfter, n.ExpireAfter} {
			if d == "" {
				continue
			}
			if _, err := time.ParseDuration(d); err != nil {
				return fmt.Errorf("container %q: notice %s: %w", c.Name, n.ID, err)
			}
		}
	}
	for i, r := range c.Exec {
		if r.Command == "" {
			return fmt.Errorf("container %q: exec[%d] has an empty command pattern", c.Name, i)
		}
	}
	for p := range c.FileOwners {
		if !path.IsAbs(p) {
			return fmt.Errorf("container %q: file owner path %q is not absolute", c.Name, p)
		}
	}
	return nil
}

// Clone returns a deep copy of c.
func (c Container) Clone() Container {
	// A JSON round trip copies exactly what the state holds (the fields
	// Pebble keeps outside its YAML are in LayerEntry, not in the layer).
	data, err := json.Marshal(c)
	if err != nil {
		// Only a NaN or infinite backoff-factor could get here, and
		// parseLayer refuses those.
		panic(fmt.Sprintf("pebblesim: cannot copy container %q: %v", c.Name, err))
	}
	var out Container
	if err := json.Unmarshal(data, &out); err != nil {
		panic(fmt.Sprintf("pebblesim: cannot copy container %q: %v", c.Name, err))
	}
	return out
}

// layers returns the layer stack in the form charm/pebble combines.
func (c Container) layers() pebble.Layers {
	ls := make(pebble.Layers, 0, len(c.Layers))
	for _, e := range c.Layers {
		if e.Layer == nil {
			continue
		}
		l := *e.Layer
		l.Order, l.Label = e.Order, e.Label
		ls = append(ls, &l)
	}
	return ls
}

// Plan returns the combined plan of the container's layers, as
// GET /v1/plan serves it.
func (c Container) Plan() (*pebble.Plan, error) {
	return c.layers().Plan()
}

// ServiceStatus returns the service's current status: "active", "inactive",
// "error" or "backoff" ("inactive" for a service never started).
func (c Container) ServiceStatus(name string) string {
	if st, ok := c.Services[name]; ok {
		return st.Current
	}
	return StatusInactive
}

// CheckStatus returns the check's status ("up", "down" or "inactive"), or ""
// when the container has no state for it.
func (c Container) CheckStatus(name string) string {
	return c.Checks[name].Status
}

// ReadFile returns the content of the file at the absolute container path p,
// read under Root with the same sandbox as the file API.
func (c Container) ReadFile(p string) ([]byte, error) {
	root, rel, err := openRootAt(c.Root, p)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	data, err := root.ReadFile(rel)
	return data, containerPathError(err, p)
}

// Change returns the change with the given ID and whether it exists.
func (c Container) Change(id string) (Change, bool) {
	for _, ch := range c.Changes {
		if ch.ID == id {
			return ch, true
		}
	}
	return Change{}, false
}

// Ready reports whether the change has finished (Pebble's Status.Ready).
func (ch Change) Ready() bool {
	switch ch.Status {
	case "Done", "Undone", "Hold", "Error":
		return true
	}
	return false
}

// Err returns Pebble's error text for a change in Error status: the errors
// its failed tasks logged. It is empty for other statuses.
func (ch Change) Err() string {
	if ch.Status != ChangeError {
		return ""
	}
	// Pebble's state.Change.Err and changeError.Error.
	msg := "cannot perform the following tasks:"
	n := 0
	for _, t := range ch.Tasks {
		if t.Status != ChangeError {
			continue
		}
		for _, line := range t.Log {
			if text, ok := logError(line); ok {
				msg += fmt.Sprintf("\n- %s (%s)", t.Summary, text)
				n++
			}
		}
	}
	if n == 0 {
		return fmt.Sprintf("internal inconsistency: change %q in ErrorStatus with no task errors logged", ch.Kind)
	}
	return msg
}

// nextID returns the next ID after *last, skipping any already in use.
func nextID(last *int, used func(string) bool) string {
	for {
		*last++
		id := strconv.Itoa(*last)
		if !used(id) {
			return id
		}
	}
}
