package pebble

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// SysInfo is what GET /v1/system-info returns.
type SysInfo struct {
	Version string `json:"version,omitempty"`
	BootID  string `json:"boot-id,omitempty"`
}

// SysInfo returns the Pebble server's version and boot ID.
func (c *Client) SysInfo(ctx context.Context) (*SysInfo, error) {
	var info SysInfo
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/system-info"}, &info); err != nil {
		return nil, fmt.Errorf("cannot get Pebble system info: %w", err)
	}
	return &info, nil
}

// HealthOptions filters the checks Health considers.
type HealthOptions struct {
	// Level selects checks of that level; "ready" includes "alive" checks,
	// as in Pebble (internals/daemon/api_health.go).
	Level CheckLevel
	// Names, if not empty, selects only these checks.
	Names []string
}

// Health reports whether the selected checks are all up. Pebble answers an
// unhealthy query with a sync response and HTTP 502, which is not an error
// here.
func (c *Client) Health(ctx context.Context, opts HealthOptions) (bool, error) {
	q := url.Values{}
	if opts.Level != UnsetLevel {
		q.Set("level", string(opts.Level))
	}
	if len(opts.Names) > 0 {
		q["names"] = opts.Names
	}
	var result struct {
		Healthy bool `json:"healthy"`
	}
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/health", query: q}, &result); err != nil {
		return false, fmt.Errorf("cannot get Pebble health: %w", err)
	}
	return result.Healthy, nil
}

// AddLayer adds layer under label (POST /v1/layers). With combine, a layer
// that already has the label is combined with the new one; without, an
// existing label is an error (see Layers.Add for Pebble's rules). The
// layer's own Label field is not used.
func (c *Client) AddLayer(ctx context.Context, label string, layer *Layer, combine bool) error {
	text, err := layer.YAML()
	if err != nil {
		return fmt.Errorf("cannot add layer %q: %w", label, err)
	}
	payload := struct {
		Action  string `json:"action"`
		Combine bool   `json:"combine"`
		Label   string `json:"label"`
		Format  string `json:"format"`
		Layer   string `json:"layer"`
	}{"add", combine, label, "yaml", string(text)}
	body, headers, err := jsonBody(payload)
	if err != nil {
		return err
	}
	err = c.doSync(ctx, &request{method: "POST", path: "/v1/layers", body: body, headers: headers}, nil)
	if err != nil {
		return fmt.Errorf("cannot add layer %q: %w", label, err)
	}
	return nil
}

// Plan returns Pebble's combined plan (GET /v1/plan?format=yaml).
func (c *Client) Plan(ctx context.Context) (*Plan, error) {
	var text string
	q := url.Values{"format": {"yaml"}}
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/plan", query: q}, &text); err != nil {
		return nil, fmt.Errorf("cannot get Pebble plan: %w", err)
	}
	plan, err := ParsePlan([]byte(text))
	if err != nil {
		return nil, fmt.Errorf("cannot get Pebble plan: %w", err)
	}
	return plan, nil
}

// ServiceStatus is a service's current state.
type ServiceStatus string

// Service states Pebble reports.
const (
	StatusActive   ServiceStatus = "active"
	StatusBackoff  ServiceStatus = "backoff"
	StatusError    ServiceStatus = "error"
	StatusInactive ServiceStatus = "inactive"
)

// ServiceInfo is one service as GET /v1/services reports it
// (internals/daemon/api_services.go serviceInfo).
type ServiceInfo struct {
	Name         string         `json:"name"`
	Startup      ServiceStartup `json:"startup"`
	Current      ServiceStatus  `json:"current"`
	CurrentSince time.Time      `json:"current-since"` // zero when Pebble omits it
}

// IsRunning reports whether the service is active.
func (s ServiceInfo) IsRunning() bool { return s.Current == StatusActive }

// Services returns the named services, or all of them, ordered by name.
func (c *Client) Services(ctx context.Context, names ...string) ([]ServiceInfo, error) {
	// Pebble's own client always sends names, comma-separated.
	q := url.Values{"names": {strings.Join(names, ",")}}
	var infos []ServiceInfo
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/services", query: q}, &infos); err != nil {
		return nil, fmt.Errorf("cannot list Pebble services: %w", err)
	}
	return infos, nil
}

// Start starts the named services (and those they require) and waits for
// the change; a change that fails is a *ChangeError.
func (c *Client) Start(ctx context.Context, names ...string) error {
	return c.serviceAction(ctx, "start", names)
}

// Stop stops the named services (and those that require them) and waits.
func (c *Client) Stop(ctx context.Context, names ...string) error {
	return c.serviceAction(ctx, "stop", names)
}

// Restart stops and starts the named services and waits.
func (c *Client) Restart(ctx context.Context, names ...string) error {
	return c.serviceAction(ctx, "restart", names)
}

// Replan makes the running services match the plan: it restarts services
// whose configuration changed and starts those with startup "enabled".
func (c *Client) Replan(ctx context.Context) error {
	return c.serviceAction(ctx, "replan", nil)
}

func (c *Client) serviceAction(ctx context.Context, action string, names []string) error {
	if names == nil {
		names = []string{}
	}
	payload := struct {
		Action   string   `json:"action"`
		Services []string `json:"services"`
	}{action, names}
	body, headers, err := jsonBody(payload)
	if err != nil {
		return err
	}
	id, _, err := c.doAsync(ctx, &request{method: "POST", path: "/v1/services", body: body, headers: headers})
	if err != nil {
		return fmt.Errorf("cannot %s services %q: %w", action, names, err)
	}
	change, err := c.WaitChange(ctx, id)
	if err != nil {
		return fmt.Errorf("cannot %s services %q: %w", action, names, err)
	}
	if change.Err != "" {
		return &ChangeError{Err: change.Err, Change: change}
	}
	return nil
}

// Change is a change (a set of tasks) as Pebble reports it
// (internals/daemon/api_changes.go changeInfo).
type Change struct {
	ID        string                     `json:"id"`
	Kind      string                     `json:"kind"`
	Summary   string                     `json:"summary"`
	Status    string                     `json:"status"`
	Tasks     []*Task                    `json:"tasks,omitempty"`
	Ready     bool                       `json:"ready"`
	Err       string                     `json:"err,omitempty"`
	SpawnTime time.Time                  `json:"spawn-time"`
	ReadyTime time.Time                  `json:"ready-time"`
	Data      map[string]json.RawMessage `json:"data,omitempty"`
}

// Task is one task of a change.
type Task struct {
	ID        string                     `json:"id"`
	Kind      string                     `json:"kind"`
	Summary   string                     `json:"summary"`
	Status    string                     `json:"status"`
	Log       []string                   `json:"log,omitempty"`
	Progress  TaskProgress               `json:"progress"`
	SpawnTime time.Time                  `json:"spawn-time"`
	ReadyTime time.Time                  `json:"ready-time"`
	Data      map[string]json.RawMessage `json:"data,omitempty"`
}

// TaskProgress is how far a task has got.
type TaskProgress struct {
	Label string `json:"label"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// changeIDRegexp is Pebble's client check (client/changes.go): IDs go into
// the URL path, so refuse anything else before sending.
var changeIDRegexp = regexp.MustCompile(`^[a-z0-9]+$`)

// Change returns the change with the given ID.
func (c *Client) Change(ctx context.Context, id string) (*Change, error) {
	if !changeIDRegexp.MatchString(id) {
		return nil, fmt.Errorf("invalid change ID %q", id)
	}
	var change Change
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/changes/" + id}, &change); err != nil {
		return nil, fmt.Errorf("cannot get change %s: %w", id, err)
	}
	return &change, nil
}

// WaitChange waits until the change is ready and returns it; a change that
// finished with an error is returned as it is (Err set), not as an error.
// It asks Pebble to wait (GET /v1/changes/{id}/wait?timeout=...) for a
// little less than the request timeout at a time and repeats on Pebble's
// 504 "timed out waiting for change", as Pebble's client and ops do, until
// ctx is done or WaitTimeout has passed.
func (c *Client) WaitChange(ctx context.Context, id string) (*Change, error) {
	return c.waitChange(ctx, id, c.opts.WaitTimeout)
}

// waitChange is WaitChange bounded by bound instead of WaitTimeout; a zero
// bound leaves only ctx.
func (c *Client) waitChange(ctx context.Context, id string, bound time.Duration) (*Change, error) {
	if !changeIDRegexp.MatchString(id) {
		return nil, fmt.Errorf("invalid change ID %q", id)
	}
	if bound > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, bound)
		defer cancel()
	}
	for {
		wait := max(c.opts.Timeout-time.Second, c.opts.Timeout/2)
		if deadline, ok := ctx.Deadline(); ok {
			left := time.Until(deadline)
			if left <= 0 {
				// The deadline's timer is about to fire; let it, so that
				// ctx.Err() is set when this returns.
				<-ctx.Done()
				return nil, fmt.Errorf("cannot wait for change %s: %w", id, ctx.Err())
			}
			wait = min(wait, left)
		}
		// Pebble parses the timeout with time.ParseDuration; whole
		// milliseconds, as ops sends them, keep it short.
		wait = max(wait.Truncate(time.Millisecond), time.Millisecond)
		var change Change
		q := url.Values{"timeout": {wait.String()}}
		err := c.doSync(ctx, &request{method: "GET", path: "/v1/changes/" + id + "/wait", query: q}, &change)
		var apiErr *APIError
		switch {
		case err == nil:
			return &change, nil
		case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusGatewayTimeout:
			continue
		case ctx.Err() != nil:
			return nil, fmt.Errorf("cannot wait for change %s: %w", id, ctx.Err())
		default:
			return nil, fmt.Errorf("cannot wait for change %s: %w", id, err)
		}
	}
}

// CheckStatus is a health check's state.
type CheckStatus string

// Check states Pebble reports.
const (
	CheckStatusUp       CheckStatus = "up"
	CheckStatusDown     CheckStatus = "down"
	CheckStatusInactive CheckStatus = "inactive"
)

// CheckOptions filters Checks.
type CheckOptions struct {
	Level CheckLevel // only checks of this level, if set
	Names []string   // only these checks, if not empty
}

// CheckInfo is one check as GET /v1/checks reports it (client/checks.go).
type CheckInfo struct {
	Name      string       `json:"name"`
	Level     CheckLevel   `json:"level,omitempty"`
	Startup   CheckStartup `json:"startup,omitempty"`
	Status    CheckStatus  `json:"status"`
	Successes int          `json:"successes,omitempty"`
	Failures  int          `json:"failures,omitempty"`
	Threshold int          `json:"threshold"`
	// ChangeID is the change running the check: "perform-check" while up,
	// "recover-check" while down.
	ChangeID string `json:"change-id,omitempty"`
}

// Checks returns the selected checks, ordered by name.
func (c *Client) Checks(ctx context.Context, opts CheckOptions) ([]CheckInfo, error) {
	q := url.Values{}
	if opts.Level != UnsetLevel {
		q.Set("level", string(opts.Level))
	}
	if len(opts.Names) > 0 {
		q["names"] = opts.Names
	}
	var infos []CheckInfo
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/checks", query: q}, &infos); err != nil {
		return nil, fmt.Errorf("cannot list Pebble checks: %w", err)
	}
	return infos, nil
}

// NoticeType is the kind of a notice.
type NoticeType string

// Notice types Pebble records. Juju turns custom notices into
// <container>-pebble-custom-notice events.
const (
	ChangeUpdateNotice NoticeType = "change-update"
	CustomNotice       NoticeType = "custom"
	WarningNotice      NoticeType = "warning"
)

// Notice is a notice as Pebble reports it
// (internals/overlord/state/notices.go jsonNotice: durations are Go
// duration strings such as "1h0m0s", decoded here into time.Duration).
type Notice struct {
	ID            string
	UserID        *uint32 // nil for a public notice
	Type          NoticeType
	Key           string
	FirstOccurred time.Time
	LastOccurred  time.Time
	LastRepeated  time.Time
	Occurrences   int
	LastData      map[string]string
	RepeatAfter   time.Duration
	ExpireAfter   time.Duration
}

type jsonNotice struct {
	ID            string            `json:"id"`
	UserID        *uint32           `json:"user-id"`
	Type          NoticeType        `json:"type"`
	Key           string            `json:"key"`
	FirstOccurred time.Time         `json:"first-occurred"`
	LastOccurred  time.Time         `json:"last-occurred"`
	LastRepeated  time.Time         `json:"last-repeated"`
	Occurrences   int               `json:"occurrences"`
	LastData      map[string]string `json:"last-data,omitempty"`
	RepeatAfter   string            `json:"repeat-after,omitempty"`
	ExpireAfter   string            `json:"expire-after,omitempty"`
}

// UnmarshalJSON decodes Pebble's notice JSON.
func (n *Notice) UnmarshalJSON(data []byte) error {
	var j jsonNotice
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*n = Notice{ID: j.ID, UserID: j.UserID, Type: j.Type, Key: j.Key, FirstOccurred: j.FirstOccurred,
		LastOccurred: j.LastOccurred, LastRepeated: j.LastRepeated, Occurrences: j.Occurrences, LastData: j.LastData}
	var err error
	if j.RepeatAfter != "" {
		if n.RepeatAfter, err = time.ParseDuration(j.RepeatAfter); err != nil {
			return fmt.Errorf("notice %s: invalid repeat-after %q", j.ID, j.RepeatAfter)
		}
	}
	if j.ExpireAfter != "" {
		if n.ExpireAfter, err = time.ParseDuration(j.ExpireAfter); err != nil {
			return fmt.Errorf("notice %s: invalid expire-after %q", j.ID, j.ExpireAfter)
		}
	}
	return nil
}

// MarshalJSON encodes the notice as Pebble does, so a simulated server can
// serve Notice values directly.
func (n Notice) MarshalJSON() ([]byte, error) {
	j := jsonNotice{ID: n.ID, UserID: n.UserID, Type: n.Type, Key: n.Key, FirstOccurred: n.FirstOccurred,
		LastOccurred: n.LastOccurred, LastRepeated: n.LastRepeated, Occurrences: n.Occurrences, LastData: n.LastData}
	if n.RepeatAfter != 0 {
		j.RepeatAfter = n.RepeatAfter.String()
	}
	if n.ExpireAfter != 0 {
		j.ExpireAfter = n.ExpireAfter.String()
	}
	return json.Marshal(j)
}

// NoticesOptions filters Notices (client/notices.go makeNoticesQuery).
type NoticesOptions struct {
	// Users "all" asks for every user's notices (admin only).
	Users string
	// UserID, if set, selects notices of that user and public ones.
	UserID *uint32
	Types  []NoticeType
	Keys   []string
	// After, if set, selects notices last repeated after this time.
	After time.Time
}

// Notices returns the selected notices, ordered by last-repeated time.
func (c *Client) Notices(ctx context.Context, opts NoticesOptions) ([]*Notice, error) {
	q := url.Values{}
	if opts.Users != "" {
		q.Set("users", opts.Users)
	}
	if opts.UserID != nil {
		q.Set("user-id", strconv.FormatUint(uint64(*opts.UserID), 10))
	}
	for _, t := range opts.Types {
		q.Add("types", string(t))
	}
	for _, k := range opts.Keys {
		q.Add("keys", k)
	}
	if !opts.After.IsZero() {
		q.Set("after", opts.After.Format(time.RFC3339Nano))
	}
	var notices []*Notice
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/notices", query: q}, &notices); err != nil {
		return nil, fmt.Errorf("cannot list Pebble notices: %w", err)
	}
	return notices, nil
}

// Notice returns the notice with the given ID.
func (c *Client) Notice(ctx context.Context, id string) (*Notice, error) {
	// Same guard as change IDs, for the same reason (client/notices.go).
	if !changeIDRegexp.MatchString(id) {
		return nil, fmt.Errorf("invalid notice ID %q", id)
	}
	var notice Notice
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/notices/" + id}, &notice); err != nil {
		return nil, fmt.Errorf("cannot get notice %s: %w", id, err)
	}
	return &notice, nil
}
