// Package leadercheck defines an Analyzer that reports writes only the
// leader may make (the application databag, application status) without a
// leader check.
//
// # Analyzer leadercheck
//
// leadercheck: application data is written without a leader check (GO008)
//
// Only the leader may write its application's databag or set application
// status; on other units the hook tool fails (the runtime returns
// ErrNotLeader), so every hook fails on every non-leader. The analyzer
// reports SetRelationData(rel, true, ...), WriteAppData, SetAppStatus,
// ApplyStatuses with application statuses, relation-set --app and
// status-set --application, unless a condition that mentions leadership
// guards them (an if around the write, an early return, or a guard around
// every call of the function), or the handler runs only on leader-elected.
package leadercheck

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO008", Name: "app-data-without-leader-check", Kind: rule.Go, Severity: rule.Error,
	Title: "the application databag or status is written without a leader check",
	Rationale: `Only the leader may write its application's databag or set the application
status; on any other unit relation-set --app and status-set --application fail
(the runtime returns ErrNotLeader) and so does the hook, on every hook of every
non-leader unit. Check IsLeader first: an if around the write, an early
return, or a check around every call of the function that writes.`,
	Bad: `for _, rel := range rels {
	if err := c.SetRelationData(rel, true, map[string]string{"database": "app"}); err != nil {
		return err
	}
}`,
	Good: `leader, err := c.IsLeader()
if err != nil {
	return err
}
for _, rel := range rels {
	if leader {
		if err := c.SetRelationData(rel, true, map[string]string{"database": "app"}); err != nil {
			return err
		}
	}
}`,
}
