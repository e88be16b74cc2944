// Package restart defines an Analyzer that reports unconditional service
// restarts in code that runs on repeatable events.
//
// # Analyzer restart
//
// restart: reconcile code restarts a service unconditionally (GO004)
//
// A restart in reconcile code that no change check guards restarts the
// workload on every event, update-status included. The analyzer reports
// systemctl/service/snap restarts run as processes, and Restart calls on a
// Pebble client (Container.Pebble().Restart included), unless an enclosing
// condition (or an earlier early return) compares something, is named like
// changed/differs, or tests the changed result of EnsureFile, EnsureLayer
// or EnsureSecret; an error check or a precondition such as a leadership
// test is not a change check. Pebble's Replan is GO013's.
package restart

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO004", Name: "unconditional-restart", Kind: rule.Go, Severity: rule.Warning,
	Title: "reconcile code restarts a service unconditionally",
	Rationale: `A restart in reconcile code that no change check guards restarts the workload on
every event, update-status included (every five minutes by default). Restart
only when the configuration changed: keep the result of the compare-before-write
(EnsureFile's changed, for a file in a container) and branch on it. An error
check or a precondition (leadership, a connection) is not a change check. This
rule covers Pebble's Restart too; GO013 covers Replan.`,
	Bad: `if err := writeConfig(cfg); err != nil {
	return err
}
return exec.Command("systemctl", "restart", "app").Run()`,
	Good: `changed, err := writeConfig(cfg)
if err != nil {
	return err
}
if changed {
	return exec.Command("systemctl", "restart", "app").Run()
}
return nil`,
}
