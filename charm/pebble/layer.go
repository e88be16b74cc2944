package pebble

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// This file follows canonical/pebble internals/plan/plan.go (the Layer,
// Service, Check and LogTarget types, their Copy/Merge methods,
// CombineLayers, Layer.Validate and Plan.Validate), internals/plan/types.go
// (OptionalDuration, OptionalFloat) and
// internals/overlord/planstate/manager.go (AppendLayer, CombineLayer).
// Field names, YAML keys, omitempty flags, merge rules and error messages are
// Pebble's; where this package differs it says so next to the code.

// Pebble's defaults, from internals/plan/plan.go. Only the check threshold
// shows in a combined plan: Pebble stores the others in OptionalDuration and
// OptionalFloat values whose IsSet stays false, so they never serialize.
const (
	DefaultBackoffDelay   = 500 * time.Millisecond
	DefaultBackoffFactor  = 2.0
	DefaultBackoffLimit   = 30 * time.Second
	DefaultCheckPeriod    = 10 * time.Second
	DefaultCheckTimeout   = 3 * time.Second
	DefaultCheckThreshold = 3
)

// Plan is the combined configuration Pebble runs: what GET /v1/plan returns.
// Pebble's plan has no summary or description.
type Plan struct {
	Services   map[string]*Service   `json:"services,omitempty" yaml:"services,omitempty"`
	Checks     map[string]*Check     `json:"checks,omitempty" yaml:"checks,omitempty"`
	LogTargets map[string]*LogTarget `json:"log-targets,omitempty" yaml:"log-targets,omitempty"`
}

// Layer is one configuration layer. Order and Label identify the layer inside
// Pebble's layer stack and are never serialized, as in Pebble.
type Layer struct {
	Order       int                   `json:"-" yaml:"-"`
	Label       string                `json:"-" yaml:"-"`
	Summary     string                `json:"summary,omitempty" yaml:"summary,omitempty"`
	Description string                `json:"description,omitempty" yaml:"description,omitempty"`
	Services    map[string]*Service   `json:"services,omitempty" yaml:"services,omitempty"`
	Checks      map[string]*Check     `json:"checks,omitempty" yaml:"checks,omitempty"`
	LogTargets  map[string]*LogTarget `json:"log-targets,omitempty" yaml:"log-targets,omitempty"`
}

// Duration is a Pebble duration as it appears in a layer: a Go duration
// string such as "10s" or "1m30s"; the empty string means "not set". Pebble
// keeps an OptionalDuration{Value, IsSet}; a string keeps the exact text the
// layer was written with, so a layer round-trips byte for byte. Note that
// Pebble itself re-serializes set durations with time.Duration.String, so the
// plan it returns spells "1m" as "1m0s"; Normalize does the same.
type Duration string

// IsSet reports whether the duration was given.
func (d Duration) IsSet() bool { return d != "" }

// Value parses the duration. An unset duration is 0.
func (d Duration) Value() (time.Duration, error) {
	if d == "" {
		return 0, nil
	}
	v, err := time.ParseDuration(string(d))
	if err != nil {
		// Pebble's OptionalDuration.UnmarshalYAML message.
		return 0, fmt.Errorf("invalid duration %q", string(d))
	}
	return v, nil
}

// Normalize returns the duration spelled as Pebble writes it back
// (time.Duration.String). Unset and invalid durations are returned unchanged.
func (d Duration) Normalize() Duration {
	v, err := d.Value()
	if d == "" || err != nil {
		return d
	}
	return Duration(v.String())
}

// DurationOf returns the Duration Pebble would serialize for v.
func DurationOf(v time.Duration) Duration { return Duration(v.String()) }

// Override says how a layer's entry combines with the same entry of the
// layers below it.
type Override string

// The override values Pebble accepts. An entry must set one of them.
const (
	UnknownOverride Override = ""
	MergeOverride   Override = "merge"
	ReplaceOverride Override = "replace"
)

// ServiceStartup says whether a service starts on replan or autostart.
type ServiceStartup string

// Service startup values.
const (
	StartupUnknown  ServiceStartup = ""
	StartupEnabled  ServiceStartup = "enabled"
	StartupDisabled ServiceStartup = "disabled"
)

// ServiceAction is what Pebble does when a service exits or a check fails.
type ServiceAction string

// Service actions. ActionFailureShutdown is only valid for on-success and
// ActionSuccessShutdown only for on-failure and on-check-failure.
const (
	ActionUnset           ServiceAction = ""
	ActionRestart         ServiceAction = "restart"
	ActionShutdown        ServiceAction = "shutdown"
	ActionIgnore          ServiceAction = "ignore"
	ActionFailureShutdown ServiceAction = "failure-shutdown"
	ActionSuccessShutdown ServiceAction = "success-shutdown"
)

// CheckLevel is a health check's level; /v1/health?level= filters on it.
type CheckLevel string

// Check levels.
const (
	UnsetLevel CheckLevel = ""
	AliveLevel CheckLevel = "alive"
	ReadyLevel CheckLevel = "ready"
)

// CheckStartup says whether a check runs as soon as the plan has it.
type CheckStartup string

// Check startup values.
const (
	CheckStartupUnknown  CheckStartup = ""
	CheckStartupEnabled  CheckStartup = "enabled"
	CheckStartupDisabled CheckStartup = "disabled"
)

// LogTargetType is the protocol a log target speaks.
type LogTargetType string

// Log target types.
const (
	UnsetLogTarget LogTargetType = ""
	LokiTarget     LogTargetType = "loki"
	SyslogTarget   LogTargetType = "syslog"
)

// Service is one service of a layer or plan.
type Service struct {
	// Name is the service's key in the layer; Pebble keeps it outside the
	// YAML too. ParseLayer and ParsePlan set it.
	Name        string         `json:"-" yaml:"-"`
	Summary     string         `json:"summary,omitempty" yaml:"summary,omitempty"`
	Description string         `json:"description,omitempty" yaml:"description,omitempty"`
	Startup     ServiceStartup `json:"startup,omitempty" yaml:"startup,omitempty"`
	Override    Override       `json:"override,omitempty" yaml:"override,omitempty"`
	Command     string         `json:"command,omitempty" yaml:"command,omitempty"`

	After    []string `json:"after,omitempty" yaml:"after,omitempty"`
	Before   []string `json:"before,omitempty" yaml:"before,omitempty"`
	Requires []string `json:"requires,omitempty" yaml:"requires,omitempty"`

	Environment map[string]string `json:"environment,omitempty" yaml:"environment,omitempty"`
	UserID      *int              `json:"user-id,omitempty" yaml:"user-id,omitempty"`
	User        string            `json:"user,omitempty" yaml:"user,omitempty"`
	GroupID     *int              `json:"group-id,omitempty" yaml:"group-id,omitempty"`
	Group       string            `json:"group,omitempty" yaml:"group,omitempty"`
	WorkingDir  string            `json:"working-dir,omitempty" yaml:"working-dir,omitempty"`

	OnSuccess      ServiceAction            `json:"on-success,omitempty" yaml:"on-success,omitempty"`
	OnFailure      ServiceAction            `json:"on-failure,omitempty" yaml:"on-failure,omitempty"`
	OnCheckFailure map[string]ServiceAction `json:"on-check-failure,omitempty" yaml:"on-check-failure,omitempty"`
	BackoffDelay   Duration                 `json:"backoff-delay,omitempty" yaml:"backoff-delay,omitempty"`
	// BackoffFactor is Pebble's OptionalFloat: nil when not set.
	BackoffFactor *float64 `json:"backoff-factor,omitempty" yaml:"backoff-factor,omitempty"`
	BackoffLimit  Duration `json:"backoff-limit,omitempty" yaml:"backoff-limit,omitempty"`
	KillDelay     Duration `json:"kill-delay,omitempty" yaml:"kill-delay,omitempty"`
}

// Copy returns a deep copy of the service.
func (s *Service) Copy() *Service {
	c := *s
	c.After = slices.Clone(s.After)
	c.Before = slices.Clone(s.Before)
	c.Requires = slices.Clone(s.Requires)
	c.Environment = maps.Clone(s.Environment)
	c.UserID = copyInt(s.UserID)
	c.GroupID = copyInt(s.GroupID)
	c.OnCheckFailure = maps.Clone(s.OnCheckFailure)
	if s.BackoffFactor != nil {
		f := *s.BackoffFactor
		c.BackoffFactor = &f
	}
	return &c
}

// Merge merges the fields set in other into s, as Pebble's Service.Merge:
// scalars replace when set, environment and on-check-failure merge key by
// key, and after, before and requires are appended (duplicates are kept).
// Override is left alone.
func (s *Service) Merge(other *Service) {
	if other.Summary != "" {
		s.Summary = other.Summary
	}
	if other.Description != "" {
		s.Description = other.Description
	}
	if other.Startup != StartupUnknown {
		s.Startup = other.Startup
	}
	if other.Command != "" {
		s.Command = other.Command
	}
	if other.KillDelay.IsSet() {
		s.KillDelay = other.KillDelay
	}
	if other.UserID != nil {
		s.UserID = copyInt(other.UserID)
	}
	if other.User != "" {
		s.User = other.User
	}
	if other.GroupID != nil {
		s.GroupID = copyInt(other.GroupID)
	}
	if other.Group != "" {
		s.Group = other.Group
	}
	if other.WorkingDir != "" {
		s.WorkingDir = other.WorkingDir
	}
	s.After = append(s.After, other.After...)
	s.Before = append(s.Before, other.Before...)
	s.Requires = append(s.Requires, other.Requires...)
	s.Environment = mergeMap(s.Environment, other.Environment)
	if other.OnSuccess != "" {
		s.OnSuccess = other.OnSuccess
	}
	if other.OnFailure != "" {
		s.OnFailure = other.OnFailure
	}
	s.OnCheckFailure = mergeMap(s.OnCheckFailure, other.OnCheckFailure)
	if other.BackoffDelay.IsSet() {
		s.BackoffDelay = other.BackoffDelay
	}
	if other.BackoffFactor != nil {
		f := *other.BackoffFactor
		s.BackoffFactor = &f
	}
	if other.BackoffLimit.IsSet() {
		s.BackoffLimit = other.BackoffLimit
	}
}

// Check is one health check of a layer or plan. Exactly one of HTTP, TCP and
// Exec must be set once the layers are combined.
type Check struct {
	// Name is the check's key in the layer; ParseLayer and ParsePlan set it.
	Name     string       `json:"-" yaml:"-"`
	Override Override     `json:"override,omitempty" yaml:"override,omitempty"`
	Level    CheckLevel   `json:"level,omitempty" yaml:"level,omitempty"`
	Startup  CheckStartup `json:"startup,omitempty" yaml:"startup,omitempty"`

	Period    Duration `json:"period,omitempty" yaml:"period,omitempty"`
	Timeout   Duration `json:"timeout,omitempty" yaml:"timeout,omitempty"`
	Threshold int      `json:"threshold,omitempty" yaml:"threshold,omitempty"`

	HTTP *HTTPCheck `json:"http,omitempty" yaml:"http,omitempty"`
	TCP  *TCPCheck  `json:"tcp,omitempty" yaml:"tcp,omitempty"`
	Exec *ExecCheck `json:"exec,omitempty" yaml:"exec,omitempty"`
}

// Copy returns a deep copy of the check.
func (c *Check) Copy() *Check {
	cp := *c
	if c.HTTP != nil {
		cp.HTTP = c.HTTP.Copy()
	}
	if c.TCP != nil {
		cp.TCP = c.TCP.Copy()
	}
	if c.Exec != nil {
		cp.Exec = c.Exec.Copy()
	}
	return &cp
}

// Merge merges the fields set in other into c. The type-specific sections
// merge field by field too, so a merge layer can change only an HTTP URL.
func (c *Check) Merge(other *Check) {
	if other.Level != "" {
		c.Level = other.Level
	}
	if other.Startup != "" {
		c.Startup = other.Startup
	}
	if other.Period.IsSet() {
		c.Period = other.Period
	}
	if other.Timeout.IsSet() {
		c.Timeout = other.Timeout
	}
	if other.Threshold != 0 {
		c.Threshold = other.Threshold
	}
	if other.HTTP != nil {
		if c.HTTP == nil {
			c.HTTP = &HTTPCheck{}
		}
		c.HTTP.Merge(other.HTTP)
	}
	if other.TCP != nil {
		if c.TCP == nil {
			c.TCP = &TCPCheck{}
		}
		c.TCP.Merge(other.TCP)
	}
	if other.Exec != nil {
		if c.Exec == nil {
			c.Exec = &ExecCheck{}
		}
		c.Exec.Merge(other.Exec)
	}
}

// HTTPCheck is an HTTP health check: it passes on a 20x response.
type HTTPCheck struct {
	URL     string            `json:"url,omitempty" yaml:"url,omitempty"`
	Headers map[string]string `json:"headers,omitempty" yaml:"headers,omitempty"`
}

// Copy returns a deep copy of the HTTP check.
func (c *HTTPCheck) Copy() *HTTPCheck {
	cp := *c
	cp.Headers = maps.Clone(c.Headers)
	return &cp
}

// Merge merges the fields set in other into c; headers merge key by key.
func (c *HTTPCheck) Merge(other *HTTPCheck) {
	if other.URL != "" {
		c.URL = other.URL
	}
	c.Headers = mergeMap(c.Headers, other.Headers)
}

// TCPCheck is a TCP health check: it passes when the port accepts.
type TCPCheck struct {
	Port int    `json:"port,omitempty" yaml:"port,omitempty"`
	Host string `json:"host,omitempty" yaml:"host,omitempty"`
}

// Copy returns a copy of the TCP check.
func (c *TCPCheck) Copy() *TCPCheck {
	cp := *c
	return &cp
}

// Merge merges the fields set in other into c.
func (c *TCPCheck) Merge(other *TCPCheck) {
	if other.Port != 0 {
		c.Port = other.Port
	}
	if other.Host != "" {
		c.Host = other.Host
	}
}

// ExecCheck is a health check that runs a command: it passes on exit 0.
type ExecCheck struct {
	Command        string            `json:"command,omitempty" yaml:"command,omitempty"`
	ServiceContext string            `json:"service-context,omitempty" yaml:"service-context,omitempty"`
	Environment    map[string]string `json:"environment,omitempty" yaml:"environment,omitempty"`
	UserID         *int              `json:"user-id,omitempty" yaml:"user-id,omitempty"`
	User           string            `json:"user,omitempty" yaml:"user,omitempty"`
	GroupID        *int              `json:"group-id,omitempty" yaml:"group-id,omitempty"`
	Group          string            `json:"group,omitempty" yaml:"group,omitempty"`
	WorkingDir     string            `json:"working-dir,omitempty" yaml:"working-dir,omitempty"`
}

// Copy returns a deep copy of the exec check.
func (c *ExecCheck) Copy() *ExecCheck {
	cp := *c
	cp.Environment = maps.Clone(c.Environment)
	cp.UserID = copyInt(c.UserID)
	cp.GroupID = copyInt(c.GroupID)
	return &cp
}

// Merge merges the fields set in other into c; environment merges key by key.
func (c *ExecCheck) Merge(other *ExecCheck) {
	if other.Command != "" {
		c.Command = other.Command
	}
	if other.ServiceContext != "" {
		c.ServiceContext = other.ServiceContext
	}
	c.Environment = mergeMap(c.Environment, other.Environment)
	if other.UserID != nil {
		c.UserID = copyInt(other.UserID)
	}
	if other.User != "" {
		c.User = other.User
	}
	if other.GroupID != nil {
		c.GroupID = copyInt(other.GroupID)
	}
	if other.Group != "" {
		c.Group = other.Group
	}
	if other.WorkingDir != "" {
		c.WorkingDir = other.WorkingDir
	}
}

// LogTarget is a remote server Pebble forwards service logs to. Type,
// Location and Services have no omitempty in Pebble, so they are always
// serialized (an empty services list as []).
type LogTarget struct {
	// Name is the target's key in the layer; ParseLayer and ParsePlan set it.
	Name     string            `json:"-" yaml:"-"`
	Type     LogTargetType     `json:"type" yaml:"type"`
	Location string            `json:"location" yaml:"location"`
	Services []string          `json:"services" yaml:"services"`
	Override Override          `json:"override,omitempty" yaml:"override,omitempty"`
	Labels   map[string]string `json:"labels,omitempty" yaml:"labels,omitempty"`
}

// Copy returns a deep copy of the log target.
func (t *LogTarget) Copy() *LogTarget {
	cp := *t
	cp.Services = slices.Clone(t.Services)
	cp.Labels = maps.Clone(t.Labels)
	return &cp
}

// Merge merges the fields set in other into t: services are appended (a
// later "-name" entry cancels an earlier "name", see LogsTo) and labels merge
// key by key.
func (t *LogTarget) Merge(other *LogTarget) {
	if other.Type != "" {
		t.Type = other.Type
	}
	if other.Location != "" {
		t.Location = other.Location
	}
	t.Services = append(t.Services, other.Services...)
	t.Labels = mergeMap(t.Labels, other.Labels)
}

// LogsTo reports whether the logs of the named service go to t: the last
// entry of t.Services that names the service, "-" plus its name, "all" or
// "-all" decides (Pebble's Service.LogsTo).
func (t *LogTarget) LogsTo(service string) bool {
	for i := len(t.Services) - 1; i >= 0; i-- {
		switch t.Services[i] {
		case service, "all":
			return true
		case "-" + service, "-all":
			return false
		}
	}
	return false
}

// FormatError is a layer or plan that Pebble would reject, with Pebble's
// message. The Pebble API answers these with 400 Bad Request.
type FormatError struct {
	Message string
}

// Error returns Pebble's message.
func (e *FormatError) Error() string { return e.Message }

func formatErrorf(format string, args ...any) *FormatError {
	return &FormatError{Message: fmt.Sprintf(format, args...)}
}

// CombineLayers combines layers into one, later layers overriding earlier
// ones by each entry's override: "merge" merges into the entry below (or adds
// it when there is none), "replace" replaces it whole, and a missing or other
// value is a *FormatError naming the layer's label. Summary and description
// come from the last layer. The result has the check threshold default
// filled in, as Pebble's has; the inputs are not modified and neither they
// nor the result are validated (see Layer.Validate and Plan.Validate).
func CombineLayers(layers ...*Layer) (*Layer, error) {
	combined := &Layer{
		Services:   make(map[string]*Service),
		Checks:     make(map[string]*Check),
		LogTargets: make(map[string]*LogTarget),
	}
	if len(layers) == 0 {
		return combined, nil
	}
	last := layers[len(layers)-1]
	combined.Summary = last.Summary
	combined.Description = last.Description
	for _, layer := range layers {
		if err := combineEntries(combined.Services, layer.Services, layer.Label, "service"); err != nil {
			return nil, err
		}
		if err := combineEntries(combined.Checks, layer.Checks, layer.Label, "check"); err != nil {
			return nil, err
		}
		if err := combineEntries(combined.LogTargets, layer.LogTargets, layer.Label, "log target"); err != nil {
			return nil, err
		}
	}
	// Pebble also fills in backoff and period/timeout defaults here, but
	// with IsSet false, so they never show in the plan; only the threshold
	// is a plain int and shows.
	for _, check := range combined.Checks {
		if check.Threshold == 0 {
			check.Threshold = DefaultCheckThreshold
		}
	}
	return combined, nil
}

// layerEntry is what CombineLayers combines: a *Service, *Check or
// *LogTarget.
type layerEntry[T any] interface {
	*T
	Copy() *T
	Merge(other *T)
	override() Override
	setName(name string)
}

func (s *Service) override() Override    { return s.Override }
func (c *Check) override() Override      { return c.Override }
func (t *LogTarget) override() Override  { return t.Override }
func (s *Service) setName(name string)   { s.Name = name }
func (c *Check) setName(name string)     { c.Name = name }
func (t *LogTarget) setName(name string) { t.Name = name }

// combineEntries combines one section of the layer labelled label into
// combined, as Pebble's CombineLayers does for each of services, checks and
// log targets; kind names the entries in errors.
func combineEntries[T any, P layerEntry[T]](combined, entries map[string]*T, label, kind string) error {
	// Sorted so that, of several bad entries, the same one is always
	// reported; Pebble ranges over the map.
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		entry := P(entries[name])
		if entry == nil {
			return formatErrorf("%s object cannot be null for %s %q", kind, kind, name)
		}
		switch entry.override() {
		case MergeOverride:
			if old, ok := combined[name]; ok {
				merged := P(P(old).Copy())
				merged.Merge(entry)
				combined[name] = merged
				break
			}
			combined[name] = entry.Copy()
		case ReplaceOverride:
			combined[name] = entry.Copy()
		case UnknownOverride:
			return formatErrorf(`layer %q must define "override" for %s %q`, label, kind, name)
		default:
			return formatErrorf(`layer %q has invalid "override" value for %s %q`, label, kind, name)
		}
		P(combined[name]).setName(name)
	}
	return nil
}

// Validate checks one layer the way Pebble's Layer.Validate does when a
// layer is parsed (before it is combined). Two checks of Pebble's are not
// made: exec check user/group normalization (it needs the workload's user
// database) and warnings about deprecated service names.
func (l *Layer) Validate() error {
	if strings.HasPrefix(l.Label, "pebble-") {
		return formatErrorf(`cannot use reserved label prefix "pebble-"`)
	}
	for _, name := range slices.Sorted(maps.Keys(l.Services)) {
		service := l.Services[name]
		switch {
		case name == "":
			return formatErrorf("cannot use empty string as service name")
		case name == "pebble":
			// Pebble reserves it so that its own log lines stay unambiguous.
			return formatErrorf("cannot use reserved service name %q", name)
		case strings.HasPrefix(name, "-"):
			return formatErrorf(`cannot use service name %q: starting with "-" not allowed`, name)
		case service == nil:
			return formatErrorf("service object cannot be null for service %q", name)
		}
		if err := validateDurations(l.Label, "services", service.BackoffDelay, service.BackoffLimit, service.KillDelay); err != nil {
			return err
		}
		if _, _, err := parseServiceCommand(name, service.Command); err != nil {
			return formatErrorf("plan service %q command invalid: %v", name, err)
		}
		if !validServiceAction(service.OnSuccess, ActionFailureShutdown) {
			return formatErrorf("plan service %q on-success action %q invalid", name, service.OnSuccess)
		}
		if !validServiceAction(service.OnFailure, ActionSuccessShutdown) {
			return formatErrorf("plan service %q on-failure action %q invalid", name, service.OnFailure)
		}
		for _, check := range slices.Sorted(maps.Keys(service.OnCheckFailure)) {
			action := service.OnCheckFailure[check]
			if !validServiceAction(action, ActionSuccessShutdown) {
				return formatErrorf("plan service %q on-check-failure action %q invalid", name, action)
			}
		}
		if service.BackoffFactor != nil && *service.BackoffFactor < 1 {
			return formatErrorf("plan service %q backoff-factor must be 1.0 or greater, not %g", name, *service.BackoffFactor)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(l.Checks)) {
		check := l.Checks[name]
		switch {
		case name == "":
			return formatErrorf("cannot use empty string as check name")
		case check == nil:
			return formatErrorf("check object cannot be null for check %q", name)
		}
		if err := validateDurations(l.Label, "checks", check.Period, check.Timeout); err != nil {
			return err
		}
		if check.Level != UnsetLevel && check.Level != AliveLevel && check.Level != ReadyLevel {
			return formatErrorf(`plan check %q level must be "alive" or "ready"`, name)
		}
		if check.Startup != CheckStartupUnknown && check.Startup != CheckStartupEnabled && check.Startup != CheckStartupDisabled {
			return formatErrorf(`plan check %q startup must be "enabled" or "disabled"`, name)
		}
		if v, _ := check.Period.Value(); check.Period.IsSet() && v == 0 {
			return formatErrorf("plan check %q period must not be zero", name)
		}
		if v, _ := check.Timeout.Value(); check.Timeout.IsSet() && v == 0 {
			return formatErrorf("plan check %q timeout must not be zero", name)
		}
		if check.Exec != nil {
			if _, err := shellSplit(check.Exec.Command); err != nil {
				return formatErrorf("plan check %q command invalid: %v", name, err)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(l.LogTargets)) {
		target := l.LogTargets[name]
		if target == nil {
			return formatErrorf("log target object cannot be null for log target %q", name)
		}
		for _, label := range slices.Sorted(maps.Keys(target.Labels)) {
			if strings.HasPrefix(label, "pebble_") {
				return formatErrorf(`log target %q: label %q uses reserved prefix "pebble_"`, name, label)
			}
		}
		switch target.Type {
		case LokiTarget, SyslogTarget, UnsetLogTarget:
			// An unset type is checked once the layers are combined.
		default:
			return formatErrorf(`log target %q has unsupported type %q, must be %q or %q`,
				name, target.Type, LokiTarget, SyslogTarget)
		}
	}
	return nil
}

// validateDurations reports the first duration that does not parse, in the
// words Pebble's YAML decoding uses for it.
func validateDurations(label, section string, ds ...Duration) error {
	for _, d := range ds {
		if _, err := d.Value(); err != nil {
			return formatErrorf("cannot parse layer %q section %q: %v", label, section, err)
		}
	}
	return nil
}

func validServiceAction(action ServiceAction, additional ServiceAction) bool {
	switch action {
	case ActionUnset, ActionRestart, ActionShutdown, ActionIgnore, additional:
		return true
	}
	return false
}

// Validate checks a combined plan the way Pebble's Plan.Validate does: every
// service has a command, every check exactly one well-formed type, every log
// target a type, a location and known services, and the services' requires
// exist and their before/after have no cycle.
func (p *Plan) Validate() error {
	for _, name := range slices.Sorted(maps.Keys(p.Services)) {
		if p.Services[name].Command == "" {
			return formatErrorf(`plan must define "command" for service %q`, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(p.Checks)) {
		check := p.Checks[name]
		n := 0
		if check.HTTP != nil {
			if check.HTTP.URL == "" {
				return formatErrorf(`plan must set "url" for http check %q`, name)
			}
			n++
		}
		if check.TCP != nil {
			if check.TCP.Port == 0 {
				return formatErrorf(`plan must set "port" for tcp check %q`, name)
			}
			n++
		}
		if check.Exec != nil {
			if check.Exec.Command == "" {
				return formatErrorf(`plan must set "command" for exec check %q`, name)
			}
			if ctx := check.Exec.ServiceContext; ctx != "" {
				if _, ok := p.Services[ctx]; !ok {
					return formatErrorf("plan check %q service context specifies non-existent service %q", name, ctx)
				}
			}
			n++
		}
		if n != 1 {
			return formatErrorf(`plan must specify one of "http", "tcp", or "exec" for check %q`, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(p.LogTargets)) {
		target := p.LogTargets[name]
		if target.Type == UnsetLogTarget {
			return formatErrorf(`plan must define "type" (%q or %q) for log target %q`, LokiTarget, SyslogTarget, name)
		}
		for _, service := range target.Services {
			service = strings.TrimPrefix(service, "-")
			if service == "all" {
				continue
			}
			if _, ok := p.Services[service]; !ok {
				return formatErrorf(`log target %q specifies unknown service %q`, name, service)
			}
		}
		if target.Location == "" {
			return formatErrorf(`plan must define "location" for log target %q`, name)
		}
	}
	_, err := p.StartOrder(slices.Sorted(maps.Keys(p.Services)))
	return err
}

// StartOrder returns the services that must start for names to start (names
// and everything they require), each after the services it must follow
// (Pebble's order function, before it splits the result into lanes). An
// unknown service or a before/after cycle is a *FormatError.
func (p *Plan) StartOrder(names []string) ([]string, error) {
	successors := map[string][]string{}
	pending := slices.Clone(names)
	for i := 0; i < len(pending); i++ {
		name := pending[i]
		if _, seen := successors[name]; seen {
			continue
		}
		successors[name] = nil
		service, ok := p.Services[name]
		if !ok {
			return nil, formatErrorf("service %q does not exist", name)
		}
		pending = append(pending, service.Requires...)
	}
	for _, name := range slices.Sorted(maps.Keys(successors)) {
		service := p.Services[name]
		for _, after := range service.After {
			if _, ok := successors[after]; ok {
				successors[name] = append(successors[name], after)
			}
		}
		for _, before := range service.Before {
			if _, ok := successors[before]; ok {
				successors[before] = append(successors[before], name)
			}
		}
	}
	var order []string
	for _, scc := range tarjanSort(successors) {
		if len(scc) > 1 {
			slices.Sort(scc)
			return nil, formatErrorf("services in before/after loop: %s", strings.Join(scc, ", "))
		}
		order = append(order, scc[0])
	}
	return order, nil
}

// tarjanSort returns the strongly connected components of the graph, each
// component after the components it points to (so dependencies come first).
func tarjanSort(successors map[string][]string) [][]string {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var result [][]string
	var strong func(v string)
	strong = func(v string) {
		index[v] = len(index)
		low[v] = index[v]
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range successors[v] {
			if _, seen := index[w]; !seen {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var scc []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				scc = append(scc, w)
				if w == v {
					break
				}
			}
			result = append(result, scc)
		}
	}
	for _, v := range slices.Sorted(maps.Keys(successors)) {
		if _, seen := index[v]; !seen {
			strong(v)
		}
	}
	return result
}

// LabelExistsError is returned by Layers.Add when a layer with the label
// exists and combine is false (Pebble's planstate.LabelExists).
type LabelExistsError struct {
	Label string
}

// Error returns Pebble's message: layer "x" already exists.
func (e *LabelExistsError) Error() string {
	return fmt.Sprintf("layer %q already exists", e.Label)
}

// Layers is Pebble's stack of layers, lowest order first, as its plan
// manager keeps it. The zero value is an empty stack.
type Layers []*Layer

// Add adds layer, labelled layer.Label, to the stack the way POST /v1/layers
// does (Pebble's api_plan.go v1PostLayers, then planstate's AppendLayer or
// CombineLayer):
//
//   - the label must be set ("label must be set") and the layer must pass
//     Layer.Validate;
//   - if no layer has the label, the layer is appended with order one more
//     than the last layer's (1 for the first);
//   - if a layer has the label and combine is true, the new layer is combined
//     into it with CombineLayers and the result keeps the old order;
//   - if a layer has the label and combine is false, the error is a
//     *LabelExistsError: `layer "x" already exists`.
//
// The combined plan must then pass Plan.Validate, or the stack is left as it
// was. On success layer.Order is set to the order it took. All errors are
// ones Pebble answers with 400 Bad Request.
func (ls *Layers) Add(layer *Layer, combine bool) error {
	if layer.Label == "" {
		return formatErrorf("label must be set")
	}
	if err := layer.Validate(); err != nil {
		return err
	}
	index := slices.IndexFunc(*ls, func(l *Layer) bool { return l.Label == layer.Label })
	newLayers := slices.Clone(*ls)
	var order int
	switch {
	case index >= 0 && !combine:
		return &LabelExistsError{Label: layer.Label}
	case index >= 0:
		found := (*ls)[index]
		combined, err := CombineLayers(found, layer)
		if err != nil {
			return err
		}
		combined.Order = found.Order
		combined.Label = found.Label
		newLayers[index] = combined
		order = found.Order
	default:
		order = 1
		if n := len(*ls); n > 0 {
			order = (*ls)[n-1].Order + 1
		}
		newLayers = append(newLayers, layer)
	}
	if _, err := newLayers.Plan(); err != nil {
		return err
	}
	*ls = newLayers
	layer.Order = order
	return nil
}

// Plan combines the layers and validates the result: the plan Pebble
// serves. Durations are spelled as Pebble writes them back ("1m" becomes
// "1m0s", see Duration.Normalize), since Pebble keeps them as values.
func (ls Layers) Plan() (*Plan, error) {
	combined, err := CombineLayers(ls...)
	if err != nil {
		return nil, err
	}
	// CombineLayers returned copies, so this does not touch the layers.
	for _, s := range combined.Services {
		s.BackoffDelay = s.BackoffDelay.Normalize()
		s.BackoffLimit = s.BackoffLimit.Normalize()
		s.KillDelay = s.KillDelay.Normalize()
	}
	for _, c := range combined.Checks {
		c.Period = c.Period.Normalize()
		c.Timeout = c.Timeout.Normalize()
	}
	plan := &Plan{
		Services:   combined.Services,
		Checks:     combined.Checks,
		LogTargets: combined.LogTargets,
	}
	if err := plan.Validate(); err != nil {
		return nil, err
	}
	return plan, nil
}

// parseServiceCommand splits a service command into its base and the default
// arguments in its optional trailing "[ ... ]" group (Pebble's
// Service.ParseCommand).
func parseServiceCommand(name, command string) (base, extra []string, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("cannot parse service %q command: %w", name, err)
		}
	}()
	args, err := shellSplit(command)
	if err != nil {
		return nil, nil, err
	}
	var inBrackets, gotBrackets bool
	for i, arg := range args {
		if inBrackets {
			if arg == "[" {
				return nil, nil, fmt.Errorf("cannot nest [ ... ] groups")
			}
			if arg == "]" {
				inBrackets = false
				continue
			}
			extra = append(extra, arg)
			continue
		}
		if gotBrackets {
			return nil, nil, fmt.Errorf("cannot have any arguments after [ ... ] group")
		}
		if arg == "[" {
			if i == 0 {
				return nil, nil, fmt.Errorf("cannot start command with [ ... ] group")
			}
			inBrackets = true
			gotBrackets = true
			continue
		}
		if arg == "]" {
			return nil, nil, fmt.Errorf("cannot have ] outside of [ ... ] group")
		}
		base = append(base, arg)
	}
	return base, extra, nil
}

// shellSplit splits s into words like a POSIX shell without expansions, as
// the shlex package Pebble uses (canonical/x-go strutil/shlex) does: single
// quotes keep everything, double quotes allow \" \\ \$ \` escapes, and a
// backslash outside quotes escapes the next character.
func shellSplit(s string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case r == '\\':
			inWord = true
			i++
			if i == len(rs) {
				return nil, fmt.Errorf("EOF found after escape character")
			}
			word.WriteRune(rs[i])
		case r == '\'':
			inWord = true
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j == len(rs) {
				return nil, fmt.Errorf("EOF found when expecting closing quote")
			}
			word.WriteString(string(rs[i+1 : j]))
			i = j
		case r == '"':
			inWord = true
			i++
			for ; i < len(rs) && rs[i] != '"'; i++ {
				if rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\"\\$`", rs[i+1]) {
					i++
				}
				word.WriteRune(rs[i])
			}
			if i == len(rs) {
				return nil, fmt.Errorf("EOF found when expecting closing quote")
			}
		default:
			inWord = true
			word.WriteRune(r)
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// mergeMap sets the entries of src in dst, allocating dst when needed, and
// returns dst.
func mergeMap[V any](dst, src map[string]V) map[string]V {
	for k, v := range src {
		if dst == nil {
			dst = make(map[string]V, len(src))
		}
		dst[k] = v
	}
	return dst
}
