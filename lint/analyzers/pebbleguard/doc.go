// Package pebbleguard defines an Analyzer that reports Pebble calls that
// reconcile code makes without checking what changed.
//
// # Analyzer pebbleguard
//
// pebbleguard: reconcile code replans, pushes a file or adds a layer without checking what changed (GO013)
//
// Reconcile runs on every repeatable event, update-status included. On a
// Pebble client (the runtime's charm/pebble, canonical/pebble's client) or
// a *workload.Container, in code that runs on repeatable events, the analyzer
// reports:
//
//   - Replan (Client.Replan, Container.Replan) that no change check
//     guards. Pebble restarts only the services whose
//     configuration changed, but it also starts every startup: enabled
//     service that is not running: one an action or the operator stopped
//     comes back on the next hook, and a crash-looping one has its back-off
//     reset and fails the hook when it exits within a second. Replan when
//     EnsureLayer reports a change.
//   - Push with no change check guarding it and no Pull (or bytes.Equal)
//     before it in the same function: it rewrites the file on every hook.
//     Use Container.EnsureFile.
//   - AddLayer with no change check guarding it and no Plan read before it
//     in the same function: the code cannot tell whether the plan changed,
//     so whether to replan; with combine false it fails from the second run
//     on (Pebble refuses a second layer with the same label). Use
//     Container.EnsureLayer.
//
// A change check is a comparison (other than with nil), a name such as
// changed or differs, or a variable holding the changed result of
// EnsureLayer, EnsureFile or EnsureSecret, whatever it is called. Restart
// is GO004's (an unconditional restart). Start, Stop and AutoStart are not
// reported: Pebble does nothing for a service that is already in the state
// asked for, so they converge like any desired-state call; Replan's job is
// to apply a plan change, and EnsureLayer says when there is one. Code that only runs
// for actions, install, stop or remove is not reconcile code: an action
// that replans or restarts does what the operator asked for.
package pebbleguard

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO013", Name: "pebble-without-change-check", Kind: rule.Go, Severity: rule.Warning,
	Title: "reconcile code replans, pushes a file or adds a Pebble layer without checking what changed",
	Rationale: `Reconcile runs on every repeatable event, update-status included, so what it
does to a workload container must depend on what changed. Replan restarts the
services whose configuration changed and also starts every startup: enabled
service that is not running: run on every hook, it brings back a service that
an action or the operator stopped on purpose, and resets the back-off of a
crash-looping one, whose start then fails the hook. Replan only when
EnsureLayer reports that the plan changed. Push rewrites the file and its
modification time on every hook, waking whatever watches it: use the
container's EnsureFile, which pushes only when the content differs, or Pull and
compare first. AddLayer on every hook leaves the code unable to tell whether to
replan, and with combine false it fails from the second run on, because Pebble
refuses a second layer with the same label: use the container's EnsureLayer,
which adds the layer (combined) only when the plan would change and says
whether it did, or read Plan and compare first. A change check is a
comparison, a name like changed, or the changed result of EnsureLayer,
EnsureFile or EnsureSecret under any name. Restart is GO004's. Start, Stop and
AutoStart are not reported: Pebble does nothing for a service already in the
state asked for, and starting is their job, while Replan's is applying a plan
change. Handlers of actions, install, stop and remove are not reconcile code:
an action that replans does what the operator asked for.`,
	Bad: `func Reconcile(c *charm.Context) error {
	ct := workload.New(c, "web")
	pc := ct.Pebble()
	if err := pc.Push(ctx, "/etc/web.conf", bytes.NewReader(conf), pebble.PushOptions{}); err != nil {
		return err
	}
	if err := pc.AddLayer(ctx, "web", layer, true); err != nil {
		return err
	}
	return pc.Replan(ctx)
}`,
	Good: `func Reconcile(c *charm.Context) error {
	ct := workload.New(c, "web")
	if _, err := ct.EnsureFile("/etc/web.conf", conf, pebble.PushOptions{}); err != nil {
		return err
	}
	changed, err := ct.EnsureLayer("web", layer)
	if err != nil || !changed {
		return err
	}
	return ct.Replan()
}`,
}
