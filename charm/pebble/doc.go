// Package pebble is a client for Pebble, the service manager that runs in
// every workload container of a Juju Kubernetes charm, and a model of
// Pebble's layers and plan.
//
// # Talking to Pebble
//
// Juju mounts each workload container's Pebble socket into the charm
// container at /charm/containers/<container>/pebble.socket (SocketPath).
// NewClient speaks Pebble's HTTP API over that Unix socket:
//
//	c := pebble.NewClient(pebble.ClientOptions{Socket: pebble.SocketPath("web")})
//	err := c.AddLayer(ctx, "web", layer, true)
//	err = c.Replan(ctx)
//
// Every call takes a context and is also bounded by ClientOptions.Timeout
// per HTTP request (30s by default), so a dead or stuck Pebble costs at most
// that long. Calls that start a change (Start, Stop, Restart, Replan, Exec)
// wait for it the way Pebble's own client and ops do, asking
// /v1/changes/{id}/wait for a little less than the request timeout at a
// time. Exec implements the client side of Pebble's exec websockets itself,
// on the module's internal RFC 6455 framing (shared with the simulated
// Pebble).
//
// # Errors
//
// Errors are typed so that callers can decide what to do:
//
//   - *ConnectionError: Pebble could not be reached or did not answer in
//     time (no socket yet, connection refused, timeout, dropped
//     connection). errors.Is(err, ErrCannotConnect) is true. In a charm this
//     usually means "not ready yet, try on a later event".
//   - *APIError: Pebble answered with an error response; it carries
//     Pebble's message, status code and kind. errors.Is(err, ErrNotFound)
//     matches a 404 or kind "not-found".
//   - *FileError: a files call failed for its path; errors.Is matches
//     ErrNotFound and fs.ErrNotExist, or ErrPermissionDenied and
//     fs.ErrPermission.
//   - *ChangeError: a change Pebble ran failed (a service did not start, a
//     command timed out); its message includes the tasks' logs.
//   - *ExitError: a command run by Exec exited non-zero.
//   - *FormatError and *LabelExistsError: a layer or plan Pebble would
//     reject (see Layers.Add); *YAMLError: YAML this package cannot read.
//
// # Layers and plans
//
// Layer, Service, Check, LogTarget and Plan mirror canonical/pebble's
// internals/plan types with the same YAML keys; CombineLayers, the Merge
// methods and Layers.Add implement Pebble's override rules and label rules,
// so a simulated Pebble can behave like the real one. ParseLayer,
// ParsePlan, Layer.YAML and Plan.YAML read and write the YAML Pebble
// exchanges, without a YAML library.
//
// The package depends on the standard library only (its one module
// package, internal/websocket, does too), so that a Go charm that imports
// it stays small.
package pebble
