package jujusim

import (
	"fmt"
	"path"
	"strconv"

	"github.com/charmgen/charmgen/jujusim/pebblesim"
	"github.com/charmgen/charmgen/meta"
)

// FromMetadata returns the State of unit (<app>/<n>) of a charm as Juju
// deploys it, with the defaults ops.testing gives (scenario/state.py,
// State.from_context and the Network, Relation and Storage defaults). It
// is the one implementation behind charmtest.StateFromMetadata and the
// state `charmgen sim` starts from:
//
//   - the model type: caas when the charm is a Kubernetes charm, else iaas
//     (the model's name and UUID are left to the caller);
//   - the config options with their types and defaults
//     (ConfigOptionsFromMetadata), so config-get answers as for the real
//     charm;
//   - every container, down (can_connect false) until its pebble-ready;
//   - a relation per peer endpoint, ids 0, 1, ... in metadata order, since
//     Juju creates peer relations with the application; the local unit's
//     databag holds what Juju writes on entering scope (JujuUnitData);
//   - each storage at its minimum count (multiple.range's lower bound, 1
//     without multiple), as Juju fills a deploy's storage directives
//     (state/storage.go storageConstraintsWithDefaults: Count =
//     CountMin); ids share one sequence, <name>/<n>, as Juju's storage ids
//     and ops.testing's storage indices do; filesystems are mounted where
//     Juju mounts them (FilesystemMountPoint);
//   - a network (DefaultNetwork) for every binding: each endpoint, each
//     extra-binding and the implicit juju-info endpoint.
//
// The unit is not the leader; set Leader as needed. juju is the Juju major
// version (3 or 4; 0 means 4); it decides the keys of the relation
// databags (JujuUnitData). m may be nil: the State then holds the unit and
// an empty set of options.
func FromMetadata(m *meta.Charm, unit string, juju int) *State {
	st := &State{Unit: unit, ConfigOptions: ConfigOptionsFromMetadata(m)}
	if m == nil {
		return st
	}
	st.Model.Type = "iaas"
	if m.IsKubernetes() {
		st.Model.Type = "caas"
	}
	for _, c := range m.Containers {
		st.Containers = append(st.Containers, pebblesim.Container{Name: c.Name})
	}
	app := st.AppName()
	id := 0
	for _, r := range m.Relations {
		if r.Role != meta.Peers {
			continue
		}
		st.Relations = append(st.Relations, NewRelation(id, r.Name, r.Interface.V, app, nil, juju))
		id++
	}
	seq := 0
	for _, s := range m.Storage {
		for i := 0; i < s.CountMin; i++ {
			sid := s.Name + "/" + strconv.Itoa(seq)
			seq++
			st.Storage = append(st.Storage, Storage{ID: sid, Kind: storageKind(s), Location: storageLocation(s, sid)})
		}
	}
	st.Networks = map[string]Network{}
	for _, b := range Bindings(m) {
		st.Networks[b] = DefaultNetwork()
	}
	return st
}

// FillFromMetadata completes a State that was written by hand (a state
// file, a test's literal) with what the metadata knows and the State
// leaves out, without changing what it holds: the config options it does
// not declare, the containers it lacks (down), the interface of each
// relation, and a DefaultNetwork for each binding without a network — all
// of them only when the State has no default network (key ""), which then
// answers for every binding. It does not add relations or storage: a
// State's relations and storage are what the test says they are. A
// relation on an endpoint the charm does not declare is an error.
func FillFromMetadata(st *State, m *meta.Charm) error {
	if m == nil {
		return nil
	}
	if st.ConfigOptions == nil {
		st.ConfigOptions = map[string]ConfigOption{}
	}
	for name, o := range ConfigOptionsFromMetadata(m) {
		if _, ok := st.ConfigOptions[name]; !ok {
			st.ConfigOptions[name] = o
		}
	}
	for _, c := range m.Containers {
		if st.Container(c.Name) == nil {
			st.Containers = append(st.Containers, pebblesim.Container{Name: c.Name})
		}
	}
	for i := range st.Relations {
		r := &st.Relations[i]
		d := m.Relation(r.Endpoint)
		if d == nil {
			return fmt.Errorf("relation %d is on endpoint %q, which the charm does not declare", r.ID, r.Endpoint)
		}
		if r.Interface == "" {
			r.Interface = d.Interface.V
		}
	}
	if _, ok := st.Networks[""]; !ok {
		for _, b := range Bindings(m) {
			if _, ok := st.Networks[b]; !ok {
				if st.Networks == nil {
					st.Networks = map[string]Network{}
				}
				st.Networks[b] = DefaultNetwork()
			}
		}
	}
	return nil
}

// ConfigOptionsFromMetadata returns the config options the metadata
// declares, in the form State.ConfigOptions holds them: type, default (only
// a real one: an absent or null default means config-get leaves the option
// out) and description. Options of a type Juju does not know are left
// out. It is the one place both charmtest and `charmgen sim` type config,
// secret options included (type secret, a secret URI as value).
func ConfigOptionsFromMetadata(m *meta.Charm) map[string]ConfigOption {
	out := map[string]ConfigOption{}
	if m == nil {
		return out
	}
	for _, o := range m.Options {
		switch o.Type {
		case meta.TypeString, meta.TypeInt, meta.TypeFloat, meta.TypeBoolean, meta.TypeSecret:
		default:
			continue
		}
		co := ConfigOption{Type: string(o.Type), Description: o.Description.V}
		if o.HasDefault() {
			co.Default = o.Default.V
		}
		out[o.Name] = co
	}
	return out
}

// Bindings returns the names network-get answers for a charm: each
// endpoint, each extra-binding and juju-info, the endpoint every charm has
// (ops.testing's network_get accepts the same names).
func Bindings(m *meta.Charm) []string {
	if m == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, r := range m.Relations {
		add(r.Name)
	}
	for _, b := range m.ExtraBindings {
		add(b.Name)
	}
	add("juju-info")
	return out
}

func storageKind(s *meta.Storage) string {
	if s.Type.V == "block" {
		return "block"
	}
	return "filesystem"
}

// storageParentDir is where Juju mounts a filesystem whose metadata names
// no location (paths.StorageDir on Linux).
const storageParentDir = "/var/lib/juju/storage"

// storageLocation is the mount point Juju gives filesystem storage id
// (state/filesystem.go FilesystemMountPoint): the metadata's location for
// a singleton store, else <location or storageParentDir>/<id>. Block
// devices get no location: their device path is the cloud's to choose.
func storageLocation(s *meta.Storage, id string) string {
	if storageKind(s) == "block" {
		return ""
	}
	loc := s.Location.V
	if loc != "" && s.CountMax == 1 {
		return loc
	}
	if loc == "" {
		loc = storageParentDir
	}
	return path.Join(loc, id)
}
