// Package jujusim is a simulated Juju unit agent: a model of one unit's world
// (State), the environment Juju gives a hook (HookContext), and an Agent that
// executes the hook tools a charm calls while one hook runs.
//
// One agent serves every caller, on purpose, and each reaches the same
// Agent.RunTool:
//
//   - The in-process test harness (charmtest) calls Agent.RunTool
//     directly, with no protocol in between.
//   - `charmgen sim` serves the hook's Agent on a Unix socket named by
//     JUJU_AGENT_SOCKET_ADDRESS (ServeTools), in Juju's own hook-tool
//     protocol: Go's net/rpc with gob encoding, one method, Jujuc.Main,
//     Juju's request and reply fields, its "bad request: ..." refusals
//     (wrong context id, unknown command) and its retry with stdin
//     (jujuc.go, toolserver.go; docs/conformance/protocol.md). The hook
//     tools on PATH are charmgen itself under each tool's name (ToolMain,
//     RunAsTool): jujuc-compatible clients that send their argv to that
//     socket, as Juju's jujuc does. A jujuc built from Juju's source works
//     against ServeTools, and ToolMain against a real unit agent.
//   - A Go charm's runtime (package charm) calls the socket itself, one
//     connection per hook, without a process per tool, unless
//     CHARMGEN_HOOK_TOOLS=exec makes it run the tools as processes.
//
// Because all of them go through this package, a charm cannot pass its
// unit tests and then behave differently under the simulator (or the other
// way round): flag parsing, output formats, error texts, exit codes, limits,
// leadership checks and transactional commit are written once, here.
//
// The event order of the scenarios (ScenarioWith: deploy, relate, config,
// upgrade, teardown), the state a unit starts from (FromMetadata,
// FillFromMetadata: peer relations, storage at its minimum count, a
// network per binding, the keys Juju writes into the unit's relation
// databag) and the limits Juju puts on what a charm stores follow Juju's
// source; docs/conformance/ (order.md, limits.md, protocol.md) lists each
// rule with the Juju source it follows and the test that checks it.
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
//     Agent.Discard drops them. A commit the controller would refuse (the
//     charm state's 2 MiB total) fails the hook: Agent.Finish returns a
//     *CommitError and nothing is applied.
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
//
// Which sim is which: three things are called sim. This package, jujusim, is
// the simulated unit agent, a library with no process of its own. Package
// internal/simrun is the CLI's simulation runner: it runs a built charm's
// dispatch, event by event, against an Agent of this package served on a
// socket. `charmgen sim` is the command (internal/cli/sim.go) in front of
// internal/simrun. Package jujusim/pebblesim is the simulated Pebble that both
// charm/charmtest and internal/simrun serve for a Kubernetes charm's
// containers.
package jujusim
