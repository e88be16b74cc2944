// Package workload drives a Kubernetes charm's workload containers through
// their Pebble, with the runtime's habit of comparing before writing:
// EnsureFile pushes only what differs, EnsureLayer adds a layer only when
// the plan would change, so a reconciler replans only then.
//
// It is a package of its own so that machine charms, which have no
// containers, do not link the Pebble client and net/http: a charm's binary
// starts once per hook. Generated code gives a typed accessor per declared
// container (ctx.Containers.Web()); New is what they call.
package workload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/pebble"
)

// Container is a workload container of a Kubernetes charm, driven through
// its Pebble. Like the rest of the runtime it compares before it writes:
// EnsureLayer adds a layer only when the plan would change and EnsureFile
// pushes a file only when its content differs, so a reconciler that runs
// twice on the same inputs writes nothing to Pebble the second time.
type Container struct {
	name   string
	c      *charm.Context
	client *pebble.Client
}

// canConnectTimeout bounds CanConnect's probe: a container that is not up
// must not hold the hook.
const canConnectTimeout = 5 * time.Second

// New returns the named workload container of the hook c runs. The name
// is one the charm's metadata declares; generated code gives a typed
// accessor per container, so a misspelt name is a compile error there. The
// Pebble socket is c.Env().PebbleSocket(name).
func New(c *charm.Context, name string) *Container {
	return &Container{
		name:   name,
		c:      c,
		client: pebble.NewClient(pebble.ClientOptions{Socket: c.Env().PebbleSocket(name)}),
	}
}

// Name returns the container's name.
func (ct *Container) Name() string { return ct.name }

// Pebble returns the container's Pebble client, for everything the
// Ensure methods do not cover (services, checks, exec, notices).
func (ct *Container) Pebble() *pebble.Client { return ct.client }

// CanConnect reports whether the container's Pebble answers, as ops'
// Container.can_connect does: a workload container is not up before its
// pebble-ready event, and can go away at any time, so a reconciler checks
// this first and waits (a waiting status) when it is false.
func (ct *Container) CanConnect() bool {
	ctx, cancel := context.WithTimeout(ct.c.Ctx(), canConnectTimeout)
	defer cancel()
	_, err := ct.client.SysInfo(ctx)
	return err == nil
}

// EnsureLayer makes the container's plan include layer, added under label
// with combine (Pebble's merge and replace overrides apply), and reports
// whether the plan changed. It reads the plan first and adds nothing when
// combining the layer would leave the plan as it is, so the caller replans
// only when changed is true:
//
//	changed, err := ct.EnsureLayer("web", layer)
//	if err == nil && changed {
//		err = ct.Pebble().Replan(ctx)
//	}
func (ct *Container) EnsureLayer(label string, layer *pebble.Layer) (changed bool, err error) {
	cur, err := ct.client.Plan(ct.c.Ctx())
	if err != nil {
		return false, fmt.Errorf("container %s: %w", ct.name, err)
	}
	want, err := combinedPlan(cur, layer)
	if err != nil {
		return false, fmt.Errorf("container %s: layer %q: %w", ct.name, label, err)
	}
	same, err := samePlan(cur, want)
	if err != nil || same {
		return false, err
	}
	ct.c.RecordWrite()
	if err := ct.client.AddLayer(ct.c.Ctx(), label, layer, true); err != nil {
		return false, fmt.Errorf("container %s: adding layer %q: %w", ct.name, label, err)
	}
	return true, nil
}

// Replan makes the container's services match its plan (Pebble's replan:
// start what should run, restart what changed). Call it when EnsureLayer
// reports a change.
func (ct *Container) Replan() error {
	ct.c.RecordWrite()
	if err := ct.client.Replan(ct.c.Ctx()); err != nil {
		return fmt.Errorf("container %s: replan: %w", ct.name, err)
	}
	return nil
}

// EnsureFile makes the file at path (in the container) hold content, and
// reports whether it had to push it. A file that already holds content is
// left alone, so its modification time and the workload watching it are
// undisturbed; opts (permissions, owner, make-dirs) apply to a push.
func (ct *Container) EnsureFile(path string, content []byte, opts pebble.PushOptions) (changed bool, err error) {
	old, err := ct.client.Pull(ct.c.Ctx(), path)
	switch {
	case err == nil && bytes.Equal(old, content):
		return false, nil
	case err != nil && !errors.Is(err, pebble.ErrNotFound):
		return false, fmt.Errorf("container %s: reading %s: %w", ct.name, path, err)
	}
	ct.c.RecordWrite()
	if err := ct.client.Push(ct.c.Ctx(), path, bytes.NewReader(content), opts); err != nil {
		return false, fmt.Errorf("container %s: writing %s: %w", ct.name, path, err)
	}
	return true, nil
}

// ServiceRunning reports whether the named service is active.
func (ct *Container) ServiceRunning(name string) (bool, error) {
	svcs, err := ct.client.Services(ct.c.Ctx(), name)
	if err != nil {
		return false, fmt.Errorf("container %s: %w", ct.name, err)
	}
	for _, s := range svcs {
		if s.Name == name {
			return s.Current == pebble.StatusActive, nil
		}
	}
	return false, nil
}

// combinedPlan returns the plan Pebble would hold after adding layer with
// combine to a container whose plan is cur. Combining into the plan itself
// gives the same result as combining into the labelled layer: the layers
// beneath are already folded into cur, and overrides apply the same way.
func combinedPlan(cur *pebble.Plan, layer *pebble.Layer) (*pebble.Plan, error) {
	base := &pebble.Layer{Label: "plan", Services: cur.Services, Checks: cur.Checks, LogTargets: cur.LogTargets}
	add := *layer
	add.Label = "charm"
	var ls pebble.Layers
	ls = append(ls, base)
	if err := ls.Add(&add, true); err != nil {
		return nil, err
	}
	return ls.Plan()
}

// samePlan compares two plans by their JSON, which drops what Pebble does
// not show (empty maps, unset durations).
func samePlan(a, b *pebble.Plan) (bool, error) {
	ja, err := json.Marshal(a)
	if err != nil {
		return false, err
	}
	jb, err := json.Marshal(b)
	if err != nil {
		return false, err
	}
	return bytes.Equal(ja, jb), nil
}
