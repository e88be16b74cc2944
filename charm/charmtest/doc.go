// Package charmtest runs a Go charm's hooks in process against a simulated
// Juju unit: state in, event in, state out, in the style of ops.testing.
//
// The simulated unit is jujusim's agent, the same one `charmgen sim` serves
// to real hook-tool processes, so a test here and a run under the simulator
// cannot disagree about what a hook tool does.
//
// A test builds a Context around the charm's dispatch function, then runs
// typed events on states:
//
//	ctx := charmtest.New(mycharm.Dispatch, charmtest.WithMetadataDir("../.."))
//	st := charmtest.StateFromMetadata(ctx.Metadata(), "web/0")
//	st.Leader = true
//	st.Relations = append(st.Relations, jujusim.Relation{ID: 3, Endpoint: "db",
//		RemoteApp: "mysql", RemoteUnits: []string{"mysql/0"}})
//	out, err := ctx.Run(charmtest.RelationChanged(3, "mysql/0"), st)
//
// What it adds to ops.testing and goopstest:
//
//   - Consistency checks before every run, against the charm's metadata when
//     it is given (WithMetadata, WithMetadataDir): endpoints, relation
//     interfaces and peer sides, config keys and value types, actions and
//     their params (declared, JSON type, required, defaults filled in),
//     containers and storage; and against the state alone: the relation,
//     remote unit, departing unit, secret (owner or consumer), secret
//     revision and storage instance an event names must exist. All problems
//     are reported at once, in a *ConsistencyError (errors.Is
//     ErrInconsistent), and the charm does not run.
//   - Juju's transaction semantics: a charm error discards relation data,
//     secrets, ports and charm state, and keeps status, logs, workload
//     version and action results, as Juju does. A panic is a charm error
//     too, with its stack.
//   - Juju's own changes around hooks (jujusim.Prepare and Advance): uniter
//     statuses around install, start, stop and remove; departed units leave
//     relations; broken relations go away.
//   - Per-run histories (Output): writes, new log records, the unit and
//     application statuses and workload versions set, action results, logs
//     and failure.
//   - AssertIdempotent: a second run on the state the first left must write
//     nothing, which is what a holistic reconciler promises.
//   - No package-level state: one Context may serve parallel subtests.
//
// The input State is never modified; every Run works on a deep copy.
package charmtest
