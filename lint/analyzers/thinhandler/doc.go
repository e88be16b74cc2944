// Package thinhandler defines an Analyzer that reports handlers of
// repeatable events that do work themselves instead of delegating to
// Reconcile.
//
// # Analyzer thinhandler
//
// thinhandler: a handler for a repeatable event does work itself (GO001)
//
// Juju delivers repeatable events (config-changed, relation events,
// pebble-ready, update-status, upgrade-charm...) in an order the charm does
// not control. A charm whose handlers act on one event each ends up in a
// state that depends on that order. A Go charm routes every repeatable
// event to one Reconcile that reads all inputs; the dispatch branch (or
// OnX function) of such an event should only call it. The analyzer reports
// the first write (a charm runtime write such as SetRelationData, a
// Pebble call that changes the workload — AddLayer, Replan, Start, Stop,
// Restart, Push, Exec, MakeDir, RemovePath, the container's EnsureLayer and
// EnsureFile — a process other than a read-only one, a file change) in a
// branch or handler function of a repeatable event, following calls into
// the package other than Reconcile. Setting a status is not work: a thin
// handler may say what it is doing. Stop, remove, install, actions and the
// secret owner hooks may have handlers of their own.
package thinhandler

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO001", Name: "thin-handler", Kind: rule.Go, Severity: rule.Warning,
	Title: "a handler for a repeatable event does work itself instead of delegating to Reconcile",
	Rationale: `Juju delivers repeatable events (config-changed, relation events, pebble-ready,
update-status, upgrade-charm...) in an order the charm does not control. A
handler that acts on one event leaves the unit in a state that depends on that
order. Route every repeatable event to one Reconcile that reads all inputs and
writes what differs; keep dedicated handlers for stop, remove, install,
actions and the secret owner events. The rule reports the first write (a
runtime write such as SetRelationData or SetState, a Pebble call that changes
the workload — AddLayer, Replan, Start, Stop, Restart, Push, Exec, the
container's EnsureLayer and EnsureFile; Pull, Plan and CanConnect only read —
a process that does more than read, a file change) in a dispatch branch or OnX
handler of a repeatable
event, following calls into the package other than Reconcile. Setting a status
is not work: a thin handler may say what it is doing.`,
	Bad: `switch env.HookName {
case "config-changed":
	return c.SetState(map[string]string{"port": port})
}
return Reconcile(c)`,
	Good: `switch env.HookName {
case "stop":
	return c.SetPorts()
}
return Reconcile(c) // config-changed included`,
}
