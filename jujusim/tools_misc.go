package jujusim

import (
	"errors"
	"fmt"
)

// goal-state [--format yaml|json]
func runGoalState(a *Agent, c *call) error {
	o := c.outputFlags(formatYAML, formatYAML, formatJSON)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	gs := a.st.GoalState
	if gs == nil {
		gs = a.derivedGoalState()
	}
	status := func(g GoalStatus) omap {
		m := omap{{"status", g.Status}}
		if g.Since != "" {
			m = append(m, kv{"since", g.Since})
		}
		return m
	}
	units := map[string]any{}
	for name, g := range gs.Units {
		units[name] = status(g)
	}
	rels := map[string]any{}
	for ep, members := range gs.Relations {
		m := map[string]any{}
		for name, g := range members {
			m[name] = status(g)
		}
		rels[ep] = m
	}
	return o.write(omap{{"units", units}, {"relations", rels}})
}

// derivedGoalState builds a goal state from the State when none is given:
// this unit and its peers are active; every remote application is joined and
// its units active.
//
// unverified: the statuses Juju reports for related applications and units
// ("joined" for applications, "active" for units).
func (a *Agent) derivedGoalState() *GoalState {
	gs := &GoalState{Units: map[string]GoalStatus{a.st.Unit: {Status: "active"}}, Relations: map[string]map[string]GoalStatus{}}
	for _, r := range a.st.Relations {
		if r.Broken {
			continue
		}
		if r.IsPeer(a.st.AppName()) {
			for _, u := range r.RemoteUnits {
				gs.Units[u] = GoalStatus{Status: "active"}
			}
			continue
		}
		m := gs.Relations[r.Endpoint]
		if m == nil {
			m = map[string]GoalStatus{}
			gs.Relations[r.Endpoint] = m
		}
		m[r.RemoteApp] = GoalStatus{Status: "joined"}
		for _, u := range r.RemoteUnits {
			m[u] = GoalStatus{Status: "active"}
		}
	}
	return gs
}

// credential-get [--format]
func runCredentialGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	if a.st.Model.Type == "caas" {
		return fmt.Errorf("cannot access cloud credentials: credential-get on a %q model not supported", "caas")
	}
	spec := a.st.Credential
	if spec == nil {
		// unverified: the exact text for an untrusted application.
		return fmt.Errorf("cannot access cloud credentials: %w", errors.New("permission denied"))
	}
	// Keys follow params.CloudSpec's JSON tags.
	out := omap{{"type", spec.Type}, {"name", spec.Name}}
	opt := func(k, v string) {
		if v != "" {
			out = append(out, kv{k, v})
		}
	}
	opt("region", spec.Region)
	opt("endpoint", spec.Endpoint)
	opt("identity-endpoint", spec.IdentityEndpoint)
	opt("storage-endpoint", spec.StorageEndpoint)
	if cr := spec.Credential; cr != nil {
		cm := omap{{"auth-type", cr.AuthType}}
		if len(cr.Attributes) > 0 {
			cm = append(cm, kv{"attrs", copyMap(cr.Attributes)})
		}
		out = append(out, kv{"credential", cm})
	}
	if len(spec.CACertificates) > 0 {
		out = append(out, kv{"cacertificates", append([]string{}, spec.CACertificates...)})
	}
	out = append(out, kv{"skip-tls-verify", spec.SkipTLSVerify}, kv{"is-controller-cloud", spec.IsControllerCloud})
	return o.write(out)
}
