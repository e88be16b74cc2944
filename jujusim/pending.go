package jujusim

import "sort"

// pending is the change set Juju buffers in the hook context and commits in
// one go when the hook exits 0 (reference §0).
type pending struct {
	// unitData and appData hold the full new databags of relations the hook
	// wrote to, by relation id.
	unitData map[int]map[string]string
	appData  map[int]map[string]string
	// ports holds the open and close requests the hook context's port range
	// recorder keeps, in order: a request cancels a pending one of the other
	// kind for the same range and endpoint, so no range and endpoint is in
	// both.
	ports []portOp
	// charmState is the whole charm state once the hook has changed it.
	charmState map[string]string
	// storage counts storage-add requests by name.
	storage map[string]int
	// secrets is the whole secret list once the hook has changed it.
	secrets []Secret
	// reboot is "", "after-hook" or "now".
	reboot string
}

type portOp struct {
	open bool
	port Port
}

func (p *pending) empty() bool {
	return len(p.unitData) == 0 && len(p.appData) == 0 && len(p.ports) == 0 &&
		p.charmState == nil && len(p.storage) == 0 && p.secrets == nil && p.reboot == ""
}

// CommitError is a change set the controller refused when the hook ended
// (HookContext.Flush, internal/worker/uniter/runner/context/context.go):
// nothing of it is applied and the hook fails, as if it had exited non-zero
// (an action fails with "committing requested changes failed").
type CommitError struct{ Err error }

// Error is the line the unit agent logs.
func (e *CommitError) Error() string { return "cannot apply changes: " + e.Err.Error() }

// Unwrap returns the controller's refusal.
func (e *CommitError) Unwrap() error { return e.Err }

// check runs the controller's checks on the change set before it is
// applied to st: the charm state quota, when the hook changed the state
// (Juju only sends a changed state, and only checks one that differs from
// what is stored and is not empty).
func (p *pending) check(st *State) error {
	if p.charmState != nil && len(p.charmState) > 0 && !mapsEqual(p.charmState, st.CharmState) {
		if err := checkCharmStateQuota(p.charmState); err != nil {
			return &CommitError{Err: err}
		}
	}
	return nil
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// apply writes the change set into st.
func (p *pending) apply(st *State) {
	for id, data := range p.unitData {
		if r := st.Relation(id); r != nil {
			r.LocalUnitData = nilIfEmpty(data)
		}
	}
	for id, data := range p.appData {
		if r := st.Relation(id); r != nil {
			r.LocalAppData = nilIfEmpty(data)
		}
	}
	for _, op := range p.ports {
		st.OpenedPorts = applyPortOp(st.OpenedPorts, op)
	}
	if p.charmState != nil {
		st.CharmState = nilIfEmpty(p.charmState)
	}
	for name, n := range p.storage {
		if st.StorageRequests == nil {
			st.StorageRequests = map[string]int{}
		}
		st.StorageRequests[name] += n
	}
	if p.secrets != nil {
		st.Secrets = p.secrets
		if len(st.Secrets) == 0 {
			st.Secrets = nil
		}
	}
	if p.reboot != "" {
		st.RebootRequested = p.reboot
	}
}

func nilIfEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// applyPortOp opens or closes one range for one endpoint and keeps the list
// sorted. Closing for all endpoints ("") closes the range everywhere.
func applyPortOp(ports []Port, op portOp) []Port {
	out := ports[:0:0]
	found := false
	for _, p := range ports {
		same := p.Protocol == op.port.Protocol && p.From == op.port.From && p.To == op.port.To
		if same && (p.Endpoint == op.port.Endpoint || (!op.open && op.port.Endpoint == "")) {
			found = true
			if !op.open {
				continue
			}
		}
		out = append(out, p)
	}
	if op.open && !found {
		out = append(out, op.port)
	}
	sortPorts(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// sortPorts orders ports by protocol, range and endpoint.
func sortPorts(ports []Port) {
	sort.Slice(ports, func(i, j int) bool {
		a, b := ports[i], ports[j]
		if a.Protocol != b.Protocol {
			return a.Protocol < b.Protocol
		}
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		return a.Endpoint < b.Endpoint
	})
}

// copyMap returns a copy of m (never nil).
func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
