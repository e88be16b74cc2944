// Package archtest holds tests of the module's import graph: which
// packages must not link which. It has no code of its own.
package archtest
