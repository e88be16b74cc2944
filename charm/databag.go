package charm

import (
	"errors"
	"fmt"
)

// Databag is a typed relation databag: generated code implements it for
// each side of each relation interface, in the wire format Python charms
// use, so a Go charm and an ops charm read each other's data.
type Databag interface {
	// UnmarshalDatabag decodes and validates raw relation data. Remote data
	// is untrusted: it returns an error naming the field, never panics.
	UnmarshalDatabag(map[string]string) error
	// MarshalDatabag encodes the value into relation data.
	MarshalDatabag() (map[string]string, error)
}

// ReadUnitData decodes a unit's databag in a relation into v.
func (c *Context) ReadUnitData(rel RelationID, unit string, v Databag) error {
	raw, err := c.RelationData(rel, unit)
	if err != nil {
		return err
	}
	if err := v.UnmarshalDatabag(raw); err != nil {
		return fmt.Errorf("relation %s, %s databag: %w", rel, unit, err)
	}
	return nil
}

// ReadAppData decodes an application's databag in a relation into v.
func (c *Context) ReadAppData(rel RelationID, app string, v Databag) error {
	raw, err := c.RelationAppData(rel, app)
	if err != nil {
		return err
	}
	if err := v.UnmarshalDatabag(raw); err != nil {
		return fmt.Errorf("relation %s, %s application databag: %w", rel, app, err)
	}
	return nil
}

// WriteUnitData encodes v into this unit's databag, writing only keys that
// differ. Keys the encoding leaves out are deleted if present, so the
// databag holds exactly v (Juju's own keys such as ingress-address are
// kept).
func (c *Context) WriteUnitData(rel RelationID, v Databag) error {
	return c.writeBag(rel, false, v)
}

// WriteAppData encodes v into this application's databag (leader only),
// writing only keys that differ; keys v leaves out are deleted.
func (c *Context) WriteAppData(rel RelationID, v Databag) error {
	return c.writeBag(rel, true, v)
}

// jujuKeys are the unit-databag keys Juju maintains itself.
var jujuKeys = map[string]bool{"ingress-address": true, "egress-subnets": true, "private-address": true}

func (c *Context) writeBag(rel RelationID, app bool, v Databag) error {
	want, err := v.MarshalDatabag()
	if err != nil {
		return fmt.Errorf("relation %s: encoding: %w", rel, err)
	}
	var cur map[string]string
	if app {
		cur, err = c.RelationAppData(rel, c.env.AppName())
	} else {
		cur, err = c.RelationData(rel, c.env.UnitName)
	}
	if err != nil && !(app && errors.Is(err, ErrNotLeader)) {
		return err
	}
	kv := map[string]string{}
	for k, val := range want {
		kv[k] = val
	}
	for k := range cur {
		if _, keep := want[k]; !keep && !jujuKeys[k] {
			kv[k] = "" // delete
		}
	}
	return c.SetRelationData(rel, app, kv)
}
