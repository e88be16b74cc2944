// Package writecompare defines an Analyzer that reports writes without a
// compare in code that runs on repeatable events.
//
// # Analyzer writecompare
//
// writecompare: reconcile code writes without comparing first (GO003)
//
// Reconcile runs on every repeatable event, so a write it makes must be
// skipped when nothing changed: os.WriteFile, os.Create and ioutil.WriteFile
// rewrite the file (and wake whatever watches it), Context.SecretSet adds a
// secret revision that every consumer hears about, and raw relation-set,
// secret-set and state-set processes bypass the runtime's own compare. A
// write passes when it sits under a comparison (==, != other than with
// nil, or a check named like changed/equal/differs) or follows a read of
// the current value in the same function. The runtime's SetRelationData,
// WriteAppData, EnsureSecret, SetState and SetPorts compare for you.
package writecompare

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO003", Name: "write-without-compare", Kind: rule.Go, Severity: rule.Warning,
	Title: "reconcile code writes a file or a secret without comparing first",
	Rationale: `Reconcile runs on every repeatable event. os.WriteFile, os.Create and
ioutil.WriteFile rewrite the file each time (and wake whatever watches it);
Context.SecretSet adds a secret revision that every consumer is told about; raw
relation-set, secret-set and state-set processes bypass the runtime's compare.
Read the current value and write only when it differs, or use the runtime's
comparing writes (SetRelationData, WriteAppData, EnsureSecret, SetState,
SetPorts). A write under a comparison, or after a read of the current value in
the same function, passes.`,
	Bad: `func Reconcile(c *charm.Context) error {
	return os.WriteFile("/etc/app.conf", render(cfg), 0o644)
}`,
	Good: `func Reconcile(c *charm.Context) error {
	want := render(cfg)
	if cur, _ := os.ReadFile("/etc/app.conf"); !bytes.Equal(cur, want) {
		return os.WriteFile("/etc/app.conf", want, 0o644)
	}
	return nil
}`,
}
