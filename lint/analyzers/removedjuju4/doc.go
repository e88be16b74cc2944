// Package removedjuju4 defines an Analyzer that reports hooks and hook
// tools that Juju 4 removed.
//
// # Analyzer removedjuju4
//
// removedjuju4: a hook or hook tool Juju 4 removed is used (GO012)
//
// Juju 4 no longer runs leader-settings-changed, pre-series-upgrade,
// post-series-upgrade, collect-metrics or meter-status-changed, and
// removed the leader-get, leader-set, add-metric, pod-spec-*, k8s-spec-*,
// k8s-raw-* and payload-* hook tools. The analyzer reports dispatch
// branches and handlers of those hooks, and processes that run those
// tools.
package removedjuju4

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO012", Name: "removed-in-juju-4", Kind: rule.Go, Severity: rule.Warning,
	Title: "a hook or hook tool that Juju 4 removed is used",
	Rationale: `Juju 4 no longer runs leader-settings-changed, pre-series-upgrade,
post-series-upgrade, collect-metrics or meter-status-changed, and removed the
leader-get/leader-set, add-metric, pod-spec-*/k8s-spec-*/k8s-raw-* and payload-*
hook tools. Handlers of those hooks never run; the tools fail. Share settings
through a peer relation's application databag (SetRelationData(peer, true,
...)) and send metrics to COS.`,
	Bad: `case "leader-settings-changed":
	out, err := exec.Command("leader-get", "password").Output()`,
	Good: `// In Reconcile: the leader publishes, the others read.
data, err := c.RelationAppData(peer, c.Env().AppName())`,
}
