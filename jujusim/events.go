package jujusim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

// ParseEvent turns an event spec into the hook context Juju would give
// that event on st. A spec is a hook name, or actions/<name>, optionally
// followed by ':' and comma-separated key=value options:
//
//	install
//	db-relation-joined                  first db relation, its first remote unit
//	db-relation-changed:id=3,unit=pg/1  a given relation and unit
//	db-relation-changed:app             the remote app's databag changed
//	db-relation-departed:unit=pg/1      pg/1 departs (it is also the departing unit)
//	data-storage-attached:id=data/1
//	web-pebble-ready   web-pebble-custom-notice:key=x   web-pebble-check-failed:check=alive
//	secret-changed:label=api   secret-expired:id=secret:...,revision=2
//	actions/backup:path=/srv,compress=true
//
// For an action, the returned Action holds the params (values that parse as
// JSON keep their JSON type; others are strings). Options that name
// something missing from st are errors.
func ParseEvent(spec string, st *State) (HookContext, *Action, error) {
	name, optText, _ := strings.Cut(spec, ":")
	// Secret ids contain ':' (secret:xyz): keep options whole after the
	// first ':'.
	opts, err := parseEventOptions(optText)
	if err != nil {
		return HookContext{}, nil, fmt.Errorf("event %q: %w", spec, err)
	}
	name = strings.TrimPrefix(name, "hooks/")
	if a, ok := strings.CutPrefix(name, "actions/"); ok {
		if !validActionKey.MatchString(a) {
			return HookContext{}, nil, fmt.Errorf("event %q: %q is not an action name (lower-case letters, digits and hyphens)", spec, a)
		}
		params := map[string]any{}
		for _, k := range opts.keys {
			params[k] = parseParam(opts.m[k])
		}
		return HookContext{ActionName: a, ActionID: "1"}, &Action{Name: a, ID: "1", Params: params}, nil
	}
	hc := HookContext{Hook: name}
	use := func(keys ...string) error {
		for _, k := range opts.keys {
			if !contains(keys, k) {
				return fmt.Errorf("event %q: unknown option %q (this event takes %s)", spec, k, strings.Join(keys, ", "))
			}
		}
		return nil
	}
	switch {
	case hasAnySuffix(name, "-relation-created", "-relation-joined", "-relation-changed", "-relation-departed", "-relation-broken"):
		if err := use("id", "unit", "app", "departing"); err != nil {
			return hc, nil, err
		}
		i := strings.LastIndex(name, "-relation-")
		endpoint, kind := name[:i], name[i+len("-relation-"):]
		rel, err := pickRelation(st, endpoint, opts.m["id"])
		if err != nil {
			return hc, nil, fmt.Errorf("event %q: %w", spec, err)
		}
		hc.Relation, hc.RelationID, hc.RemoteApp = rel.Endpoint, rel.ID, rel.RemoteApp
		_, appOnly := opts.m["app"]
		switch kind {
		case "joined", "changed", "departed":
			if !appOnly || kind != "changed" {
				unit := opts.m["unit"]
				if unit == "" && len(rel.RemoteUnits) > 0 {
					unit = rel.RemoteUnits[0]
				}
				if unit == "" {
					return hc, nil, fmt.Errorf("event %q: relation %d has no remote units; add one to remote_units or name it with unit=", spec, rel.ID)
				}
				if kind != "departed" && !contains(rel.RemoteUnits, unit) {
					return hc, nil, fmt.Errorf("event %q: %s is not a remote unit of relation %d", spec, unit, rel.ID)
				}
				hc.RemoteUnit = unit
			}
			if kind == "departed" {
				hc.DepartingUnit = opts.m["departing"]
				if hc.DepartingUnit == "" {
					hc.DepartingUnit = hc.RemoteUnit
				}
			}
		}
	case hasAnySuffix(name, "-storage-attached", "-storage-detaching"):
		if err := use("id"); err != nil {
			return hc, nil, err
		}
		sname := name[:strings.LastIndex(name, "-storage-")]
		var found *Storage
		for i := range st.Storage {
			s := &st.Storage[i]
			if (opts.m["id"] == "" && strings.HasPrefix(s.ID, sname+"/")) || s.ID == opts.m["id"] {
				found = s
				break
			}
		}
		if found == nil {
			return hc, nil, fmt.Errorf("event %q: no storage %s in the state; add it under storage", spec, sname)
		}
		hc.StorageID, hc.StorageLocation, hc.StorageKind = found.ID, found.Location, found.Kind
	case hasAnySuffix(name, "-pebble-ready", "-pebble-custom-notice", "-pebble-check-failed", "-pebble-check-recovered"):
		if err := use("id", "type", "key", "check"); err != nil {
			return hc, nil, err
		}
		hc.Workload = name[:strings.LastIndex(name, "-pebble-")]
		if st.Container(hc.Workload) == nil {
			return hc, nil, fmt.Errorf("event %q: no container %s in the state; add it under containers", spec, hc.Workload)
		}
		if strings.HasSuffix(name, "-pebble-custom-notice") {
			// Either an existing notice (id=) or a new occurrence of a
			// custom notice (key=), which Prepare records as Pebble would.
			hc.NoticeID, hc.NoticeType, hc.NoticeKey = opts.m["id"], opts.m["type"], opts.m["key"]
			if hc.NoticeType == "" {
				hc.NoticeType = pebblesim.NoticeCustom
			}
			if hc.NoticeID != "" {
				var found *pebblesim.Notice
				for i, n := range st.Container(hc.Workload).Notices {
					if n.ID == hc.NoticeID {
						found = &st.Container(hc.Workload).Notices[i]
					}
				}
				if found == nil {
					return hc, nil, fmt.Errorf("event %q: container %s has no notice %s", spec, hc.Workload, hc.NoticeID)
				}
				hc.NoticeType, hc.NoticeKey = found.Type, found.Key
			} else if hc.NoticeKey == "" {
				return hc, nil, fmt.Errorf("event %q: name the notice with key= (a custom notice's key, such as example.com/reload) or id=", spec)
			}
		}
		if strings.Contains(name, "-pebble-check-") {
			hc.CheckName = opts.m["check"]
			if hc.CheckName == "" {
				return hc, nil, fmt.Errorf("event %q: name the check with check=", spec)
			}
			if p, err := st.Container(hc.Workload).Plan(); err == nil && p.Checks[hc.CheckName] == nil {
				return hc, nil, fmt.Errorf("event %q: container %s has no check %q in its plan", spec, hc.Workload, hc.CheckName)
			}
		}
	case name == "secret-changed" || name == "secret-rotate" || name == "secret-expired" || name == "secret-remove":
		if err := use("id", "label", "revision"); err != nil {
			return hc, nil, err
		}
		var sec *Secret
		for i := range st.Secrets {
			s := &st.Secrets[i]
			if (opts.m["id"] != "" && s.ID == opts.m["id"]) || (opts.m["id"] == "" && opts.m["label"] != "" && s.Label == opts.m["label"]) {
				sec = s
			}
		}
		if sec == nil && opts.m["id"] == "" && opts.m["label"] == "" && len(st.Secrets) == 1 {
			sec = &st.Secrets[0]
		}
		if sec == nil {
			return hc, nil, fmt.Errorf("event %q: name a secret of the state with id= or label=", spec)
		}
		hc.SecretID, hc.SecretLabel = sec.ID, sec.Label
		if name == "secret-expired" || name == "secret-remove" {
			hc.SecretRevision = 1
			if n := len(sec.Revisions); n > 0 {
				hc.SecretRevision = sec.Revisions[n-1].Revision
			}
			if r := opts.m["revision"]; r != "" {
				n, err := strconv.Atoi(r)
				if err != nil || n < 1 {
					return hc, nil, fmt.Errorf("event %q: revision must be a positive number", spec)
				}
				hc.SecretRevision = n
			}
		}
	default:
		if err := use(); err != nil {
			return hc, nil, err
		}
		if !isKnownHook(name) {
			return hc, nil, fmt.Errorf("unknown event %q; use a hook name (install, config-changed, db-relation-joined, ...) or actions/<name>", name)
		}
	}
	return hc, nil, nil
}

// isKnownHook reports whether name is a hook Juju 4 runs that is not tied
// to an endpoint, storage, container or secret. leader-settings-changed and
// the series-upgrade hooks are gone in Juju 4.
func isKnownHook(name string) bool {
	switch name {
	case "install", "start", "config-changed", "upgrade-charm", "stop", "remove",
		"update-status", "leader-elected":
		return true
	}
	return false
}

func pickRelation(st *State, endpoint, id string) (*Relation, error) {
	for i := range st.Relations {
		r := &st.Relations[i]
		if r.Endpoint != endpoint {
			continue
		}
		if id == "" || strconv.Itoa(r.ID) == id {
			return r, nil
		}
	}
	if id != "" {
		return nil, fmt.Errorf("no relation %s on endpoint %s in the state", id, endpoint)
	}
	return nil, fmt.Errorf("no %s relation in the state; add one under relations", endpoint)
}

type eventOptions struct {
	keys []string
	m    map[string]string
}

func parseEventOptions(s string) (eventOptions, error) {
	o := eventOptions{m: map[string]string{}}
	if s == "" {
		return o, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if k == "" {
			return o, fmt.Errorf("empty option in %q", s)
		}
		if _, dup := o.m[k]; dup {
			return o, fmt.Errorf("option %q given twice", k)
		}
		o.keys = append(o.keys, k)
		o.m[k] = v
	}
	return o, nil
}

func parseParam(s string) any {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err == nil {
		if f, ok := v.(float64); ok && f == float64(int64(f)) {
			return int64(f)
		}
		return v
	}
	return s
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) && len(s) > len(x) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Scenario returns the events Juju runs, in order, for a named scenario on
// st (reference: the uniter's ordering):
//
//	deploy    install, leader-elected (leader only), config-changed, start,
//	          then <container>-pebble-ready per container
//	relate    for each relation: created, then joined and changed per remote unit
//	config    config-changed
//	upgrade   upgrade-charm, config-changed, then pebble-ready per container
//	teardown  for each relation: departed per remote unit, broken; then stop, remove
func Scenario(name string, st *State) ([]string, error) {
	var out []string
	// pebbleReady is each container's pebble-ready: Juju emits it once
	// the workload container's Pebble is up, which on a new unit is after
	// start (the charm container starts first), and again after an upgrade
	// recreates the pod.
	pebbleReady := func() {
		for _, c := range st.Containers {
			out = append(out, c.Name+"-pebble-ready")
		}
	}
	switch name {
	case "deploy":
		out = append(out, "install")
		if st.Leader {
			out = append(out, "leader-elected")
		}
		out = append(out, "config-changed", "start")
		pebbleReady()
	case "relate":
		for _, r := range st.Relations {
			if r.Broken {
				continue
			}
			id := strconv.Itoa(r.ID)
			out = append(out, r.Endpoint+"-relation-created:id="+id)
			for _, u := range r.RemoteUnits {
				out = append(out, r.Endpoint+"-relation-joined:id="+id+",unit="+u)
				out = append(out, r.Endpoint+"-relation-changed:id="+id+",unit="+u)
			}
		}
	case "config":
		out = append(out, "config-changed")
	case "upgrade":
		out = append(out, "upgrade-charm", "config-changed")
		pebbleReady()
	case "teardown":
		for _, r := range st.Relations {
			if r.Broken {
				continue
			}
			id := strconv.Itoa(r.ID)
			for _, u := range r.RemoteUnits {
				out = append(out, r.Endpoint+"-relation-departed:id="+id+",unit="+u)
			}
			out = append(out, r.Endpoint+"-relation-broken:id="+id)
		}
		out = append(out, "stop", "remove")
	default:
		return nil, fmt.Errorf("unknown scenario %q; use deploy, relate, config, upgrade or teardown", name)
	}
	return out, nil
}

// Advance applies to st what Juju itself changes once a hook has run, so
// the next event sees the world Juju would show: a departed unit leaves the
// relation, a broken relation goes away, and the statuses the uniter sets
// around install, start and remove (reference §4).
func Advance(st *State, hc HookContext) {
	switch {
	case strings.HasSuffix(hc.Hook, "-relation-departed"):
		if r := st.Relation(hc.RelationID); r != nil {
			var keep []string
			for _, u := range r.RemoteUnits {
				if u != hc.DepartingUnit {
					keep = append(keep, u)
				}
			}
			r.RemoteUnits = keep
			delete(r.RemoteUnitsData, hc.DepartingUnit)
		}
	case strings.HasSuffix(hc.Hook, "-relation-broken"):
		var keep []Relation
		for _, r := range st.Relations {
			if r.ID != hc.RelationID {
				keep = append(keep, r)
			}
		}
		st.Relations = keep
	case hc.Hook == "start":
		if st.UnitStatus.Status == "" || st.UnitStatus == installing {
			setUnitStatus(st, Status{Status: "unknown"})
		}
	case hc.Hook == "remove":
		setUnitStatus(st, Status{Status: "terminated"})
	}
}

var installing = Status{Status: "maintenance", Message: "installing charm software"}

// setUnitStatus sets the unit status as Juju does for the uniter, keeping
// the replaced one in the history like status-set.
func setUnitStatus(st *State, s Status) {
	if st.UnitStatus.Status != "" {
		st.UnitStatusHistory = append(st.UnitStatusHistory, st.UnitStatus)
	}
	st.UnitStatus = s
}

// Prepare applies what Juju sets before a hook runs: before install, a
// unit with no status is "maintenance: installing charm software"; before
// stop and remove, the uniter announces them the same way. For a Pebble
// event it applies what made Pebble report it (the container is up, the
// notice recorded, the check down or up) and returns hc with the notice's
// id; an upgrade of a Kubernetes charm restarts its containers.
func Prepare(st *State, hc HookContext) HookContext {
	if c := st.Container(hc.Workload); c != nil {
		hc = preparePebble(c, hc)
	}
	switch hc.Hook {
	case "upgrade-charm":
		if st.Model.Type == "caas" {
			// On Kubernetes an upgrade recreates the pod: the workload
			// containers restart with an empty Pebble (their files
			// stay: the simulator cannot tell mounts from the image),
			// and are up again at their pebble-ready.
			for i := range st.Containers {
				c := &st.Containers[i]
				c.CanConnect = false
				c.Layers, c.Services, c.Checks = nil, nil, nil
			}
		}
	case "install":
		if st.UnitStatus.Status == "" {
			setUnitStatus(st, installing)
		}
	case "stop":
		setUnitStatus(st, Status{Status: "maintenance", Message: "stopping charm software"})
	case "remove":
		setUnitStatus(st, Status{Status: "maintenance", Message: "cleaning up prior to charm deletion"})
	}
	return hc
}

// preparePebble applies to a container what Pebble did for Juju to emit a
// Pebble event: the container is up for pebble-ready, the notice was
// recorded for pebble-custom-notice (hc gets its id), the check went down
// or up for the check events.
func preparePebble(c *pebblesim.Container, hc HookContext) HookContext {
	switch {
	case strings.HasSuffix(hc.Hook, "-pebble-custom-notice") && hc.NoticeID == "":
		hc.NoticeID = c.AddNotice(nil, hc.NoticeType, hc.NoticeKey, nil, 0, time.Now().UTC())
	case strings.HasSuffix(hc.Hook, "-pebble-ready"):
		c.CanConnect = true
	case strings.HasSuffix(hc.Hook, "-pebble-check-failed"), strings.HasSuffix(hc.Hook, "-pebble-check-recovered"):
		if c.Checks == nil {
			c.Checks = map[string]pebblesim.CheckState{}
		}
		cs := c.Checks[hc.CheckName]
		if strings.HasSuffix(hc.Hook, "-failed") {
			cs.Status = pebblesim.CheckDown
			if cs.Failures == 0 {
				cs.Failures = pebble.DefaultCheckThreshold
			}
		} else {
			cs.Status, cs.Failures = pebblesim.CheckUp, 0
		}
		c.Checks[hc.CheckName] = cs
	}
	return hc
}
