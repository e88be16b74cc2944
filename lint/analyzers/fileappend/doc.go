// Package fileappend defines an Analyzer that reports appends to files in
// code that runs on repeatable events.
//
// # Analyzer fileappend
//
// fileappend: reconcile code appends to a file (GO002)
//
// Code reachable from Reconcile, or from a handler of a repeatable event,
// runs again and again: it must leave the same result when run twice on
// the same inputs. os.OpenFile with O_APPEND, and shell commands with >> or
// tee -a, add to the file on every run.
package fileappend

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO002", Name: "file-append", Kind: rule.Go, Severity: rule.Warning,
	Title: "reconcile code appends to a file",
	Rationale: `Code that runs on every repeatable event must be idempotent: running it twice on
the same inputs must leave the same result. os.OpenFile with O_APPEND, or a
shell command with >> or tee -a, adds to the file on every run. Render the
whole file and write it when it differs.`,
	Bad: `f, err := os.OpenFile("/etc/hosts", os.O_APPEND|os.O_WRONLY, 0o644)
if err != nil {
	return err
}
defer f.Close()
_, err = fmt.Fprintf(f, "%s db\n", addr)`,
	Good: `want := renderHosts(addrs)
if cur, _ := os.ReadFile("/etc/hosts"); !bytes.Equal(cur, want) {
	return os.WriteFile("/etc/hosts", want, 0o644)
}`,
}
