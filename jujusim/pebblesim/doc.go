// Package pebblesim is a simulated Pebble: an HTTP server that speaks
// Pebble's API over a real Unix socket, with Pebble's request and response
// shapes, backed by a JSON-serialisable Container instead of real processes
// and a real container filesystem.
//
// Any Pebble client works against it: ops' Python client (ops.pebble.Client),
// charmgen's Go client (charm/pebble), or a raw HTTP client. `charmgen sim`
// serves one socket per workload container while a hook runs; the in-process
// test harness does the same, then asserts on the Container the server leaves
// behind (Server.Container).
//
// What is simulated, and how:
//
//   - Layers and the plan: POST /v1/layers parses the layer YAML the way
//     Pebble's plan.ParseLayer does and adds it with charm/pebble's
//     Layers.Add (Pebble's label and override rules); GET /v1/plan renders
//     the combined plan with yaml.v3, as Pebble does.
//   - Services never run a process: starting one marks it active and records
//     the configuration it started with, so replan restarts exactly the
//     services Pebble's service manager would. Start, stop, restart, replan
//     and autostart are changes that are already Done when the 202 answer
//     leaves.
//   - Checks never probe anything: a check that runs is "up" (with one
//     success) unless the state presets it "down"; checks run, stop and
//     restart on plan changes, replan and POST /v1/checks as Pebble's check
//     manager decides, each running check owning a perform-check (or, when
//     down, recover-check) change.
//   - Files live under Container.Root, opened with os.Root so that no path,
//     "..", or symlink (relative or absolute) can reach outside it. Ownership
//     cannot be changed without privileges, so the user and group a client
//     asks for are recorded in Container.FileOwners and reported back.
//   - Exec runs no command: the first ExecRule whose pattern matches answers,
//     through the same websockets (control, stdio, stderr) and "end"
//     messages as Pebble's, and the call is appended to Container.ExecLog.
//   - Notices: custom notices from POST /v1/notices, and change-update
//     notices for every change, as Pebble records them.
//
// Every request is treated as coming from root (UID 0), the user a charm's
// requests come from on Juju, so admin-only filters work and the notices a
// client adds carry user-id 0.
//
// Each handler names the Pebble file it follows (canonical/pebble,
// internals/...). Where the simulator cannot do what Pebble does (there is
// no passwd database, no process, no probe), the comment says what it does
// instead.
package pebblesim
