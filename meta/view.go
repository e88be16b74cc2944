package meta

// View is the normalized model as `charmgen meta show` prints it: plain
// values, stable key names, lists in source order. It is a projection of
// Charm for people and scripts; code generators use Charm itself.
type View struct {
	Name          string          `json:"name" yaml:"name"`
	Title         string          `json:"title,omitempty" yaml:"title,omitempty"`
	Summary       string          `json:"summary" yaml:"summary"`
	Description   string          `json:"description" yaml:"description"`
	Format        string          `json:"format" yaml:"format"`
	Files         []string        `json:"files" yaml:"files"`
	Kubernetes    bool            `json:"kubernetes" yaml:"kubernetes"`
	Subordinate   bool            `json:"subordinate" yaml:"subordinate"`
	Links         *LinksView      `json:"links,omitempty" yaml:"links,omitempty"`
	Relations     []RelationView  `json:"relations" yaml:"relations"`
	ExtraBindings []string        `json:"extra_bindings" yaml:"extra_bindings"`
	Options       []OptionView    `json:"options" yaml:"options"`
	Actions       []ActionView    `json:"actions" yaml:"actions"`
	Containers    []ContainerView `json:"containers" yaml:"containers"`
	Resources     []ResourceView  `json:"resources" yaml:"resources"`
	Storage       []StorageView   `json:"storage" yaml:"storage"`
	Devices       []DeviceView    `json:"devices" yaml:"devices"`
	Assumes       []any           `json:"assumes" yaml:"assumes"`
	CharmUser     string          `json:"charm_user,omitempty" yaml:"charm_user,omitempty"`
	Terms         []string        `json:"terms,omitempty" yaml:"terms,omitempty"`
	Base          string          `json:"base,omitempty" yaml:"base,omitempty"`
	BuildBase     string          `json:"build_base,omitempty" yaml:"build_base,omitempty"`
	Platforms     []PlatformView  `json:"platforms,omitempty" yaml:"platforms,omitempty"`
	Bases         []BasesView     `json:"bases,omitempty" yaml:"bases,omitempty"`
	MetadataBases []BasesView     `json:"metadata_bases,omitempty" yaml:"metadata_bases,omitempty"`
	Series        []string        `json:"series,omitempty" yaml:"series,omitempty"`
	Parts         []PartView      `json:"parts,omitempty" yaml:"parts,omitempty"`
	Extensions    []string        `json:"extensions,omitempty" yaml:"extensions,omitempty"`
	Warnings      []DiagView      `json:"warnings" yaml:"warnings"`
	Errors        []DiagView      `json:"errors,omitempty" yaml:"errors,omitempty"`
}

// LinksView is the project links.
type LinksView struct {
	Contact       []string `json:"contact,omitempty" yaml:"contact,omitempty"`
	Documentation string   `json:"documentation,omitempty" yaml:"documentation,omitempty"`
	Issues        []string `json:"issues,omitempty" yaml:"issues,omitempty"`
	Source        []string `json:"source,omitempty" yaml:"source,omitempty"`
	Website       []string `json:"website,omitempty" yaml:"website,omitempty"`
}

// RelationView is one endpoint.
type RelationView struct {
	Name      string `json:"name" yaml:"name"`
	Role      Role   `json:"role" yaml:"role"`
	Interface string `json:"interface" yaml:"interface"`
	Scope     string `json:"scope" yaml:"scope"`
	Limit     *int   `json:"limit" yaml:"limit"`
	Optional  bool   `json:"optional" yaml:"optional"`
	Pos       Pos    `json:"pos" yaml:"pos"`
}

// OptionView is one config option. Default is null both when there is no
// default and when it is written as null; DefaultNull tells them apart.
type OptionView struct {
	Name        string     `json:"name" yaml:"name"`
	Type        OptionType `json:"type" yaml:"type"`
	Description string     `json:"description,omitempty" yaml:"description,omitempty"`
	Default     any        `json:"default" yaml:"default"`
	HasDefault  bool       `json:"has_default" yaml:"has_default"`
	DefaultNull bool       `json:"default_null,omitempty" yaml:"default_null,omitempty"`
	Pos         Pos        `json:"pos" yaml:"pos"`
}

// ActionView is one action; Params maps names to JSON Schemas in source
// order.
type ActionView struct {
	Name                 string   `json:"name" yaml:"name"`
	Description          string   `json:"description,omitempty" yaml:"description,omitempty"`
	Params               any      `json:"params" yaml:"params"`
	Required             []string `json:"required,omitempty" yaml:"required,omitempty"`
	AdditionalProperties *bool    `json:"additional_properties,omitempty" yaml:"additional_properties,omitempty"`
	Parallel             bool     `json:"parallel,omitempty" yaml:"parallel,omitempty"`
	ExecutionGroup       string   `json:"execution_group,omitempty" yaml:"execution_group,omitempty"`
	Pos                  Pos      `json:"pos" yaml:"pos"`
}

// ContainerView is one container.
type ContainerView struct {
	Name     string      `json:"name" yaml:"name"`
	Resource string      `json:"resource,omitempty" yaml:"resource,omitempty"`
	Mounts   []MountView `json:"mounts,omitempty" yaml:"mounts,omitempty"`
}

// MountView is one container mount.
type MountView struct {
	Storage  string `json:"storage" yaml:"storage"`
	Location string `json:"location" yaml:"location"`
}

// ResourceView is one resource.
type ResourceView struct {
	Name     string `json:"name" yaml:"name"`
	Type     string `json:"type" yaml:"type"`
	Filename string `json:"filename,omitempty" yaml:"filename,omitempty"`
}

// StorageView is one storage entry. CountMax is null for no upper bound.
type StorageView struct {
	Name     string `json:"name" yaml:"name"`
	Type     string `json:"type" yaml:"type"`
	Location string `json:"location,omitempty" yaml:"location,omitempty"`
	CountMin int    `json:"count_min" yaml:"count_min"`
	CountMax *int   `json:"count_max" yaml:"count_max"`
	Shared   bool   `json:"shared,omitempty" yaml:"shared,omitempty"`
	ReadOnly bool   `json:"read_only,omitempty" yaml:"read_only,omitempty"`
	MinSize  string `json:"minimum_size,omitempty" yaml:"minimum_size,omitempty"`
}

// DeviceView is one device.
type DeviceView struct {
	Name     string `json:"name" yaml:"name"`
	Type     string `json:"type" yaml:"type"`
	CountMin int64  `json:"countmin" yaml:"countmin"`
	CountMax int64  `json:"countmax" yaml:"countmax"`
}

// PlatformView is one platform.
type PlatformView struct {
	Name     string   `json:"name" yaml:"name"`
	BuildOn  []string `json:"build_on,omitempty" yaml:"build_on,omitempty"`
	BuildFor []string `json:"build_for,omitempty" yaml:"build_for,omitempty"`
}

// BasesView is one legacy bases entry.
type BasesView struct {
	BuildOn []string `json:"build_on" yaml:"build_on"`
	RunOn   []string `json:"run_on" yaml:"run_on"`
}

// PartView is one part.
type PartView struct {
	Name   string `json:"name" yaml:"name"`
	Plugin string `json:"plugin,omitempty" yaml:"plugin,omitempty"`
}

// DiagView is a diagnostic in output form.
type DiagView struct {
	File    string `json:"file" yaml:"file"`
	Line    int    `json:"line" yaml:"line"`
	Col     int    `json:"col" yaml:"col"`
	Code    string `json:"code" yaml:"code"`
	Message string `json:"message" yaml:"message"`
}

func strs(in []Str) []string {
	out := []string{}
	for _, s := range in {
		out = append(out, s.V)
	}
	return out
}

// DiagViews converts diagnostics to their output form.
func DiagViews(ds Diagnostics) []DiagView {
	out := []DiagView{}
	for _, d := range ds {
		out = append(out, DiagView{File: d.Pos.File, Line: max(d.Pos.Line, 1), Col: max(d.Pos.Col, 1), Code: d.Code, Message: d.Message})
	}
	return out
}

// View returns the charm's normalized view.
func (c *Charm) View() *View {
	v := &View{
		Name: c.Name.V, Title: c.Title.V, Summary: c.Summary.V, Description: c.Description.V,
		Format: c.Format, Files: append([]string{}, c.Files...), Kubernetes: c.IsKubernetes(),
		Subordinate: c.Subordinate.V, CharmUser: c.CharmUser.V, Base: c.Base.V, BuildBase: c.BuildBase.V,
		Relations: []RelationView{}, ExtraBindings: []string{}, Options: []OptionView{}, Actions: []ActionView{},
		Containers: []ContainerView{}, Resources: []ResourceView{}, Storage: []StorageView{}, Devices: []DeviceView{},
		Assumes: assumesView(c.Assumes), Warnings: DiagViews(c.Warnings),
	}
	if v.Files == nil {
		v.Files = []string{}
	}
	lk := c.Links
	if len(lk.Contact)+len(lk.Issues)+len(lk.Source)+len(lk.Website) > 0 || lk.Documentation.Set {
		v.Links = &LinksView{Contact: strs(lk.Contact), Documentation: lk.Documentation.V, Issues: strs(lk.Issues), Source: strs(lk.Source), Website: strs(lk.Website)}
	}
	for _, r := range c.Relations {
		v.Relations = append(v.Relations, RelationView{Name: r.Name, Role: r.Role, Interface: r.Interface.V, Scope: r.Scope, Limit: r.Limit, Optional: r.Optional, Pos: r.Pos})
	}
	for _, b := range c.ExtraBindings {
		v.ExtraBindings = append(v.ExtraBindings, b.Name)
	}
	for _, o := range c.Options {
		v.Options = append(v.Options, OptionView{Name: o.Name, Type: o.Type, Description: o.Description.V, Default: jsonSafe(o.Default.V),
			HasDefault: o.HasDefault(), DefaultNull: o.Default.State == DefaultNull, Pos: o.Pos})
	}
	for _, a := range c.Actions {
		params := &OrderedMap{Keys: []string{}}
		for _, p := range a.Params {
			params.Set(p.Name, p.Schema.Interface())
		}
		av := ActionView{Name: a.Name, Description: a.Description.V, Params: params, Required: strs(a.Required),
			Parallel: a.Parallel.V, ExecutionGroup: a.ExecutionGroup.V, Pos: a.Pos}
		if len(av.Required) == 0 {
			av.Required = nil
		}
		if a.AdditionalProperties.Set {
			b := a.AdditionalProperties.V
			av.AdditionalProperties = &b
		}
		v.Actions = append(v.Actions, av)
	}
	for _, ct := range c.Containers {
		cv := ContainerView{Name: ct.Name, Resource: ct.Resource.V}
		for _, m := range ct.Mounts {
			cv.Mounts = append(cv.Mounts, MountView{Storage: m.Storage.V, Location: m.Location.V})
		}
		v.Containers = append(v.Containers, cv)
	}
	for _, r := range c.Resources {
		t := r.Type.V
		if !r.Type.Set {
			t = "file"
		}
		v.Resources = append(v.Resources, ResourceView{Name: r.Name, Type: t, Filename: r.Filename.V})
	}
	for _, s := range c.Storage {
		sv := StorageView{Name: s.Name, Type: s.Type.V, Location: s.Location.V, CountMin: s.CountMin, Shared: s.Shared.V, ReadOnly: s.ReadOnly.V, MinSize: s.MinimumSize.V}
		if s.CountMax >= 0 {
			m := s.CountMax
			sv.CountMax = &m
		}
		v.Storage = append(v.Storage, sv)
	}
	for _, d := range c.Devices {
		v.Devices = append(v.Devices, DeviceView{Name: d.Name, Type: d.Type.V, CountMin: d.CountMin, CountMax: d.CountMax})
	}
	v.Terms = strs(c.Terms)
	if len(v.Terms) == 0 {
		v.Terms = nil
	}
	for _, p := range c.Platforms {
		v.Platforms = append(v.Platforms, PlatformView{Name: p.Name, BuildOn: strs(p.BuildOn), BuildFor: strs(p.BuildFor)})
	}
	for _, b := range c.Bases {
		v.Bases = append(v.Bases, BasesView{BuildOn: baseRefStrings(b.BuildOn), RunOn: baseRefStrings(b.RunOn)})
	}
	for _, b := range c.MetadataBases {
		v.MetadataBases = append(v.MetadataBases, BasesView{BuildOn: baseRefStrings(b.BuildOn), RunOn: baseRefStrings(b.RunOn)})
	}
	for _, s := range c.Series {
		v.Series = append(v.Series, s.V)
	}
	for _, p := range c.Parts {
		v.Parts = append(v.Parts, PartView{Name: p.Name, Plugin: p.Plugin.V})
	}
	v.Extensions = strs(c.Extensions)
	if len(v.Extensions) == 0 {
		v.Extensions = nil
	}
	return v
}

func baseRefStrings(refs []*BaseRef) []string {
	out := []string{}
	for _, r := range refs {
		s := r.Name + "@" + r.Channel
		if len(r.Architectures) > 0 {
			s += ":"
			for i, a := range r.Architectures {
				if i > 0 {
					s += ","
				}
				s += a
			}
		}
		out = append(out, s)
	}
	return out
}

func assumesView(as []*Assume) []any {
	out := []any{}
	for _, a := range as {
		switch {
		case a.Expr != "":
			out = append(out, a.Expr)
		case a.AnyOf != nil:
			out = append(out, map[string]any{"any-of": assumesView(a.AnyOf)})
		default:
			out = append(out, map[string]any{"all-of": assumesView(a.AllOf)})
		}
	}
	return out
}

// CharmcraftKeys returns the top-level charmcraft.yaml keys the loader
// knows, so the published schema can be checked against it.
func CharmcraftKeys() []string { return append([]string{}, charmcraftKeys...) }

// MetadataKeys returns the metadata.yaml keys the loader knows.
func MetadataKeys() []string { return append([]string{}, metadataYAMLKeys...) }
