// Package secretadd defines an Analyzer that reports secrets added without
// a lookup in code that runs on repeatable events.
//
// # Analyzer secretadd
//
// secretadd: reconcile code adds a secret without looking it up (GO006)
//
// Context.SecretAdd (and a secret-add process) creates a new secret every
// time it runs. Reconcile code must look the secret up first (by label
// with SecretInfoGet, or its id kept in State) and add it only when it is
// not found, or call EnsureSecret, which does exactly that.
package secretadd

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO006", Name: "secret-add-without-lookup", Kind: rule.Go, Severity: rule.Error,
	Title: "reconcile code adds a secret without looking it up first",
	Rationale: `SecretAdd creates a new secret every time it runs. In code that runs on every
repeatable event the application accumulates secrets, and consumers get a
different one each hook. Look the secret up first (SecretInfoGet by label, or
an id kept in State) and add it only when it is not found, or call
EnsureSecret, which does that and writes a new revision only when the content
differs. A leadership check alone is not a lookup.`,
	Bad: `if leader {
	if _, err := c.SecretAdd(content, charm.SecretOptions{Label: "admin"}); err != nil {
		return err
	}
}`,
	Good: `if leader {
	if _, _, err := c.EnsureSecret(content, charm.SecretOptions{Label: "admin"}); err != nil {
		return err
	}
}`,
}
