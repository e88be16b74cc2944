package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/charmgen/charmgen/internal/gen/emit"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/internal/simrun"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
	"github.com/charmgen/charmgen/meta"
	"github.com/spf13/cobra"
)

// simScenarios are the scenarios charmgen check runs, in this order, each
// from the state the previous one left: every scenario jujusim.ScenarioWith
// knows (a test keeps the two lists the same).
var simScenarios = []string{"deploy", "relate", "config", "upgrade", "teardown"}

// checkOutputHead and checkOutputTail bound what check shows of a step's
// output: the first and last lines of a longer one, with a line saying how
// to see the rest.
const (
	checkOutputHead = 80
	checkOutputTail = 20
)

type checkOptions struct {
	dir    string
	skip   []string
	failOn string
	state  string
	times  bool
	flags  charmFlags
}

func newCheckCmd(e *env) *cobra.Command {
	o := checkOptions{failOn: "error", times: true}
	cmd := &cobra.Command{
		Use:   "check [DIR] [--skip STEP,...] [--fail-on SEVERITY] [--state FILE]",
		Short: "Run a Go charm's whole loop: gen --check, vet, lint, test, the sim scenarios, pack --dry-run",
		Long: `Run every check of the Go charm in DIR (default: the charm the current
directory is in), as CI and pre-commit want it, and print a summary table.
The steps, in order:

  gen           charmgen gen --check: the generated code is up to date (a
                charm with no charmgen-generated code in its output
                directory, one written against the runtime alone, skips it)
  vet           go vet ./... in DIR
  lint          charmgen lint DIR: a finding at or above --fail-on (default
                error) fails the step; the others are shown
  test          go test ./... in DIR
  sim:deploy    charmgen sim --scenario deploy, then relate, config,
  sim:relate    upgrade and teardown, each from the state the one before
  sim:config    left, on one build of the charm: a failed hook fails the
  sim:upgrade   scenario and skips the ones after it. Without --state the
  sim:teardown  unit starts as charmgen sim starts it, and relate first adds
                a relation with one remote unit per provides and requires
                endpoint; relate is skipped when it has no hook to run
  pack          charmgen pack --dry-run (skipped when this charmgen has no
                pack command)

Every step runs even when one before it failed (a CI run shows every red
step at once), except the sim scenarios after a failed one. A failed step's
output is shown under a "--- FAIL STEP: COMMAND" line, indented, at most
100 lines (the first 80 and the last 20); lint's findings are shown even
when they do not fail the step.

The summary table, on stdout, has a row per step (here after a new option
in charmcraft.yaml without 'charmgen gen'):

  STEP           RESULT    TIME   DETAIL
  gen            FAIL      0.0s   generated code is stale: run 'charmgen gen' and commit the result
  vet            ok        0.2s
  lint           ok        0.1s   no findings
  test           ok        0.5s   1 package ok, 2 without tests
  sim:deploy     ok        0.2s   4 hooks, unit active
  sim:relate     ok        0.0s   6 hooks, unit waiting
  sim:config     ok        0.0s   1 hook, unit waiting
  sim:upgrade    ok        0.0s   2 hooks, unit waiting
  sim:teardown   ok        0.0s   6 hooks, unit terminated
  pack           skipped          --skip

RESULT is ok, FAIL or skipped; DETAIL says why a step failed or was
skipped (--skip names the steps not to run), or what it saw: lint's
findings by severity, go test's packages, a scenario's hooks and the unit's
status at its end. TIME is wall time; --times=false leaves the column
out, so that the table is the same on every run. Progress lines
("charmgen: check: go vet ./...") go to stderr; -q silences them.

Exit status: the worst step's: 0 when no step failed (skipped steps do not
fail), 1 when one did, 2 when the command line is wrong or a step could not
read its input (lint's exit 2).`,
		Args: oneDirArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = dirArg(args)
			return e.runCheck(cmd, &o)
		},
	}
	o.flags.register(cmd)
	f := cmd.Flags()
	f.StringSliceVar(&o.skip, "skip", nil, "do not run these comma-separated `STEPS`: gen, vet, lint, test, sim (every scenario), sim:deploy, sim:relate, sim:config, sim:upgrade, sim:teardown, pack")
	f.StringVar(&o.failOn, "fail-on", o.failOn, "fail the lint step on a finding of this severity or a higher one: error, warning, info or never (as charmgen lint's --fail-on)")
	f.StringVar(&o.state, "state", "", "JSON state file the sim scenarios start from (read, never written; default: a state made from the metadata)")
	f.BoolVar(&o.times, "times", o.times, "show each step's wall time in the summary table")
	return cmd
}

// checkStatus is a step's result.
type checkStatus int

const (
	checkOK checkStatus = iota
	checkSkipped
	checkFailed
)

func (s checkStatus) String() string {
	switch s {
	case checkOK:
		return "ok"
	case checkSkipped:
		return "skipped"
	}
	return "FAIL"
}

// checkResult is what one step did.
type checkResult struct {
	status checkStatus
	// code is the exit code the step contributes: 0 unless it failed.
	code int
	// detail is the table's one line: why it failed or was skipped, or
	// what it saw.
	detail string
	// output is shown under the step's header line: a failed step's
	// output, or findings that did not fail the lint step.
	output  string
	elapsed time.Duration
}

func failed(code int, detail, output string) checkResult {
	if code == 0 {
		code = ExitError
	}
	return checkResult{status: checkFailed, code: code, detail: detail, output: output}
}

func skipped(why string) checkResult { return checkResult{status: checkSkipped, detail: why} }

// checkStep is one step: its name (what --skip takes and the table shows),
// the command it stands for, as the user would run it in DIR, and how to
// run it.
type checkStep struct {
	name, command string
	run           func(ctx context.Context) checkResult
}

// checker runs the steps on one charm.
type checker struct {
	e    *env
	o    *checkOptions
	dir  string
	skip map[string]bool
	// failOn is lint's --fail-on as a severity (rule.Off: never).
	failOn rule.Severity
	sim    *checkSim
}

// checkStepNames are the names --skip takes: every step, and sim for
// every scenario.
func checkStepNames() []string {
	names := []string{"gen", "vet", "lint", "test", "sim"}
	for _, s := range simScenarios {
		names = append(names, "sim:"+s)
	}
	return append(names, "pack")
}

func (e *env) runCheck(cmd *cobra.Command, o *checkOptions) error {
	c := &checker{e: e, o: o, dir: o.dir, skip: map[string]bool{}}
	valid := checkStepNames()
	for _, s := range o.skip {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !slices.Contains(valid, s) {
			return usageErr("--skip: unknown step %q; the steps are %s", s, strings.Join(valid, ", "))
		}
		c.skip[s] = true
	}
	c.failOn = rule.Off
	if o.failOn != "never" {
		s, err := rule.ParseSeverity(o.failOn)
		if err != nil || s == rule.Off {
			return usageErr("--fail-on must be error, warning, info or never, not %q", o.failOn)
		}
		c.failOn = s
	}
	switch o.flags.juju {
	case "", "3", "4":
	default:
		return usageErr("--juju must be 3 or 4, not %q", o.flags.juju)
	}
	if c.dir == "" {
		d, err := e.findCharm()
		if err != nil {
			return err
		}
		c.dir = d
	}
	if st, err := os.Stat(c.dir); err != nil || !st.IsDir() {
		why := "not a directory"
		var pe *os.PathError
		if errors.As(err, &pe) {
			why = pe.Err.Error()
		}
		fmt.Fprintf(e.stderr, "%s:1:1: %s; name the charm's root directory (the one holding charmcraft.yaml)\n", c.dir, why)
		return silent(ExitError)
	}
	if !hasMetadata(c.dir) {
		fmt.Fprintf(e.stderr, "%s:1:1: no charmcraft.yaml or metadata.yaml here; name the charm's root directory (charmgen new makes a charm)\n", c.dir)
		return silent(ExitError)
	}
	if o.state != "" {
		if st, err := os.Stat(o.state); err != nil || st.IsDir() {
			why := "a directory"
			var pe *os.PathError
			if errors.As(err, &pe) {
				why = pe.Err.Error()
			}
			return &exitError{code: ExitError, err: fmt.Errorf("--state %s: %s; name a state file (charmgen sim --out writes one), or leave --state out", o.state, why)}
		}
	}

	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	// An interrupt cancels the run, so that the sim's work directory is
	// removed and subprocesses are killed.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer c.closeSim()

	steps := c.steps(cmd.Root())
	results := make([]checkResult, len(steps))
	shown := false
	for i, s := range steps {
		var r checkResult
		switch {
		case c.skip[s.name] || strings.HasPrefix(s.name, "sim:") && c.skip["sim"]:
			r = skipped("--skip")
		case ctx.Err() != nil:
			r = skipped("interrupted")
		default:
			e.progressf("check: %s", strings.TrimPrefix(s.command, "charmgen "))
			start := time.Now()
			r = s.run(ctx)
			r.elapsed = time.Since(start)
		}
		results[i] = r
		if r.output != "" {
			shown = true
			fmt.Fprintf(e.stdout, "--- %s %s: %s\n", r.status, s.name, s.command)
			fmt.Fprint(e.stdout, indentCapped(r.output, s.command, c.dir))
		}
	}
	if shown {
		fmt.Fprintln(e.stdout)
	}
	err := c.summary(steps, results)
	if err == nil && ctx.Err() != nil {
		return &exitError{code: ExitError, err: errors.New("check interrupted; the steps marked skipped did not run")}
	}
	return err
}

// summary prints the table and returns the worst step's exit code.
func (c *checker) summary(steps []checkStep, results []checkResult) error {
	tw := tabwriter.NewWriter(c.e.stdout, 0, 4, 3, ' ', 0)
	if c.o.times {
		fmt.Fprintln(tw, "STEP\tRESULT\tTIME\tDETAIL")
	} else {
		fmt.Fprintln(tw, "STEP\tRESULT\tDETAIL")
	}
	code := ExitOK
	var red []string
	for i, s := range steps {
		r := results[i]
		if c.o.times {
			t := ""
			if r.status != checkSkipped {
				t = fmt.Sprintf("%.1fs", r.elapsed.Seconds())
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.name, r.status, t, r.detail)
		} else {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s.name, r.status, r.detail)
		}
		if r.status == checkFailed {
			red = append(red, s.name)
			code = max(code, r.code)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(red) > 0 {
		fmt.Fprintf(c.e.stderr, "charmgen: check failed: %s (the output of each failed step is above the table)\n", strings.Join(red, ", "))
		return silent(code)
	}
	return nil
}

// steps lists the steps in the order they run.
func (c *checker) steps(root *cobra.Command) []checkStep {
	steps := []checkStep{
		{"gen", "charmgen gen --check", c.gen},
		{"vet", "go vet ./...", func(ctx context.Context) checkResult { return c.goCmd(ctx, "vet") }},
		{"lint", "charmgen lint", c.lint},
		{"test", "go test ./...", func(ctx context.Context) checkResult { return c.goCmd(ctx, "test") }},
	}
	for _, sc := range simScenarios {
		steps = append(steps, checkStep{"sim:" + sc, "charmgen sim --scenario " + sc,
			func(ctx context.Context) checkResult { return c.scenario(ctx, sc) }})
	}
	return append(steps, checkStep{"pack", "charmgen pack --dry-run", func(ctx context.Context) checkResult { return c.pack(root) }})
}

// charmgen runs a charmgen command line in process, quietly, and returns
// its exit code and everything it printed, stdout and stderr in the order
// written.
func (c *checker) charmgen(args ...string) (int, string) {
	var out bytes.Buffer
	code := Run(append(args, "-q"), c.e.stdin, &out, &out)
	return code, out.String()
}

// gen is charmgen gen --check, in process.
func (c *checker) gen(ctx context.Context) checkResult {
	if s, err := settings.Load(c.dir, c.dir); err == nil && !hasGenerated(filepath.Join(c.dir, filepath.FromSlash(s.Output))) {
		return skipped("no charmgen-generated code in " + filepath.ToSlash(filepath.Join(c.dir, s.Output)) + " (the charm does not use charmgen gen)")
	}
	args := []string{"gen", "--check", c.dir}
	if c.o.flags.juju != "" {
		args = append(args, "--juju", c.o.flags.juju)
	}
	code, out := c.charmgen(args...)
	if code == 0 {
		return checkResult{}
	}
	if strings.Contains(out, "generated code is stale") {
		return failed(code, "generated code is stale: run 'charmgen gen' and commit the result", out)
	}
	return failed(code, lastLine(out), out)
}

// hasMetadata says whether dir holds a charm's metadata file.
func hasMetadata(dir string) bool {
	for _, f := range []string{meta.CharmcraftFile, meta.MetadataFile} {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && !st.IsDir() {
			return true
		}
	}
	return false
}

// hasGenerated says whether dir holds a Go file charmgen generated.
func hasGenerated(dir string) bool {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		line, _ := bufio.NewReader(f).ReadString('\n')
		f.Close()
		if strings.TrimSpace(line) == "// "+emit.Header {
			return true
		}
	}
	return false
}

// goCmd runs go vet ./... or go test ./... in the charm directory.
func (c *checker) goCmd(ctx context.Context, verb string) checkResult {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return failed(ExitError, "go is not on PATH: install Go (https://go.dev/dl) or --skip vet,test", "")
	}
	cmd := exec.CommandContext(ctx, goBin, verb, "./...")
	cmd.Dir = c.dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	if ctx.Err() != nil {
		return failed(ExitError, "interrupted", out.String())
	}
	if err != nil {
		var xe *exec.ExitError
		if !errors.As(err, &xe) {
			return failed(ExitError, fmt.Sprintf("go %s: %v", verb, err), out.String())
		}
		if verb == "test" {
			if n := countLines(out.String(), goTestFailRE); n > 0 {
				return failed(ExitError, plural(n, "package")+" failed", out.String())
			}
		}
		return failed(ExitError, fmt.Sprintf("go %s ./... exited %d", verb, xe.ExitCode()), out.String())
	}
	if verb == "test" {
		return checkResult{detail: fmt.Sprintf("%s ok, %d without tests",
			plural(countLines(out.String(), goTestOKRE), "package"), countLines(out.String(), goTestNoTestsRE))}
	}
	return checkResult{}
}

var (
	goTestOKRE      = regexp.MustCompile(`^ok\s`)
	goTestNoTestsRE = regexp.MustCompile(`^\?\s.*\[no test files\]`)
	goTestFailRE    = regexp.MustCompile(`^FAIL\s+\S+\s`)
)

func countLines(s string, re *regexp.Regexp) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if re.MatchString(l) {
			n++
		}
	}
	return n
}

// lint runs charmgen lint on the charm, in process: findings at or above
// --fail-on fail the step, the others are shown.
func (c *checker) lint(ctx context.Context) checkResult {
	var out bytes.Buffer
	opts := lint.Options{Paths: []string{c.dir}, Notes: &out}
	if c.o.flags.juju != "" {
		opts.Juju = int(c.o.flags.juju[0] - '0')
	}
	res, err := lint.Run(ctx, opts)
	if err != nil {
		var ie *lint.InputError
		if errors.As(err, &ie) {
			return failed(ExitUsage, "the charm cannot be linted: "+withoutPos(ie.Lines[0]), strings.Join(ie.Lines, "\n")+"\n")
		}
		return failed(ExitUsage, err.Error(), out.String())
	}
	if err := lint.Write(&out, "text", res.Findings, Version); err != nil {
		return failed(ExitError, err.Error(), out.String())
	}
	counts := map[rule.Severity]int{}
	fail := false
	for _, f := range res.Findings {
		counts[f.Severity]++
		fail = fail || c.failOn != rule.Off && f.Severity >= c.failOn
	}
	var parts []string
	for _, s := range []struct {
		sev  rule.Severity
		name string
	}{{rule.Error, "error"}, {rule.Warning, "warning"}, {rule.Info, "info"}} {
		if n := counts[s.sev]; n > 0 {
			parts = append(parts, plural(n, s.name))
		}
	}
	detail := "no findings"
	if len(parts) > 0 {
		detail = strings.Join(parts, ", ")
	}
	if fail {
		return failed(ExitError, detail+" (--fail-on "+c.o.failOn+")", out.String())
	}
	return checkResult{detail: detail, output: out.String()}
}

// pack is charmgen pack --dry-run, in process, when this charmgen has a
// pack command that takes --dry-run.
func (c *checker) pack(root *cobra.Command) checkResult {
	cmd, _, err := root.Find([]string{"pack"})
	if err != nil || cmd == root || cmd.Name() != "pack" || cmd.Flags().Lookup("dry-run") == nil {
		return skipped("pack not available in this charmgen")
	}
	code, out := c.charmgen("pack", c.dir, "--dry-run")
	if code != 0 {
		return failed(code, lastLine(out), out)
	}
	// "would write PATH  SIZE  sha256:..." per .charm.
	var charms []string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(strings.TrimPrefix(l, "would write ")); len(f) >= 2 && strings.HasPrefix(l, "would write ") {
			charms = append(charms, filepath.Base(f[0]))
		}
	}
	if len(charms) == 0 {
		return checkResult{}
	}
	return checkResult{detail: "would write " + strings.Join(charms, ", ")}
}

// checkSim is the simulated unit the scenarios share: one build of the
// charm, and the state each scenario leaves for the next.
type checkSim struct {
	lc   *loadedCharm
	juju int
	st   *jujusim.State
	r    *simrun.Runner
	scen jujusim.ScenarioOptions
	// fresh says the state was made from the metadata (no --state), so
	// relate adds the relations to join.
	fresh bool
	// failed names the scenario that failed (or could not start): the
	// ones after it are skipped.
	failed string
}

func (c *checker) closeSim() {
	if c.sim != nil && c.sim.r != nil {
		c.sim.r.Close()
	}
}

// startSim loads the charm and its state, and builds it, as charmgen sim
// does; what it prints goes to out.
func (c *checker) startSim(ctx context.Context, out io.Writer) error {
	sub := &env{stdin: c.e.stdin, stdout: out, stderr: out, quiet: true}
	s := &checkSim{fresh: c.o.state == ""}
	c.sim = s
	lc, err := sub.loadCharm(c.dir, &c.o.flags)
	if err != nil {
		return err
	}
	if len(lc.errs) > 0 {
		return sub.printErrors(lc.errs)
	}
	s.lc = lc
	s.juju = simJuju(lc, &c.o.flags)
	s.scen = jujusim.ScenarioOptions{Juju: s.juju}
	if s.st, err = sub.simState(c.o.state, lc.charm, s.juju); err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	absDir, _ := filepath.Abs(c.dir)
	s.r = &simrun.Runner{CharmDir: absDir, ToolBinary: exe, JujuVersion: jujusim.JujuVersionOf(s.juju)}
	if err := s.r.Start(); err != nil {
		return &exitError{code: ExitError, err: err}
	}
	s.r.Dispatch, err = sub.findDispatch(ctx, s.r, absDir, "", lc.charm.Name.V)
	return err
}

// scenario runs one sim scenario from the state the ones before it left.
func (c *checker) scenario(ctx context.Context, name string) checkResult {
	var out bytes.Buffer
	if c.sim == nil {
		if err := c.startSim(ctx, &out); err != nil {
			c.sim.failed = "sim:" + name
			if msg := errorText(err); msg != "" {
				fmt.Fprintln(&out, "charmgen: "+msg)
			}
			return failed(exitCode(err), "the charm could not be simulated: "+lastLine(out.String()), out.String())
		}
	}
	s := c.sim
	if s.failed != "" {
		return skipped(s.failed + " failed")
	}
	if name == "relate" && s.fresh {
		addRelations(s.st, s.lc.charm, s.juju)
	}
	evs, err := jujusim.ScenarioWith(name, s.st, s.scen)
	if err != nil {
		s.failed = "sim:" + name
		return failed(ExitError, err.Error(), "")
	}
	if len(evs) == 0 {
		return skipped("no hook to run: the charm has no relation to join")
	}
	s.r.Output = prefixWriter{w: &out, prefix: "  | "}
	for _, ev := range evs {
		if _, _, err := jujusim.ParseEventFor(ev, s.st, s.juju); err != nil {
			s.failed = "sim:" + name
			return failed(ExitError, err.Error(), out.String())
		}
		next, step, err := s.r.Run(ctx, s.st, ev)
		if err != nil {
			s.failed = "sim:" + name
			return failed(ExitError, err.Error(), out.String())
		}
		fmt.Fprintln(&out, simrun.Timeline(step, next))
		s.st = next
		if step.ExitCode != 0 {
			s.failed = "sim:" + name
			return failed(ExitError, fmt.Sprintf("hook %s failed (exit %d)", ev, step.ExitCode), out.String())
		}
		s.scen.Record(step.Hook)
	}
	unit := s.st.UnitStatus.Status
	if unit == "" {
		unit = "unknown"
	}
	return checkResult{detail: fmt.Sprintf("%s, unit %s", plural(len(evs), "hook"), unit)}
}

// addRelations gives every provides and requires endpoint of the charm
// that has no relation yet one, to a remote application with one unit that
// has written nothing, so that the relate scenario joins it. Ids follow the
// highest in the state.
func addRelations(st *jujusim.State, c *meta.Charm, juju int) {
	id := 0
	has := map[string]bool{}
	for _, r := range st.Relations {
		id = max(id, r.ID+1)
		has[r.Endpoint] = true
	}
	for _, r := range c.Relations {
		if r.Role == meta.Peers || has[r.Name] {
			continue
		}
		app := remoteAppName(r.Name)
		st.Relations = append(st.Relations, jujusim.NewRelation(id, r.Name, r.Interface.V, app, []string{app + "/0"}, juju))
		id++
	}
}

// validAppName is juju/names' application name rule.
var validAppName = regexp.MustCompile(`^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$`)

// remoteAppName names the remote application of an endpoint's relation:
// remote-<endpoint>, or remote-app when the endpoint's name does not make
// an application name.
func remoteAppName(endpoint string) string {
	n := "remote-" + strings.ReplaceAll(strings.ToLower(endpoint), "_", "-")
	if validAppName.MatchString(n) {
		return n
	}
	return "remote-app"
}

// errorText is what an error returned by a command prints ("" when it
// was printed already).
func errorText(err error) string {
	var xe *exitError
	if errors.As(err, &xe) {
		if xe.err == nil {
			return ""
		}
		return xe.err.Error()
	}
	return err.Error()
}

// exitCode is the exit code an error returned by a command gives.
func exitCode(err error) int {
	var xe *exitError
	if errors.As(err, &xe) {
		return xe.code
	}
	return ExitError
}

// posRE matches the position a diagnostic starts with.
var posRE = regexp.MustCompile(`^\S+:\d+:\d+: `)

// withoutPos returns a diagnostic line without its path:line:col.
func withoutPos(s string) string { return posRE.ReplaceAllString(s, "") }

// lastLine returns the last line of s that is not empty, without the
// "charmgen: " prefix and the position (the output above the table has
// them).
func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			return withoutPos(strings.TrimPrefix(l, "charmgen: "))
		}
	}
	return ""
}

// indentCapped indents out by four spaces; of an output longer than
// checkOutputHead+checkOutputTail lines it keeps the first and last lines
// and says how to see the rest.
func indentCapped(out, command, dir string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if n := len(lines); n > checkOutputHead+checkOutputTail {
		cut := n - checkOutputHead - checkOutputTail
		where := ""
		if dir != "." {
			where = " in " + dir
		}
		tail := lines[n-checkOutputTail:]
		lines = append(lines[:checkOutputHead:checkOutputHead],
			fmt.Sprintf("... %d lines left out; run '%s'%s to see them all", cut, command, where))
		lines = append(lines, tail...)
	}
	var b strings.Builder
	for _, l := range lines {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}
