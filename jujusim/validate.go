package jujusim

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Validate checks that the State is one Juju could produce: well-formed
// names and ids, no duplicates, known enum values, and config values of the
// declared types. The error names the offending field.
func (s *State) Validate() error {
	if !isValidUnit(s.Unit) {
		return fmt.Errorf("unit: invalid unit name %q (want <app>/<n>)", s.Unit)
	}
	if s.App != "" && s.App != unitApp(s.Unit) {
		return fmt.Errorf("app: %q does not match unit %q", s.App, s.Unit)
	}
	switch s.Model.Type {
	case "", "iaas", "caas":
	default:
		return fmt.Errorf("model.type: %q is not iaas or caas", s.Model.Type)
	}
	if err := s.validateConfig(); err != nil {
		return err
	}
	seenRel := map[int]bool{}
	for i, r := range s.Relations {
		p := fmt.Sprintf("relations[%d]", i)
		if r.ID < 0 {
			return fmt.Errorf("%s.id: negative relation id %d", p, r.ID)
		}
		if seenRel[r.ID] {
			return fmt.Errorf("%s.id: duplicate relation id %d", p, r.ID)
		}
		seenRel[r.ID] = true
		if r.Endpoint == "" {
			return fmt.Errorf("%s.endpoint: missing", p)
		}
		if !isValidApp(r.RemoteApp) {
			return fmt.Errorf("%s.remote_app: invalid application name %q", p, r.RemoteApp)
		}
		for j, u := range r.RemoteUnits {
			if !isValidUnit(u) || unitApp(u) != r.RemoteApp {
				return fmt.Errorf("%s.remote_units[%d]: %q is not a unit of %q", p, j, u, r.RemoteApp)
			}
			if u == s.Unit {
				return fmt.Errorf("%s.remote_units[%d]: %q is the local unit", p, j, u)
			}
		}
		for _, u := range sortedKeys(r.RemoteUnitsData) {
			if !isValidUnit(u) || unitApp(u) != r.RemoteApp {
				return fmt.Errorf("%s.remote_units_data: %q is not a unit of %q", p, u, r.RemoteApp)
			}
		}
	}
	seenContainer := map[string]bool{}
	for i, c := range s.Containers {
		if !validContainerName.MatchString(c.Name) {
			return fmt.Errorf("containers[%d].name: invalid container name %q (lower-case letters, digits and hyphens, starting with a letter)", i, c.Name)
		}
		if seenContainer[c.Name] {
			return fmt.Errorf("containers[%d].name: duplicate container %q", i, c.Name)
		}
		seenContainer[c.Name] = true
		if err := c.Validate(); err != nil {
			return fmt.Errorf("containers[%d]: %w", i, err)
		}
	}
	seenSecret := map[string]bool{}
	for i, sec := range s.Secrets {
		p := fmt.Sprintf("secrets[%d]", i)
		id, ok := parseSecretURI(sec.ID)
		if !ok {
			return fmt.Errorf("%s.id: invalid secret id %q", p, sec.ID)
		}
		if seenSecret[id] {
			return fmt.Errorf("%s.id: duplicate secret %q", p, sec.ID)
		}
		seenSecret[id] = true
		switch sec.Owner {
		case "", "application", "unit":
		default:
			return fmt.Errorf("%s.owner: %q is not application, unit or empty", p, sec.Owner)
		}
		if sec.Rotate != "" && !validRotate[sec.Rotate] {
			return fmt.Errorf("%s.rotate: invalid rotate policy %q", p, sec.Rotate)
		}
		if sec.Expire != "" {
			if _, err := time.Parse(time.RFC3339, sec.Expire); err != nil {
				return fmt.Errorf("%s.expire: %q is not an RFC 3339 time", p, sec.Expire)
			}
		}
		if len(sec.Revisions) == 0 {
			return fmt.Errorf("%s.revisions: a secret needs at least one revision", p)
		}
		last := 0
		for j, rev := range sec.Revisions {
			if rev.Revision <= last {
				return fmt.Errorf("%s.revisions[%d].revision: revisions must be positive and increasing", p, j)
			}
			last = rev.Revision
		}
		if sec.TrackedRevision != 0 && sec.Revision(sec.TrackedRevision) == nil {
			return fmt.Errorf("%s.tracked_revision: no revision %d", p, sec.TrackedRevision)
		}
		for j, g := range sec.Grants {
			if !isValidApp(g.App) {
				return fmt.Errorf("%s.grants[%d].app: invalid application name %q", p, j, g.App)
			}
			if g.Unit != "" && (!isValidUnit(g.Unit) || unitApp(g.Unit) != g.App) {
				return fmt.Errorf("%s.grants[%d].unit: %q is not a unit of %q", p, j, g.Unit, g.App)
			}
		}
	}
	for i, port := range s.OpenedPorts {
		if err := port.validate(); err != nil {
			return fmt.Errorf("opened_ports[%d]: %v", i, err)
		}
	}
	for name, st := range map[string]Status{"unit_status": s.UnitStatus, "app_status": s.AppStatus} {
		if !validAnyStatus[st.Status] {
			return fmt.Errorf("%s.status: unknown status %q", name, st.Status)
		}
	}
	seenStorage := map[string]bool{}
	for i, st := range s.Storage {
		if !validStorageID.MatchString(st.ID) {
			return fmt.Errorf("storage[%d].id: invalid storage id %q (want <name>/<n>)", i, st.ID)
		}
		if seenStorage[st.ID] {
			return fmt.Errorf("storage[%d].id: duplicate storage id %q", i, st.ID)
		}
		seenStorage[st.ID] = true
		if st.Kind != "filesystem" && st.Kind != "block" {
			return fmt.Errorf("storage[%d].kind: %q is not filesystem or block", i, st.Kind)
		}
	}
	for name, n := range s.StorageRequests {
		if n < 0 {
			return fmt.Errorf("storage_requests[%q]: negative count", name)
		}
	}
	switch s.RebootRequested {
	case "", "after-hook", "now":
	default:
		return fmt.Errorf("reboot_requested: %q is not after-hook or now", s.RebootRequested)
	}
	if s.Action != nil && s.Action.Name == "" {
		return fmt.Errorf("action.name: missing")
	}
	return nil
}

func (s *State) validateConfig() error {
	for _, name := range sortedKeys(s.ConfigOptions) {
		o := s.ConfigOptions[name]
		if !validOptionType[o.Type] {
			return fmt.Errorf("config_options[%q].type: unknown option type %q", name, o.Type)
		}
		if o.Default != nil && !valueHasType(o.Default, o.Type) {
			return fmt.Errorf("config_options[%q].default: %v is not of type %s", name, o.Default, optionType(o.Type))
		}
	}
	for _, name := range sortedKeys(s.Config) {
		v := s.Config[name]
		switch v.(type) {
		case string, bool, int64, float64, json.Number, nil:
		default:
			return fmt.Errorf("config[%q]: option values are strings, numbers or booleans", name)
		}
		if o, ok := s.ConfigOptions[name]; ok && v != nil && !valueHasType(v, o.Type) {
			return fmt.Errorf("config[%q]: %v is not of type %s", name, v, optionType(o.Type))
		}
	}
	return nil
}

var validOptionType = map[string]bool{"": true, "string": true, "int": true, "float": true, "boolean": true, "secret": true}

func optionType(t string) string {
	if t == "" {
		return "string"
	}
	return t
}

func valueHasType(v any, typ string) bool {
	switch optionType(typ) {
	case "string", "secret":
		_, ok := v.(string)
		return ok
	case "int":
		_, ok := v.(int64)
		return ok
	case "float":
		switch v.(type) {
		case float64, int64, json.Number:
			return true
		}
		return false
	case "boolean":
		_, ok := v.(bool)
		return ok
	}
	return false
}

var validRotate = map[string]bool{
	"never": true, "hourly": true, "daily": true, "weekly": true,
	"monthly": true, "quarterly": true, "yearly": true,
}

// validAnyStatus holds every workload status a State may hold; charms can
// only set the four in settableStatus.
var validAnyStatus = map[string]bool{
	"": true, "unknown": true, "active": true, "blocked": true, "maintenance": true,
	"waiting": true, "error": true, "terminated": true,
}

func (p Port) validate() error {
	switch p.Protocol {
	case "icmp":
		if p.From != 0 || p.To != 0 {
			return fmt.Errorf("icmp takes no port numbers")
		}
		return nil
	case "tcp", "udp":
	default:
		return fmt.Errorf("protocol %q is not tcp, udp or icmp", p.Protocol)
	}
	if p.From < 1 || p.To > 65535 || p.From > p.To {
		return fmt.Errorf("invalid port range %d-%d", p.From, p.To)
	}
	return nil
}

// sortedKeys returns the keys of a string-keyed map in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// validContainerName is what charmcraft accepts as a container name; it
// also keeps the name safe as a directory name for the container's socket.
var validContainerName = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Quotas: the size limits Juju puts on what a charm stores.
const (
	// maxCharmStateKeySize and maxCharmStateValueSize are core/quota
	// MaxCharmStateKeySize and MaxCharmStateValueSize
	// (core/quota/fixed_limits.go).
	maxCharmStateKeySize   = 256
	maxCharmStateValueSize = 64 * 1024
	// maxCharmStateSize is the controller's max-charm-state-size default,
	// DefaultMaxCharmStateSize (controller/config.go).
	maxCharmStateSize = 2 * 1024 * 1024
	// maxSecretValueSize and maxSecretContentSize are core/secrets
	// maxValueSizeBytes and maxContentSizeBytes
	// (core/secrets/createsecret.go): 1 MB of base64 per value and in all.
	maxSecretValueSize   = 1000 * 1000
	maxSecretContentSize = 1000 * 1000
)

// checkCharmStateTuple is core/quota CheckTupleSize as state-set applies it
// to each pair (HookContext.SetCharmStateValue,
// internal/worker/uniter/runner/context/context.go), in Juju 4.0's words
// (core/quota/kv.go); Juju 3.6 ends the same texts in " exceeded".
func checkCharmStateTuple(key, value string) error {
	if len(key) > maxCharmStateKeySize {
		return fmt.Errorf("max allowed key length (%d): quota limit exceeded", maxCharmStateKeySize)
	}
	if len(value) > maxCharmStateValueSize {
		return fmt.Errorf("max allowed value length (%d): quota limit exceeded", maxCharmStateValueSize)
	}
	return nil
}

// checkCharmStateQuota is the controller's check when a hook commits a
// changed charm state (Juju 3.x state package, unitSetStateOperation with
// getCharmStateQuotaChecker): every key (escaped for MongoDB, '.' and '$'
// becoming 3-byte full-width runes) and value again, then the BSON size of
// the whole map against max-charm-state-size. Juju 4.0 has no total yet
// (its apiserver leaves a TODO to apply max-charm-state-size).
func checkCharmStateQuota(st map[string]string) error {
	size := 5 // BSON document: int32 length and the closing 0x00
	for _, k := range sortedKeys(st) {
		ek := mongoEscapeKey(k)
		if len(ek) > maxCharmStateKeySize {
			return fmt.Errorf("persisting charm state: max allowed key length (%d) exceeded", maxCharmStateKeySize)
		}
		if len(st[k]) > maxCharmStateValueSize {
			return fmt.Errorf("persisting charm state: max allowed value length (%d) exceeded", maxCharmStateValueSize)
		}
		// Element: type byte, key and its NUL, int32 length, value and
		// its NUL.
		size += 1 + len(ek) + 1 + 4 + len(st[k]) + 1
	}
	if size > maxCharmStateSize {
		return fmt.Errorf("persisting charm state: max allowed size (%d) exceeded", maxCharmStateSize)
	}
	return nil
}

// mongoEscapeKey is mongo/utils EscapeKey, which unitstate.go applies to
// charm state keys.
//
// unverified: that EscapeKey uses data_cleansing.go's replacer (the stored
// mongo/utils shows the replacer as EscapeString, not EscapeKey itself).
func mongoEscapeKey(k string) string {
	return strings.NewReplacer(".", "\uff0e", "$", "\uff04").Replace(k)
}
