package charmtest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
)

// checkMeta reports what in the hook and the state the charm's metadata
// does not allow: the checks ops.testing's consistency checker makes, each
// naming the thing to fix.
func checkMeta(m *meta.Charm, st *jujusim.State, hc jujusim.HookContext) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	app := st.AppName()

	// The event.
	reported := map[string]bool{}
	if hc.Relation != "" && m.Relation(hc.Relation) == nil {
		bad("the event is on endpoint %q, which the charm does not declare (endpoints: %s)", hc.Relation, endpointNames(m))
		reported[hc.Relation] = true
	}
	if hc.Workload != "" && !hasContainer(m, hc.Workload) {
		bad("the event is on container %q, which the charm does not declare (containers: %s)", hc.Workload, containerNames(m))
	}
	if hc.StorageID != "" {
		name, _, _ := strings.Cut(hc.StorageID, "/")
		if m.StorageNamed(name) == nil {
			bad("the event is on storage %q, which the charm does not declare (storage: %s)", name, storageNames(m))
		}
	}

	// Containers.
	for _, c := range st.Containers {
		if !hasContainer(m, c.Name) && c.Name != hc.Workload {
			bad("container %q in the state is not one the charm declares (containers: %s)", c.Name, containerNames(m))
		}
	}

	// Relations.
	for _, r := range st.Relations {
		d := m.Relation(r.Endpoint)
		if d == nil {
			if !reported[r.Endpoint] {
				bad("relation %d in the state is on endpoint %q, which the charm does not declare (endpoints: %s)", r.ID, r.Endpoint, endpointNames(m))
				reported[r.Endpoint] = true
			}
			continue
		}
		if r.Interface != "" && r.Interface != d.Interface.V {
			bad("relation %d (%s) in the state has interface %q, but the charm declares %q for %s", r.ID, r.Endpoint, r.Interface, d.Interface.V, r.Endpoint)
		}
		switch {
		case d.Role == meta.Peers && r.RemoteApp != app:
			bad("relation %d (%s) is a peer relation, so its remote_app must be this application %q, not %q", r.ID, r.Endpoint, app, r.RemoteApp)
		case d.Role != meta.Peers && r.RemoteApp == app:
			bad("relation %d (%s) has this application %q as its remote_app, but %s is a %s endpoint, not a peer one", r.ID, r.Endpoint, app, r.Endpoint, d.Role)
		}
	}

	// Config.
	for _, k := range sortedKeys(st.Config) {
		o := m.Option(k)
		if o == nil {
			bad("config[%q] is not an option the charm declares (options: %s)", k, optionNames(m))
			continue
		}
		if v := st.Config[k]; v != nil && !optionValueOK(o.Type, v) {
			bad("config[%q] = %s is not a valid %s, the type the charm declares", k, describeValue(v), o.Type)
		}
	}
	for _, k := range sortedKeys(st.ConfigOptions) {
		o := m.Option(k)
		so := st.ConfigOptions[k]
		if o == nil {
			bad("config_options[%q] is not an option the charm declares (options: %s)", k, optionNames(m))
			continue
		}
		if typ := optType(so.Type); typ != string(o.Type) {
			bad("config_options[%q] has type %s, but the charm declares %s", k, typ, o.Type)
		}
	}

	// Storage.
	for _, s := range st.Storage {
		name, _, _ := strings.Cut(s.ID, "/")
		if m.StorageNamed(name) == nil {
			bad("storage %q in the state is of storage %q, which the charm does not declare (storage: %s)", s.ID, name, storageNames(m))
		}
	}
	return problems
}

// checkActionMeta checks an action and its params against the action's
// schema, and fills in the defaults the schema gives, as Juju does when
// the action is enqueued.
func checkActionMeta(m *meta.Charm, act *jujusim.Action) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	a := m.Action(act.Name)
	if a == nil {
		names := make([]string, 0, len(m.Actions))
		for _, x := range m.Actions {
			names = append(names, x.Name)
		}
		bad("action %q is not declared by the charm (actions: %s)", act.Name, sortedList(names))
		return problems
	}
	declared := map[string]*meta.Param{}
	var names []string
	for _, p := range a.Params {
		declared[p.Name] = p
		names = append(names, p.Name)
	}
	extraOK := a.AdditionalProperties.Set && a.AdditionalProperties.V
	for _, k := range sortedKeys(act.Params) {
		p := declared[k]
		if p == nil {
			if !extraOK {
				bad("action %q has no param %q (params: %s); Juju rejects undeclared params unless the action sets additionalProperties: true", act.Name, k, sortedList(names))
			}
			continue
		}
		if types := schemaTypes(p.Schema); len(types) > 0 && !jsonTypeOK(types, act.Params[k]) {
			bad("action %q param %q = %s is not of type %s", act.Name, k, describeValue(act.Params[k]), strings.Join(types, " or "))
		}
	}
	for _, p := range a.Params {
		if _, ok := act.Params[p.Name]; ok {
			continue
		}
		if d := p.Schema.Get("default"); d != nil {
			if v, err := normalizeJSON(d.Interface()); err == nil {
				act.Params[p.Name] = v
			}
		}
	}
	for _, r := range a.Required {
		if _, ok := act.Params[r.V]; !ok {
			bad("action %q requires param %q, which is not given", act.Name, r.V)
		}
	}
	return problems
}

// schemaTypes returns the JSON Schema type(s) of a param schema.
func schemaTypes(n *meta.Node) []string {
	t := n.Get("type")
	if t == nil {
		return nil
	}
	switch t.Kind {
	case meta.KindString:
		return []string{t.Str}
	case meta.KindSeq:
		var out []string
		for _, it := range t.Items {
			if it.Kind == meta.KindString {
				out = append(out, it.Str)
			}
		}
		return out
	}
	return nil
}

// jsonTypeOK reports whether v (a normalized JSON value) is of one of the
// JSON Schema types.
func jsonTypeOK(types []string, v any) bool {
	for _, t := range types {
		switch t {
		case "null":
			if v == nil {
				return true
			}
		case "boolean":
			if _, ok := v.(bool); ok {
				return true
			}
		case "string":
			if _, ok := v.(string); ok {
				return true
			}
		case "integer":
			switch x := v.(type) {
			case int64:
				return true
			case float64:
				if x == math.Trunc(x) {
					return true
				}
			}
		case "number":
			switch v.(type) {
			case int64, float64, json.Number:
				return true
			}
		case "object":
			if _, ok := v.(map[string]any); ok {
				return true
			}
		case "array":
			if _, ok := v.([]any); ok {
				return true
			}
		default:
			return true // a type this check does not know: leave it to Juju
		}
	}
	return false
}

// optionValueOK reports whether a config value (as normalized by jujusim:
// string, bool, int64, float64) is valid for an option type.
func optionValueOK(t meta.OptionType, v any) bool {
	switch t {
	case meta.TypeString:
		_, ok := v.(string)
		return ok
	case meta.TypeSecret:
		s, ok := v.(string)
		return ok && (s == "" || strings.HasPrefix(s, "secret:"))
	case meta.TypeInt:
		_, ok := v.(int64)
		return ok
	case meta.TypeFloat:
		switch v.(type) {
		case int64, float64, json.Number:
			return true
		}
		return false
	case meta.TypeBoolean:
		_, ok := v.(bool)
		return ok
	}
	return true
}

func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q (a string)", x)
	case bool:
		return fmt.Sprintf("%v (a boolean)", x)
	case int64:
		return fmt.Sprintf("%d (an integer)", x)
	case float64:
		return fmt.Sprintf("%v (a number)", x)
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%v (%T)", v, v)
}

func optType(t string) string {
	if t == "" {
		return "string"
	}
	return t
}

// ConfigOptions returns the config options the metadata declares, in the
// form jujusim.State.ConfigOptions holds them: type, default (only a real
// one: an absent or null default means config-get omits the option) and
// description. Options of an unknown type are left out. It is
// jujusim.ConfigOptionsFromMetadata, the implementation `charmgen sim`
// uses too, so both type config (secret options included) alike.
func ConfigOptions(m *meta.Charm) map[string]jujusim.ConfigOption {
	return jujusim.ConfigOptionsFromMetadata(m)
}

// withMetaOptions returns the state's options plus those only the metadata
// declares, so config-get answers as the deployed charm would.
func withMetaOptions(m *meta.Charm, have map[string]jujusim.ConfigOption) map[string]jujusim.ConfigOption {
	out := ConfigOptions(m)
	for k, v := range have {
		out[k] = v
	}
	return out
}

// StateFromMetadata returns a State for unit of a charm as Juju would
// start it, with the defaults ops.testing's State.from_context and its
// Network, Relation and Storage defaults give (jujusim.FromMetadata, which
// `charmgen sim` uses too): the model (DefaultModelName, DefaultModelUUID;
// caas when the charm declares containers), the config options with their
// types and defaults, every container (down until its pebble-ready), one
// relation per peer endpoint with ids 0, 1, ..., each storage at its
// minimum count, and a network for every binding (192.0.2.0, as
// ops.testing). The relation databags hold what Juju writes into them as
// of DefaultJujuVersion (ingress-address, egress-subnets and, Juju 3,
// private-address); StateFromMetadataFor targets another version. The unit
// is not the leader; set Leader as needed.
func StateFromMetadata(m *meta.Charm, unit string) *jujusim.State {
	return StateFromMetadataFor(m, unit, DefaultJujuVersion)
}

// StateFromMetadataFor is StateFromMetadata for a unit running the given
// JUJU_VERSION (as WithJujuVersion takes it): under Juju 4 the relation
// databags hold no private-address.
func StateFromMetadataFor(m *meta.Charm, unit, jujuVersion string) *jujusim.State {
	st := jujusim.FromMetadata(m, unit, jujusim.JujuMajor(jujuVersion))
	st.Model.Name, st.Model.UUID = DefaultModelName, DefaultModelUUID
	return st
}

func endpointNames(m *meta.Charm) string {
	var out []string
	for _, r := range m.Relations {
		out = append(out, r.Name)
	}
	return sortedList(out)
}

func hasContainer(m *meta.Charm, name string) bool {
	for _, c := range m.Containers {
		if c.Name == name {
			return true
		}
	}
	return false
}

func containerNames(m *meta.Charm) string {
	var out []string
	for _, c := range m.Containers {
		out = append(out, c.Name)
	}
	return sortedList(out)
}

func storageNames(m *meta.Charm) string {
	var out []string
	for _, s := range m.Storage {
		out = append(out, s.Name)
	}
	return sortedList(out)
}

func optionNames(m *meta.Charm) string {
	var out []string
	for _, o := range m.Options {
		out = append(out, o.Name)
	}
	return sortedList(out)
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
