package charmtest

import (
	"fmt"
	"slices"

	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
)

// MetadataHappenings returns the happenings a charm's metadata suggests,
// for Explore from st (a unit made by StateFromMetadata, say):
//
//   - a config change: each int or float option with a default set to its
//     default plus one, each bool option with a default flipped, other
//     options as they are (config-changed runs either way);
//   - each provides and requires endpoint (not peers, not container-scoped)
//     joining with one unit of an application named <endpoint>-remote,
//     with no data, under the next relation id free in st;
//   - leadership gained, unless st's unit already leads.
func MetadataHappenings(m *meta.Charm, st *jujusim.State) []Happening {
	change := ConfigChange{}
	for _, o := range m.Options {
		if !o.HasDefault() {
			continue
		}
		switch v := o.Default.V.(type) {
		case int64:
			change[o.Name] = v + 1
		case float64:
			change[o.Name] = v + 1
		case bool:
			change[o.Name] = !v
		}
	}
	hs := []Happening{change}
	id := 0
	for _, r := range st.Relations {
		id = max(id, r.ID+1)
	}
	for _, r := range m.Relations {
		if r.Role == meta.Peers || r.Scope == "container" ||
			slices.ContainsFunc(st.Relations, func(s jujusim.Relation) bool { return s.Endpoint == r.Name }) {
			continue
		}
		app := r.Name + "-remote"
		hs = append(hs, RelationJoins{ID: id, Endpoint: r.Name, RemoteApp: app, Units: []string{fmt.Sprintf("%s/0", app)}})
		id++
	}
	if !st.Leader {
		hs = append(hs, LeadershipChange{})
	}
	return hs
}
