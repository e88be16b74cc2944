// Package jujusim is a simulated Juju unit agent: a model of one unit's world
// (State), the environment Juju gives a hook (HookContext), and an Agent that
// executes the hook tools a charm calls while one hook runs.
//
// One agent serves two callers, on purpose. The in-process test harness
// (charmtest) calls Agent.RunTool directly; `charmgen sim` puts fake hook-tool
// executables on PATH that load a JSON state file, call the very same
// Agent.RunTool and save the state back. Because both go through this package,
// a charm cannot pass its unit tests and then behave differently under the
// simulator (or the other way round): flag parsing, output formats, error
// texts, exit codes, leadership checks and transactional commit are written
// once, here.
//
// The behaviour follows shared/reference/juju-runtime.md (§0 mechanics, §1 hook
// tools, §3 environment, §4 dispatch, §6 status), which is the contract. Where
// that reference marks something unverified, or says nothing, the code picks
// the documented or most likely Juju 3.6/4.0 behaviour and says so in a
// comment starting "unverified:".
//
// Semantics in brief:
//
//   - Writes Juju buffers (relation settings, ports, charm state, storage-add,
//     secret create/update/remove/grant/revoke, reboot requests) go into a
//     pending change set that later tools in the same hook see where Juju
//     lets them, and reach the State only through Agent.Commit (hook exited 0);
//     Agent.Discard drops them.
//   - status-set, application-version-set, juju-log, action-log and the action
//     results take effect at once.
//   - Every write a charm asks for is recorded in Agent.Writes, even when it
//     stores a value identical to the current one: comparing before writing is
//     the runtime's job, and the log is how tests prove it did.
//
// Workloads live in the State too. State.Containers holds each container of
// a Kubernetes charm as package pebblesim models it (layers, services,
// checks, notices, exec answers, a filesystem root); the harness and
// `charmgen sim` serve each one's Pebble on a Unix socket while a hook runs,
// and Pebble's effects, like a real Pebble's, are not transactional.
// Prepare applies what made Pebble report an event (pebble-ready brings the
// container up, a custom notice is recorded, a check goes down or up), and
// an upgrade of a Kubernetes charm restarts its containers. State.Systemd is
// a machine charm's systemd: the agent answers systemctl (MachineCommands)
// by recording the call and the units' states, at once.
package jujusim
