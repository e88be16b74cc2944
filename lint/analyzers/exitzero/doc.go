// Package exitzero defines an Analyzer that reports a charm exiting 0
// after an error.
//
// # Analyzer exitzero
//
// exitzero: the charm exits 0 after an error (GO011)
//
// Juju commits a hook's changes when dispatch exits 0, and discards them,
// marks the unit in error and retries the hook when it exits non-zero. A
// main that returns (or falls off its end) after "if err != nil", or an
// os.Exit(0) in an error branch, reports success for a failed hook: early
// goops examples did this.
package exitzero

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO011", Name: "exit-zero-after-error", Kind: rule.Go, Severity: rule.Error,
	Title: "the charm exits 0 after an error",
	Rationale: `Juju commits a hook's changes when dispatch exits 0, and discards them, puts the
unit in error and retries the hook when it exits non-zero. A main that returns
(or runs off its end) after "if err != nil", or an os.Exit(0) in an error
branch, reports success for a failed hook and commits half-done work. Exit 1.`,
	Bad: `func main() {
	c := charm.New(context.Background())
	if err := charm.Dispatch(c); err != nil {
		c.Logger().Error(err.Error())
		return
	}
}`,
	Good: `func main() {
	c := charm.New(context.Background())
	if err := charm.Dispatch(c); err != nil {
		c.Logger().Error(err.Error())
		os.Exit(1)
	}
}`,
}
