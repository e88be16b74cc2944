package jujutest

import (
	"fmt"
	"strings"
)

// Predicate is a condition on one status snapshot. Besides true or false
// it reports details: for a predicate that does not hold, the entities
// that keep it from holding (the busy list of a timeout); for one that
// holds, the entities that made it hold (the culprits of an error
// predicate). Build custom ones with Func, and combine with And, Or, Not.
// The zero Predicate always holds.
type Predicate struct {
	name string
	eval func(s *Status) (bool, []string)
}

// Eval evaluates the predicate on s.
func (p Predicate) Eval(s *Status) (ok bool, details []string) {
	if p.eval == nil {
		return true, nil
	}
	return p.eval(s)
}

// Holds reports whether the predicate holds for s.
func (p Predicate) Holds(s *Status) bool {
	ok, _ := p.Eval(s)
	return ok
}

// String returns the predicate's name, such as "all-active(db, web)".
func (p Predicate) String() string { return p.name }

// Func makes a predicate from a function. It has no details of its own;
// Wait falls back to a generic busy list when it times out.
func Func(name string, f func(s *Status) bool) Predicate {
	return Predicate{name: name, eval: func(s *Status) (bool, []string) { return f(s), nil }}
}

// And holds when every predicate holds.
func And(ps ...Predicate) Predicate {
	return Predicate{name: joinNames("and", ps), eval: func(s *Status) (bool, []string) {
		ok := true
		var failing, matching []string
		for _, p := range ps {
			pok, d := p.Eval(s)
			if pok {
				matching = append(matching, d...)
			} else {
				ok = false
				failing = append(failing, d...)
			}
		}
		if ok {
			return true, dedup(matching)
		}
		return false, dedup(failing)
	}}
}

// Or holds when any predicate holds.
func Or(ps ...Predicate) Predicate {
	return Predicate{name: joinNames("or", ps), eval: func(s *Status) (bool, []string) {
		ok := false
		var failing, matching []string
		for _, p := range ps {
			pok, d := p.Eval(s)
			if pok {
				ok = true
				matching = append(matching, d...)
			} else {
				failing = append(failing, d...)
			}
		}
		if ok {
			return true, dedup(matching)
		}
		return false, dedup(failing)
	}}
}

// Not inverts a predicate.
func Not(p Predicate) Predicate {
	return Predicate{name: "not(" + p.name + ")", eval: func(s *Status) (bool, []string) {
		ok, d := p.Eval(s)
		return !ok, d
	}}
}

func joinNames(op string, ps []Predicate) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.name
	}
	return op + "(" + strings.Join(names, ", ") + ")"
}

func dedup(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func predName(kind string, apps []string) string {
	return kind + "(" + strings.Join(apps, ", ") + ")"
}

// appsOrAll returns apps, or every application in s when apps is empty.
func appsOrAll(s *Status, apps []string) []string {
	if len(apps) > 0 {
		return apps
	}
	return sortedKeys(s.Apps)
}

// DescribeUnit formats a unit the way timeouts list it:
// "db/0 [executing] maintenance: installing".
func DescribeUnit(name string, u UnitStatus) string {
	w, a := u.Workload(), u.Agent()
	out := fmt.Sprintf("%s [%s] %s", name, orDash(a.Current), orDash(w.Current))
	if w.Message != "" {
		out += ": " + w.Message
	}
	return out
}

// DescribeApp formats an application: "db (app) waiting: waiting for db".
func DescribeApp(name string, a AppStatus) string {
	st := a.Status()
	out := fmt.Sprintf("%s (app) %s", name, orDash(st.Current))
	if st.Message != "" {
		out += ": " + st.Message
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func missing(app string) string { return app + " (missing)" }

// allStatus holds when each app's status and each of its units' workload
// status (subordinates included) equal want. A missing app does not hold.
func allStatus(want string, apps []string) Predicate {
	return Predicate{name: predName("all-"+want, apps), eval: func(s *Status) (bool, []string) {
		var busy []string
		for _, app := range appsOrAll(s, apps) {
			a, ok := s.Apps[app]
			if !ok {
				busy = append(busy, missing(app))
				continue
			}
			if a.Status().Current != want {
				busy = append(busy, DescribeApp(app, a))
			}
			units := s.Units(app)
			for _, name := range sortedKeys(units) {
				if units[name].Workload().Current != want {
					busy = append(busy, DescribeUnit(name, units[name]))
				}
			}
		}
		return len(busy) == 0, busy
	}}
}

// anyStatus holds when an app's status or a unit's workload status equals
// want. Missing apps are ignored.
func anyStatus(want string, apps []string, agentToo bool) Predicate {
	return Predicate{name: predName("any-"+want, apps), eval: func(s *Status) (bool, []string) {
		var match, other []string
		for _, app := range appsOrAll(s, apps) {
			a, ok := s.Apps[app]
			if !ok {
				continue
			}
			if d := DescribeApp(app, a); a.Status().Current == want {
				match = append(match, d)
			} else {
				other = append(other, d)
			}
			units := s.Units(app)
			for _, name := range sortedKeys(units) {
				u := units[name]
				d := DescribeUnit(name, u)
				if u.Workload().Current == want || (agentToo && u.Agent().Current == want) {
					match = append(match, d)
				} else {
					other = append(other, d)
				}
			}
		}
		if len(match) > 0 {
			return true, match
		}
		return false, other
	}}
}

// AllActive holds when the apps (all apps when none are named) and all
// their units, subordinates included, are active. A missing app does not
// hold.
func AllActive(apps ...string) Predicate { return allStatus(StatusActive, apps) }

// AllBlocked is AllActive for "blocked".
func AllBlocked(apps ...string) Predicate { return allStatus(StatusBlocked, apps) }

// AllWaiting is AllActive for "waiting".
func AllWaiting(apps ...string) Predicate { return allStatus(StatusWaiting, apps) }

// AllMaintenance is AllActive for "maintenance".
func AllMaintenance(apps ...string) Predicate { return allStatus(StatusMaintenance, apps) }

// AllError is AllActive for "error".
func AllError(apps ...string) Predicate { return allStatus(StatusError, apps) }

// AnyActive holds when any of the apps (all apps when none are named) or
// any of their units, subordinates included, is active. Missing apps are
// ignored.
func AnyActive(apps ...string) Predicate { return anyStatus(StatusActive, apps, false) }

// AnyBlocked is AnyActive for "blocked".
func AnyBlocked(apps ...string) Predicate { return anyStatus(StatusBlocked, apps, false) }

// AnyWaiting is AnyActive for "waiting".
func AnyWaiting(apps ...string) Predicate { return anyStatus(StatusWaiting, apps, false) }

// AnyMaintenance is AnyActive for "maintenance".
func AnyMaintenance(apps ...string) Predicate { return anyStatus(StatusMaintenance, apps, false) }

// AnyError holds when any of the apps, or any unit's workload or agent,
// is in error. It is the usual FailOn predicate. An entity juju could not
// read (status-error, reported as "failed") is not an error.
func AnyError(apps ...string) Predicate { return anyStatus(StatusError, apps, true) }

// AllAgentsIdle holds when every unit agent (juju-status) of the apps,
// subordinates included, is idle. A missing app does not hold.
func AllAgentsIdle(apps ...string) Predicate {
	return Predicate{name: predName("all-agents-idle", apps), eval: func(s *Status) (bool, []string) {
		var busy []string
		for _, app := range appsOrAll(s, apps) {
			if _, ok := s.Apps[app]; !ok {
				busy = append(busy, missing(app))
				continue
			}
			units := s.Units(app)
			for _, name := range sortedKeys(units) {
				if units[name].Agent().Current != StatusIdle {
					busy = append(busy, DescribeUnit(name, units[name]))
				}
			}
		}
		return len(busy) == 0, busy
	}}
}

// ActiveIdle holds when AllActive and AllAgentsIdle both hold: the
// equivalent of python-libjuju's wait_for_idle(status="active").
func ActiveIdle(apps ...string) Predicate {
	p := And(AllActive(apps...), AllAgentsIdle(apps...))
	p.name = predName("active-idle", apps)
	return p
}

// UnitCount holds when app has exactly n units, subordinates included. An
// absent app has zero units.
func UnitCount(app string, n int) Predicate {
	return unitCount(app, n, "unit-count", func(have int) bool { return have == n })
}

// MinUnits holds when app has at least n units, subordinates included.
func MinUnits(app string, n int) Predicate {
	return unitCount(app, n, "min-units", func(have int) bool { return have >= n })
}

func unitCount(app string, n int, kind string, ok func(int) bool) Predicate {
	return Predicate{name: fmt.Sprintf("%s(%s, %d)", kind, app, n), eval: func(s *Status) (bool, []string) {
		have := len(s.Units(app))
		if ok(have) {
			return true, nil
		}
		return false, []string{fmt.Sprintf("%s has %d units, want %s %d", app, have, map[string]string{"unit-count": "exactly", "min-units": "at least"}[kind], n)}
	}}
}

// AppsAbsent holds when none of the apps is in the model, as after
// remove-application.
func AppsAbsent(apps ...string) Predicate {
	return Predicate{name: predName("apps-absent", apps), eval: func(s *Status) (bool, []string) {
		var present []string
		for _, app := range apps {
			if a, ok := s.Apps[app]; ok {
				present = append(present, DescribeApp(app, a))
			}
		}
		return len(present) == 0, present
	}}
}

// Related holds when the two applications are related; either may be
// "app:endpoint".
func Related(app1, app2 string) Predicate {
	return Predicate{name: "related(" + app1 + ", " + app2 + ")", eval: func(s *Status) (bool, []string) {
		if s.IsRelated(app1, app2) {
			return true, nil
		}
		return false, []string{app1 + " is not related to " + app2}
	}}
}

// BusyEntities lists every application and unit that is not active with
// an idle agent, and every machine whose agent has not started: the
// generic busy list for predicates without details of their own.
func BusyEntities(s *Status) []string {
	var busy []string
	for _, app := range sortedKeys(s.Apps) {
		a := s.Apps[app]
		if a.Status().Current != StatusActive {
			busy = append(busy, DescribeApp(app, a))
		}
		units := s.Units(app)
		for _, name := range sortedKeys(units) {
			u := units[name]
			if u.Workload().Current != StatusActive || u.Agent().Current != StatusIdle {
				busy = append(busy, DescribeUnit(name, u))
			}
		}
	}
	for _, id := range sortedKeys(s.Machines) {
		if st := s.Machines[id].Agent(); st.Current != "started" {
			d := fmt.Sprintf("machine %s %s", id, orDash(st.Current))
			if st.Message != "" {
				d += ": " + st.Message
			}
			busy = append(busy, d)
		}
	}
	return busy
}
