package jujutest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// WaitOption configures Wait.
type WaitOption func(*waitConfig)

type waitConfig struct {
	delay      time.Duration
	timeout    time.Duration
	successes  int
	idlePeriod time.Duration
	failOn     *Predicate
}

// Delay sets the pause between status polls (1s).
func Delay(d time.Duration) WaitOption { return func(c *waitConfig) { c.delay = d } }

// Timeout sets how long Wait polls before it gives up (the client's
// default, 10 minutes; zero or less also means the default). The
// context's deadline, if earlier, also applies.
func Timeout(d time.Duration) WaitOption { return func(c *waitConfig) { c.timeout = d } }

// Successes sets how many successive polls the ready predicate must hold
// for (3).
func Successes(n int) WaitOption { return func(c *waitConfig) { c.successes = n } }

// IdlePeriod additionally requires the ready predicate to have held
// without a break for d (measured on the client's clock), like
// python-libjuju's idle_period.
func IdlePeriod(d time.Duration) WaitOption { return func(c *waitConfig) { c.idlePeriod = d } }

// FailOn makes Wait fail at once, with a *WaitError, when p holds — for
// example FailOn(AnyError()).
func FailOn(p Predicate) WaitOption { return func(c *waitConfig) { c.failOn = &p } }

// TimeoutError is returned when Wait runs out of time. errors.Is(err,
// context.DeadlineExceeded) is true for it.
type TimeoutError struct {
	// Timeout is the wait's timeout.
	Timeout time.Duration
	// Predicate names the ready predicate.
	Predicate string
	// Busy lists the entities that kept the predicate from holding at the
	// last successful poll, "unit [agent] workload: message".
	Busy []string
	// Status is the last status read, if any.
	Status *Status
	// Polls is how many status polls succeeded.
	Polls int
	// Err is the CLI error of the last poll, when it failed.
	Err error
}

// Error implements error.
func (e *TimeoutError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jujutest: timed out after %s waiting for %s (%d polls)", e.Timeout, e.Predicate, e.Polls)
	if len(e.Busy) > 0 {
		b.WriteString("; busy:")
		for _, s := range e.Busy {
			b.WriteString("\n\t" + s)
		}
	}
	if e.Err != nil {
		fmt.Fprintf(&b, "\nlast poll failed: %v", e.Err)
	}
	return b.String()
}

// Unwrap returns context.DeadlineExceeded and the last CLI error.
func (e *TimeoutError) Unwrap() []error {
	errs := []error{context.DeadlineExceeded}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// WaitError is returned when Wait's FailOn predicate holds.
type WaitError struct {
	// Predicate names the error predicate.
	Predicate string
	// Entities lists the entities that made it hold.
	Entities []string
	// Status is the status that made it hold.
	Status *Status
}

// Error implements error.
func (e *WaitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "jujutest: error condition %s holds", e.Predicate)
	for _, s := range e.Entities {
		b.WriteString("\n\t" + s)
	}
	return b.String()
}

// Wait polls `juju status --format json` until ready has held for the
// configured number of successive polls (and idle period), and returns the
// last status. It fails fast with a *WaitError when the FailOn predicate
// holds, and with a *TimeoutError, listing the busy entities, when the
// timeout passes. Transient CLI failures are retried with backoff until
// the deadline; a failed poll neither counts as a success nor resets the
// count. Cancelling ctx stops the wait within one poll: a running juju
// process is killed and a pause between polls is cut short. When ctx's
// deadline passes first, the error is a *TimeoutError too.
//
// Every change of an application's or unit's status is logged.
func (j *Juju) Wait(ctx context.Context, ready Predicate, opts ...WaitOption) (*Status, error) {
	cfg := waitConfig{delay: time.Second, timeout: j.waitTimeout, successes: 3}
	for _, o := range opts {
		o(&cfg)
	}
	cfg.successes = max(cfg.successes, 1)
	if cfg.timeout <= 0 {
		cfg.timeout = j.waitTimeout
	}
	start := j.clock.Now()
	deadline := start.Add(cfg.timeout)
	pollCtx := ctx
	if _, wall := j.clock.(RealClock); wall {
		// With the wall clock the wait's deadline also bounds each juju
		// process. A fake clock's deadline cannot, by design.
		var cancel context.CancelFunc
		pollCtx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	var (
		last       *Status
		polls      int
		successes  int
		readySince time.Time
		busy       []string
		tracker    = statusTracker{}
	)
	timeout := func(err error) error {
		b := busy
		if len(b) == 0 && last != nil {
			b = BusyEntities(last)
		}
		return &TimeoutError{Timeout: cfg.timeout, Predicate: ready.String(), Busy: b, Status: last, Polls: polls, Err: err}
	}
	// stopped is the error for a done ctx: a timeout with the busy list
	// when its deadline passed, else the cancellation.
	stopped := func() error {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return timeout(nil)
		}
		return ctx.Err()
	}
	for {
		if ctx.Err() != nil {
			return last, stopped()
		}
		s, err := j.status(pollCtx, call{retry: retryAlways, quiet: true, deadline: deadline})
		if err != nil {
			switch {
			case ctx.Err() != nil:
				return last, stopped()
			case pollCtx.Err() != nil || IsTransient(err):
				return last, timeout(err)
			default:
				return last, err
			}
		}
		polls++
		last = s
		tracker.update(ctx, j.logger, s)
		if cfg.failOn != nil {
			if hit, entities := cfg.failOn.Eval(s); hit {
				return s, &WaitError{Predicate: cfg.failOn.String(), Entities: entities, Status: s}
			}
		}
		now := j.clock.Now()
		ok, details := ready.Eval(s)
		if ok {
			successes++
			if successes == 1 {
				readySince = now
			}
			if successes >= cfg.successes && now.Sub(readySince) >= cfg.idlePeriod {
				j.logger.LogAttrs(ctx, slog.LevelInfo, "wait done",
					slog.String("predicate", ready.String()), slog.Int("polls", polls),
					slog.Int64("elapsed_ms", now.Sub(start).Milliseconds()))
				return s, nil
			}
			busy = nil
		} else {
			successes = 0
			busy = details
		}
		if !now.Before(deadline) {
			return s, timeout(nil)
		}
		if err := j.clock.Sleep(ctx, min(cfg.delay, deadline.Sub(now))); err != nil {
			return last, stopped()
		}
	}
}

// WaitIdle waits until the apps (all apps when none are named) are active
// with idle agents, failing fast when any of them is in error.
func (j *Juju) WaitIdle(ctx context.Context, apps []string, opts ...WaitOption) (*Status, error) {
	opts = append([]WaitOption{FailOn(AnyError(apps...))}, opts...)
	return j.Wait(ctx, ActiveIdle(apps...), opts...)
}

// statusTracker remembers the last logged state of each application and
// unit, to log changes.
type statusTracker map[string]entityState

type entityState struct {
	kind, status, message, agent string
}

// update logs every app and unit whose status differs from the last poll,
// and those that appeared or disappeared.
func (t statusTracker) update(ctx context.Context, log *slog.Logger, s *Status) {
	seen := map[string]bool{}
	note := func(name string, now entityState) {
		seen[name] = true
		before, had := t[name]
		if had && before == now {
			return
		}
		t[name] = now
		level := slog.LevelInfo
		if now.status == StatusError || now.agent == StatusError {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("kind", now.kind),
			slog.String("entity", name),
			slog.String("from", before.status),
			slog.String("to", now.status),
			slog.String("message", now.message),
		}
		if now.kind == "unit" {
			attrs = append(attrs, slog.String("agent_from", before.agent), slog.String("agent", now.agent))
		}
		log.LogAttrs(ctx, level, "status changed", attrs...)
	}
	for _, app := range sortedKeys(s.Apps) {
		st := s.Apps[app].Status()
		note(app, entityState{kind: "app", status: st.Current, message: st.Message})
		units := s.Units(app)
		for _, name := range sortedKeys(units) {
			w, a := units[name].Workload(), units[name].Agent()
			note(name, entityState{kind: "unit", status: w.Current, message: w.Message, agent: a.Current})
		}
	}
	for _, name := range sortedKeys(t) {
		if !seen[name] {
			before := t[name]
			delete(t, name)
			log.LogAttrs(ctx, slog.LevelInfo, "status changed",
				slog.String("kind", before.kind), slog.String("entity", name),
				slog.String("from", before.status), slog.String("to", "removed"))
		}
	}
}
