// Package daemon is the Lucky-style daemon layout for Go charms: one binary
// that is, depending on how it is run, the charm's dispatch client, the
// unit's long-lived daemon, and the CLI that the charm's scripts call back.
//
// A charm's main calls Main with its Config. Juju runs the binary as
// dispatch for every hook and action; the client connects to the daemon's
// Unix socket (starting the daemon, detached, when it is not running),
// forwards the hook's environment, streams the daemon's output back and
// exits with the hook's result, so Juju's retries and its transactional
// commit keep working.
//
// The daemon serves one hook at a time. For each hook it runs the charm's
// Go reconciler in process, with a charm.Context whose hook tools run with
// that hook's environment (never the daemon's own), then the scripts that
// the charm's hooks file (charmgen-hooks.yaml) maps to the hook, in order,
// async ones joined before the hook returns. Scripts reach the daemon with
// a per-hook token (CHARMGEN_TOKEN) that dies with the hook, through the
// same binary under the charm's name: `NAME status set`, `NAME kv get`, ...
//
// The unit's key/value store lives in Juju's charm state (state-set), so it
// is committed with the hook and discarded when the hook fails; a local
// cache, written atomically, saves the hook-tool calls for reads.
//
// This package depends on the standard library and the charm runtime
// only: a charm links it.
package daemon
