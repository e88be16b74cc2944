package meta

// Charm is the normalized metadata of one charm, whatever files it came from.
// Every element keeps the position of the YAML that defined it.
type Charm struct {
	// Dir is the charm root the metadata was loaded from.
	Dir string
	// Format says which files held the metadata: "unified" (charmcraft.yaml
	// only), "legacy" (metadata.yaml and friends) or "hybrid" (a mix).
	Format string
	// Files lists the files read, relative to Dir, in a fixed order.
	Files []string
	// Sources says which file each section came from: "metadata", "config",
	// "actions" and "build" map to a file name relative to Dir.
	Sources map[string]string

	Type        Str
	Name        Str
	Title       Str // charmcraft.yaml title, or metadata.yaml display-name
	Summary     Str
	Description Str
	Links       Links
	Terms       []Str
	Tags        []Str

	Relations     []*Relation
	ExtraBindings []*Binding
	Subordinate   Bool
	Containers    []*Container
	Resources     []*Resource
	Storage       []*Storage
	Devices       []*Device
	Assumes       []*Assume
	CharmUser     Str

	Options []*Option
	// OptionsPos is where the options mapping starts (zero if absent).
	OptionsPos Pos
	Actions    []*Action

	// Build settings (charmcraft.yaml).
	Base      Str
	BuildBase Str
	Platforms []*Platform
	Bases     []*BaseEntry
	// MetadataBases are the bases a legacy metadata.yaml lists. Neither Juju
	// (which reads bases from manifest.yaml) nor charmcraft (which builds
	// from charmcraft.yaml) acts on them, so they are kept apart from Bases.
	MetadataBases []*BaseEntry
	Series        []Str
	Parts         []*Part
	Extensions    []Str
	CharmLibs     []*Node

	// Raw holds the parsed root of each file read, keyed by the file name
	// relative to Dir, for consumers that need keys charmgen does not model.
	Raw map[string]*Node

	// Warnings are the problems that did not stop the load.
	Warnings Diagnostics
}

// Str is a string scalar with its position. Set is false when the key was
// absent.
type Str struct {
	V   string
	Pos Pos
	Set bool
}

// Bool is a boolean scalar with its position.
type Bool struct {
	V   bool
	Pos Pos
	Set bool
}

// Links are the project links (charmcraft.yaml links, or metadata.yaml's
// docs/issues/source/website/maintainers).
type Links struct {
	Contact       []Str
	Documentation Str
	Issues        []Str
	Source        []Str
	Website       []Str
}

// Role is the side of a relation endpoint.
type Role string

// The three relation roles, in the order charm metadata lists them.
const (
	Provides Role = "provides"
	Requires Role = "requires"
	Peers    Role = "peers"
)

// Relation is one endpoint a charm declares.
type Relation struct {
	Name      string
	Role      Role
	Interface Str
	// Scope is "global" or "container"; ScopeSet says whether it was written.
	Scope    string
	ScopePos Pos
	ScopeSet bool
	// Limit is nil when unlimited.
	Limit    *int
	Optional bool
	// Shorthand is true when the endpoint was written as a bare interface
	// string.
	Shorthand bool
	Pos       Pos // position of the endpoint name
}

// Binding is an extra binding (a network space binding with no relation).
type Binding struct {
	Name string
	Pos  Pos
}

// OptionType is a config option's type.
type OptionType string

// The option types Juju knows.
const (
	TypeString  OptionType = "string"
	TypeInt     OptionType = "int"
	TypeFloat   OptionType = "float"
	TypeBoolean OptionType = "boolean"
	TypeSecret  OptionType = "secret"
)

// DefaultState says how an option's default was written. Juju and
// charmcraft treat these differently: an absent or null default means
// config-get omits the key until the user sets it; an empty string is a
// real default of "".
type DefaultState int

// The three ways a default can be written.
const (
	DefaultAbsent DefaultState = iota // no default key
	DefaultNull                       // "default:" with no value, or null
	DefaultValue                      // a value, possibly ""
)

// Option is one config option.
type Option struct {
	Name        string
	Pos         Pos
	Type        OptionType
	TypePos     Pos
	TypeSet     bool
	Description Str
	Default     Value
}

// Value is a typed config value. V holds string, int64, float64 or bool.
type Value struct {
	State DefaultState
	V     any
	Pos   Pos
}

// HasDefault reports whether the option has a non-null default.
func (o *Option) HasDefault() bool { return o.Default.State == DefaultValue }

// Action is one action a charm declares.
type Action struct {
	Name           string
	Pos            Pos
	Description    Str
	Title          Str
	Params         []*Param
	Required       []Str
	Parallel       Bool
	ExecutionGroup Str
	// AdditionalProperties is unset when the schema leaves it out; Juju 3
	// then allows unknown params and Juju 4 rejects them.
	AdditionalProperties Bool
	// Schema is the action's whole JSON Schema as written, including
	// keywords charmgen does not model.
	Schema *Node
}

// Param is one action parameter; Schema is its JSON Schema.
type Param struct {
	Name   string
	Pos    Pos
	Schema *Node
}

// Type returns the param's JSON Schema type, or "" when it has none.
func (p *Param) Type() string {
	if t := p.Schema.Get("type"); t != nil && t.Kind == KindString {
		return t.Str
	}
	return ""
}

// Container is a Kubernetes sidecar container.
type Container struct {
	Name     string
	Pos      Pos
	Resource Str
	Bases    []*Node
	Mounts   []*Mount
	UID      *int64
	GID      *int64
}

// Mount attaches storage to a container.
type Mount struct {
	Storage  Str
	Location Str
	Pos      Pos
}

// Resource is a file or OCI image the charm needs.
type Resource struct {
	Name        string
	Pos         Pos
	Type        Str
	Filename    Str
	Description Str
}

// Storage is a storage a charm requests.
type Storage struct {
	Name        string
	Pos         Pos
	Type        Str
	Description Str
	Location    Str
	Shared      Bool
	ReadOnly    Bool
	MinimumSize Str
	// CountMin and CountMax come from multiple.range; CountMax is -1 for
	// "no upper bound".
	CountMin   int
	CountMax   int
	RangeSet   bool
	RangePos   Pos
	Properties []Str
}

// Device is a device (such as a GPU) a charm requests.
type Device struct {
	Name        string
	Pos         Pos
	Type        Str
	Description Str
	CountMin    int64
	CountMax    int64
}

// Assume is one element of an assumes expression: a feature (Expr set) or a
// group (AnyOf or AllOf set).
type Assume struct {
	Pos   Pos
	Expr  string
	AnyOf []*Assume
	AllOf []*Assume
}

// Platform is one entry of charmcraft.yaml platforms.
type Platform struct {
	Name     string
	Pos      Pos
	BuildOn  []Str
	BuildFor []Str
}

// BaseEntry is one entry of the legacy charmcraft.yaml bases (short or long
// form, normalized to long) or of metadata.yaml bases.
type BaseEntry struct {
	Pos     Pos
	BuildOn []*BaseRef
	RunOn   []*BaseRef
}

// BaseRef is a base name, channel and architectures.
type BaseRef struct {
	Pos           Pos
	Name          string
	Channel       string
	Architectures []string
}

// Part is a charmcraft part. Node holds its whole definition.
type Part struct {
	Name   string
	Pos    Pos
	Plugin Str
	Node   *Node
}

// Relation returns the endpoint called name, or nil.
func (c *Charm) Relation(name string) *Relation {
	for _, r := range c.Relations {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Option returns the config option called name, or nil.
func (c *Charm) Option(name string) *Option {
	for _, o := range c.Options {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// Action returns the action called name, or nil.
func (c *Charm) Action(name string) *Action {
	for _, a := range c.Actions {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// StorageNamed returns the storage called name, or nil.
func (c *Charm) StorageNamed(name string) *Storage {
	for _, s := range c.Storage {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// ResourceNamed returns the resource called name, or nil.
func (c *Charm) ResourceNamed(name string) *Resource {
	for _, r := range c.Resources {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// IsKubernetes reports whether the charm runs on Kubernetes: it declares
// containers, or assumes k8s-api.
func (c *Charm) IsKubernetes() bool {
	if len(c.Containers) > 0 {
		return true
	}
	var walk func([]*Assume) bool
	walk = func(as []*Assume) bool {
		for _, a := range as {
			if a.Expr == "k8s-api" || walk(a.AllOf) {
				return true
			}
		}
		return false
	}
	return walk(c.Assumes)
}
