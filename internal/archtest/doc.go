// Package archtest holds tests of the module's import graph: which
// packages must not link which (docs/architecture.md lists the rules and
// why). It has no code of its own.
package archtest
