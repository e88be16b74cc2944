// Package charm is the runtime that Go charms import: the hook environment,
// every hook tool that Juju 3.6 and 4.0 share, typed errors, status by
// priority, and writes that compare before they write.
//
// A charm runs once per hook. New reads the hook's environment; the
// returned *Context calls hook tools through a Backend. ExecBackend runs the
// real tools Juju puts on PATH, always with --format=json where the tool
// takes it; tests swap in a backend that answers from a simulated unit.
//
// Writes are idempotent by construction: SetRelationData, SetState,
// SetUnitStatus, SetPorts and EnsureSecret read what is there first and
// write only what differs, so running a reconciler twice issues no second
// write. EnsureFile does the same for the files a charm writes for its
// workload.
//
// Workloads: Context.Container returns a Kubernetes charm's container,
// driven through its Pebble (package charm/pebble) with the same habit —
// EnsureFile pushes only what differs, EnsureLayer adds a layer only when
// the plan would change, so the caller replans only then. A machine charm
// drives systemd with Context.Systemctl, which goes through the Backend
// like a hook tool, so the simulator can record it.
//
// This package depends on the standard library only, so a charm's build
// stays small.
package charm
