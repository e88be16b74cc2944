// Package secretlog defines an Analyzer that reports secret values passed
// to loggers.
//
// # Analyzer secretlog
//
// secretlog: a secret value is passed to a logger (GO010)
//
// Log lines end up in juju debug-log, log aggregation and bug reports. The
// analyzer reports log/slog, log and fmt print calls given a secret value:
// what Context.SecretGet returned, or a variable, field or map key named
// like a password, token, API key, private key or credential. The runtime's
// own logger (Context.Logger) redacts the secrets the hook has seen and is
// not reported; wrapping a value in charm.Secret makes any slog handler
// print *** instead.
package secretlog

import "github.com/charmgen/charmgen/lint/rule"

// Rule documents the check.
var Rule = rule.Rule{
	ID: "GO010", Name: "secret-logged", Kind: rule.Go, Severity: rule.Error,
	Title: "a secret value is passed to a logger",
	Rationale: `Log lines end up in juju debug-log, in log aggregation and in bug reports.
Secret content (what SecretGet returns) and values named like passwords,
tokens, API keys, private keys or credentials must not reach log/slog, log or
fmt's print functions. Log the secret's id or label; wrap the value in
charm.Secret (which logs as ***), or log through the runtime's c.Logger(),
which redacts the secrets the hook has read or written.`,
	Bad: `content, err := c.SecretGet("", "admin", false, false)
if err != nil {
	return err
}
slog.Info("admin login", "password", content["password"])`,
	Good: `slog.Info("admin login", "password", charm.Secret(content["password"]))`,
}
