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

// UnitStatus reads this unit's status.
func (c *Context) UnitStatus() (Status, error) {
	var s Status
	err := c.runJSON(&s, "status-get", "--include-data")
	return s, err
}

// AppStatus reads the application's status (leader only).
func (c *Context) AppStatus() (Status, error) {
	var out struct {
		App Status `json:"application-status"`
	}
	err := c.runJSON(&out, "status-get", "--application", "--include-data")
	return out.App, err
}

// SetUnitStatus sets this unit's status unless it already is s.
func (c *Context) SetUnitStatus(s Status) error {
	if err := checkStatus(s); err != nil {
		return err
	}
	if cur, err := c.UnitStatus(); err == nil && cur == s {
		return nil
	}
	return c.write("status-set", nil, string(s.Name), s.Message)
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
	return c.write("status-set", nil, "--application", string(s.Name), s.Message)
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
func (c *Context) ApplyStatuses(unit, app []Status) error {
	if s, ok := Highest(unit...); ok {
		if err := c.SetUnitStatus(s); err != nil {
			return err
		}
	}
	if len(app) == 0 {
		app = unit
	}
	s, ok := Highest(app...)
	if !ok {
		return nil
	}
	leader, err := c.IsLeader()
	if err != nil || !leader {
		return err
	}
	return c.SetAppStatus(s)
}
