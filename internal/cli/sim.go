package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/internal/simrun"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
	"github.com/spf13/cobra"
)

func newSimCmd(e *env) *cobra.Command {
	var f charmFlags
	var statePath, outPath, dispatch string
	var scenarios []string
	var quiet, explore bool
	var timeout time.Duration
	var budget, samples int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "sim [CHARM_DIR] [--state in.json] [--out out.json] [--scenario NAME]... [EVENT...] | sim [CHARM_DIR] --explore [--budget N] [--seed S] [--samples N]",
		Short: "Run a charm's real dispatch against a simulated Juju unit",
		Long: `Run the charm's dispatch for each event, against a simulated unit agent whose
world is a JSON state file. The agent serves each hook on a Unix socket named
by JUJU_AGENT_SOCKET_ADDRESS, in Juju's own hook-tool protocol (net/rpc with
gob, Jujuc.Main; docs/conformance/protocol.md). The hook tools on PATH are
charmgen itself under each tool's name: jujuc-compatible clients, run by
shell and Python charms as Juju's are. A Go charm built on package charm
calls the socket itself, one connection per hook (CHARMGEN_HOOK_TOOLS=exec
makes it run the tools as processes). A hook's changes are committed only
when dispatch exits 0 and they stay within Juju's limits
(docs/conformance/limits.md): a commit Juju would refuse fails the hook.

CHARM_DIR defaults to the charm the current directory is in (the nearest
directory at or above it holding charmcraft.yaml or metadata.yaml, up to the
repository's top). The charm is built with 'go build' unless --dispatch
names a binary or the charm directory holds an executable dispatch. Without
--state, the unit starts
from a state made from the charm's metadata, with the defaults
charmtest.StateFromMetadata gives, as unit <name>/0, the leader: every
option with its type and default;
one relation per peer endpoint; storage at its minimum count, mounted where
Juju mounts it; a network per binding at 192.0.2.0 (egress 192.0.2.0/24), as
ops.testing; and in the unit's relation databags the keys Juju writes
(ingress-address, egress-subnets; private-address too under Juju 3). A state
file keeps what it says and gains only the options, containers, interfaces
and networks it leaves out.

The unit runs the Juju of --juju, else of charmgen.yaml's juju, else Juju 4:
JUJU_VERSION, the hooks it has (leader-settings-changed is Juju 3 only) and
the keys Juju writes into relation databags follow it.

Events are hook names (install, config-changed, db-relation-joined,
db-relation-changed:id=3,unit=pg/1, db-relation-changed:id=3,app,
secret-rotate:label=x, ...) or actions/<name>:key=value,... Scenarios expand
to Juju's event order (docs/conformance/order.md), against the state at that
point:

  deploy    <storage>-storage-attached for each attached storage (on
            Kubernetes after leader-elected), install, relation-created for
            every relation that exists, peers included, leader-elected (a
            unit that is not the leader: leader-settings-changed under
            Juju 3, nothing under Juju 4), config-changed, start, then
            <container>-pebble-ready for each container
  relate    for each relation: relation-created unless it has run, an
            application-level relation-changed when the remote application
            has data, then relation-joined and relation-changed per remote
            unit, in sorted order
  config    config-changed
  upgrade   upgrade-charm, config-changed, pebble-ready per container
  teardown  storage-detaching for each storage, relation-departed per remote
            unit with this unit as the departing unit, relation-broken for
            each relation but peer ones, stop, remove

--scenario flags run first; to place a scenario among events, write it as
an event: scenario/teardown.

After each event a timeline line shows the exit code, the number of hook
tool calls, the statuses and what was written. Indented lines under it show
the hook's juju-log records at WARNING and above, the action's outcome and
results, a commit Juju refused ("commit refused: ..."), and for a failed
hook the hook tool calls that failed ("failed tool call: ...") and the end
of its stderr. The final state goes to --out (default: back to --state).
The command stops at the first failing hook, as Juju would, and exits 1.

--explore runs charmtest.Explore (docs/explore.md) on the built charm, a
dispatch process per hook: the deploy sequence, then every order Juju
could run of the happenings the metadata implies (charmtest.
MetadataHappenings: a config change, each relation joining, leadership),
up to --budget orders, then --samples more drawn with --seed. Without
--state the unit starts as a follower, so that leadership is a happening.
It prints the orders explored, the number of distinct final states and
each finding (orders that diverge, a hook that fails, a second run that
writes, a unit left in maintenance) with its shrunk counterexample, and
exits 1 on a finding, 0 when every order converges. It takes no events.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "" // the charm the working directory is in
			events := args
			if len(args) > 0 {
				if st, err := os.Stat(args[0]); err == nil && st.IsDir() {
					dir, events = args[0], args[1:]
				}
			}
			// -q hides dispatch's output and, as everywhere, progress lines.
			e.quiet = e.quiet || quiet
			if explore {
				if len(events) > 0 || len(scenarios) > 0 {
					return usageErr("--explore takes no events or --scenario")
				}
				return e.runExplore(cmd.Context(), simOptions{dir: dir, statePath: statePath, dispatch: dispatch, timeout: timeout, flags: &f},
					charmtest.ExploreOptions{Budget: budget, Samples: samples, Seed: seed})
			}
			if len(events) == 0 && len(scenarios) == 0 {
				return usageErr("name at least one event or --scenario")
			}
			return e.runSim(cmd.Context(), simOptions{dir: dir, statePath: statePath, outPath: outPath,
				dispatch: dispatch, scenarios: scenarios, events: events, quiet: quiet, timeout: timeout, flags: &f})
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&statePath, "state", "", "JSON state file to start from (none, or one that does not exist yet: a state made from the metadata)")
	cmd.Flags().StringVar(&outPath, "out", "", "where to write the final state (default: the --state file)")
	cmd.Flags().StringVar(&dispatch, "dispatch", "", "dispatch binary to run instead of building the charm")
	cmd.Flags().StringArrayVar(&scenarios, "scenario", nil, "run a scenario in Juju's event order: deploy, relate, config, upgrade or teardown (repeatable; runs before the events, or write scenario/NAME among them)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "do not show what dispatch prints, nor progress lines (the timeline's detail lines still show)")
	cmd.Flags().DurationVar(&timeout, "timeout", 5*time.Minute, "time limit for one hook")
	cmd.Flags().BoolVar(&explore, "explore", false, "explore the orders of the happenings the metadata implies (docs/explore.md); exit 1 on a finding")
	cmd.Flags().IntVar(&budget, "budget", 500, "with --explore: the orders run exhaustively")
	cmd.Flags().IntVar(&samples, "samples", 100, "with --explore: the orders drawn at random past the budget (negative: none)")
	cmd.Flags().Uint64Var(&seed, "seed", 0, "with --explore: the seed of the random orders")
	return cmd
}

type simOptions struct {
	dir, statePath, outPath, dispatch string
	scenarios, events                 []string
	quiet                             bool
	timeout                           time.Duration
	flags                             *charmFlags
}

func (e *env) runSim(ctx context.Context, o simOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	// An interrupt (Ctrl-C) or SIGTERM cancels the run instead of killing
	// the process at once, so that the deferred Close still removes the
	// runner's work directory (hook tools, sockets, the charm binary it
	// built) and stops a daemon the charm started.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	lc, juju, st, err := e.simStart(o)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	absDir, _ := filepath.Abs(lc.dir)
	r := &simrun.Runner{CharmDir: absDir, ToolBinary: exe, Timeout: o.timeout, JujuVersion: jujusim.JujuVersionOf(juju)}
	if !o.quiet {
		r.Output = prefixWriter{w: e.stderr, prefix: "  | "}
	}
	if err := r.Start(); err != nil {
		return &exitError{code: ExitError, err: err}
	}
	defer r.Close()
	r.Dispatch, err = e.findDispatch(ctx, r, absDir, o.dispatch, lc.charm.Name.V)
	if err != nil {
		return err
	}
	// Scenarios expand when they are reached, against the state at that
	// point: --scenario flags first, then the positional events in order,
	// where scenario/NAME stands for a scenario.
	queue := []string{}
	for _, sc := range o.scenarios {
		queue = append(queue, "scenario/"+sc)
	}
	queue = append(queue, o.events...)
	// Scenarios follow the targeted Juju, and what this run has done: a
	// relation gets its relation-created once.
	scen := jujusim.ScenarioOptions{Juju: juju}
	failed := false
	for len(queue) > 0 {
		ev := queue[0]
		queue = queue[1:]
		if sc, ok := strings.CutPrefix(ev, "scenario/"); ok {
			evs, err := jujusim.ScenarioWith(sc, st, scen)
			if err != nil {
				return usageErr("%v", err)
			}
			queue = append(evs, queue...)
			continue
		}
		// Hooks the targeted Juju does not run (leader-settings-changed
		// under Juju 4) are refused before anything runs.
		if _, _, err := jujusim.ParseEventFor(ev, st, juju); err != nil {
			return &exitError{code: ExitError, err: err}
		}
		next, step, err := r.Run(ctx, st, ev)
		if err != nil {
			return &exitError{code: ExitError, err: err}
		}
		fmt.Fprintln(e.stdout, simrun.Timeline(step, next))
		st = next
		if step.ExitCode == 0 {
			scen.Record(step.Hook)
		}
		if step.ExitCode != 0 {
			failed = true
			fmt.Fprintf(e.stderr, "charmgen: hook %s failed (exit %d); Juju would retry it and run nothing else until it succeeds\n", ev, step.ExitCode)
			break
		}
	}
	out := o.outPath
	if out == "" {
		out = o.statePath
	}
	if out != "" {
		if err := st.Save(out); err != nil {
			return &exitError{code: ExitError, err: err}
		}
	}
	if failed {
		return silent(ExitError)
	}
	return nil
}

// simStart is how both sim runs begin: the charm loaded and its metadata
// checked, the Juju major version to run as, and the unit's start state.
func (e *env) simStart(o simOptions) (*loadedCharm, int, *jujusim.State, error) {
	lc, err := e.loadCharm(o.dir, o.flags)
	if err != nil {
		return nil, 0, nil, err
	}
	if len(lc.errs) > 0 {
		return nil, 0, nil, e.printErrors(lc.errs)
	}
	juju := simJuju(lc, o.flags)
	st, err := e.simState(o.statePath, lc.charm, juju)
	if err != nil {
		return nil, 0, nil, err
	}
	return lc, juju, st, nil
}

// runExplore explores the built charm's hook orders (sim --explore).
func (e *env) runExplore(ctx context.Context, o simOptions, xo charmtest.ExploreOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	lc, juju, st, err := e.simStart(o)
	if err != nil {
		return err
	}
	if o.statePath == "" {
		st.Leader = false
	}
	exe, err := os.Executable()
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	absDir, _ := filepath.Abs(lc.dir)
	// A fixed clock, as Explore's in process: Pebble's timestamps must not
	// make every order's final state differ.
	r := &simrun.Runner{CharmDir: absDir, ToolBinary: exe, Timeout: o.timeout, JujuVersion: jujusim.JujuVersionOf(juju),
		Now: func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }}
	if err := r.Start(); err != nil {
		return &exitError{code: ExitError, err: err}
	}
	defer r.Close()
	r.Dispatch, err = e.findDispatch(ctx, r, absDir, o.dispatch, lc.charm.Name.V)
	if err != nil {
		return err
	}
	xo.Happenings = charmtest.MetadataHappenings(lc.charm, st)
	xo.Juju = juju
	e.progressf("exploring %d happening(s), a dispatch process per hook", len(xo.Happenings))
	hr := &progressHooks{h: &simrun.HookRunner{R: r, Ctx: ctx}, e: e}
	start := time.Now()
	rep, err := charmtest.Explore(hr, st, xo)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	e.progressf("explored %d order(s), %d hook(s) run, in %s", rep.Orders, hr.h.Hooks, time.Since(start).Round(time.Millisecond))
	fmt.Fprint(e.stdout, rep.String())
	if !rep.OK() {
		return silent(ExitError)
	}
	return nil
}

// progressHooks reports progress every 200 hooks.
type progressHooks struct {
	h *simrun.HookRunner
	e *env
}

func (p *progressHooks) RunHook(spec string, st *jujusim.State) (*jujusim.State, []jujusim.Write, error) {
	out, ws, err := p.h.RunHook(spec, st)
	if p.h.Hooks%200 == 0 && p.h.Hooks > 0 {
		p.e.progressf("%d hooks run", p.h.Hooks)
	}
	return out, ws, err
}

// simJuju returns the Juju major version the simulated unit runs: --juju,
// else charmgen.yaml's juju, else 4 (loadCharm has checked --juju).
func simJuju(lc *loadedCharm, f *charmFlags) int {
	if f != nil && f.juju == "3" {
		return 3
	}
	if (f == nil || f.juju == "") && lc.settings != nil && lc.settings.JujuMajor() == 3 {
		return 3
	}
	return 4
}

// simState loads the state file, or makes one from the metadata, and fills
// in what the metadata knows and the state leaves out. A new state is the
// one charmtest.StateFromMetadata makes (jujusim.FromMetadata: options with
// their types and defaults, containers, peer relations, storage at its
// minimum count, a network per binding, relation databags with the keys
// the targeted Juju writes), for unit <name>/0, the leader. A loaded state
// keeps what it says and gains only what it leaves out
// (jujusim.FillFromMetadata).
func (e *env) simState(path string, c *meta.Charm, juju int) (*jujusim.State, error) {
	var st *jujusim.State
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			st, err = jujusim.Load(path)
			if err != nil {
				return nil, &exitError{code: ExitError, err: err}
			}
		}
	}
	if st == nil {
		st = jujusim.FromMetadata(c, c.Name.V+"/0", juju)
		st.Leader = true
		st.Model.Name, st.Model.UUID = "sim", "5e1f5e1f-0000-4000-8000-000000000001"
	} else if err := jujusim.FillFromMetadata(st, c); err != nil {
		return nil, &exitError{code: ExitError, err: fmt.Errorf("%s: %v", path, err)}
	}
	if err := st.Validate(); err != nil {
		return nil, &exitError{code: ExitError, err: fmt.Errorf("%s: %v", path, err)}
	}
	return st, nil
}

// findDispatch returns the dispatch to run: the one named, an executable
// dispatch in the charm directory, or the charm built with go build from
// cmd/<name> (or the directory itself), into the runner's work directory,
// which r.Close removes.
func (e *env) findDispatch(ctx context.Context, r *simrun.Runner, dir, named, name string) (string, error) {
	if named != "" {
		p, err := filepath.Abs(named)
		if err != nil {
			return "", err
		}
		if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			return "", &exitError{code: ExitError, err: fmt.Errorf("--dispatch %s: not an executable file", named)}
		}
		return p, nil
	}
	if st, err := os.Stat(filepath.Join(dir, "dispatch")); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
		return filepath.Join(dir, "dispatch"), nil
	}
	pkg := "."
	if st, err := os.Stat(filepath.Join(dir, "cmd", name)); err == nil && st.IsDir() {
		pkg = "./cmd/" + name
	}
	e.progressf("building %s (go build %s; a first build with a cold cache can take a minute)", name, pkg)
	out, err := r.BuildDispatch(ctx, dir, pkg, e.stderr, e.stderr)
	if err != nil {
		return "", &exitError{code: ExitError, err: fmt.Errorf("building the charm failed: %v", err)}
	}
	return out, nil
}

// prefixWriter indents what a charm prints so it stands apart from the
// timeline.
type prefixWriter struct {
	w      interface{ Write([]byte) (int, error) }
	prefix string
}

func (p prefixWriter) Write(b []byte) (int, error) {
	text := strings.TrimRight(string(b), "\n")
	for _, line := range strings.Split(text, "\n") {
		if _, err := fmt.Fprintln(p.w, p.prefix+line); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}
