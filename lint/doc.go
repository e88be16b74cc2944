// Package lint is charmgen's charm linter: a rule engine with stable rule
// IDs (META for metadata, GO for Go charms, PY for Python ops charms, LINT
// for the linter's own findings), each documented with a title, a
// rationale, a bad and a good example and a default severity.
//
// Run finds the charms a set of paths belongs to and lints each:
//
//   - metadata, through package meta (charmcraft.yaml and the legacy
//     files, with positions): the loader's own diagnostics become findings
//     under rule IDs, and this package adds its checks, among them those of
//     the daemon layout's charmgen-hooks.yaml (META018-META020);
//   - Go packages, loaded with go/packages and analysed by the analyzers
//     in lint/analyzers/... through golang.org/x/tools/go/analysis/checker;
//   - Python files, parsed with tree-sitter by lint/python.
//
// The charm's charmgen.yaml (lint: disable and severity) and suppression
// comments (//charmgen:ignore ID reason, # charmgen: ignore[ID] reason,
// and their file-ignore forms) then decide what is reported. Write prints
// the findings as text, JSON, SARIF 2.1.0 or GitHub workflow annotations.
// docs/lint.md is the user's reference.
package lint
