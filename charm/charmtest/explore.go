package charmtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charmgen/charmgen/jujusim"
)

// A Happening is something that happens to a deployed unit and that Juju
// turns into one or more hooks: a relation joining or leaving, a config
// change, leadership, a secret due for rotation, an upgrade, a container
// restarting. Explore interleaves the hooks of several happenings.
type Happening interface {
	// String names the happening in reports.
	String() string
	// steps expands the happening into its hooks, in the order Juju runs
	// them (jujusim's scenario rules), each with the change to the world
	// that comes with it.
	steps(st *jujusim.State) ([]step, error)
}

// step is one hook of a happening: the change Juju sees in the world just
// before it runs the hook, and the hook.
type step struct {
	spec    string               // jujusim.ParseEvent form
	mutate  func(*jujusim.State) // the world's change, applied before the hook; may be nil
	touches []string             // what the step reads and changes; nil: everything
	happ    int                  // the happening's index
	pos     int                  // its place in the happening's chain
}

// RelationJoins is a new relation: the remote application (with its app
// databag) and its units (each with its unit databag) join. Juju runs
// relation-created, the application-level relation-changed when AppData is
// set, then relation-joined and relation-changed per unit in sorted order.
type RelationJoins struct {
	ID        int
	Endpoint  string
	RemoteApp string
	Units     []string
	AppData   map[string]string
	UnitData  map[string]map[string]string
}

func (h RelationJoins) String() string {
	return fmt.Sprintf("RelationJoins(%s:%d, %s %s)", h.Endpoint, h.ID, h.RemoteApp, strings.Join(h.Units, " "))
}

func (h RelationJoins) steps(st *jujusim.State) ([]step, error) {
	if st.Relation(h.ID) != nil {
		return nil, fmt.Errorf("%s: relation %d is already in the start state", h, h.ID)
	}
	r := jujusim.Relation{ID: h.ID, Endpoint: h.Endpoint, RemoteApp: h.RemoteApp, RemoteUnits: h.Units, RemoteAppData: h.AppData}
	touch := []string{"rel:" + strconv.Itoa(h.ID)}
	var out []step
	for _, spec := range jujusim.RelateHooks(r, st.AppName(), false) {
		s := step{spec: spec, touches: touch}
		opts := specOptions(spec)
		switch {
		case strings.Contains(spec, "-relation-created"):
			s.mutate = func(st *jujusim.State) {
				st.Relations = append(st.Relations, jujusim.Relation{ID: h.ID, Endpoint: h.Endpoint, RemoteApp: h.RemoteApp})
			}
		case strings.Contains(spec, "-relation-changed") && strings.HasSuffix(spec, ",app"):
			s.mutate = func(st *jujusim.State) { st.Relation(h.ID).RemoteAppData = maps.Clone(h.AppData) }
		case strings.Contains(spec, "-relation-joined"):
			u := opts["unit"]
			s.mutate = func(st *jujusim.State) {
				r := st.Relation(h.ID)
				r.RemoteUnits = append(r.RemoteUnits, u)
				if r.RemoteUnitsData == nil {
					r.RemoteUnitsData = map[string]map[string]string{}
				}
				r.RemoteUnitsData[u] = maps.Clone(h.UnitData[u])
				if r.RemoteUnitsData[u] == nil {
					r.RemoteUnitsData[u] = map[string]string{}
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// RelationLeaves is the remote application of a relation of the start
// state going away: relation-departed per remote unit (each departing
// itself), then relation-broken.
type RelationLeaves struct{ ID int }

func (h RelationLeaves) String() string { return fmt.Sprintf("RelationLeaves(%d)", h.ID) }

func (h RelationLeaves) steps(st *jujusim.State) ([]step, error) {
	r := st.Relation(h.ID)
	if r == nil {
		return nil, fmt.Errorf("%s: no relation %d in the start state", h, h.ID)
	}
	touch := []string{"rel:" + strconv.Itoa(h.ID)}
	var out []step
	for _, spec := range jujusim.DepartHooks(*r, st.AppName(), "") {
		s := step{spec: spec, touches: touch}
		if strings.Contains(spec, "-relation-broken") {
			s.mutate = func(st *jujusim.State) {
				if r := st.Relation(h.ID); r != nil {
					r.Broken = true
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// ConfigChange is the operator setting options (juju config): the values
// change, then config-changed runs.
type ConfigChange map[string]any

func (h ConfigChange) String() string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(h)) {
		parts = append(parts, fmt.Sprintf("%s=%v", k, h[k]))
	}
	return "ConfigChange(" + strings.Join(parts, " ") + ")"
}

func (h ConfigChange) steps(*jujusim.State) ([]step, error) {
	return []step{{spec: "config-changed", mutate: func(st *jujusim.State) {
		if st.Config == nil {
			st.Config = map[string]any{}
		}
		maps.Copy(st.Config, h)
	}}}, nil
}

// LeadershipChange is this unit becoming the leader: leader-elected.
// (Losing leadership runs no hook in Juju 4.)
type LeadershipChange struct{}

func (LeadershipChange) String() string { return "LeadershipChange(leader)" }

func (LeadershipChange) steps(st *jujusim.State) ([]step, error) {
	if st.Leader {
		return nil, errors.New("LeadershipChange: the unit is already the leader in the start state")
	}
	return []step{{spec: "leader-elected", mutate: func(st *jujusim.State) { st.Leader = true }}}, nil
}

// SecretRotation is a secret this unit owns falling due for rotation:
// secret-rotate. Label (or id) names a secret of the start state.
type SecretRotation struct{ Label string }

func (h SecretRotation) String() string { return "SecretRotation(" + h.Label + ")" }

func (h SecretRotation) steps(*jujusim.State) ([]step, error) {
	return []step{{spec: "secret-rotate:label=" + h.Label}}, nil
}

// Upgrade is the charm being upgraded: upgrade-charm, config-changed, then
// pebble-ready per container (jujusim's upgrade scenario).
type Upgrade struct{}

func (Upgrade) String() string { return "Upgrade" }

func (Upgrade) steps(st *jujusim.State) ([]step, error) {
	specs, err := jujusim.Scenario("upgrade", st)
	if err != nil {
		return nil, err
	}
	var out []step
	for _, s := range specs {
		out = append(out, step{spec: s})
	}
	return out, nil
}

// ContainerRestart is a workload container restarting: its Pebble comes
// back empty, then <container>-pebble-ready runs.
type ContainerRestart struct{ Container string }

func (h ContainerRestart) String() string { return "ContainerRestart(" + h.Container + ")" }

func (h ContainerRestart) steps(st *jujusim.State) ([]step, error) {
	if st.Container(h.Container) == nil {
		return nil, fmt.Errorf("%s: no container %s in the start state", h, h.Container)
	}
	return []step{{spec: h.Container + "-pebble-ready", touches: []string{"container:" + h.Container}, mutate: func(st *jujusim.State) {
		if c := st.Container(h.Container); c != nil {
			c.CanConnect = false
			c.Layers, c.Services, c.Checks = nil, nil, nil
		}
	}}}, nil
}

func specOptions(spec string) map[string]string {
	m := map[string]string{}
	_, opts, _ := strings.Cut(spec, ":")
	for _, kv := range strings.Split(opts, ",") {
		k, v, _ := strings.Cut(kv, "=")
		if k != "" {
			m[k] = v
		}
	}
	return m
}

// ExploreOptions says what Explore interleaves and how far it goes.
type ExploreOptions struct {
	// Happenings are interleaved after the start.
	Happenings []Happening
	// Installed says the start state is a unit already deployed; otherwise
	// Juju's deploy sequence (install, relation-created, leader-elected,
	// config-changed, start, pebble-ready) runs first, in every order.
	Installed bool
	// Budget bounds the orders run exhaustively (default 500); past it,
	// Samples more orders (default 100) are drawn at random with Seed.
	Budget  int
	Samples int
	Seed    uint64
	// NoReduction runs every interleaving, equivalent ones included.
	NoReduction bool
	// Check, when set, says what is wrong with a final state (a status
	// that contradicts it), or "".
	Check func(*jujusim.State) string
	// Juju is the Juju major version whose deploy sequence runs first;
	// zero means the Context's (WithJujuVersion), or 4 for a HookRunner.
	Juju int
}

// A HookRunner runs one hook for Explore: *Context runs the charm in
// process; charmgen sim runs a built charm's dispatch, a process per hook
// (internal/simrun). RunHook runs the hook spec (jujusim.ParseEvent form)
// on a copy of st and returns the state after it and the writes the hook
// made (a second run on that state that makes any is not idempotent). A
// hook the charm failed is a *CharmError, whose Err says how; any other
// error stops the exploration.
type HookRunner interface {
	RunHook(spec string, st *jujusim.State) (*jujusim.State, []jujusim.Write, error)
}

// RunHook runs the hook spec on st in process: the Context's HookRunner.
func (c *Context) RunHook(spec string, st *jujusim.State) (*jujusim.State, []jujusim.Write, error) {
	out, o, err := c.RunOutput(Spec(spec), st)
	return out, o.Writes, err
}

// Report is what Explore found.
type Report struct {
	Happenings []string
	// Orders is the number of orders run; Exhaustive says they were all
	// the orders there are (up to equivalence), Sampled how many were
	// drawn at random past the budget.
	Orders     int
	Exhaustive bool
	Sampled    int
	// Explored lists the orders run, deploy hooks included, in the order
	// they ran (not in String).
	Explored [][]string
	// FinalStates is the number of distinct final states.
	FinalStates int
	// Each finding is shrunk: the fewest happenings that still show it,
	// and the shortest order.
	Divergence    *Divergence
	Failure       *Finding
	NotIdempotent *Finding
	BadStatus     *Finding
}

// Divergence is two orders of the same happenings that end in different
// states, and the difference (A's value, then B's).
type Divergence struct {
	Happenings []string
	A, B       []string
	Diff       []string
}

// Finding is an order (up to the hook at fault) and what went wrong.
type Finding struct {
	Happenings []string
	Order      []string
	Problem    string
}

// OK reports whether nothing was found.
func (r *Report) OK() bool {
	return r.Divergence == nil && r.Failure == nil && r.NotIdempotent == nil && r.BadStatus == nil
}

// String renders the report; the same inputs and seed give the same text.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "happenings: %s\n", strings.Join(r.Happenings, ", "))
	fmt.Fprintf(&b, "orders: %d (exhaustive: %v, sampled: %d), final states: %d\n", r.Orders, r.Exhaustive, r.Sampled, r.FinalStates)
	if d := r.Divergence; d != nil {
		fmt.Fprintf(&b, "orders diverge (with %s):\n  A: %s\n  B: %s\n", strings.Join(d.Happenings, ", "), strings.Join(d.A, " "), strings.Join(d.B, " "))
		for _, l := range d.Diff {
			b.WriteString("  " + l + "\n")
		}
	}
	for _, f := range []struct {
		what string
		f    *Finding
	}{{"hook fails", r.Failure}, {"not idempotent", r.NotIdempotent}, {"bad status", r.BadStatus}} {
		if f.f != nil {
			fmt.Fprintf(&b, "%s (with %s):\n  order: %s\n  %s\n", f.what, strings.Join(f.f.Happenings, ", "), strings.Join(f.f.Order, " "), strings.ReplaceAll(f.f.Problem, "\n", "\n  "))
		}
	}
	if r.OK() {
		b.WriteString("all orders converge\n")
	}
	return b.String()
}

// Explore runs the charm on the interleavings of o.Happenings that Juju's
// uniter allows, from st (see docs/explore.md), and reports final states
// that differ between orders, hooks that fail, second runs that write, and
// units left in maintenance (or failing o.Check). Two hooks of different
// happenings commute, and only one of their orders is run, when both touch
// one relation or container each and not the same; config-changed,
// leader-elected, upgrade-charm, secret-rotate and the deploy hooks commute
// with nothing. Unless the Context has a clock (WithClock), every hook
// sees the same fixed time, so that timestamps (Pebble's) do not differ
// between orders.
func (c *Context) Explore(st *jujusim.State, o ExploreOptions) (*Report, error) {
	if c.now == nil {
		// Pebble stamps changes, notices and services with the clock: a
		// wall clock would make every order's final state differ.
		c.now = exploreClock
		defer func() { c.now = nil }()
	}
	if o.Juju == 0 {
		o.Juju = 4
		if v, ok := parseVersion(c.jujuVersion); ok {
			o.Juju = v.major
		}
	}
	return Explore(c, st, o)
}

// Explore is (*Context).Explore with hooks run by r, such as a built
// charm's dispatch (charmgen sim --explore). The clock is r's to fix:
// Explore changes nothing in r.
func Explore(r HookRunner, st *jujusim.State, o ExploreOptions) (*Report, error) {
	if o.Budget <= 0 {
		o.Budget = 500
	}
	if o.Samples < 0 {
		o.Samples = 0
	} else if o.Samples == 0 {
		o.Samples = 100
	}
	x := &explorer{r: r, o: o, start: st, memo: map[string]*node{}, idem: map[string]string{}}
	if !o.Installed {
		juju := o.Juju
		if juju == 0 {
			juju = 4
		}
		specs, err := jujusim.ScenarioWith("deploy", st, jujusim.ScenarioOptions{Juju: juju})
		if err != nil {
			return nil, err
		}
		for _, s := range specs {
			x.prefix = append(x.prefix, step{spec: s, happ: -1})
		}
	}
	for i, h := range o.Happenings {
		ss, err := h.steps(st)
		if err != nil {
			return nil, fmt.Errorf("charmtest: Explore: %w", err)
		}
		for j := range ss {
			ss[j].happ, ss[j].pos = i, j
		}
		x.chains = append(x.chains, ss)
	}
	all := make([]int, len(o.Happenings))
	for i := range all {
		all[i] = i
	}
	res, err := x.explore(all, true)
	if err != nil {
		return nil, err
	}
	rep := &Report{Orders: len(res.orders), Exhaustive: res.exhaustive, Sampled: res.sampled}
	for _, h := range o.Happenings {
		rep.Happenings = append(rep.Happenings, h.String())
	}
	finals := map[string]bool{}
	for _, or := range res.orders {
		rep.Explored = append(rep.Explored, x.full(or.order))
		if or.fail == "" {
			finals[or.final] = true
		}
	}
	rep.FinalStates = len(finals)
	if len(finals) > 1 {
		if rep.Divergence, err = x.shrinkDivergence(all); err != nil {
			return nil, err
		}
	}
	for _, kind := range []struct {
		dst **Finding
		get func(orderResult) string
	}{
		{&rep.Failure, func(r orderResult) string { return r.fail }},
		{&rep.NotIdempotent, func(r orderResult) string { return r.idem }},
		{&rep.BadStatus, func(r orderResult) string { return r.status }},
	} {
		if slices.ContainsFunc(res.orders, func(r orderResult) bool { return kind.get(r) != "" }) {
			if *kind.dst, err = x.shrinkFinding(all, kind.get); err != nil {
				return nil, err
			}
		}
	}
	return rep, nil
}

// exploreClock is the time hooks see under Explore without WithClock.
func exploreClock() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

type explorer struct {
	r      HookRunner
	o      ExploreOptions
	start  *jujusim.State
	prefix []step
	chains [][]step
	memo   map[string]*node  // order prefix → state after it
	idem   map[string]string // spec + state → writes of a second run
}

type node struct {
	st     *jujusim.State
	fail   string
	idem   string
	failAt int
}

type orderResult struct {
	order  []step
	final  string // the final state, flattened
	fail   string // a hook that failed, and how
	idem   string // a second run that wrote
	status string
	upTo   int // steps up to the finding
}

type exploreResult struct {
	orders     []orderResult
	exhaustive bool
	sampled    int
}

// independent reports whether two steps commute: different happenings,
// each touching something known, nothing shared.
func (x *explorer) independent(a, b step) bool {
	if x.o.NoReduction || a.happ == b.happ || a.touches == nil || b.touches == nil {
		return false
	}
	for _, t := range a.touches {
		if slices.Contains(b.touches, t) {
			return false
		}
	}
	return true
}

func less(a, b step) bool { return a.happ < b.happ || (a.happ == b.happ && a.pos < b.pos) }

// canonicalNext reports whether appending s to seq keeps it the least
// order of its equivalence class (Anisimov and Knuth: no b·u·a with a < b
// and a commuting with every step of b·u).
func (x *explorer) canonicalNext(seq []step, s step) bool {
	for j := len(seq) - 1; j >= 0; j-- {
		if !x.independent(seq[j], s) {
			return true
		}
		if less(s, seq[j]) {
			return false
		}
	}
	return true
}

// orderKey names an order by its hooks' specs, happenings and places:
// two happenings' hooks can have one spec (a ConfigChange's config-changed
// and an Upgrade's) and not the same change to the world.
func orderKey(ss []step) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "%s@%d.%d ", s.spec, s.happ, s.pos)
	}
	return b.String()
}

func specs(ss []step) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.spec
	}
	return out
}

func (x *explorer) explore(hs []int, sample bool) (exploreResult, error) {
	var res exploreResult
	pos := make([]int, len(x.chains))
	total := 0
	for _, h := range hs {
		total += len(x.chains[h])
	}
	seen := map[string]bool{}
	var seq []step
	errBudget := errors.New("budget")
	var dfs func() error
	dfs = func() error {
		if len(seq) == total {
			if len(res.orders) >= x.o.Budget {
				return errBudget
			}
			or, err := x.runOrder(seq)
			if err != nil {
				return err
			}
			seen[orderKey(seq)] = true
			res.orders = append(res.orders, or)
			return nil
		}
		if n, err := x.state(seq); err != nil || n.fail != "" {
			if err != nil {
				return err
			}
			// A failed hook ends the order: Juju retries it.
			if len(res.orders) >= x.o.Budget {
				return errBudget
			}
			or, err := x.runOrder(seq)
			if err != nil {
				return err
			}
			res.orders = append(res.orders, or)
			return nil
		}
		for _, h := range hs {
			if pos[h] == len(x.chains[h]) {
				continue
			}
			s := x.chains[h][pos[h]]
			if !x.canonicalNext(seq, s) {
				continue
			}
			seq = append(seq, s)
			pos[h]++
			err := dfs()
			pos[h]--
			seq = seq[:len(seq)-1]
			if err != nil {
				return err
			}
		}
		return nil
	}
	err := dfs()
	switch {
	case err == nil:
		res.exhaustive = true
		return res, nil
	case !errors.Is(err, errBudget):
		return res, err
	}
	if !sample {
		return res, nil
	}
	rng := rand.New(rand.NewPCG(x.o.Seed, 0x9e3779b97f4a7c15))
	for tries := 0; res.sampled < x.o.Samples && tries < 20*x.o.Samples; tries++ {
		var order []step
		p := make([]int, len(x.chains))
		for len(order) < total {
			var enabled []int
			for _, h := range hs {
				if p[h] < len(x.chains[h]) {
					enabled = append(enabled, h)
				}
			}
			h := enabled[rng.IntN(len(enabled))]
			order = append(order, x.chains[h][p[h]])
			p[h]++
		}
		order = x.normalForm(order)
		key := orderKey(order)
		if seen[key] {
			continue
		}
		seen[key] = true
		or, err := x.runOrder(order)
		if err != nil {
			return res, err
		}
		res.orders = append(res.orders, or)
		res.sampled++
	}
	return res, nil
}

// normalForm returns the least order equivalent to order: repeatedly take
// the least step that commutes with every step before it.
func (x *explorer) normalForm(order []step) []step {
	rest := slices.Clone(order)
	var out []step
	for len(rest) > 0 {
		best := -1
		for i, s := range rest {
			free := true
			for _, t := range rest[:i] {
				if !x.independent(t, s) {
					free = false
					break
				}
			}
			if free && (best < 0 || less(s, rest[best])) {
				best = i
			}
		}
		out = append(out, rest[best])
		rest = slices.Delete(rest, best, best+1)
	}
	return out
}

// state returns the state after the deploy prefix and seq, running (and
// remembering) every hook on the way.
func (x *explorer) state(seq []step) (*node, error) {
	full := append(slices.Clone(x.prefix), seq...)
	return x.stateOf(full)
}

func (x *explorer) stateOf(full []step) (*node, error) {
	key := orderKey(full)
	if n, ok := x.memo[key]; ok {
		return n, nil
	}
	var n *node
	if len(full) == 0 {
		n = &node{st: x.start, failAt: -1}
	} else {
		parent, err := x.stateOf(full[:len(full)-1])
		if err != nil {
			return nil, err
		}
		if parent.fail != "" {
			return parent, nil
		}
		n, err = x.run(parent, full[len(full)-1], len(full)-1)
		if err != nil {
			return nil, err
		}
	}
	x.memo[key] = n
	return n, nil
}

// run runs one step on the parent's state, and a second time to check
// that it writes nothing.
func (x *explorer) run(parent *node, s step, at int) (*node, error) {
	st, err := copyState(parent.st)
	if err != nil {
		return nil, err
	}
	if s.mutate != nil {
		s.mutate(st)
	}
	out, _, err := x.r.RunHook(s.spec, st)
	var ce *CharmError
	switch {
	case errors.As(err, &ce):
		return &node{st: out, fail: fmt.Sprintf("%s failed: %v", s.spec, ce.Err), failAt: at}, nil
	case err != nil:
		return nil, fmt.Errorf("charmtest: Explore: %s: %w", s.spec, err)
	}
	n := &node{st: out, idem: parent.idem, failAt: parent.failAt}
	if n.idem == "" && repeatable(s.spec) {
		data, _ := out.Marshal()
		k := s.spec + "\x00" + string(data)
		w, ok := x.idem[k]
		if !ok {
			_, writes, err := x.r.RunHook(s.spec, out)
			switch {
			case err != nil:
				w = "second run failed: " + err.Error()
			case len(writes) > 0:
				w = FormatWrites(writes)
			}
			x.idem[k] = w
		}
		if w != "" {
			n.idem, n.failAt = fmt.Sprintf("a second %s writes:\n%s", s.spec, w), at
		}
	}
	return n, nil
}

func repeatable(spec string) bool {
	name, _, _ := strings.Cut(spec, ":")
	// secret-rotate, -expired and -remove have dedicated handlers that
	// act once per event (rotating twice is two rotations).
	return !(name == "install" || name == "stop" || name == "remove" ||
		name == "secret-rotate" || name == "secret-expired" || name == "secret-remove" ||
		strings.HasSuffix(name, "-relation-departed") || strings.HasSuffix(name, "-relation-broken"))
}

func (x *explorer) runOrder(seq []step) (orderResult, error) {
	n, err := x.state(seq)
	if err != nil {
		return orderResult{}, err
	}
	or := orderResult{order: slices.Clone(seq), fail: n.fail, idem: n.idem, upTo: n.failAt + 1}
	if n.fail != "" {
		return or, nil
	}
	or.final = flatten(n.st)
	if s := n.st.UnitStatus; s.Status == "maintenance" || s.Status == "error" {
		or.status = fmt.Sprintf("unit left in %s: %s", s.Status, s.Message)
	} else if x.o.Check != nil {
		or.status = x.o.Check(n.st)
	}
	return or, nil
}

// flatten renders what an order leaves that another order could leave
// differently (not logs or histories) as sorted "path = value" lines.
func flatten(st *jujusim.State) string {
	cp, err := copyState(st)
	if err != nil {
		return err.Error()
	}
	cp.Logs, cp.UnitStatusHistory, cp.AppStatusHistory, cp.WorkloadVersionHistory, cp.Action = nil, nil, nil, nil, nil
	// Relations (and their units) are a set: the order they came in is
	// not part of the state.
	sort.SliceStable(cp.Relations, func(i, j int) bool { return cp.Relations[i].ID < cp.Relations[j].ID })
	for i := range cp.Relations {
		sort.Strings(cp.Relations[i].RemoteUnits)
	}
	data, _ := json.Marshal(cp)
	var v any
	_ = json.Unmarshal(data, &v)
	var lines []string
	var walk func(p string, v any)
	walk = func(p string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(t)) {
				walk(p+"."+k, t[k])
			}
		case []any:
			for i, e := range t {
				walk(p+"["+strconv.Itoa(i)+"]", e)
			}
		default:
			b, _ := json.Marshal(t)
			lines = append(lines, strings.TrimPrefix(p, ".")+" = "+string(b))
		}
	}
	walk("", v)
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// diff lists the lines of a and b that differ, "-" for A's, "+" for B's.
func diff(a, b string) []string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for _, l := range la {
		if !slices.Contains(lb, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range lb {
		if !slices.Contains(la, l) {
			out = append(out, "+ "+l)
		}
	}
	return out
}

// shrink removes happenings, one at a time, while pred still holds of the
// exploration of the rest.
func (x *explorer) shrink(hs []int, pred func(exploreResult) bool) ([]int, exploreResult, error) {
	cur, err := x.explore(hs, false)
	if err != nil {
		return nil, cur, err
	}
	for i := 0; i < len(hs); {
		try := slices.Delete(slices.Clone(hs), i, i+1)
		res, err := x.explore(try, false)
		if err != nil {
			return nil, cur, err
		}
		if pred(res) {
			hs, cur = try, res
			continue
		}
		i++
	}
	return hs, cur, nil
}

func (x *explorer) names(hs []int) []string {
	var out []string
	for _, h := range hs {
		out = append(out, x.o.Happenings[h].String())
	}
	return out
}

func (x *explorer) shrinkDivergence(hs []int) (*Divergence, error) {
	diverges := func(r exploreResult) bool {
		f := ""
		for _, o := range r.orders {
			if o.fail != "" {
				continue
			}
			if f != "" && o.final != f {
				return true
			}
			f = o.final
		}
		return false
	}
	hs, res, err := x.shrink(hs, diverges)
	if err != nil {
		return nil, err
	}
	// The closest pair: an order and the same order with two adjacent
	// hooks of different happenings swapped.
	for _, a := range res.orders {
		if a.fail != "" {
			continue
		}
		for i := 0; i+1 < len(a.order); i++ {
			if a.order[i].happ == a.order[i+1].happ {
				continue
			}
			b := slices.Clone(a.order)
			b[i], b[i+1] = b[i+1], b[i]
			rb, err := x.runOrder(b)
			if err != nil {
				return nil, err
			}
			if rb.fail == "" && rb.final != a.final {
				return &Divergence{Happenings: x.names(hs), A: x.full(a.order), B: x.full(b), Diff: diff(a.final, rb.final)}, nil
			}
		}
	}
	var a *orderResult
	for i := range res.orders {
		o := &res.orders[i]
		if o.fail != "" {
			continue
		}
		if a == nil {
			a = o
		} else if o.final != a.final {
			return &Divergence{Happenings: x.names(hs), A: x.full(a.order), B: x.full(o.order), Diff: diff(a.final, o.final)}, nil
		}
	}
	return nil, nil
}

// full is the order with the deploy prefix.
func (x *explorer) full(seq []step) []string { return specs(append(slices.Clone(x.prefix), seq...)) }

func (x *explorer) shrinkFinding(hs []int, get func(orderResult) string) (*Finding, error) {
	has := func(r exploreResult) bool {
		return slices.ContainsFunc(r.orders, func(o orderResult) bool { return get(o) != "" })
	}
	hs, res, err := x.shrink(hs, has)
	if err != nil {
		return nil, err
	}
	var best *orderResult
	for i := range res.orders {
		o := &res.orders[i]
		if get(*o) == "" {
			continue
		}
		if best == nil || o.upTo < best.upTo {
			best = o
		}
	}
	if best == nil {
		return nil, nil
	}
	if best.status == "" || get(*best) != best.status {
		// A failing hook or a second run that writes: the order up to it,
		// shrunk hook by hook.
		b, err := x.shrinkOrder(x.upTo(*best), get)
		if err != nil {
			return nil, err
		}
		return &Finding{Happenings: x.names(hs), Order: x.full(x.upTo(b)), Problem: get(b)}, nil
	}
	return &Finding{Happenings: x.names(hs), Order: x.full(best.order), Problem: get(*best)}, nil
}

// upTo is r's order up to the hook at fault, deploy hooks left out.
func (x *explorer) upTo(r orderResult) []step {
	n := max(r.upTo-len(x.prefix), 0)
	return r.order[:min(n, len(r.order))]
}

// shrinkOrder makes a failing order (a failing hook, a second run that
// writes) smaller while get still finds the problem: it removes a hook
// that is the last of its happening in the order (what is left is still
// an order Juju could run, cut short), else swaps two adjacent hooks of
// different happenings into the happenings' order, first chance first,
// until neither helps. Each change is kept only when the problem
// persists, and the order is cut after the hook at fault; removals
// shorten it and swaps make it lexicographically smaller, so it ends, and
// the same input gives the same order.
func (x *explorer) shrinkOrder(seq []step, get func(orderResult) string) (orderResult, error) {
	cur, err := x.runOrder(seq)
	if err != nil {
		return cur, err
	}
	try := func(cand []step) (bool, error) {
		r, err := x.runOrder(cand)
		if err != nil || get(r) == "" {
			return false, err
		}
		r.order = x.upTo(r)
		cur = r
		return true, nil
	}
	for changed := true; changed; {
		changed = false
		order := x.upTo(cur)
		for i := len(order) - 1; i >= 0 && !changed; i-- {
			if slices.ContainsFunc(order[i+1:], func(s step) bool { return s.happ == order[i].happ }) {
				continue
			}
			if changed, err = try(slices.Delete(slices.Clone(order), i, i+1)); err != nil {
				return cur, err
			}
		}
		for i := 0; i+1 < len(order) && !changed; i++ {
			if order[i].happ == order[i+1].happ || !less(order[i+1], order[i]) {
				continue
			}
			cand := slices.Clone(order)
			cand[i], cand[i+1] = cand[i+1], cand[i]
			if changed, err = try(cand); err != nil {
				return cur, err
			}
		}
	}
	return cur, nil
}
