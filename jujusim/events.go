package jujusim

import (
	"encoding/json"
	"fmt"
	"sort"
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
//	db-relation-changed:id=3,app        the same, on a given relation
//	db-relation-departed:unit=pg/1      pg/1 leaves (JUJU_DEPARTING_UNIT=pg/1)
//	db-relation-departed:unit=pg/1,departing=web/0
//	                                    this unit (web/0) leaves: its teardown
//	data-storage-attached:id=data/1     data-storage-detaching
//	web-pebble-ready   web-pebble-custom-notice:key=x   web-pebble-check-failed:check=alive
//	secret-changed:label=api   secret-expired:id=secret:...,revision=2
//	leader-settings-changed             Juju 3 only, and only on a non-leader
//	actions/backup:path=/srv,compress=true
//
// In relation-departed, JUJU_DEPARTING_UNIT is the unit leaving the
// relation: the remote unit when it is the one going (the default), this
// unit when it is being torn down (departing=<this unit>), as the relation
// resolver decides (internal/worker/uniter/relation/resolver.go: the
// departee is the local unit when the local unit or its application is not
// alive). Any other departing unit is an error.
//
// ParseEvent accepts the hooks of Juju 3.6 and Juju 4 alike; ParseEventFor
// also refuses those the targeted Juju does not run (leader-settings-changed
// under Juju 4). For an action, the returned Action holds the params
// (values that parse as JSON keep their JSON type; others are strings).
// Options that name something missing from st are errors.
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
				if hc.DepartingUnit != hc.RemoteUnit && hc.DepartingUnit != st.Unit {
					return hc, nil, fmt.Errorf("event %q: the departing unit %s is neither the remote unit %s nor this unit %s", spec, hc.DepartingUnit, hc.RemoteUnit, st.Unit)
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
		if name == "leader-settings-changed" && st.Leader {
			// worker/uniter/leadership/resolver.go (Juju 3): only a unit
			// that is not the leader runs it.
			return hc, nil, fmt.Errorf("event %q: leader-settings-changed runs only on units that are not the leader; set leader to false in the state", spec)
		}
	}
	return hc, nil, nil
}

// ParseEventFor is ParseEvent for a unit of the given Juju major version
// (3 or 4; 0 means 4): it also refuses hooks that version does not run.
// leader-settings-changed is Juju 3 only (Juju 4 removed leader settings);
// the series-upgrade hooks are not simulated at all.
func ParseEventFor(spec string, st *State, juju int) (HookContext, *Action, error) {
	hc, act, err := ParseEvent(spec, st)
	if err != nil {
		return hc, act, err
	}
	if hc.Hook == "leader-settings-changed" && juju != 3 {
		return hc, act, fmt.Errorf("event %q: Juju 4 has no leader-settings-changed hook (Juju 3 runs it on units that are not the leader)", spec)
	}
	return hc, act, nil
}

// isKnownHook reports whether name is a hook Juju 3.6 or 4 runs that is not
// tied to an endpoint, storage, container or secret. leader-settings-changed
// is Juju 3 only (see ParseEventFor); the series-upgrade hooks are not
// simulated.
func isKnownHook(name string) bool {
	switch name {
	case "install", "start", "config-changed", "upgrade-charm", "stop", "remove",
		"update-status", "leader-elected", "leader-settings-changed":
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

// ScenarioOptions says what a scenario expands against besides the state.
type ScenarioOptions struct {
	// Juju is the Juju major version the unit runs: 3 or 4 (0 means 4).
	// Under Juju 3 a unit that is not the leader runs
	// leader-settings-changed where the leader runs leader-elected.
	Juju int
	// Created holds the ids of the relations whose relation-created has
	// already run in this simulation: Juju runs it once per relation, so a
	// relate after a deploy does not run it again. Record keeps it.
	Created map[int]bool
}

// Record notes what a hook that succeeded means for the scenarios still to
// come: a relation-created marks its relation created.
func (o *ScenarioOptions) Record(hc HookContext) {
	if strings.HasSuffix(hc.Hook, "-relation-created") {
		if o.Created == nil {
			o.Created = map[int]bool{}
		}
		o.Created[hc.RelationID] = true
	}
}

// Scenario returns the events Juju 4 runs, in order, for a named scenario
// on st: ScenarioWith with no options.
func Scenario(name string, st *State) ([]string, error) {
	return ScenarioWith(name, st, ScenarioOptions{})
}

// ScenarioWith returns the events Juju runs, in order, for a named
// scenario on st. The order is the uniter's: before each hook its resolver
// (internal/worker/uniter/resolver.go, NextOp) asks the created-relations,
// leadership, workload, secrets, actions, commands and storage resolvers in
// that order, then nextOp: install, upgrade, config-changed (the config
// hash differs on a new unit), the relation hooks; a hook's commit may
// queue the next one (operation/runhook.go Commit: config-changed queues
// start on a unit not yet started, upgrade-charm queues config-changed).
// The rules, their sources and their tests are listed in
// docs/conformance/order.md.
//
//	deploy    on a machine, <storage>-storage-attached per attached storage
//	          (storage/resolver.go: IAAS storage hooks run before install);
//	          install; <endpoint>-relation-created per relation, peers
//	          included (relation/resolver.go createdRelationsResolver: once
//	          installed, before leadership); leader-elected on the leader
//	          (leadership/resolver.go), or under Juju 3 leader-settings-changed
//	          on other units (worker/uniter/leadership/resolver.go: the
//	          leader-settings version starts behind); on Kubernetes the
//	          storage-attached hooks here (storage/resolver.go: CAAS storage
//	          hooks wait while install is queued, and run once nothing is);
//	          config-changed; start; then <container>-pebble-ready per
//	          container once its Pebble answers
//	relate    per relation: relation-created (unless Created has it); the
//	          application-level relation-changed (no remote unit) when the
//	          remote application has written its databag (relation/resolver.go
//	          nextHookForRelation: the remote app settings version differs
//	          from the unit's, which starts at 0, and application hooks come
//	          before joins); then relation-joined and relation-changed per
//	          remote unit, in sorted unit order (sortedUnitNames; the changed
//	          hook is queued by the join, ChangedPending)
//	config    config-changed
//	upgrade   upgrade-charm, config-changed, then pebble-ready per container
//	teardown  <storage>-storage-detaching per attached storage
//	          (storage/resolver.go: a dying unit's storage goes dying; the
//	          storage resolver runs before the dying unit's relations); per
//	          relation, relation-departed per remote unit in sorted order
//	          with this unit as JUJU_DEPARTING_UNIT, then relation-broken
//	          except for peer relations (relation/resolver.go: "Since you
//	          cannot depart peer relations we can safely ignore this hook");
//	          then stop and remove (resolver.go nextOp, life.Dying)
//
// Relations are taken in id order and storage in id order (Juju iterates
// maps there, so any order is Juju's; this one is stable).
func ScenarioWith(name string, st *State, o ScenarioOptions) ([]string, error) {
	var out []string
	rels := liveRelations(st)
	app := st.AppName()
	caas := st.Model.Type == "caas"
	// pebbleReady is each container's pebble-ready: Juju emits it once
	// the workload container's Pebble is up, which on a new unit is after
	// start (the charm container starts first), and again after an upgrade
	// recreates the pod.
	pebbleReady := func() {
		for _, c := range st.Containers {
			out = append(out, c.Name+"-pebble-ready")
		}
	}
	storageHooks := func(kind string) {
		for _, id := range storageIDs(st) {
			out = append(out, storageName(id)+"-storage-"+kind+":id="+id)
		}
	}
	created := func(r Relation) {
		if !o.Created[r.ID] {
			out = append(out, r.Endpoint+"-relation-created:id="+strconv.Itoa(r.ID))
		}
	}
	switch name {
	case "deploy":
		if !caas {
			storageHooks("attached")
		}
		out = append(out, "install")
		for _, r := range rels {
			created(r)
		}
		switch {
		case st.Leader:
			out = append(out, "leader-elected")
		case o.Juju == 3:
			out = append(out, "leader-settings-changed")
		}
		if caas {
			storageHooks("attached")
		}
		out = append(out, "config-changed", "start")
		pebbleReady()
	case "relate":
		for _, r := range rels {
			out = append(out, RelateHooks(r, app, o.Created[r.ID])...)
		}
	case "config":
		out = append(out, "config-changed")
	case "upgrade":
		out = append(out, "upgrade-charm", "config-changed")
		pebbleReady()
	case "teardown":
		storageHooks("detaching")
		for _, r := range rels {
			out = append(out, DepartHooks(r, app, st.Unit)...)
		}
		out = append(out, "stop", "remove")
	default:
		return nil, fmt.Errorf("unknown scenario %q; use deploy, relate, config, upgrade or teardown", name)
	}
	return out, nil
}

// RelateHooks returns the events Juju runs, in order, as relation r (seen
// from application app) comes up: relation-created unless created says it
// already ran; the application-level relation-changed when the remote
// application has written its databag; then relation-joined and
// relation-changed per remote unit in sorted order. It is the "relate"
// scenario for one relation (rules O9-O11 of docs/conformance/order.md).
func RelateHooks(r Relation, app string, created bool) []string {
	var out []string
	id := strconv.Itoa(r.ID)
	if !created {
		out = append(out, r.Endpoint+"-relation-created:id="+id)
	}
	if !r.IsPeer(app) && len(r.RemoteAppData) > 0 {
		out = append(out, r.Endpoint+"-relation-changed:id="+id+",app")
	}
	for _, u := range sortedUnits(r.RemoteUnits) {
		out = append(out, r.Endpoint+"-relation-joined:id="+id+",unit="+u)
		out = append(out, r.Endpoint+"-relation-changed:id="+id+",unit="+u)
	}
	return out
}

// DepartHooks returns the events Juju runs, in order, as relation r (seen
// from application app) goes away: relation-departed per remote unit in
// sorted order, then relation-broken except for a peer relation. departing
// is JUJU_DEPARTING_UNIT: this unit when it is being torn down, or "" when
// the remote units are the ones leaving (each departs itself). It is the
// "teardown" scenario for one relation (rules O13-O15).
func DepartHooks(r Relation, app, departing string) []string {
	var out []string
	id := strconv.Itoa(r.ID)
	for _, u := range sortedUnits(r.RemoteUnits) {
		ev := r.Endpoint + "-relation-departed:id=" + id + ",unit=" + u
		if departing != "" {
			ev += ",departing=" + departing
		}
		out = append(out, ev)
	}
	if !r.IsPeer(app) {
		out = append(out, r.Endpoint+"-relation-broken:id="+id)
	}
	return out
}

// liveRelations returns the relations that are not going away, by id.
func liveRelations(st *State) []Relation {
	var out []Relation
	for _, r := range st.Relations {
		if !r.Broken {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// storageIDs returns the attached storage ids, by name then number.
func storageIDs(st *State) []string {
	ids := make([]string, 0, len(st.Storage))
	for _, s := range st.Storage {
		ids = append(ids, s.ID)
	}
	sort.Slice(ids, func(i, j int) bool {
		ni, nj := storageName(ids[i]), storageName(ids[j])
		if ni != nj {
			return ni < nj
		}
		return unitNumber(ids[i]) < unitNumber(ids[j])
	})
	return ids
}

// sortedUnits returns unit names in the order Juju's relation resolver
// takes them (set.Strings SortedValues: plain string order).
func sortedUnits(units []string) []string {
	out := append([]string(nil), units...)
	sort.Strings(out)
	return out
}

// unitNumber returns the number after the "/" of a unit or storage id.
func unitNumber(id string) int {
	_, n, _ := strings.Cut(id, "/")
	v, _ := strconv.Atoi(n)
	return v
}

// Advance applies to st what Juju itself changes once a hook has run, so
// the next event sees the world Juju would show: a departed unit leaves the
// relation, a broken relation goes away, detached storage goes, and the
// statuses the uniter sets around install, start and remove (reference §4).
func Advance(st *State, hc HookContext) {
	switch {
	case strings.HasSuffix(hc.Hook, "-relation-departed"):
		// The remote unit leaves this unit's view of the relation,
		// whichever of the two is departing.
		gone := hc.RemoteUnit
		if gone == "" {
			gone = hc.DepartingUnit
		}
		if r := st.Relation(hc.RelationID); r != nil {
			var keep []string
			for _, u := range r.RemoteUnits {
				if u != gone {
					keep = append(keep, u)
				}
			}
			r.RemoteUnits = keep
			delete(r.RemoteUnitsData, gone)
		}
	case strings.HasSuffix(hc.Hook, "-storage-detaching"):
		// The uniter removes the attachment once storage-detaching has
		// run (storage/attachments.go CommitHook).
		var keep []Storage
		for _, s := range st.Storage {
			if s.ID != hc.StorageID {
				keep = append(keep, s)
			}
		}
		st.Storage = keep
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
