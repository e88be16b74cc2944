// Package model is the Go-specific model of a charm that the emitters
// render: every identifier is chosen here, every name collision resolved
// here, so emitting never resolves anything (the stage split of sqlc and
// protoc-gen-go).
package model

import (
	"fmt"
	"sort"

	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/names"
	"github.com/charmgen/charmgen/meta"
)

// Runtime is the import path of the runtime generated code calls.
const (
	Runtime = "github.com/charmgen/charmgen/charm"
	Param   = "github.com/charmgen/charmgen/charm/param"
	// WorkloadPkg is the package that drives a container through its Pebble;
	// only charms with containers import it.
	WorkloadPkg = "github.com/charmgen/charmgen/charm/workload"
)

// Charm is one charm's generated package.
type Charm struct {
	Name    string // charm name
	Package string // Go package name
	Juju    int    // target Juju major version
	Events  []*Event
	Options []*Option
	Actions []*Action
	// Endpoints are the relation endpoints, provides then requires then
	// peers, in source order within each.
	Endpoints []*Endpoint
	// Types are the named types made from action param schemas, in a
	// deterministic order.
	Types []*Type
	// Containers are the workload containers (Kubernetes charms), in
	// source order.
	Containers []*Container
}

// Container is one workload container and its accessor on Containers.
type Container struct {
	Name     string
	Method   string // Workload
	Resource string // the OCI image resource, if any
	Mounts   []string
}

// EventKind groups events by what they are about.
type EventKind string

// The kinds of event.
const (
	Lifecycle EventKind = "lifecycle"
	Relation  EventKind = "relation"
	Storage   EventKind = "storage"
	Workload  EventKind = "workload"
	Secret    EventKind = "secret"
	ActionEv  EventKind = "action"
)

// Handler names of the dedicated (non-reconcile) handlers.
const (
	HandleReconcile     = "Reconcile"
	HandleStop          = "Stop"
	HandleRemove        = "Remove"
	HandleSecretRotate  = "SecretRotate"
	HandleSecretRemove  = "SecretRemove"
	HandleSecretExpired = "SecretExpired"
)

// Event is one hook (or action) the charm can receive.
type Event struct {
	Hook     string // hook name as in JUJU_DISPATCH_PATH, or the action name
	Const    string // Go constant, EventDBRelationJoined
	Kind     EventKind
	Handler  string // handler method that runs it
	Endpoint *Endpoint
	Action   *Action
	Target   string // storage or container name for those kinds
	Doc      string
}

// Option is one config option as a field of Config.
type Option struct {
	Name  string
	Field string
	Type  meta.OptionType
	// Pointer is true when the option has no default: absent until set.
	Pointer bool
	Default any
	Doc     string
}

// Action is one action: a handler method and its params type.
type Action struct {
	Name   string
	Method string // GreetAction
	Const  string
	Params *Type
	Doc    string
}

// Endpoint is one relation endpoint.
type Endpoint struct {
	Name      string
	GoName    string // DB
	Type      string // DBRelation
	Role      meta.Role
	Interface string
	Limit     *int
	Optional  bool
	Scope     string
	// Codec is set when the interface has a schema: the generated codec
	// package and the databag types of each side (empty when the schema
	// does not describe that databag).
	Codec *EndpointCodec
}

// EndpointCodec names the typed databags of an endpoint.
type EndpointCodec struct {
	Import, Package                            string
	LocalApp, LocalUnit, RemoteApp, RemoteUnit string
}

// Type is a Go type made from a JSON Schema (action params). The codec's
// type builder makes it (codec.ObjectType), the one that makes databag
// types, so a schema means the same Go type in an action and a databag;
// the model names it.
type Type = codec.Type

// Field is a struct field made from a schema property.
type Field = codec.Field

// TypeKind is the kind of Go type a JSON Schema becomes.
type TypeKind = codec.TypeKind

// Kinds of schema-made types.
const (
	TString = codec.TString
	TInt    = codec.TInt
	TFloat  = codec.TFloat
	TBool   = codec.TBool
	TAny    = codec.TAny
	TList   = codec.TList
	TStruct = codec.TStruct
	TMap    = codec.TMap
	TEnum   = codec.TEnum
)

// reserved are the package-level names the emitters declare.
var reserved = []string{
	"Config", "LoadConfig", "Context", "Event", "EventKind", "EventUnknown", "Handler", "Dispatch", "Main",
	"ParseEvent", "Relations", "Charm", "Containers",
}

// A BuildOption hands Build what an earlier stage resolved.
type BuildOption func(*buildOptions)

type buildOptions struct {
	codecs map[string]*EndpointCodec
}

// WithCodecs gives the endpoints whose interface has a schema their typed
// databags: codecs maps an endpoint's name to them, as the schema stage
// took them from the codec model it built (internal/gen/codec
// Package.Info). The other endpoints keep raw access.
func WithCodecs(codecs map[string]*EndpointCodec) BuildOption {
	return func(o *buildOptions) { o.codecs = codecs }
}

// Build makes the model of c for Juju major version juju.
func Build(c *meta.Charm, pkg string, juju int, opts ...BuildOption) (*Charm, error) {
	if c == nil || c.Name.V == "" {
		return nil, fmt.Errorf("model: charm has no name")
	}
	var o buildOptions
	for _, opt := range opts {
		opt(&o)
	}
	m := &Charm{Name: c.Name.V, Package: pkg, Juju: juju}
	types := names.NewScope(reserved...)
	consts := names.NewScope("EventUnknown")

	endpoints := names.NewScope()
	for _, r := range c.Relations {
		g := endpoints.Take(names.Exported(r.Name))
		m.Endpoints = append(m.Endpoints, &Endpoint{Name: r.Name, GoName: g, Type: types.Take(g + "Relation"),
			Role: r.Role, Interface: r.Interface.V, Limit: r.Limit, Optional: r.Optional, Scope: r.Scope,
			Codec: o.codecs[r.Name]})
	}

	ev := func(hook string, kind EventKind, handler string, doc string) *Event {
		e := &Event{Hook: hook, Const: consts.Take("Event" + names.Exported(hook)), Kind: kind, Handler: handler, Doc: doc}
		m.Events = append(m.Events, e)
		return e
	}
	ev("install", Lifecycle, HandleReconcile, "runs once, first, when the unit is deployed")
	ev("leader-elected", Lifecycle, HandleReconcile, "runs when this unit becomes the leader")
	ev("config-changed", Lifecycle, HandleReconcile, "runs after install, after upgrade-charm and when config changes")
	ev("start", Lifecycle, HandleReconcile, "runs after the first config-changed")
	ev("upgrade-charm", Lifecycle, HandleReconcile, "runs when the charm is refreshed")
	ev("update-status", Lifecycle, HandleReconcile, "runs periodically")
	// Juju 3 runs leader-settings-changed on followers (on every deploy,
	// among others): a charm its assumes let Juju 3 deploy takes it,
	// whichever Juju it targets.
	if juju < 4 || c.AdmitsJuju(3) {
		ev("leader-settings-changed", Lifecycle, HandleReconcile, "runs on non-leaders when leader settings change (Juju 3; removed in Juju 4)")
	}
	ev("stop", Lifecycle, HandleStop, "runs before the unit is removed")
	ev("remove", Lifecycle, HandleRemove, "runs last, when the unit is removed")
	ev("secret-changed", Secret, HandleReconcile, "runs on a consumer when a secret it tracks has a new revision")
	ev("secret-rotate", Secret, HandleSecretRotate, "runs on the owner when a secret is due for rotation")
	ev("secret-expired", Secret, HandleSecretExpired, "runs on the owner when a secret revision expires")
	ev("secret-remove", Secret, HandleSecretRemove, "runs on the owner when a secret revision is no longer tracked")
	for _, ep := range m.Endpoints {
		for _, k := range []string{"created", "joined", "changed", "departed", "broken"} {
			e := ev(ep.Name+"-relation-"+k, Relation, HandleReconcile, fmt.Sprintf("runs when a %s relation is %s", ep.Name, k))
			e.Endpoint = ep
		}
	}
	for _, s := range c.Storage {
		for _, k := range []string{"attached", "detaching"} {
			e := ev(s.Name+"-storage-"+k, Storage, HandleReconcile, fmt.Sprintf("runs when %s storage is %s", s.Name, k))
			e.Target = s.Name
		}
	}
	accessors := names.NewScope("Event")
	for _, ct := range c.Containers {
		mc := &Container{Name: ct.Name, Method: accessors.Take(names.Exported(ct.Name)), Resource: ct.Resource.V}
		for _, mnt := range ct.Mounts {
			mc.Mounts = append(mc.Mounts, mnt.Location.V)
		}
		m.Containers = append(m.Containers, mc)
		for _, k := range []string{"ready", "custom-notice", "check-failed", "check-recovered"} {
			e := ev(ct.Name+"-pebble-"+k, Workload, HandleReconcile, fmt.Sprintf("runs on the %s container's Pebble %s", ct.Name, k))
			e.Target = ct.Name
		}
	}

	fields := names.NewScope()
	for _, o := range c.Options {
		opt := &Option{Name: o.Name, Field: fields.Take(names.Exported(o.Name)), Type: o.Type, Doc: o.Description.V}
		if o.HasDefault() {
			opt.Default = o.Default.V
		} else {
			opt.Pointer = true
		}
		m.Options = append(m.Options, opt)
	}

	methods := names.NewScope(HandleReconcile, HandleStop, HandleRemove, HandleSecretRotate, HandleSecretRemove, HandleSecretExpired)
	for _, a := range c.Actions {
		g := names.Exported(a.Name)
		act := &Action{Name: a.Name, Method: methods.Take(g + "Action"), Doc: a.Description.V}
		params, err := paramsType(types, &m.Types, types.Take(g+"Params"), paramsSchema(a, juju), "params of the "+a.Name+" action")
		if err != nil {
			return nil, fmt.Errorf("model: action %s: %w", a.Name, err)
		}
		act.Params = params
		m.Actions = append(m.Actions, act)
		e := ev(a.Name, ActionEv, act.Method, "the "+a.Name+" action")
		e.Const = e.Const + "Action"
		e.Action = act
		act.Const = e.Const
	}
	sort.SliceStable(m.Types, func(i, j int) bool { return m.Types[i].Name < m.Types[j].Name })
	return m, nil
}

// paramsSchema wraps an action's params as one object schema: properties,
// required, and additionalProperties, which Juju 4 treats as false when
// absent and Juju 3 as true.
func paramsSchema(a *meta.Action, juju int) *meta.Node {
	n := &meta.Node{Kind: meta.KindMap, Pos: a.Pos}
	props := &meta.Node{Kind: meta.KindMap}
	for _, p := range a.Params {
		props.Entries = append(props.Entries, &meta.Entry{Key: p.Name, KeyPos: p.Pos, Value: p.Schema})
	}
	n.Entries = append(n.Entries, &meta.Entry{Key: "type", Value: &meta.Node{Kind: meta.KindString, Str: "object"}})
	n.Entries = append(n.Entries, &meta.Entry{Key: "properties", Value: props})
	req := &meta.Node{Kind: meta.KindSeq}
	for _, r := range a.Required {
		req.Items = append(req.Items, &meta.Node{Kind: meta.KindString, Str: r.V})
	}
	n.Entries = append(n.Entries, &meta.Entry{Key: "required", Value: req})
	closed := juju >= 4
	if a.AdditionalProperties.Set {
		closed = !a.AdditionalProperties.V
	}
	n.Entries = append(n.Entries, &meta.Entry{Key: "additionalProperties", Value: &meta.Node{Kind: meta.KindBool, Bool: !closed}})
	return n
}
