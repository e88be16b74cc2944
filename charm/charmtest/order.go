package charmtest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmgen/charmgen/jujusim"
)

// CheckOrder checks an order of hooks (jujusim.ParseEvent specs, as in
// Report.Explored) run from the state start, deploy included, against the
// rules of docs/conformance/order.md: on a machine, storage-attached before
// install (O1); on Kubernetes, after the leadership hook and before
// config-changed (O2); install first (after O1's hooks) and once (O3),
// config-changed before start (O7), the leader's leader-elected before
// config-changed (O4, O5), joins, departures, upgrade-charm, pebble-ready
// and secret-rotate only once started, upgrade-charm followed by
// config-changed (O17), and per relation: created once and first unless
// the relation is in start (O9), the remote application's changed before
// any join (O10), each unit joined once, in sorted order, and changed
// only after its join (O11), nothing after broken and every unit of
// start's relation departed before it (O13). The order must get as far
// as start (one cut short before it breaks O7). It returns the first rule
// broken, or nil.
//
// The rules are written out here from order.md on their own, not taken
// from the scenario rules that generate orders (jujusim), so that it can
// check them: Explore's tests run it on every order they explore.
func CheckOrder(order []string, start *jujusim.State) error {
	type parsed struct {
		name, rel, unit string
		app             bool
	}
	ps := make([]parsed, len(order))
	for i, spec := range order {
		name, opts, _ := strings.Cut(spec, ":")
		p := parsed{name: name}
		for _, kv := range strings.Split(opts, ",") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "id":
				if strings.Contains(name, "-relation-") {
					p.rel = v // a storage hook's id names its storage
				}
			case "unit":
				p.unit = v
			case "app":
				p.app = true
			}
		}
		ps[i] = p
	}
	index := func(name string) int { return slices.IndexFunc(ps, func(p parsed) bool { return p.name == name }) }
	attached := func(p parsed) bool { return strings.HasSuffix(p.name, "-storage-attached") }
	// O1: on a machine, storage-attached for each attached storage comes
	// before install, so install is first after those.
	kubernetes := len(start.Containers) > 0
	first := 0
	if !kubernetes {
		for first < len(ps) && attached(ps[first]) {
			first++
		}
	}
	// O3: install first, once.
	if first >= len(ps) || ps[first].name != "install" {
		return fmt.Errorf("O3: install is not first")
	}
	// O2: on Kubernetes, storage-attached after the leadership hook and
	// before config-changed; on a machine (O1) never after install.
	leaderHook := slices.IndexFunc(ps, func(p parsed) bool { return p.name == "leader-elected" || p.name == "leader-settings-changed" })
	for i, p := range ps {
		if !attached(p) {
			continue
		}
		if kubernetes {
			if cfg := index("config-changed"); (leaderHook >= 0 && i < leaderHook) || (cfg >= 0 && i > cfg) {
				return fmt.Errorf("O2: %s not between the leadership hook and config-changed", order[i])
			}
		} else if i > first {
			return fmt.Errorf("O1: %s after install", order[i])
		}
	}
	started := index("start")
	cfg := index("config-changed")
	// O7: config-changed, then start.
	if started < 0 || cfg < 0 || cfg > started {
		return fmt.Errorf("O7: no config-changed before start")
	}
	for i, p := range ps {
		if i > first && p.name == "install" {
			return fmt.Errorf("O3: install at %d", i)
		}
		// O4, O5: leader-elected before config-changed on deploy.
		if p.name == "leader-elected" && start.Leader && i > cfg {
			return fmt.Errorf("O5: the leader's leader-elected after config-changed")
		}
		// Joins, departures, upgrades and Pebble come once started.
		for _, suf := range []string{"-relation-joined", "-relation-departed", "-relation-broken", "upgrade-charm", "-pebble-ready", "secret-rotate"} {
			if strings.HasSuffix(p.name, suf) && i < started {
				return fmt.Errorf("%s before start", p.name)
			}
		}
		// O17: upgrade-charm, then config-changed.
		if p.name == "upgrade-charm" && !slices.ContainsFunc(ps[i+1:], func(q parsed) bool { return q.name == "config-changed" }) {
			return fmt.Errorf("O17: upgrade-charm with no config-changed after it")
		}
	}
	// Per relation: O4/O9 created first and once, O10 the app's changed
	// before the joins, O11 joined before changed and joins in sorted
	// order, O13 departed before broken and nothing after broken.
	rels := map[string]bool{}
	for _, p := range ps {
		if p.rel != "" {
			rels[p.rel] = true
		}
	}
	for id := range rels {
		var created, broken bool
		joined, departed := map[string]bool{}, map[string]bool{}
		var lastJoin string
		inStart := slices.ContainsFunc(start.Relations, func(r jujusim.Relation) bool { return fmt.Sprint(r.ID) == id })
		for i, p := range ps {
			if p.rel != id {
				continue
			}
			kind := p.name[strings.LastIndex(p.name, "-relation-")+len("-relation-"):]
			if broken {
				return fmt.Errorf("O13: %s after relation %s broke", order[i], id)
			}
			if kind == "created" {
				if created {
					return fmt.Errorf("O9: relation %s created twice", id)
				}
				created = true
				continue
			}
			if !created && !inStart {
				return fmt.Errorf("O9: %s before relation-created", order[i])
			}
			switch {
			case kind == "changed" && p.app:
				if len(joined) > 0 {
					return fmt.Errorf("O10: the app's relation-changed after a join")
				}
			case kind == "joined":
				if joined[p.unit] || departed[p.unit] {
					return fmt.Errorf("O11: %s joins twice or after departing", p.unit)
				}
				if p.unit < lastJoin {
					return fmt.Errorf("O11: %s joins after %s", p.unit, lastJoin)
				}
				joined[p.unit], lastJoin = true, p.unit
			case kind == "changed":
				if departed[p.unit] || (!joined[p.unit] && !inStart) {
					return fmt.Errorf("O11: relation-changed of %s not after its join", p.unit)
				}
			case kind == "departed":
				departed[p.unit] = true
			case kind == "broken":
				broken = true
			}
		}
		if broken {
			r := slices.IndexFunc(start.Relations, func(r jujusim.Relation) bool { return fmt.Sprint(r.ID) == id })
			if r >= 0 {
				for _, u := range start.Relations[r].RemoteUnits {
					if !departed[u] {
						return fmt.Errorf("O13: relation %s broke before %s departed", id, u)
					}
				}
			}
		}
	}
	return nil
}
