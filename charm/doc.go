// Package charm is the runtime that Go charms import: the hook environment,
// every hook tool that Juju 3.6 and 4.0 share, typed errors, status by
// priority, and writes that compare before they write.
//
// A charm runs once per hook. New reads the hook's environment; the
// returned *Context calls hook tools through a Backend, with
// --format=json wherever the tool takes it. The Backend New picks
// (NewBackend) is an AgentBackend: it sends each call straight to the unit
// agent's socket (JUJU_AGENT_SOCKET_ADDRESS, JUJU_AGENT_SOCKET_NETWORK) in
// Juju's own hook-tool protocol — Go's net/rpc with gob encoding, the
// method Jujuc.Main, the request a jujuc process would send, with the
// hook's JUJU_CONTEXT_ID — over one connection for the whole hook, so no
// process starts per tool. When the socket cannot be reached, when the
// hook environment names none or one that needs TLS (tcp with
// JUJU_AGENT_CA_CERT), or when CHARMGEN_HOOK_TOOLS=exec, the tools run as
// processes instead (ExecBackend, the tools Juju puts on PATH); the
// results, errors and exit codes are the same either way. Commands that
// are not hook tools (systemctl) always run as processes. Tests swap in a
// backend that answers from a simulated unit (charm/charmtest).
//
// Writes are idempotent by construction: SetRelationData, SetState,
// SetUnitStatus, SetPorts and EnsureSecret read what is there first and
// write only what differs, so running a reconciler twice issues no second
// write. EnsureFile does the same for the files a charm writes for its
// workload.
//
// Workloads: package charm/workload drives a Kubernetes charm's containers
// through their Pebble (package charm/pebble) with the same habit —
// EnsureFile pushes only what differs, EnsureLayer adds a layer only when
// the plan would change, so the caller replans only then; it is a package
// of its own so that machine charms do not link the Pebble client. A
// machine charm drives systemd with Context.Systemctl, which goes through
// the Backend like a hook tool, so the simulator can record it.
//
// This package depends on the standard library only, so a charm's build
// stays small.
package charm
