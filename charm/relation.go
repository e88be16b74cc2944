package charm

import (
	"encoding/json"
	"fmt"
)

// RelationIDs lists the relations of an endpoint.
func (c *Context) RelationIDs(endpoint string) ([]RelationID, error) {
	var ids []string
	if err := c.runJSON(&ids, "relation-ids", endpoint); err != nil {
		return nil, err
	}
	out := make([]RelationID, 0, len(ids))
	for _, s := range ids {
		r, err := ParseRelationID(s)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// RelationUnits lists the remote units in a relation.
func (c *Context) RelationUnits(rel RelationID) ([]string, error) {
	var units []string
	err := c.runJSON(&units, "relation-list", "-r", rel.String())
	return units, err
}

// RelationApp returns the remote application of a relation.
func (c *Context) RelationApp(rel RelationID) (string, error) {
	var app string
	err := c.runJSON(&app, "relation-list", "-r", rel.String(), "--app")
	return app, err
}

// RelationData reads a unit's databag in a relation (a remote unit, or this
// unit's own).
func (c *Context) RelationData(rel RelationID, unit string) (map[string]string, error) {
	out := map[string]string{}
	err := c.runJSON(&out, "relation-get", "-r", rel.String(), "-", unit)
	return out, err
}

// RelationAppData reads an application's databag in a relation (the remote
// application's, or this application's own, which only the leader may read
// outside peer relations).
func (c *Context) RelationAppData(rel RelationID, app string) (map[string]string, error) {
	out := map[string]string{}
	err := c.runJSON(&out, "relation-get", "-r", rel.String(), "--app", "-", app)
	return out, err
}

// SetRelationData sets keys in this unit's databag (app false) or this
// application's (app true, leader only) in a relation. Keys not in kv are
// left alone; an empty value deletes a key. Only the keys whose value
// differs from what is there are written, and nothing is written when none
// differs, so a reconciler can call it on every hook.
func (c *Context) SetRelationData(rel RelationID, app bool, kv map[string]string) error {
	var cur map[string]string
	var err error
	if app {
		if ok, lerr := c.IsLeader(); lerr != nil {
			return lerr
		} else if !ok {
			return fmt.Errorf("setting the %s application databag of %s: %w", c.env.AppName(), rel, ErrNotLeader)
		}
		cur, err = c.RelationAppData(rel, c.env.AppName())
	} else {
		cur, err = c.RelationData(rel, c.env.UnitName)
	}
	if err != nil {
		return err
	}
	diff := map[string]string{}
	for k, v := range kv {
		old, ok := cur[k]
		if (v == "" && ok) || (v != "" && old != v) {
			diff[k] = v
		}
	}
	if len(diff) == 0 {
		return nil
	}
	// --file - keeps values exactly: key=value arguments are trimmed of
	// spaces by Juju. JSON is YAML, which is what --file reads.
	b, _ := json.Marshal(diff)
	args := []string{"-r", rel.String(), "--file", "-"}
	if app {
		args = append(args, "--app")
	}
	return c.write("relation-set", b, args...)
}

// RelationModel returns the UUID of the remote model of a relation (for
// cross-model relations).
func (c *Context) RelationModel(rel RelationID) (string, error) {
	var out struct {
		UUID string `json:"uuid"`
	}
	err := c.runJSON(&out, "relation-model-get", "-r", rel.String())
	return out.UUID, err
}
