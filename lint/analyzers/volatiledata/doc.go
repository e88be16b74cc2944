// Package volatiledata defines an Analyzer that reports timestamps and
// random values written into relation data, secrets or charm state by code
// that runs on repeatable events.
//
// # Analyzer volatiledata
//
// volatiledata: a time or random value is written into relation data or a secret (GO007)
//
// Values that reconcile code writes must be a function of its inputs. A
// value derived from time.Now, math/rand, crypto/rand or a uuid differs on
// every run, so every hook changes the databag (waking the remote side,
// whose answer wakes this one), adds a secret revision, or rewrites state.
// The analyzer follows such values through local variables, maps, structs
// and calls into the arguments of SetRelationData, WriteUnitData,
// WriteAppData, SecretSet, EnsureSecret, SetState and raw relation-set,
// secret-set and state-set processes.
package volatiledata

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO007", Name: "volatile-data", Kind: rule.Go, Severity: rule.Error,
	Title: "a time or random value is written into relation data, a secret or state",
	Rationale: `What reconcile code writes must be a function of its inputs. A value derived from
time.Now, math/rand, crypto/rand or a uuid differs on every run: every hook
changes the databag, which fires relation-changed on the remote side, whose
answer fires an event here, so two charms can keep each other busy forever;
a secret gets a new revision on every hook. Generate such values once (when the
secret is created: SecretAdd behind a lookup) and read them back afterwards.`,
	Bad: `return c.SetRelationData(rel, false, map[string]string{
	"updated": time.Now().Format(time.RFC3339),
})`,
	Good: `return c.SetRelationData(rel, false, map[string]string{
	"version": workloadVersion,
})`,
}
