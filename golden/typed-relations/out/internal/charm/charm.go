// Package charm is the orders charm. charmgen writes the *.gen.go files of this
// package; this file and the others are yours: charmgen never overwrites them.
package charm

import "github.com/charmgen/charmgen/charm"

// Charm implements Handler: put the charm's logic in its methods.
type Charm struct{}

// A missing Handler method (after adding an action, say) is a compile error here.
var _ Handler = (*Charm)(nil)

// Reconcile makes the unit match its inputs, for every repeatable event. It
// must be idempotent: the runtime writes only what differs, so a second run
// on the same inputs writes nothing. Inputs:
//   - ctx.Event: the event (ctx.Event.Kind), for logging; do not branch on it.
//   - ctx.Relations.Website(): the website relations (provides, http)
//   - ctx.Relations.DB(): the db relations (requires, mysql_client)
//   - ctx.IsLeader(), ctx.State(), ctx.SecretGet(...), and every hook tool.
//
// Return the statuses to show; the most urgent wins:
//   - charm.BlockedStatus(...): a human must act (bad config, missing relation)
//   - charm.MaintenanceStatus(...): busy with work that will finish by itself
//   - charm.WaitingStatus(...): waiting for something outside the charm
//   - charm.ActiveStatus(...): ready
func (c *Charm) Reconcile(ctx *Context) ([]charm.Status, error) {
	return []charm.Status{charm.ActiveStatus("")}, nil
}

// Stop stops the workload; the unit is going away.
func (c *Charm) Stop(ctx *Context) error {
	return nil
}

// Remove cleans up what the unit owns; it is the last hook.
func (c *Charm) Remove(ctx *Context) error {
	return nil
}

// SecretRotate rotates a secret this charm owns (ctx.Event.SecretID).
func (c *Charm) SecretRotate(ctx *Context) error {
	return nil
}

// SecretExpired handles an expired revision of a secret this charm owns.
func (c *Charm) SecretExpired(ctx *Context) error {
	return nil
}

// SecretRemove removes a revision no one tracks any more (ctx.Event.SecretRevision).
func (c *Charm) SecretRemove(ctx *Context) error {
	return nil
}
