// Package ignorederror defines an Analyzer that reports hook tool errors
// a charm drops.
//
// # Analyzer ignorederror
//
// ignorederror: the error of a hook tool is ignored (GO009)
//
// Every method of the charm runtime's Context runs a hook tool, and a hook
// tool that fails means the hook did not do what it meant to. Dropping the
// error (calling the method as a statement, or assigning the error to _)
// hides it, and Juju commits a half-done hook. The same goes for
// exec.Command of a hook tool whose Run, Output or CombinedOutput error is
// dropped.
package ignorederror

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO009", Name: "hook-tool-error-ignored", Kind: rule.Go, Severity: rule.Warning,
	Title: "the error of a hook tool is ignored",
	Rationale: `Every method of the runtime's Context runs a hook tool. A hook tool that fails
(relation-set on a relation that is gone, status-set --application on a
non-leader...) means the hook did not do what it meant to; dropping the error
hides that and Juju commits a half-done hook. Return the error (Juju then
retries the hook) or handle the specific case (charm.IsNotFound,
errors.Is(err, charm.ErrNotLeader)).`,
	Bad: `c.SetUnitStatus(charm.ActiveStatus(""))
_ = c.SetPorts(charm.TCP(80))`,
	Good: `if err := c.SetPorts(charm.TCP(80)); err != nil {
	return err
}
return c.SetUnitStatus(charm.ActiveStatus(""))`,
}
