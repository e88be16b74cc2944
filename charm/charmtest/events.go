package charmtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
)

// Event is one hook or action to run, built by the functions of this
// package (Install, RelationChanged, SecretRotate, PebbleReady, Action, ...).
// An Event names what it is about (a relation, unit, secret, container,
// storage instance) and is resolved against the State at Run: the relation
// id gives the endpoint and remote application, the secret its URI and
// label, the storage id its kind and location, exactly as Juju would put
// them in the hook's environment. Events are values and may be reused.
type Event struct {
	kind string // install, relation-joined, secret-changed, pebble-ready, storage-attached, action, spec, ...

	rel       relRef
	unit      string
	departing string
	appChange bool

	secret   secretRef
	revision int

	container  string
	noticeID   string
	noticeType string
	noticeKey  string
	check      string

	storage string

	action string
	params map[string]any

	spec string
}

// relRef names a relation: by id, and by endpoint when the caller gave one.
type relRef struct {
	id       int
	endpoint string
}

func (r relRef) String() string {
	if r.endpoint != "" {
		return r.endpoint + ":" + strconv.Itoa(r.id)
	}
	return strconv.Itoa(r.id)
}

// secretRef names a secret: by id or URI, or (text only) by label.
type secretRef struct {
	text string
}

// RelationRef is what the relation event builders accept: the
// *jujusim.Relation (or jujusim.Relation) of the state, its id, or a
// charm.RelationID. The relation must be in the state the event runs on.
type RelationRef interface {
	int | *jujusim.Relation | jujusim.Relation | charm.RelationID
}

// SecretRef is what the secret event builders accept: the *jujusim.Secret
// (or jujusim.Secret) of the state, or a string that is the secret's id, its
// URI or its label. The secret must be in the state the event runs on.
type SecretRef interface {
	string | *jujusim.Secret | jujusim.Secret
}

func toRelRef(r any) relRef {
	switch x := r.(type) {
	case int:
		return relRef{id: x}
	case *jujusim.Relation:
		if x == nil {
			return relRef{id: -1}
		}
		return relRef{id: x.ID, endpoint: x.Endpoint}
	case jujusim.Relation:
		return relRef{id: x.ID, endpoint: x.Endpoint}
	case charm.RelationID:
		return relRef{id: x.ID, endpoint: x.Endpoint}
	}
	return relRef{id: -1}
}

func toSecretRef(s any) secretRef {
	switch x := s.(type) {
	case string:
		return secretRef{text: x}
	case *jujusim.Secret:
		if x == nil {
			return secretRef{}
		}
		return secretRef{text: x.ID}
	case jujusim.Secret:
		return secretRef{text: x.ID}
	}
	return secretRef{}
}

// Lifecycle events.

// Install is the install hook: once, first of all.
func Install() Event { return Event{kind: "install"} }

// Start is the start hook.
func Start() Event { return Event{kind: "start"} }

// ConfigChanged is the config-changed hook.
func ConfigChanged() Event { return Event{kind: "config-changed"} }

// UpdateStatus is the periodic update-status hook.
func UpdateStatus() Event { return Event{kind: "update-status"} }

// LeaderElected is the leader-elected hook; Juju runs it only on the
// leader, so the state must have Leader set.
func LeaderElected() Event { return Event{kind: "leader-elected"} }

// UpgradeCharm is the upgrade-charm hook.
func UpgradeCharm() Event { return Event{kind: "upgrade-charm"} }

// Stop is the stop hook. Juju sets the unit status to maintenance
// "stopping charm software" before it runs.
func Stop() Event { return Event{kind: "stop"} }

// Remove is the remove hook, the last a unit runs. Juju sets the unit
// status to maintenance before it and to terminated after it.
func Remove() Event { return Event{kind: "remove"} }

// Relation events.

// RelationCreated is <endpoint>-relation-created for rel: no remote unit.
func RelationCreated[R RelationRef](rel R) Event {
	return Event{kind: "relation-created", rel: toRelRef(rel)}
}

// RelationJoined is <endpoint>-relation-joined: unit (a remote unit of
// rel; "" means its first) joined.
func RelationJoined[R RelationRef](rel R, unit string) Event {
	return Event{kind: "relation-joined", rel: toRelRef(rel), unit: unit}
}

// RelationChanged is <endpoint>-relation-changed for a change in the
// databag of unit (a remote unit of rel; "" means its first).
func RelationChanged[R RelationRef](rel R, unit string) Event {
	return Event{kind: "relation-changed", rel: toRelRef(rel), unit: unit}
}

// RelationChangedApp is <endpoint>-relation-changed for a change in the
// remote application's databag: JUJU_REMOTE_UNIT is empty.
func RelationChangedApp[R RelationRef](rel R) Event {
	return Event{kind: "relation-changed", rel: toRelRef(rel), appChange: true}
}

// RelationDeparted is <endpoint>-relation-departed: the hook observes
// unit's departure (a remote unit of rel; "" means its first), and
// departing is the unit that is leaving (JUJU_DEPARTING_UNIT): unit itself
// (also when ""), or this unit when it is the one leaving the relation.
// After the hook unit is no longer in the relation.
func RelationDeparted[R RelationRef](rel R, unit, departing string) Event {
	return Event{kind: "relation-departed", rel: toRelRef(rel), unit: unit, departing: departing}
}

// RelationBroken is <endpoint>-relation-broken: the relation is going
// away. After the hook it is gone from the state.
func RelationBroken[R RelationRef](rel R) Event {
	return Event{kind: "relation-broken", rel: toRelRef(rel)}
}

// Secret events.

// SecretChanged is secret-changed: a new revision of a secret this unit
// consumes (does not own) is available.
func SecretChanged[S SecretRef](secret S) Event {
	return Event{kind: "secret-changed", secret: toSecretRef(secret)}
}

// SecretRotate is secret-rotate: a secret this unit (or, on the leader,
// its application) owns is due for rotation.
func SecretRotate[S SecretRef](secret S) Event {
	return Event{kind: "secret-rotate", secret: toSecretRef(secret)}
}

// SecretExpired is secret-expired for revision of an owned secret (0 means
// its latest revision).
func SecretExpired[S SecretRef](secret S, revision int) Event {
	return Event{kind: "secret-expired", secret: toSecretRef(secret), revision: revision}
}

// SecretRemove is secret-remove: revision of an owned secret (0 means its
// latest) is tracked by no consumer any more and may be removed.
func SecretRemove[S SecretRef](secret S, revision int) Event {
	return Event{kind: "secret-remove", secret: toSecretRef(secret), revision: revision}
}

// Pebble events.

// PebbleReady is <container>-pebble-ready.
func PebbleReady(container string) Event { return Event{kind: "pebble-ready", container: container} }

// PebbleCustomNotice is <container>-pebble-custom-notice for the notice
// with the given id, type ("" means "custom") and key (required). An empty
// id is a new occurrence of the notice, recorded in the container's Pebble
// before the hook runs, as Pebble records it before Juju emits the event.
func PebbleCustomNotice(container, id, typ, key string) Event {
	return Event{kind: "pebble-custom-notice", container: container, noticeID: id, noticeType: typ, noticeKey: key}
}

// PebbleCheckFailed is <container>-pebble-check-failed for a check (Juju
// 3.6 and later).
func PebbleCheckFailed(container, check string) Event {
	return Event{kind: "pebble-check-failed", container: container, check: check}
}

// PebbleCheckRecovered is <container>-pebble-check-recovered for a check
// (Juju 3.6 and later).
func PebbleCheckRecovered(container, check string) Event {
	return Event{kind: "pebble-check-recovered", container: container, check: check}
}

// Storage events.

// StorageAttached is <name>-storage-attached for the storage instance id
// ("<name>/<n>"), which must be in the state's storage.
func StorageAttached(id string) Event { return Event{kind: "storage-attached", storage: id} }

// StorageDetaching is <name>-storage-detaching for the storage instance id.
func StorageDetaching(id string) Event { return Event{kind: "storage-detaching", storage: id} }

// Action is the action name run with params (nil for none). With metadata,
// params are checked against the action's schema and its defaults are
// filled in, as Juju does. The run's results are in Output and in the
// returned state's Action.
func Action(name string, params map[string]any) Event {
	return Event{kind: "action", action: name, params: params}
}

// Spec is an event written as `charmgen sim` takes it (jujusim.ParseEvent):
// "install", "db-relation-changed:id=3,unit=pg/1", "actions/backup:path=/srv".
// It lets a test replay a simulator session.
func Spec(spec string) Event { return Event{kind: "spec", spec: spec} }

// String describes the event, e.g. RelationJoined(db:3, pg/0).
func (e Event) String() string {
	switch {
	case e.kind == "":
		return "Event{}"
	case e.kind == "spec":
		return "Spec(" + strconv.Quote(e.spec) + ")"
	case e.kind == "action":
		return "Action(" + e.action + ")"
	case strings.HasPrefix(e.kind, "relation-"):
		args := []string{e.rel.String()}
		if e.appChange {
			args = append(args, "app")
		} else if e.unit != "" {
			args = append(args, e.unit)
		}
		if e.departing != "" {
			args = append(args, "departing "+e.departing)
		}
		return e.kind + "(" + strings.Join(args, ", ") + ")"
	case strings.HasPrefix(e.kind, "secret-"):
		if e.revision > 0 {
			return fmt.Sprintf("%s(%s, revision %d)", e.kind, e.secret.text, e.revision)
		}
		return e.kind + "(" + e.secret.text + ")"
	case strings.HasPrefix(e.kind, "pebble-"):
		s := e.container + "-" + e.kind
		if e.check != "" {
			s += "(" + e.check + ")"
		}
		if e.noticeKey != "" {
			s += "(" + e.noticeKey + ")"
		}
		return s
	case strings.HasPrefix(e.kind, "storage-"):
		return e.kind + "(" + e.storage + ")"
	}
	return e.kind
}

// resolve turns the event into the hook context Juju would give it on st,
// and for an action the Action to put in the state. Problems say why the
// event cannot happen on st.
func (e Event) resolve(st *jujusim.State, jujuVersion string) (jujusim.HookContext, *jujusim.Action, []string) {
	var hc jujusim.HookContext
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	if _, ok := parseVersion(jujuVersion); !ok {
		bad("JUJU_VERSION %q is not a Juju version (want e.g. 3.6.4)", jujuVersion)
	}

	switch {
	case e.kind == "spec":
		phc, act, err := jujusim.ParseEvent(e.spec, st)
		if err != nil {
			bad("%v", err)
		}
		return phc, act, problems

	case e.kind == "action":
		if e.action == "" {
			bad("the action has no name")
			return hc, nil, problems
		}
		hc.ActionName, hc.ActionID = e.action, "1"
		act := &jujusim.Action{Name: e.action, ID: "1", Params: map[string]any{}}
		if e.params != nil {
			p, err := normalizeJSON(e.params)
			if err != nil {
				bad("action %q params cannot be encoded as JSON: %v", e.action, err)
			} else {
				act.Params = p.(map[string]any)
			}
		}
		return hc, act, problems

	case strings.HasPrefix(e.kind, "relation-"):
		var r *jujusim.Relation
		if e.rel.id >= 0 {
			r = st.Relation(e.rel.id)
		}
		if r == nil {
			bad("relation %s is not in the state; add it to State.Relations (ids in the state: %s)", e.rel, relationIDs(st))
			return hc, nil, problems
		}
		if e.rel.endpoint != "" && e.rel.endpoint != r.Endpoint {
			bad("relation %d of the state is on endpoint %q, not %q", r.ID, r.Endpoint, e.rel.endpoint)
			return hc, nil, problems
		}
		hc.Hook = r.Endpoint + "-" + e.kind
		hc.Relation, hc.RelationID, hc.RemoteApp = r.Endpoint, r.ID, r.RemoteApp
		switch e.kind {
		case "relation-joined", "relation-changed":
			if e.appChange {
				break
			}
			unit := e.unit
			if unit == "" {
				if len(r.RemoteUnits) == 0 {
					bad("relation %d (%s) has no remote units; add one to remote_units or use RelationChangedApp", r.ID, r.Endpoint)
					break
				}
				unit = r.RemoteUnits[0]
			}
			if !contains(r.RemoteUnits, unit) {
				bad("%s is not a remote unit of relation %d (%s); its remote units are %s", unit, r.ID, r.Endpoint, list(r.RemoteUnits))
			}
			hc.RemoteUnit = unit
		case "relation-departed":
			unit := e.unit
			if unit == "" {
				if len(r.RemoteUnits) == 0 {
					bad("relation %d (%s) has no remote units to depart", r.ID, r.Endpoint)
					break
				}
				unit = r.RemoteUnits[0]
			}
			if _, hasData := r.RemoteUnitsData[unit]; !contains(r.RemoteUnits, unit) && !hasData {
				bad("%s is not a remote unit of relation %d (%s); its remote units are %s", unit, r.ID, r.Endpoint, list(r.RemoteUnits))
			}
			departing := e.departing
			if departing == "" {
				departing = unit
			}
			if departing != unit && departing != st.Unit {
				bad("the departing unit %s is neither the remote unit %s nor this unit %s", departing, unit, st.Unit)
			}
			hc.RemoteUnit, hc.DepartingUnit = unit, departing
		}

	case strings.HasPrefix(e.kind, "secret-"):
		hc.Hook = e.kind
		sec := findSecret(st, e.secret.text)
		if sec == nil {
			bad("secret %q is not in the state; add it to State.Secrets", e.secret.text)
			return hc, nil, problems
		}
		hc.SecretID, hc.SecretLabel = secretURI(sec.ID), sec.Label
		switch e.kind {
		case "secret-changed":
			if sec.Owner != "" {
				bad("secret-changed goes to the consumers of a secret, but this unit's %s owns %s; make it a consumed secret (owner empty)", ownerWord(sec.Owner), hc.SecretID)
			}
		default:
			if sec.Owner == "" {
				bad("%s goes to the owner of a secret, but %s is only consumed here; set its owner to application or unit", e.kind, hc.SecretID)
			} else if sec.Owner == "application" && !st.Leader {
				bad("%s of an application-owned secret goes to the leader, and this unit is not the leader", e.kind)
			}
		}
		if e.kind == "secret-expired" || e.kind == "secret-remove" {
			rev := e.revision
			if rev == 0 {
				if l := sec.Latest(); l != nil {
					rev = l.Revision
				}
			}
			if sec.Revision(rev) == nil {
				bad("secret %s has no revision %d (it has %s)", hc.SecretID, rev, revisions(sec))
			}
			hc.SecretRevision = rev
		}

	case strings.HasPrefix(e.kind, "pebble-"):
		if e.container == "" {
			bad("%s needs a container name", e.kind)
			return hc, nil, problems
		}
		hc.Hook = e.container + "-" + e.kind
		hc.Workload = e.container
		if st.Container(e.container) == nil {
			bad("no container %q in the state; add it to State.Containers (StateFromMetadata adds every container the metadata declares)", e.container)
			return hc, nil, problems
		}
		switch e.kind {
		case "pebble-custom-notice":
			// An empty id is a new occurrence, which jujusim.Prepare
			// records in the container's Pebble and numbers.
			hc.NoticeID, hc.NoticeType, hc.NoticeKey = e.noticeID, e.noticeType, e.noticeKey
			if hc.NoticeType == "" {
				hc.NoticeType = "custom"
			}
			if hc.NoticeKey == "" {
				bad("a custom notice needs a key (e.g. example.com/backup-done)")
			}
		case "pebble-check-failed", "pebble-check-recovered":
			hc.CheckName = e.check
			if hc.CheckName == "" {
				bad("%s needs the name of a check", e.kind)
			}
			if v, ok := parseVersion(jujuVersion); ok && v.less(3, 6) {
				bad("%s needs Juju 3.6 or later; the context runs Juju %s", e.kind, jujuVersion)
			}
		}

	case strings.HasPrefix(e.kind, "storage-"):
		var s *jujusim.Storage
		for i := range st.Storage {
			if st.Storage[i].ID == e.storage {
				s = &st.Storage[i]
			}
		}
		if s == nil {
			bad("storage %q is not attached in the state; add it to State.Storage (attached: %s)", e.storage, storageIDs(st))
			return hc, nil, problems
		}
		name, _, _ := strings.Cut(s.ID, "/")
		hc.Hook = name + "-" + e.kind
		hc.StorageID, hc.StorageLocation, hc.StorageKind = s.ID, s.Location, s.Kind

	default:
		hc.Hook = e.kind
		if e.kind == "leader-elected" && !st.Leader {
			bad("leader-elected runs only on the leader; set Leader in the state")
		}
	}
	return hc, nil, problems
}

func findSecret(st *jujusim.State, ref string) *jujusim.Secret {
	if ref == "" {
		return nil
	}
	want := bareSecretID(ref)
	for i := range st.Secrets {
		if bareSecretID(st.Secrets[i].ID) == want {
			return &st.Secrets[i]
		}
	}
	for i := range st.Secrets {
		if st.Secrets[i].Label == ref {
			return &st.Secrets[i]
		}
	}
	return nil
}

// bareSecretID strips secret: or secret://<model>/ from a secret id.
func bareSecretID(s string) string {
	if rest, ok := strings.CutPrefix(s, "secret://"); ok {
		if i := strings.LastIndexByte(rest, '/'); i >= 0 {
			return rest[i+1:]
		}
		return rest
	}
	return strings.TrimPrefix(s, "secret:")
}

// secretURI is the form Juju puts in JUJU_SECRET_ID.
func secretURI(id string) string {
	if strings.HasPrefix(id, "secret:") {
		return id
	}
	return "secret:" + id
}

func ownerWord(owner string) string {
	if owner == "unit" {
		return "unit"
	}
	return "application"
}

func revisions(s *jujusim.Secret) string {
	var out []string
	for _, r := range s.Revisions {
		out = append(out, strconv.Itoa(r.Revision))
	}
	return list(out)
}

func relationIDs(st *jujusim.State) string {
	var out []string
	for _, r := range st.Relations {
		out = append(out, fmt.Sprintf("%s:%d", r.Endpoint, r.ID))
	}
	return list(out)
}

func storageIDs(st *jujusim.State) string {
	var out []string
	for _, s := range st.Storage {
		out = append(out, s.ID)
	}
	return list(out)
}

// list renders names for a message: "a, b, c", or "none".
func list(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	return strings.Join(items, ", ")
}

func sortedList(items []string) string {
	items = append([]string(nil), items...)
	sort.Strings(items)
	return list(items)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// version is a Juju version, major.minor[.patch][-tag].
type version struct{ major, minor int }

func parseVersion(s string) (version, bool) {
	s, _, _ = strings.Cut(s, "-")
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 4 {
		return version{}, false
	}
	var n [2]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 {
			return version{}, false
		}
		if i < 2 {
			n[i] = x
		}
	}
	return version{n[0], n[1]}, true
}

func (v version) less(major, minor int) bool {
	return v.major < major || (v.major == major && v.minor < minor)
}
