// Package hooktools measures what one steady-state update-status costs a
// charm under an agent that speaks Juju's hook-tool protocol (the
// simulator's, `charmgen sim`): a Go charm whose Reconcile returns
// ActiveStatus (the golden minimal-machine charm, as charmgen gen writes
// it), with its runtime talking to the agent's socket and, for comparison,
// forced to run a tool process per call (CHARMGEN_HOOK_TOOLS=exec); an
// empty dispatch (/bin/true); and the smallest Python ops charm doing the
// same (opscharm/). Run it with bench/hooktools/run.sh; the figures are in
// bench/README.md.
package hooktools
