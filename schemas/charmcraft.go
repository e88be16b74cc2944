package schemas

import (
	"github.com/invopop/jsonschema"
)

// The types in this file describe the file shape of a unified
// charmcraft.yaml (charm metadata, config, actions and build settings), as
// far as charmgen reads it. They exist only to be reflected into
// charmcraft.schema.json: descriptions live in jsonschema_description tags
// (the charmgen binary has no source to read comments from), and the
// JSONSchemaExtend methods add what plain struct reflection cannot say —
// unions such as "an interface name or a mapping", nulls, conditionals.
//
// Names, patterns and enums follow reference/juju-runtime.md §5 and the
// rules the meta loader enforces as errors. Rules the loader only warns
// about are left out, so that the editor and charmgen agree on what is
// wrong.

// Patterns shared with the meta loader (meta/validate.go).
const (
	charmNamePattern   = `^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$`
	storageNamePattern = `^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$`
	actionNamePattern  = `^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`
	basePattern        = `^([a-z]+)@(\d+\.\d+|devel)$`
	sizePattern        = `^\d+(\.\d+)?[MGTPEZY]?$`
	rangePattern       = `^([0-9]+)([-+]|-[0-9]+)?$`
	assumePattern      = `^\s*[a-z][a-z0-9-]*[a-z0-9]+(\s*(>=|<)\s*\S+)?\s*$`
	secretPattern      = `^(secret:(//[a-f0-9-]+/)?[a-z0-9]{20})?$`
)

// Charmcraft is a unified charmcraft.yaml: the charm's metadata, config and
// actions next to its build settings. A build-only charmcraft.yaml (with
// the metadata in metadata.yaml) has the same shape without the metadata
// keys.
type Charmcraft struct {
	Type          string               `json:"type" jsonschema:"required" jsonschema_description:"The kind of project; always charm for a charm."`
	Name          string               `json:"name,omitempty" jsonschema:"minLength=1,maxLength=40" jsonschema_description:"The charm's name: lower-case letters, digits and hyphens, starting with a letter; every hyphen-separated part holds a letter (foo2 is valid, foo-2 is not). At most 40 characters."`
	Title         string               `json:"title,omitempty" jsonschema_description:"A human-readable name for the charm, as shown on Charmhub."`
	Summary       string               `json:"summary,omitempty" jsonschema:"maxLength=200" jsonschema_description:"A one-line summary of what the charm does (at most 200 characters)."`
	Description   string               `json:"description,omitempty" jsonschema_description:"A longer description of the charm, in Markdown."`
	Links         *Links               `json:"links,omitempty" jsonschema_description:"Links to the charm's contacts, documentation, issue tracker, source and website."`
	Provides      map[string]Relation  `json:"provides,omitempty" jsonschema_description:"Endpoints the charm provides, keyed by endpoint name."`
	Requires      map[string]Relation  `json:"requires,omitempty" jsonschema_description:"Endpoints the charm requires, keyed by endpoint name."`
	Peers         map[string]Relation  `json:"peers,omitempty" jsonschema_description:"Peer endpoints between the units of the application, keyed by endpoint name."`
	ExtraBindings map[string]Null      `json:"extra-bindings,omitempty" jsonschema_description:"Extra network bindings that are not relations, keyed by name; each value is left empty. The names must differ from the relation endpoint names."`
	Subordinate   bool                 `json:"subordinate,omitempty" jsonschema:"default=false" jsonschema_description:"Whether the charm is a subordinate, deployed next to a principal unit. A subordinate needs a requires endpoint with scope: container."`
	Containers    map[string]Container `json:"containers,omitempty" jsonschema_description:"Workload containers of a Kubernetes sidecar charm, keyed by container name."`
	Resources     map[string]Resource  `json:"resources,omitempty" jsonschema_description:"Resources the charm uses (files and OCI images), keyed by resource name."`
	Storage       map[string]Storage   `json:"storage,omitempty" jsonschema_description:"Storage the charm uses, keyed by storage name."`
	Devices       map[string]Device    `json:"devices,omitempty" jsonschema_description:"Devices (such as GPUs) the charm needs, keyed by device name."`
	Assumes       []Assume             `json:"assumes,omitempty" jsonschema_description:"Features the deployment must have, such as 'juju >= 3.6' or k8s-api; entries may be any-of or all-of groups."`
	CharmUser     string               `json:"charm-user,omitempty" jsonschema:"enum=root,enum=sudoer,enum=non-root" jsonschema_description:"The user the charm runs as (Kubernetes charms): root, sudoer or non-root."`
	Terms         []string             `json:"terms,omitempty" jsonschema_description:"Terms the user must accept before deploying the charm."`
	Config        *Config              `json:"config,omitempty" jsonschema_description:"The charm's configuration options."`
	Actions       Actions              `json:"actions,omitempty" jsonschema_description:"Actions the charm offers, keyed by action name."`
	Parts         map[string]Part      `json:"parts,omitempty" jsonschema_description:"Build parts (craft-parts), keyed by part name. A Go charm uses for example the go plugin and organizes its binary as dispatch."`
	Base          string               `json:"base,omitempty" jsonschema_description:"The base the charm runs on, such as ubuntu@24.04. Needs platforms; cannot be used with bases."`
	BuildBase     string               `json:"build-base,omitempty" jsonschema_description:"The base the charm is built on when it differs from base (required for development bases); ubuntu@devel is allowed."`
	Platforms     map[string]Platform  `json:"platforms,omitempty" jsonschema_description:"Platforms to build for, keyed by name. A name such as amd64 or ubuntu@24.04:amd64 with no value is shorthand for building on and for that platform."`
	Bases         []LegacyBase         `json:"bases,omitempty" jsonschema_description:"Legacy bases to build on and run on (ubuntu 18.04 to 22.04 only); newer charms use base and platforms."`
	CharmLibs     []CharmLib           `json:"charm-libs,omitempty" jsonschema_description:"Charm libraries that charmcraft fetch-libs downloads."`
	Analysis      map[string]any       `json:"analysis,omitempty" jsonschema_description:"Settings of the analysis charmcraft runs when it packs the charm."`
	Charmhub      map[string]any       `json:"charmhub,omitempty" jsonschema_description:"Charmhub endpoints charmcraft talks to (api-url, storage-url, registry-url)."`
	Extensions    []string             `json:"extensions,omitempty" jsonschema_description:"Charmcraft extensions to apply, such as flask-framework; they add keys of their own."`
}

// JSONSchemaExtend adds what the struct cannot say: type is the constant
// charm, name follows Juju's charm name rule, base and bases exclude each
// other and base needs platforms.
func (Charmcraft) JSONSchemaExtend(s *jsonschema.Schema) {
	t := prop(s, "type")
	t.Const = "charm"
	prop(s, "name").Pattern = charmNamePattern
	s.Not = &jsonschema.Schema{
		Description: "base and bases cannot both be used: keep base and platforms (bases is the legacy form).",
		Required:    []string{"base", "bases"},
	}
	s.DependentRequired = map[string][]string{"base": {"platforms"}}
	prop(s, "base").Pattern = basePattern
	prop(s, "build-base").Pattern = basePattern
	storage := prop(s, "storage")
	storage.PropertyNames = &jsonschema.Schema{Pattern: storageNamePattern}
}

// Links are the charm's links, shown on Charmhub.
type Links struct {
	Contact       StringOrList `json:"contact,omitempty" jsonschema_description:"How to contact the maintainers: an address or URL, or a list of them."`
	Documentation string       `json:"documentation,omitempty" jsonschema_description:"The URL of the charm's documentation."`
	Issues        StringOrList `json:"issues,omitempty" jsonschema_description:"The issue tracker: a URL or a list of URLs."`
	Source        StringOrList `json:"source,omitempty" jsonschema_description:"The source repository: a URL or a list of URLs."`
	Website       StringOrList `json:"website,omitempty" jsonschema_description:"The charm's website: a URL or a list of URLs."`
}

// StringOrList is a string, or a list of strings.
type StringOrList []string

// JSONSchema says: a string, or a list of strings.
func (StringOrList) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: "A string, or a list of strings.",
		OneOf: []*jsonschema.Schema{
			{Type: "string"},
			{Type: "array", Items: &jsonschema.Schema{Type: "string"}},
		},
	}
}

// Null is a value that must be left empty (YAML null).
type Null struct{}

// JSONSchema says: null.
func (Null) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "null", Description: "Left empty (null)."}
}

// Relation is one relation endpoint: the interface name alone, or a
// mapping.
type Relation struct {
	Interface   string `json:"interface" jsonschema:"required,minLength=1" jsonschema_description:"The relation interface both sides of the relation agree on. Only requires endpoints may use juju-* interfaces."`
	Limit       *int   `json:"limit,omitempty" jsonschema_description:"The most relations this endpoint may join at once; leave it out (or null) for no limit."`
	Optional    bool   `json:"optional,omitempty" jsonschema:"default=false" jsonschema_description:"Whether the charm works without this relation (informational)."`
	Scope       string `json:"scope,omitempty" jsonschema:"enum=global,enum=container,default=global" jsonschema_description:"global (the default) or container: a container-scoped relation joins only units on the same machine or pod, as subordinates need."`
	Description string `json:"description,omitempty" jsonschema_description:"What the endpoint is for."`
}

// JSONSchemaExtend makes a Relation either an interface name or a mapping,
// and limit a non-negative integer or null.
func (Relation) JSONSchemaExtend(s *jsonschema.Schema) {
	limit := prop(s, "limit")
	*limit = jsonschema.Schema{
		Description: limit.Description,
		OneOf: []*jsonschema.Schema{
			{Type: "integer", Minimum: "0"},
			{Type: "null"},
		},
	}
	oneOf(s, "A relation endpoint: the interface name (shorthand), or a mapping with at least interface.",
		&jsonschema.Schema{Type: "string", MinLength: uintp(1), Description: "The interface name."})
}

// Container is a workload container of a Kubernetes sidecar charm.
type Container struct {
	Resource string           `json:"resource,omitempty" jsonschema:"minLength=1" jsonschema_description:"The oci-image resource the container runs."`
	Bases    []BaseRef        `json:"bases,omitempty" jsonschema_description:"Bases whose image the container runs, instead of a resource."`
	Mounts   []ContainerMount `json:"mounts,omitempty" jsonschema_description:"Storage mounted into the container."`
	UID      *int             `json:"uid,omitempty" jsonschema:"minimum=0" jsonschema_description:"The user ID the workload runs as. Juju reserves 1000 to 9999."`
	GID      *int             `json:"gid,omitempty" jsonschema:"minimum=0" jsonschema_description:"The group ID the workload runs as. Juju reserves 1000 to 9999."`
}

// JSONSchemaExtend keeps uid and gid out of Juju's reserved range.
func (Container) JSONSchemaExtend(s *jsonschema.Schema) {
	for _, k := range []string{"uid", "gid"} {
		prop(s, k).Not = &jsonschema.Schema{
			Description: "Juju reserves IDs 1000 to 9999.",
			Minimum:     "1000",
			Maximum:     "9999",
		}
	}
}

// ContainerMount mounts one of the charm's storage entries into a
// container.
type ContainerMount struct {
	Storage  string `json:"storage" jsonschema:"required,minLength=1" jsonschema_description:"The storage entry to mount (a key of storage)."`
	Location string `json:"location" jsonschema:"required,minLength=1" jsonschema_description:"Where the storage is mounted in the container."`
}

// Resource is a resource the charm uses.
type Resource struct {
	Type           string `json:"type,omitempty" jsonschema:"enum=file,enum=oci-image,default=file" jsonschema_description:"file (the default) or oci-image."`
	Filename       string `json:"filename,omitempty" jsonschema:"minLength=1" jsonschema_description:"The name of the file the charm reads (file resources; required for them)."`
	Description    string `json:"description,omitempty" jsonschema_description:"What the resource is."`
	UpstreamSource string `json:"upstream-source,omitempty" jsonschema_description:"Where the resource comes from, such as the OCI image to upload."`
}

// JSONSchemaExtend requires a filename for file resources.
func (Resource) JSONSchemaExtend(s *jsonschema.Schema) {
	s.If = object("type", &jsonschema.Schema{Const: "oci-image"}, "type")
	s.Else = &jsonschema.Schema{
		Description: "A file resource needs a filename.",
		Required:    []string{"filename"},
	}
}

// Storage is a storage entry the charm uses.
type Storage struct {
	Type        string           `json:"type" jsonschema:"required,enum=filesystem,enum=block" jsonschema_description:"filesystem or block."`
	Description string           `json:"description,omitempty" jsonschema_description:"What the storage is for."`
	Location    string           `json:"location,omitempty" jsonschema_description:"Where a filesystem is mounted (not for block storage)."`
	Shared      bool             `json:"shared,omitempty" jsonschema:"default=false" jsonschema_description:"Whether the storage is shared between units."`
	ReadOnly    bool             `json:"read-only,omitempty" jsonschema:"default=false" jsonschema_description:"Whether the storage is mounted read-only."`
	Multiple    *StorageMultiple `json:"multiple,omitempty" jsonschema_description:"How many instances of the storage a unit has."`
	MinimumSize string           `json:"minimum-size,omitempty" jsonschema_description:"The smallest size: a number of megabytes, or a number with an M, G, T, P, E, Z or Y suffix (1G, 500M)."`
	Properties  []string         `json:"properties,omitempty" jsonschema:"uniqueItems=true,enum=transient" jsonschema_description:"Storage properties; the only one is transient."`
}

// JSONSchemaExtend lets minimum-size be a number, and forbids location for
// block storage.
func (Storage) JSONSchemaExtend(s *jsonschema.Schema) {
	ms := prop(s, "minimum-size")
	*ms = jsonschema.Schema{
		Description: ms.Description,
		OneOf: []*jsonschema.Schema{
			{Type: "string", Pattern: sizePattern},
			{Type: "integer", Minimum: "0"},
		},
	}
	s.If = object("type", &jsonschema.Schema{Const: "block"}, "type")
	s.Then = &jsonschema.Schema{
		Description: "location may not be specified for type: block.",
		Not:         &jsonschema.Schema{Required: []string{"location"}},
	}
}

// StorageMultiple says how many instances of a storage a unit has.
type StorageMultiple struct {
	Range string `json:"range" jsonschema:"required" jsonschema_description:"A count: m (exactly m), m-n, m+ or m- (m or more)."`
}

// JSONSchemaExtend lets range be a plain count.
func (StorageMultiple) JSONSchemaExtend(s *jsonschema.Schema) {
	r := prop(s, "range")
	*r = jsonschema.Schema{
		Description: r.Description,
		OneOf: []*jsonschema.Schema{
			{Type: "string", Pattern: rangePattern},
			{Type: "integer", Minimum: "0"},
		},
	}
}

// Device is a device the charm needs.
type Device struct {
	Type        string `json:"type" jsonschema:"required,minLength=1" jsonschema_description:"The kind of device: gpu, nvidia.com/gpu or amd.com/gpu."`
	Description string `json:"description,omitempty" jsonschema_description:"What the device is for."`
	CountMin    *int   `json:"countmin,omitempty" jsonschema:"minimum=0" jsonschema_description:"The fewest devices the charm needs (default 1)."`
	CountMax    *int   `json:"countmax,omitempty" jsonschema:"minimum=0" jsonschema_description:"The most devices the charm uses (default 1)."`
}

// Assume is one entry of assumes: a feature expression, or an any-of or
// all-of group of entries.
type Assume struct {
	AnyOf []Assume `json:"any-of,omitempty" jsonschema:"minItems=1" jsonschema_description:"At least one of these must hold."`
	AllOf []Assume `json:"all-of,omitempty" jsonschema:"minItems=1" jsonschema_description:"All of these must hold."`
}

// JSONSchemaExtend makes an Assume a feature expression or a group with
// exactly one key.
func (Assume) JSONSchemaExtend(s *jsonschema.Schema) {
	s.MinProperties = uintp(1)
	s.MaxProperties = uintp(1)
	oneOf(s, "A feature expression such as k8s-api or 'juju >= 3.6', or a group: a mapping with one key, any-of or all-of, holding a list of entries.",
		&jsonschema.Schema{Type: "string", Pattern: assumePattern, Description: "A feature, optionally with a version constraint: k8s-api, 'juju >= 3.6', 'juju < 4'."})
}

// Config is the config section: the charm's options.
type Config struct {
	Options map[string]Option `json:"options" jsonschema:"required" jsonschema_description:"The configuration options, keyed by option name."`
}

// Option is one configuration option.
type Option struct {
	Type        string `json:"type" jsonschema:"required,enum=string,enum=int,enum=float,enum=boolean,enum=secret" jsonschema_description:"The option's type: string, int, float, boolean or secret (a secret URI)."`
	Description string `json:"description,omitempty" jsonschema_description:"What the option does."`
	Default     any    `json:"default,omitempty" jsonschema_description:"The value the option has when it is not set; of the option's type. An option with no default (or a null one) is unset until the user sets it."`
}

// JSONSchemaExtend checks the default against the option's type.
func (Option) JSONSchemaExtend(s *jsonschema.Schema) {
	d := prop(s, "default")
	*d = jsonschema.Schema{
		Description: d.Description,
		OneOf: []*jsonschema.Schema{
			{Type: "string"}, {Type: "number"}, {Type: "boolean"}, {Type: "null"},
		},
	}
	byType := []struct {
		typ, what string
		schema    *jsonschema.Schema
	}{
		{"string", "a string", &jsonschema.Schema{Type: "string"}},
		{"int", "a whole number", &jsonschema.Schema{Type: "integer"}},
		{"float", "a number", &jsonschema.Schema{Type: "number"}},
		{"boolean", "true or false", &jsonschema.Schema{Type: "boolean"}},
		{"secret", "a secret URI (secret:...)", &jsonschema.Schema{Type: "string", Pattern: secretPattern}},
	}
	for _, bt := range byType {
		s.AllOf = append(s.AllOf, &jsonschema.Schema{
			If: object("type", &jsonschema.Schema{Const: bt.typ}, "type"),
			Then: object("default", &jsonschema.Schema{
				Description: "With type: " + bt.typ + ", the default is " + bt.what + ", or null.",
				OneOf:       []*jsonschema.Schema{bt.schema, {Type: "null"}},
			}),
		})
	}
}

// Actions are the charm's actions, keyed by action name.
type Actions map[string]Action

// JSONSchemaExtend applies Juju's action name rule.
func (Actions) JSONSchemaExtend(s *jsonschema.Schema) {
	s.PropertyNames = &jsonschema.Schema{
		Description: "Action names: lower-case letters, digits and hyphens, starting and ending with a letter or digit; juju and juju-* are reserved.",
		Pattern:     actionNamePattern,
		Not:         &jsonschema.Schema{Pattern: "^juju(-|$)"},
	}
}

// Action is one action: its description and the JSON Schema of its
// params. Other JSON Schema keywords are copied into the params schema.
type Action struct {
	Description          string                    `json:"description" jsonschema:"required" jsonschema_description:"What the action does; charmcraft requires it."`
	Title                string                    `json:"title,omitempty" jsonschema_description:"A human-readable name for the action."`
	Params               map[string]map[string]any `json:"params,omitempty" jsonschema_description:"The action's parameters, keyed by name; each is a JSON Schema (draft 4) such as {type: string, description: ...}."`
	Required             []string                  `json:"required,omitempty" jsonschema:"uniqueItems=true" jsonschema_description:"The parameters that must be given."`
	Parallel             bool                      `json:"parallel,omitempty" jsonschema:"default=false" jsonschema_description:"Whether the action may run at the same time as other actions."`
	ExecutionGroup       string                    `json:"execution-group,omitempty" jsonschema_description:"Actions in the same execution group never run at the same time."`
	AdditionalProperties any                       `json:"additionalProperties,omitempty" jsonschema_description:"Whether parameters not listed in params are accepted: true, false or a schema for them. Juju 4 defaults to false."`
}

// JSONSchemaExtend allows the other JSON Schema keywords, forbids $ref and
// $schema (Juju rejects them) and types additionalProperties.
func (Action) JSONSchemaExtend(s *jsonschema.Schema) {
	s.AdditionalProperties = nil
	s.PropertyNames = &jsonschema.Schema{
		Description: "Juju forbids $ref and $schema in action schemas.",
		Not:         &jsonschema.Schema{Enum: []any{"$ref", "$schema"}},
	}
	ap := prop(s, "additionalProperties")
	*ap = jsonschema.Schema{
		Description: ap.Description,
		OneOf:       []*jsonschema.Schema{{Type: "boolean"}, {Type: "object"}},
	}
}

// Part is a craft-parts build part. Only plugin is described; every other
// craft-parts key is allowed.
type Part struct {
	Plugin string `json:"plugin,omitempty" jsonschema_description:"The craft-parts plugin that builds the part: charm, go, dump, nil, ... A part named charm defaults to the charm plugin."`
}

// JSONSchemaExtend allows the other craft-parts keys.
func (Part) JSONSchemaExtend(s *jsonschema.Schema) {
	s.AdditionalProperties = nil
}

// Platform is one entry of platforms: empty (shorthand) or a mapping of
// build-on and build-for.
type Platform struct {
	BuildOn  StringOrList `json:"build-on,omitempty" jsonschema_description:"Where the charm is built: an architecture such as amd64 or base:arch such as ubuntu@24.04:amd64, or a list of them."`
	BuildFor StringOrList `json:"build-for,omitempty" jsonschema_description:"Where the built charm runs: exactly one architecture (or base:arch), or all."`
}

// JSONSchemaExtend lets a platform be empty.
func (Platform) JSONSchemaExtend(s *jsonschema.Schema) {
	oneOf(s, "A platform: empty (the name is the architecture, or base:arch), or a mapping of build-on and build-for.",
		&jsonschema.Schema{Type: "null", Description: "Shorthand: build on and for the platform the key names."})
}

// LegacyBase is one entry of the legacy bases list: a base (short form)
// or build-on and run-on lists of bases (long form).
type LegacyBase struct {
	BuildOn []BaseRef `json:"build-on" jsonschema:"required,minItems=1" jsonschema_description:"The bases the charm is built on."`
	RunOn   []BaseRef `json:"run-on,omitempty" jsonschema_description:"The bases the built charm runs on (default: the build-on bases)."`
}

// JSONSchemaExtend adds the short form.
func (LegacyBase) JSONSchemaExtend(s *jsonschema.Schema) {
	oneOf(s, "A legacy base: {name, channel, architectures} (short form), or {build-on: [...], run-on: [...]} (long form).",
		&jsonschema.Schema{Ref: "#/$defs/BaseRef"})
}

// BaseRef names a base: an OS name, a channel and architectures.
type BaseRef struct {
	Name          string   `json:"name" jsonschema:"required,minLength=1" jsonschema_description:"The OS name; ubuntu (Juju 4 deploys nothing else)."`
	Channel       string   `json:"channel" jsonschema:"required,minLength=1" jsonschema_description:"The OS version as a quoted string, such as \"22.04\" (unquoted, YAML reads 22.04 as a number)."`
	Architectures []string `json:"architectures,omitempty" jsonschema_description:"Architectures: amd64, arm64, ppc64el, s390x, riscv64."`
}

// CharmLib is a charm library that charmcraft fetch-libs downloads.
type CharmLib struct {
	Lib     string `json:"lib" jsonschema:"required,minLength=1" jsonschema_description:"The library: <charm>.<library>, such as data_platform_libs.data_interfaces."`
	Version string `json:"version" jsonschema:"required,minLength=1" jsonschema_description:"The major version, or major.minor, as a string such as \"0\" or \"0.12\"."`
}

// prop returns the property named name of s; it panics when there is none,
// which only a change to the types above can cause.
func prop(s *jsonschema.Schema, name string) *jsonschema.Schema {
	p, ok := s.Properties.Get(name)
	if !ok {
		panic("schemas: no property " + name)
	}
	return p
}

// object makes a schema with one property, name, and the given required
// properties.
func object(name string, s *jsonschema.Schema, required ...string) *jsonschema.Schema {
	p := jsonschema.NewProperties()
	p.Set(name, s)
	return &jsonschema.Schema{Properties: p, Required: required}
}

// oneOf turns the reflected object schema s into "alt, or that object",
// with description desc.
func oneOf(s *jsonschema.Schema, desc string, alt *jsonschema.Schema) {
	obj := *s
	obj.Description = ""
	*s = jsonschema.Schema{
		Description: desc,
		OneOf:       []*jsonschema.Schema{alt, &obj},
	}
}

func uintp(n uint64) *uint64 { return &n }
