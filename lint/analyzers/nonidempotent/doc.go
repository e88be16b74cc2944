// Package nonidempotent defines an Analyzer that reports commands that
// fail or duplicate when run twice, in code that runs on repeatable
// events.
//
// # Analyzer nonidempotent
//
// nonidempotent: reconcile code runs a command that is not idempotent (GO005)
//
// useradd, groupadd, adduser and addgroup fail when the user or group
// exists, mkdir without -p when the directory exists, ln without -f when
// the link exists; so do os.Mkdir, os.Symlink and os.Link. In reconcile
// code the second run fails. A call guarded by a condition that checks
// for existence (exist, Stat, Lookup...), or in a function that handles
// os.ErrExist, passes.
package nonidempotent

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO005", Name: "non-idempotent-command", Kind: rule.Go, Severity: rule.Warning,
	Title: "reconcile code runs a command that fails or duplicates when run twice",
	Rationale: `useradd, groupadd, adduser and addgroup fail when the user or group exists;
mkdir without -p fails when the directory exists; ln without -f fails when the
link exists; os.Mkdir, os.Symlink and os.Link fail likewise. In reconcile code
the second run errors, and the hook with it. Check first (user.Lookup,
os.Stat), handle os.ErrExist, or use the idempotent form (mkdir -p,
os.MkdirAll, ln -sf).`,
	Bad: `if err := exec.Command("useradd", "--system", "app").Run(); err != nil {
	return err
}
return os.Mkdir("/srv/app", 0o755)`,
	Good: `if _, err := user.Lookup("app"); err != nil {
	if err := exec.Command("useradd", "--system", "app").Run(); err != nil {
		return err
	}
}
return os.MkdirAll("/srv/app", 0o755)`,
}
