// Package schemas generates the JSON Schemas charmgen publishes, from its Go
// types, and embeds the committed copies.
//
// Two schemas are published, for editors (yaml-language-server and the
// like):
//
//   - charmcraft.schema.json describes charmcraft.yaml as charmgen reads it,
//     from the types in charmcraft.go;
//   - charmgen.schema.json describes charmgen.yaml, reflected from
//     settings.Settings.
//
// `go run ./cmd/charmgen schema export` writes them into this directory; a
// test fails when the committed files are stale.
package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

	"github.com/charmgen/charmgen/internal/settings"
	"github.com/invopop/jsonschema"
)

// File names of the published schemas.
const (
	CharmcraftFile = "charmcraft.schema.json"
	CharmgenFile   = "charmgen.schema.json"
)

// BaseURL is where the schemas are published; each schema's $id is BaseURL
// followed by its file name.
const BaseURL = "https://charmgen.dev/schemas/"

// Committed holds the schema files as committed in this directory.
//
//go:embed charmcraft.schema.json charmgen.schema.json charmgen-hooks.schema.json
var Committed embed.FS

// Generate returns the schema files (name → content). The content is
// deterministic: 2-space indented JSON with a trailing newline.
func Generate() (files map[string][]byte, err error) {
	defer func() {
		// The JSONSchemaExtend hooks panic when a property they adjust is
		// gone, which only a change to the Go types can cause.
		if r := recover(); r != nil {
			files, err = nil, fmt.Errorf("schema export: %v", r)
		}
	}()
	files = map[string][]byte{}
	for name, s := range map[string]*jsonschema.Schema{
		CharmcraftFile: CharmcraftSchema(),
		CharmgenFile:   CharmgenSchema(),
		HooksFile:      HooksSchema(),
	} {
		b, err := render(s)
		if err != nil {
			return nil, fmt.Errorf("schema export: %s: %v", name, err)
		}
		files[name] = b
	}
	return files, nil
}

// CharmcraftSchema returns the schema of charmcraft.yaml, reflected from
// Charmcraft.
func CharmcraftSchema() *jsonschema.Schema {
	r := &jsonschema.Reflector{
		Anonymous:                  true,
		ExpandedStruct:             true,
		RequiredFromJSONSchemaTags: true,
		LookupComment:              lookup(charmcraftDocs),
	}
	s := r.Reflect(&Charmcraft{})
	s.ID = jsonschema.ID(BaseURL + CharmcraftFile)
	s.Title = "charmcraft.yaml"
	s.Description = "A charm's charmcraft.yaml: metadata (name, relations, containers, resources, storage...), " +
		"config options, actions and build settings (base, platforms, parts), as charmgen reads it. " +
		"Charmcraft rejects keys it does not know."
	s.Comments = generatedComment
	return s
}

// CharmgenSchema returns the schema of charmgen.yaml, reflected from
// settings.Settings.
func CharmgenSchema() *jsonschema.Schema {
	r := &jsonschema.Reflector{
		Anonymous:      true,
		ExpandedStruct: true,
		LookupComment:  lookup(settingsDocs),
	}
	s := r.Reflect(&settings.Settings{})
	s.ID = jsonschema.ID(BaseURL + CharmgenFile)
	s.Title = settings.FileName
	s.Description = "charmgen's per-charm settings (charmgen.yaml in the charm root). The file and every key in it are optional."
	s.Comments = generatedComment

	// juju: 4 and juju: "4" both mean Juju 4: accept the number too.
	juju := prop(s, "juju")
	str := *juju
	str.Description, str.Default = "", nil
	num := &jsonschema.Schema{Type: "integer"}
	for _, v := range str.Enum {
		if n, err := strconv.Atoi(fmt.Sprint(v)); err == nil {
			num.Enum = append(num.Enum, n)
		}
	}
	*juju = jsonschema.Schema{
		Description: juju.Description,
		Default:     juju.Default,
		OneOf:       []*jsonschema.Schema{&str, num},
	}

	// schemas: a single directory may be written without a list.
	sch := prop(s, "schemas")
	list := *sch
	list.Description = ""
	*sch = jsonschema.Schema{
		Description: sch.Description,
		OneOf:       []*jsonschema.Schema{{Type: "string", MinLength: uintp(1)}, &list},
	}
	if list.Items != nil {
		list.Items.MinLength = uintp(1)
	}

	// endpoints: an endpoint's settings may be left empty.
	eps := prop(s, "endpoints")
	if eps.AdditionalProperties != nil {
		eps.AdditionalProperties = &jsonschema.Schema{
			OneOf: []*jsonschema.Schema{eps.AdditionalProperties, {Type: "null"}},
		}
	}

	prop(s, "output").MinLength = uintp(1)

	// interfaces: an interface's settings may be left empty, and a field's
	// encoding may be written without {encoding: ...}.
	if ifs := prop(s, "interfaces"); ifs.AdditionalProperties != nil {
		ifs.AdditionalProperties = &jsonschema.Schema{
			OneOf: []*jsonschema.Schema{ifs.AdditionalProperties, {Type: "null"}},
		}
	}
	if it := s.Definitions["Interface"]; it != nil {
		if f := prop(it, "fields"); f.AdditionalProperties != nil {
			f.AdditionalProperties = &jsonschema.Schema{
				OneOf: []*jsonschema.Schema{{Type: "string", Enum: []any{"raw", "json"}}, f.AdditionalProperties},
			}
		}
	}

	// lint: rules are named by ID, name or ID prefix; a single rule may be
	// written without a list, and the key may be left empty.
	if l := s.Definitions["Lint"]; l != nil {
		id := func() *jsonschema.Schema {
			return &jsonschema.Schema{Type: "string", Pattern: `^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$`}
		}
		oneOrList := func(p *jsonschema.Schema) {
			list := *p
			list.Description, list.Items = "", id()
			*p = jsonschema.Schema{Description: p.Description, OneOf: []*jsonschema.Schema{id(), &list}}
		}
		for _, key := range []string{"disable", "select", "ignore"} {
			oneOrList(prop(l, key))
		}
		sev := prop(l, "severity")
		sev.PropertyNames = id()
		sevEnum := make([]any, len(settings.Severities))
		for i, v := range settings.Severities {
			sevEnum[i] = v
		}
		sev.AdditionalProperties = &jsonschema.Schema{Type: "string", Enum: sevEnum}
		ppi := prop(l, "per-path-ignores")
		ppi.PropertyNames = &jsonschema.Schema{Type: "string", MinLength: uintp(1)}
		rules := &jsonschema.Schema{Type: "array"}
		oneOrList(rules)
		ppi.AdditionalProperties = rules
		lint := prop(s, "lint")
		*lint = jsonschema.Schema{Description: lint.Description, OneOf: []*jsonschema.Schema{{Ref: lint.Ref}, {Type: "null"}}}
	}
	return s
}

const generatedComment = "Generated by `charmgen schema export` from charmgen's Go types; do not edit."

// lookup makes a Reflector.LookupComment function from a table of
// descriptions: type → field name ("" for the type itself) → text.
func lookup(docs map[reflect.Type]map[string]string) func(reflect.Type, string) string {
	return func(t reflect.Type, field string) string {
		return docs[t][field]
	}
}

// charmcraftDocs describes the charmcraft.yaml types themselves; their
// fields are described in their tags.
var charmcraftDocs = map[reflect.Type]map[string]string{
	reflect.TypeFor[Links]():           {"": "Links shown on Charmhub."},
	reflect.TypeFor[Container]():       {"": "A workload container: the image it runs (resource or bases), the storage it mounts and the user it runs as."},
	reflect.TypeFor[ContainerMount]():  {"": "A storage entry mounted into a container."},
	reflect.TypeFor[Resource]():        {"": "A resource: a file or an OCI image the charm uses."},
	reflect.TypeFor[Storage]():         {"": "A storage entry: a filesystem or a block device."},
	reflect.TypeFor[StorageMultiple](): {"": "How many instances of the storage a unit has."},
	reflect.TypeFor[Device]():          {"": "A device the charm needs, such as a GPU."},
	reflect.TypeFor[Config]():          {"": "The config section: the charm's options."},
	reflect.TypeFor[Option]():          {"": "A configuration option: its type, description and default."},
	reflect.TypeFor[Actions]():         {"": "The charm's actions, keyed by action name."},
	reflect.TypeFor[Action]():          {"": "An action: its description and the JSON Schema of its params. Other JSON Schema keywords are copied into the params schema."},
	reflect.TypeFor[Part]():            {"": "A craft-parts build part; every craft-parts key is allowed."},
	reflect.TypeFor[BaseRef]():         {"": "A base: OS name, channel and architectures."},
	reflect.TypeFor[CharmLib]():        {"": "A charm library that charmcraft fetch-libs downloads."},
}

// settingsDocs describes charmgen.yaml: settings.Settings documents its
// fields in Go comments, which the charmgen binary cannot read at run
// time. A test checks that every property has a description, so a new
// field needs an entry here.
var settingsDocs = map[reflect.Type]map[string]string{
	reflect.TypeFor[settings.Settings](): {
		"Juju":       `The major Juju version the charm targets: 3 or 4 (default 4). The --juju flag overrides it.`,
		"Layout":     `The charm layout: go (one binary is the charm's dispatch) or daemon (Lucky-style: one binary is dispatch client, daemon and script CLI).`,
		"Output":     `The directory, relative to the charm root, that charmgen gen writes generated Go code into (default internal/charm). It must stay inside the charm directory.`,
		"Package":    `The Go package name of the generated code (default: the last element of output).`,
		"Schemas":    `Relation interface schema trees (<dir>/<interface>/v<N>/schemas/provider.json and requirer.json), relative to the charm root, searched in order: the first tree that has an interface wins.`,
		"Endpoints":  `Per-endpoint settings, keyed by endpoint name.`,
		"Lint":       `Settings of charmgen lint: rules to select, ignore or disable, per-rule severities and per-path ignores. pyproject.toml's [tool.charmgen.lint] takes the same keys; a key set here wins over it.`,
		"Interfaces": `Per-interface settings of the relation databag codecs (wire encoding of plain string fields, nulls), keyed by interface name.`,
	},
	reflect.TypeFor[settings.Lint](): {
		"":               `The settings of charmgen lint for this charm.`,
		"Disable":        `Rules that do not run for this charm: rule IDs (PY016), names (subprocess-shell-string; a name several rules share names them all) or ID prefixes (PY, META0); charmgen lint --list lists the rules.`,
		"Severity":       `Per-rule severity, rule ID or name to error, warning, info or off (off disables the rule).`,
		"Select":         `When set, the only rules that run: rule IDs, names or ID prefixes (ruff's select). charmgen lint --select overrides it.`,
		"Ignore":         `Rules that do not run, like disable: rule IDs, names or ID prefixes (ruff's ignore). A more specific name wins over a less specific one in select. charmgen lint --select and --ignore override it.`,
		"PerPathIgnores": `Rules not reported in some files: a glob of paths relative to the charm root (* within a directory, ** any number of directories; a glob without a slash matches at any depth; a directory covers its files) to rule IDs, names or ID prefixes (ruff's per-file-ignores).`,
	},
	reflect.TypeFor[settings.Interface](): {
		"":         `The settings of one relation interface's databag codecs. A schema cannot say how a plain string field is written: Python charms write it as it is (data_platform_libs) or JSON-quoted (ops' Relation.save).`,
		"Encoding": `How plain (unmarked) string fields are written: raw (as it is, the default) or json (JSON-quoted). Fields marked contentMediaType application/json, arrays and objects are always JSON; integers and booleans are text.`,
		"Nulls":    `What encoders do with absent nullable values: omit leaves the key out (the default); write writes null, as ops' Relation.save does.`,
		"Fields":   `Per-field encoding, keyed by top-level databag key: host, unit.host or requirer.unit.host (the most qualified wins). A bare raw, json or yaml is short for {encoding: ...}.`,
	},
	reflect.TypeFor[settings.Field](): {
		"":         `The settings of one databag field.`,
		"Encoding": `raw, json or yaml. On a boolean field, raw writes Python's True/False instead of true/false; yaml reads and writes the field as a YAML document as PyYAML's yaml.safe_dump writes it (any type).`,
	},
	reflect.TypeFor[settings.Endpoint](): {
		"":        `The settings of one relation endpoint.`,
		"Version": `Pins the interface version, such as 1; 0 (or leaving it out) means the highest version found.`,
	},
}

// render marshals s as 2-space indented JSON with a trailing newline.
func render(s *jsonschema.Schema) ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, unescapeHTML(b), "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// unescapeHTML undoes encoding/json's escaping of <, > and & in the JSON
// text b, so descriptions such as 'juju >= 3.6' read as written. Escapes
// are recognised as escapes (an escaped backslash is left alone).
func unescapeHTML(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			switch string(b[i+2 : i+6]) {
			case "003c":
				out = append(out, '<')
				i += 5
				continue
			case "003e":
				out = append(out, '>')
				i += 5
				continue
			case "0026":
				out = append(out, '&')
				i += 5
				continue
			}
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}
