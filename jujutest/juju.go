package jujutest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmgen/charmgen/meta"
)

// Environment variables read by New and TempModel.
const (
	// EnvJuju is the path of the juju executable (default: juju on PATH).
	EnvJuju = "JUJUTEST_JUJU"
	// EnvModel names an existing model ([controller:]model) that
	// TempModel reuses instead of creating one; it is never destroyed.
	EnvModel = "JUJUTEST_MODEL"
	// EnvKeepModels, when set to a true value (1, true, yes), keeps the
	// models TempModel creates instead of destroying them.
	EnvKeepModels = "JUJUTEST_KEEP_MODELS"
	// EnvController is the controller TempModel adds models to.
	EnvController = "JUJUTEST_CONTROLLER"
	// EnvCloud is the cloud[/region] TempModel adds models to.
	EnvCloud = "JUJUTEST_CLOUD"
	// EnvArtifacts is a directory where TempModel writes status and
	// debug-log dumps of failed tests, in addition to the test log.
	EnvArtifacts = "JUJUTEST_ARTIFACTS"
)

// Defaults.
const (
	DefaultWaitTimeout    = 10 * time.Minute
	DefaultActionWait     = 5 * time.Minute
	DefaultDestroyTimeout = 10 * time.Minute
	DefaultLogLimit       = 1000
)

// RetryPolicy says how transient CLI failures are retried. Backoff doubles
// from Initial up to Max. Retries never outlast the context's deadline, or
// a Wait's deadline.
type RetryPolicy struct {
	// Attempts is the total number of runs of one command outside Wait
	// (inside Wait, status is retried until the wait's deadline). Zero
	// means 5; 1 disables retries.
	Attempts int
	// Initial is the first backoff. Zero means 1s.
	Initial time.Duration
	// Max caps the backoff. Zero means 15s.
	Max time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = 5
	}
	if p.Initial <= 0 {
		p.Initial = time.Second
	}
	if p.Max <= 0 {
		p.Max = 15 * time.Second
	}
	return p
}

// backoff is the pause after the given failed attempt (1-based).
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.Initial
	for i := 1; i < attempt && d < p.Max; i++ {
		d *= 2
	}
	return min(d, p.Max)
}

// Juju drives the juju CLI, bound to one model (or none). It is safe for
// concurrent use. The zero value is not usable; call New or TempModel.
type Juju struct {
	model       string
	bin         string
	runner      Runner
	logger      *slog.Logger
	clock       Clock
	retry       RetryPolicy
	waitTimeout time.Duration
	actionWait  time.Duration
	stageDir    string
	secrets     *redactor

	// TempModel settings.
	controller     string
	cloud          string
	credential     string
	modelConfig    map[string]string
	modelPrefix    string
	destroyTimeout time.Duration
	logLimit       int
}

// Option configures New and TempModel.
type Option func(*Juju)

// WithModel binds the client to a model, [controller:][user/]model. Every
// model-scoped command gets --model right after the subcommand.
func WithModel(model string) Option { return func(j *Juju) { j.model = model } }

// WithBinary sets the juju executable. The default is $JUJUTEST_JUJU, or
// juju on PATH.
func WithBinary(path string) Option { return func(j *Juju) { j.bin = path } }

// WithRunner replaces the process runner (tests inject fakes).
func WithRunner(r Runner) Option { return func(j *Juju) { j.runner = r } }

// WithLogger sets the structured logger for CLI calls and status changes.
// New defaults to slog.Default(); TempModel to a JSON logger writing to the
// test log.
func WithLogger(l *slog.Logger) Option { return func(j *Juju) { j.logger = l } }

// WithClock replaces the clock used for waits, backoff and durations.
func WithClock(c Clock) Option { return func(j *Juju) { j.clock = c } }

// WithRetry sets the policy for transient CLI failures.
func WithRetry(p RetryPolicy) Option { return func(j *Juju) { j.retry = p } }

// WithWaitTimeout sets the default timeout of Wait (10 minutes).
func WithWaitTimeout(d time.Duration) Option { return func(j *Juju) { j.waitTimeout = d } }

// WithActionWait sets how long Run and Exec ask juju to wait for a task
// when the context has no deadline (5 minutes).
func WithActionWait(d time.Duration) Option { return func(j *Juju) { j.actionWait = d } }

// WithStageDir sets a directory that juju can read, where local files
// (charms, resources, secret content, action params) are copied or written
// before they are passed to juju. A strictly confined juju snap cannot read
// /tmp; New sets this to ~/snap/juju/common when juju runs from /snap.
func WithStageDir(dir string) Option { return func(j *Juju) { j.stageDir = dir } }

// WithController sets the controller TempModel adds its model to
// (default $JUJUTEST_CONTROLLER, else the current controller).
func WithController(name string) Option { return func(j *Juju) { j.controller = name } }

// WithCloud sets the cloud[/region] of TempModel's model (default
// $JUJUTEST_CLOUD, else the controller's default).
func WithCloud(cloud string) Option { return func(j *Juju) { j.cloud = cloud } }

// WithCredential sets the credential of TempModel's model.
func WithCredential(name string) Option { return func(j *Juju) { j.credential = name } }

// WithModelConfig sets model config for TempModel's add-model.
func WithModelConfig(cfg map[string]string) Option {
	return func(j *Juju) { j.modelConfig = cfg }
}

// WithModelPrefix sets the prefix of TempModel's random model names
// (default "jt-" plus the test name).
func WithModelPrefix(prefix string) Option { return func(j *Juju) { j.modelPrefix = prefix } }

// WithDestroyTimeout bounds TempModel's destroy-model at cleanup (10
// minutes). A destroy that runs out of time is logged, not failed.
func WithDestroyTimeout(d time.Duration) Option {
	return func(j *Juju) { j.destroyTimeout = d }
}

// WithLogLimit sets how many debug-log lines TempModel dumps when a test
// fails (1000).
func WithLogLimit(n int) Option { return func(j *Juju) { j.logLimit = n } }

// New returns a client. Without options it runs juju from $JUJUTEST_JUJU or
// PATH against the current model, logs to slog.Default(), and uses the
// wall clock.
func New(opts ...Option) *Juju {
	j := &Juju{
		runner:         ExecRunner{},
		clock:          RealClock{},
		waitTimeout:    DefaultWaitTimeout,
		actionWait:     DefaultActionWait,
		destroyTimeout: DefaultDestroyTimeout,
		logLimit:       DefaultLogLimit,
		secrets:        newRedactor(),
	}
	for _, o := range opts {
		o(j)
	}
	if j.bin == "" {
		j.bin = os.Getenv(EnvJuju)
	}
	if j.bin == "" {
		j.bin = "juju"
		if p, err := exec.LookPath("juju"); err == nil {
			j.bin = p
		}
	}
	if j.stageDir == "" && strings.HasPrefix(j.bin, "/snap/") {
		if home, err := os.UserHomeDir(); err == nil {
			j.stageDir = filepath.Join(home, "snap", "juju", "common")
		}
	}
	if j.logger == nil {
		j.logger = slog.Default()
	}
	j.retry = j.retry.withDefaults()
	return j
}

// Model returns the model the client is bound to ("" for the current one).
func (j *Juju) Model() string { return j.model }

// Binary returns the juju executable the client runs.
func (j *Juju) Binary() string { return j.bin }

// Logger returns the client's logger.
func (j *Juju) Logger() *slog.Logger { return j.logger }

// InModel returns a copy of the client bound to another model. The copy
// shares the runner, logger, clock and the set of secret values to redact.
func (j *Juju) InModel(model string) *Juju {
	c := *j
	c.model = model
	return &c
}

// Cli runs a juju command, inserting --model after the subcommand when the
// client is bound to a model, and returns stdout. It is the escape hatch
// for commands this package does not wrap; it does not retry. Commands and
// flags that Juju 4 removed (wait-for, status --watch, --series, ...) are
// refused before anything runs.
func (j *Juju) Cli(ctx context.Context, args ...string) (string, error) {
	return j.run(ctx, call{args: args, model: true})
}

// CliGlobal is Cli without --model, for controller-level commands.
func (j *Juju) CliGlobal(ctx context.Context, args ...string) (string, error) {
	return j.run(ctx, call{args: args})
}

type retryMode int

const (
	noRetry      retryMode = iota // mutations that cannot be checked
	retryAlways                   // reads and idempotent mutations
	retryChecked                  // mutations retried only after check says they did not happen
)

// call describes one logical CLI operation.
type call struct {
	args  []string // subcommand first
	model bool     // insert --model after the subcommand
	retry retryMode
	// check runs after a transient failure of a retryChecked call: done
	// means the command took effect anyway (out is then its result).
	check func(ctx context.Context) (out string, done bool, err error)
	// quiet logs successful runs at DEBUG instead of INFO (status polls).
	quiet bool
	// deadline, when set, bounds retries instead of the attempt count.
	deadline time.Time
}

// fullArgs inserts --model after the subcommand.
func (j *Juju) fullArgs(c call) []string {
	if !c.model || j.model == "" || len(c.args) == 0 {
		return append([]string(nil), c.args...)
	}
	out := make([]string, 0, len(c.args)+2)
	out = append(out, c.args[0], "--model", j.model)
	return append(out, c.args[1:]...)
}

// run runs a call with retries and logging. On a non-zero exit it returns
// stdout together with a *CLIError.
func (j *Juju) run(ctx context.Context, c call) (string, error) {
	args := j.fullArgs(c)
	if len(args) == 0 {
		return "", errors.New("jujutest: no juju subcommand")
	}
	if err := checkJuju4(args); err != nil {
		return "", err
	}
	logged := j.secrets.args(args)
	for attempt := 1; ; attempt++ {
		start := j.clock.Now()
		res, err := j.runner.Run(ctx, Command{Path: j.bin, Args: args})
		dur := j.clock.Now().Sub(start)
		j.logCall(ctx, c, logged, attempt, dur, res, err)
		if err != nil {
			return "", fmt.Errorf("juju %s: %w", strings.Join(logged, " "), err)
		}
		stdout := string(res.Stdout)
		if res.ExitCode == 0 {
			return stdout, nil
		}
		cliErr := &CLIError{
			Args:     logged,
			ExitCode: res.ExitCode,
			Stdout:   j.secrets.text(stdout),
			Stderr:   j.secrets.text(string(res.Stderr)),
			Attempts: attempt,
		}
		if c.retry == noRetry || !cliErr.Transient() {
			return stdout, cliErr
		}
		delay := j.retry.backoff(attempt)
		if c.deadline.IsZero() {
			if attempt >= j.retry.Attempts {
				return stdout, cliErr
			}
			if d, ok := ctx.Deadline(); ok && time.Until(d) < delay {
				return stdout, cliErr
			}
		} else if j.clock.Now().Add(delay).After(c.deadline) {
			return stdout, cliErr
		}
		j.logger.LogAttrs(ctx, slog.LevelWarn, "juju transient failure, retrying",
			slog.String("cmd", args[0]), slog.Int("attempt", attempt),
			slog.Int64("backoff_ms", delay.Milliseconds()))
		if err := j.clock.Sleep(ctx, delay); err != nil {
			return "", fmt.Errorf("%w (while retrying: %w)", err, cliErr)
		}
		if c.retry == retryChecked && c.check != nil {
			out, done, cerr := c.check(ctx)
			if cerr != nil {
				return "", fmt.Errorf("%w; checking whether it took effect: %w", cliErr, cerr)
			}
			j.logger.LogAttrs(ctx, slog.LevelInfo, "juju checked transient failure",
				slog.String("cmd", args[0]), slog.Bool("took_effect", done))
			if done {
				return out, nil
			}
		}
	}
}

func (j *Juju) logCall(ctx context.Context, c call, logged []string, attempt int, dur time.Duration, res Result, err error) {
	level := slog.LevelInfo
	if c.quiet {
		level = slog.LevelDebug
	}
	attrs := []slog.Attr{
		slog.String("cmd", logged[0]),
		slog.Any("args", logged),
		slog.Int64("duration_ms", dur.Milliseconds()),
		slog.Int("exit_code", res.ExitCode),
		slog.Int("attempt", attempt),
	}
	switch {
	case err != nil:
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", err.Error()))
	case res.ExitCode != 0:
		level = slog.LevelWarn
		msg := strings.TrimSpace(j.secrets.text(string(res.Stderr)))
		if len(msg) > 500 {
			msg = msg[:500] + "..."
		}
		attrs = append(attrs, slog.String("stderr", msg),
			slog.Bool("transient", transientText(string(res.Stderr))))
	}
	j.logger.LogAttrs(ctx, level, "juju", attrs...)
}

// removedCommands are juju subcommands that Juju 4 no longer has.
var removedCommands = map[string]string{
	"wait-for":             "poll status instead: use Wait",
	"upgrade-machine":      "",
	"upgrade-series":       "",
	"set-series":           "",
	"set-application-base": "",
}

// ErrRemovedInJuju4 is returned (wrapped) for commands and flags that
// Juju 4 removed.
var ErrRemovedInJuju4 = errors.New("removed in Juju 4")

// checkJuju4 refuses commands and flags Juju 4 removed.
func checkJuju4(args []string) error {
	sub := args[0]
	if hint, ok := removedCommands[sub]; ok {
		if hint != "" {
			hint = "; " + hint
		}
		return fmt.Errorf("jujutest: juju %s: %w%s", sub, ErrRemovedInJuju4, hint)
	}
	if sub == "ssh" || sub == "scp" {
		return nil // everything after the target belongs to ssh
	}
	for i, a := range args[1:] {
		if a == "--" {
			break
		}
		flag, val, hasVal := strings.Cut(a, "=")
		switch flag {
		case "--series", "--bootstrap-series", "--force-series":
			if !hasVal && i+2 < len(args) {
				val = args[i+2]
			}
			if base, ok := meta.BaseForSeries(val); ok {
				return fmt.Errorf("jujutest: juju %s %s: %w", sub, flag, &SeriesError{Series: val, Base: base})
			}
			repl := "--base"
			if flag == "--force-series" {
				repl = "--force-base"
			}
			return fmt.Errorf("jujutest: juju %s %s: %w; use %s", sub, flag, ErrRemovedInJuju4, repl)
		case "--watch", "-w":
			if sub == "status" {
				return fmt.Errorf("jujutest: juju status --watch: %w; use Wait", ErrRemovedInJuju4)
			}
		}
	}
	return nil
}
