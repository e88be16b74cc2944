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
// workload. This package depends on the standard library only, so a charm's
// build stays small.
package charm
