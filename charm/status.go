package charm

import "fmt"

// StatusName is a workload status a charm can set.
type StatusName string

// The statuses a charm may set, and Unknown, which Juju shows when a charm
// set none.
const (
	Active      StatusName = "active"
	Blocked     StatusName = "blocked"
	Maintenance StatusName = "maintenance"
	Waiting     StatusName = "waiting"
	Unknown     StatusName = "unknown"
)

// priority orders statuses as ops' collect-status does: the most urgent
// wins when a reconciler reports several.
var priority = map[StatusName]int{Blocked: 4, Maintenance: 3, Waiting: 2, Active: 1}

// Status is a workload status with its message.
type Status struct {
	Name    StatusName `json:"status"`
	Message string     `json:"message,omitempty"`
}

// ActiveStatus, BlockedStatus, MaintenanceStatus and WaitingStatus build a
// Status; the message is formatted like fmt.Sprintf.
func ActiveStatus(format string, a ...any) Status { return Status{Active, fmt.Sprintf(format, a...)} }

// BlockedStatus says the charm needs a human: bad config, a missing relation.
func BlockedStatus(format string, a ...any) Status {
	return Status{Blocked, fmt.Sprintf(format, a...)}
}

// MaintenanceStatus says the charm is doing work that will finish by itself.
func MaintenanceStatus(format string, a ...any) Status {
	return Status{Maintenance, fmt.Sprintf(format, a...)}
}

// WaitingStatus says the charm waits for something outside itself.
func WaitingStatus(format string, a ...any) Status {
	return Status{Waiting, fmt.Sprintf(format, a...)}
}

// Highest returns the most urgent status (blocked > maintenance > waiting >
// active); among equals, the first. ok is false when there is none.
func Highest(statuses ...Status) (s Status, ok bool) {
	for _, st := range statuses {
		if priority[st.Name] == 0 {
			continue
		}
		if !ok || priority[st.Name] > priority[s.Name] {
			s, ok = st, true
		}
	}
	return s, ok
}

// UnitStatus returns this unit's status. It is read once per hook (on a
// leader whose leadership this hook already knows, by the same status-get
// that reads the application's status) and kept current by SetUnitStatus:
// status-set takes effect at once, so the copy is what status-get would
// say.
func (c *Context) UnitStatus() (Status, error) {
	c.mu.Lock()
	cached, leader := c.unitSt, c.leader != nil && *c.leader
	c.mu.Unlock()
	if cached != nil {
		return *cached, nil
	}
	if leader {
		// One read for both; should it fail, the unit's own read below
		// says why, or succeeds.
		if _, err := c.AppStatus(); err == nil {
			c.mu.Lock()
			cached = c.unitSt
			c.mu.Unlock()
			if cached != nil {
				return *cached, nil
			}
		}
	}
	var s Status
	if err := c.runJSON(&s, "status-get", "--include-data"); err != nil {
		return Status{}, err
	}
	c.mu.Lock()
	c.unitSt = &s
	c.mu.Unlock()
	return s, nil
}

// AppStatus returns the application's status (leader only). The same
// status-get lists the application's units, so this unit's status comes
// with it and UnitStatus reads nothing more. Both are read once per hook.
func (c *Context) AppStatus() (Status, error) {
	c.mu.Lock()
	cached := c.appSt
	c.mu.Unlock()
	if cached != nil {
		return *cached, nil
	}
	var out struct {
		App struct {
			Status
			Units map[string]Status `json:"units"`
		} `json:"application-status"`
	}
	if err := c.runJSON(&out, "status-get", "--application", "--include-data"); err != nil {
		return Status{}, err
	}
	app := out.App.Status
	c.mu.Lock()
	c.appSt = &app
	if u, ok := out.App.Units[c.env.UnitName]; ok && c.unitSt == nil {
		c.unitSt = &u
	}
	c.mu.Unlock()
	return app, nil
}

// SetUnitStatus sets this unit's status unless it already is s.
func (c *Context) SetUnitStatus(s Status) error {
	if err := checkStatus(s); err != nil {
		return err
	}
	if cur, err := c.UnitStatus(); err == nil && cur == s {
		return nil
	}
	if err := c.write("status-set", nil, statusArgs(false, s)...); err != nil {
		return err
	}
	c.mu.Lock()
	c.unitSt = &s
	c.mu.Unlock()
	return nil
}

// SetAppStatus sets the application's status unless it already is s. Only
// the leader may; others get ErrNotLeader.
func (c *Context) SetAppStatus(s Status) error {
	if err := checkStatus(s); err != nil {
		return err
	}
	if ok, err := c.IsLeader(); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("setting application status: %w", ErrNotLeader)
	}
	if cur, err := c.AppStatus(); err == nil && cur == s {
		return nil
	}
	if err := c.write("status-set", nil, statusArgs(true, s)...); err != nil {
		return err
	}
	c.mu.Lock()
	c.appSt = &s
	c.mu.Unlock()
	return nil
}

// statusArgs is status-set's argv. "--" ends the flags (juju/gnuflag), so
// a message that starts with "-" is the message, not a flag: without it,
// the message "--application" would set the application's status.
func statusArgs(app bool, s Status) []string {
	args := []string{}
	if app {
		args = append(args, "--application")
	}
	return append(args, "--", string(s.Name), s.Message)
}

func checkStatus(s Status) error {
	if priority[s.Name] == 0 {
		return fmt.Errorf("status %q cannot be set by a charm: use active, blocked, maintenance or waiting", s.Name)
	}
	return nil
}

// ApplyStatuses sets the unit status to the most urgent of unit, and, on
// the leader, the application status to the most urgent of app (or, when
// app is empty, of unit). With no status at all it sets nothing.
//
// It reads as little as it can: leadership once (is-leader, cached for
// the hook), then one status-get — on the leader the application's, which
// lists this unit's status too — and it writes only the statuses that
// differ. A reconciler that converged costs config-get (the generated
// dispatch), is-leader and one status-get.
func (c *Context) ApplyStatuses(unit, app []Status) error {
	us, uok := Highest(unit...)
	if len(app) == 0 {
		app = unit
	}
	as, aok := Highest(app...)
	leader := false
	if aok {
		var err error
		if leader, err = c.IsLeader(); err != nil {
			return err
		}
	}
	if uok {
		if err := c.SetUnitStatus(us); err != nil {
			return err
		}
	}
	if !aok || !leader {
		return nil
	}
	return c.SetAppStatus(as)
}
