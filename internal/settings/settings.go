// Package settings reads charmgen.yaml, charmgen's own per-charm settings.
//
// The file is optional and lives in the charm root. Every key is optional:
//
//	# yaml-language-server: $schema=https://charmgen.dev/schemas/charmgen.schema.json
//	juju: "4"          # Juju major version the charm targets: "3" or "4" (default "4").
//	                   # The --juju flag overrides it.
//	layout: go         # go (one binary is dispatch) or daemon (Lucky-style).
//	output: internal/charm  # directory, relative to the charm root, that
//	                   # charmgen gen writes generated Go code into.
//	package: charm     # Go package name of the generated code (default: the
//	                   # last element of output).
//	schemas:           # relation interface schema trees, searched in order;
//	  - schemas        # relative to the charm root.
//	overlays:          # the charm's own interface overlays, applied after
//	  - overlays       # charmgen's: <interface>/v<N>/<provider|requirer>.json
//	endpoints:         # per-endpoint settings
//	  db:
//	    version: 1     # pin the interface version (default: the highest found)
//	lint:              # charmgen lint settings; rules by ID or name
//	  disable: [PY016] # rules that do not run for this charm
//	  severity:        # per-rule severity: error, warning, info or off
//	    META012: error
//	  select: [PY, META]  # only these run (IDs, names, ID prefixes)
//	  ignore: [thin-handler]  # these do not run
//	  per-path-ignores:   # rules not reported in some files
//	    "tests/**": [PY001]
//	interfaces:        # per-interface wire encoding of relation databags
//	  ingress:
//	    encoding: json # plain string fields are JSON-quoted (default raw);
//	                   # yaml: every field is a YAML document (PyYAML safe_dump)
//	    nulls: write   # write null for absent nullable values (default omit)
//	    fields:        # per top-level key: host, unit.host or requirer.unit.host
//	      host: {encoding: raw}
package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/meta"
)

// FileName is the name of the settings file in a charm root.
const FileName = "charmgen.yaml"

// Settings are charmgen's per-charm settings. The JSON tags name the YAML
// keys; the published JSON Schema is generated from this type.
type Settings struct {
	// Juju is the major Juju version the charm targets: "3" or "4".
	Juju string `json:"juju,omitempty" jsonschema:"enum=3,enum=4,default=4"`
	// Layout is the charm layout: go (one binary is the charm's dispatch)
	// or daemon (one binary is dispatch client, daemon and script CLI).
	Layout string `json:"layout,omitempty" jsonschema:"enum=go,enum=daemon,default=go"`
	// Output is the directory, relative to the charm root, that charmgen gen
	// writes generated Go code into.
	Output string `json:"output,omitempty" jsonschema:"default=internal/charm"`
	// Package is the Go package name of the generated code; by default the
	// last element of Output.
	Package string `json:"package,omitempty" jsonschema:"pattern=^[a-z][a-z0-9_]*$"`
	// Schemas lists relation interface schema trees, relative to the charm
	// root, searched in order; the first tree that has an interface wins.
	Schemas []string `json:"schemas,omitempty"`
	// Overlays lists directories of the charm's own interface overlays,
	// relative to the charm root, laid out like charmgen's
	// internal/gen/overlays/data (<interface>/v<N>/<provider|requirer>.json).
	// They apply, in order, after charmgen's built-in overlays.
	Overlays []string `json:"overlays,omitempty" jsonschema:"minLength=1" jsonschema_description:"Directories of the charm's own relation interface overlays, relative to the charm root, laid out like charmgen's internal/gen/overlays/data (<interface>/v<N>/<provider|requirer>.json, a JSON list of optional, add-property and set operations, each with a why). They apply, in order, after charmgen's built-in overlays, to published schema trees; charmgen gen --bare-schemas applies none."`
	// OverlaysPos is where each entry of Overlays was written.
	OverlaysPos []meta.Pos `json:"-"`
	// Endpoints holds per-endpoint settings, keyed by endpoint name.
	Endpoints map[string]Endpoint `json:"endpoints,omitempty"`
	// Interfaces holds per-interface settings of the databag codecs,
	// keyed by interface name.
	Interfaces map[string]Interface `json:"interfaces,omitempty"`
	// Lint holds the settings of charmgen lint; nil when the key is absent.
	Lint *Lint `json:"lint,omitempty"`

	// Pos records where each key was set, for error messages.
	Pos map[string]meta.Pos `json:"-"`
}

// Endpoint holds the settings of one relation endpoint.
type Endpoint struct {
	// Version pins the interface version; 0 means the highest available.
	Version int `json:"version,omitempty" jsonschema:"minimum=0"`
}

// Interface holds the settings of one relation interface's databag
// codecs. A schema cannot say how a plain string field is written: Python
// charms write it as it is (data_platform_libs) or JSON-quoted (ops'
// Relation.save); these settings say which.
type Interface struct {
	// Encoding is how plain (unmarked) string fields are written: raw
	// (default) or json; or yaml: every field, of any type, is a YAML
	// document as PyYAML's yaml.safe_dump writes it (for a library that
	// dumps every value; traefik's ingress v1 and ingress_per_unit dump one
	// key only, which charmgen's overlays mark).
	Encoding string `json:"encoding,omitempty" jsonschema:"enum=raw,enum=json,enum=yaml,default=raw"`
	// Nulls says what encoders do with absent nullable values: omit them
	// (default) or write null, as ops' Relation.save does.
	Nulls string `json:"nulls,omitempty" jsonschema:"enum=omit,enum=write,default=omit"`
	// Fields overrides the encoding per top-level databag key: "host",
	// "unit.host" or "requirer.unit.host" (the most qualified wins).
	Fields map[string]Field `json:"fields,omitempty"`

	// Pos is where the interface's settings start, for error messages.
	Pos meta.Pos `json:"-"`
}

// Field holds the settings of one databag field.
type Field struct {
	// Encoding is raw, json or yaml. In YAML, `host: json` is short for
	// `host: {encoding: json}`. On a boolean field, raw writes Python's
	// True/False instead of true/false.
	Encoding string `json:"encoding" jsonschema:"enum=raw,enum=json,enum=yaml"`
}

// Encodings converts the settings of every interface to the form the
// codec generator and the run-time validator take.
func (s *Settings) Encodings() map[string]*schema.Encodings {
	if len(s.Interfaces) == 0 {
		return nil
	}
	out := map[string]*schema.Encodings{}
	for name, it := range s.Interfaces {
		out[name] = it.Encodings()
	}
	return out
}

// Encodings converts the interface settings for the codec generator and
// the validator.
func (it Interface) Encodings() *schema.Encodings {
	e := &schema.Encodings{WriteNull: it.Nulls == "write"}
	e.Strings, _ = schema.ParseEncoding(it.Encoding)
	if len(it.Fields) > 0 {
		e.Fields = map[string]schema.Encoding{}
		for k, f := range it.Fields {
			e.Fields[k], _ = schema.ParseEncoding(f.Encoding)
		}
	}
	return e
}

// Default returns the settings used when there is no charmgen.yaml.
func Default() *Settings {
	return &Settings{Juju: "4", Layout: "go", Output: "internal/charm", Package: "charm", Pos: map[string]meta.Pos{}}
}

// JujuMajor returns the target Juju major version as an int.
func (s *Settings) JujuMajor() int {
	n, _ := strconv.Atoi(s.Juju)
	return n
}

var packageRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Load reads charmgen.yaml from dir. A missing file gives the defaults.
// display is the directory name used in positions. The file must be a
// regular file of at most fsutil.MaxInput bytes, and a symlink out of dir
// is not followed (fsutil.ReadFileIn).
func Load(dir, display string) (*Settings, error) {
	s := Default()
	file := filepath.Join(display, FileName)
	data, err := fsutil.ReadFileIn(dir, FileName, fsutil.MaxInput)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the position names the file
		}
		return nil, fmt.Errorf("%s:1:1: cannot read: %v", file, err)
	}
	return Parse(file, data)
}

// Parse parses the content of a charmgen.yaml; file names it in errors.
func Parse(file string, data []byte) (*Settings, error) {
	s := Default()
	root, diags := meta.ParseYAML(file, data)
	if len(diags.Errors()) > 0 {
		return nil, diags.Errors()
	}
	if root == nil || root.Kind == meta.KindNull {
		return s, nil
	}
	var errs meta.Diagnostics
	bad := func(p meta.Pos, format string, args ...any) {
		errs = append(errs, meta.Diagnostic{Pos: p, Severity: meta.SeverityError, Code: "settings", Message: fmt.Sprintf(format, args...)})
	}
	if root.Kind != meta.KindMap {
		bad(root.Pos, "%s must be a mapping of settings", FileName)
		return nil, errs
	}
	outputSet, packageSet := false, false
	for _, e := range root.Entries {
		s.Pos[e.Key] = e.KeyPos
		v := e.Value
		switch e.Key {
		case "juju":
			// juju: 4 and juju: "4" both mean Juju 4.
			raw := v.Raw
			if v.Kind != meta.KindInt && v.Kind != meta.KindString {
				raw = "?"
			}
			if raw != "3" && raw != "4" {
				bad(v.Pos, "juju must be \"3\" or \"4\", not %s", quoteRaw(v))
				continue
			}
			s.Juju = raw
		case "layout":
			if v.Kind != meta.KindString || (v.Str != "go" && v.Str != "daemon") {
				bad(v.Pos, "layout must be go or daemon, not %s", quoteRaw(v))
				continue
			}
			s.Layout = v.Str
		case "output":
			if v.Kind != meta.KindString || v.Str == "" {
				bad(v.Pos, "output must be a directory relative to the charm root")
				continue
			}
			clean := path.Clean(filepath.ToSlash(v.Str))
			if path.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, "../") {
				bad(v.Pos, "output %q leaves the charm directory; use a path inside it such as internal/charm", v.Str)
				continue
			}
			s.Output, outputSet = clean, true
		case "package":
			if v.Kind != meta.KindString || !packageRE.MatchString(v.Str) {
				bad(v.Pos, "package must be a Go package name (lower-case letters, digits, underscores), not %s", quoteRaw(v))
				continue
			}
			s.Package, packageSet = v.Str, true
		case "schemas":
			items := []*meta.Node{v}
			if v.Kind == meta.KindSeq {
				items = v.Items
			}
			for _, it := range items {
				if it.Kind != meta.KindString || it.Str == "" {
					bad(it.Pos, "schemas lists directories, each a string")
					continue
				}
				s.Schemas = append(s.Schemas, it.Str)
			}
		case "overlays":
			if v.Kind == meta.KindNull {
				continue
			}
			if v.Kind != meta.KindSeq {
				bad(v.Pos, "overlays must be a list of directories, such as [overlays]")
				continue
			}
			for _, it := range v.Items {
				if it.Kind != meta.KindString || it.Str == "" {
					bad(it.Pos, "overlays lists directories, each a string")
					continue
				}
				s.Overlays = append(s.Overlays, it.Str)
				s.OverlaysPos = append(s.OverlaysPos, it.Pos)
			}
		case "endpoints":
			if v.Kind != meta.KindMap {
				bad(v.Pos, "endpoints must be a mapping from endpoint name to settings")
				continue
			}
			s.Endpoints = map[string]Endpoint{}
			for _, ee := range v.Entries {
				var ep Endpoint
				if ee.Value.Kind != meta.KindMap && ee.Value.Kind != meta.KindNull {
					bad(ee.Value.Pos, "endpoint %q settings must be a mapping such as {version: 1}", ee.Key)
					continue
				}
				for _, f := range ee.Value.Entries {
					switch f.Key {
					case "version":
						if f.Value.Kind != meta.KindInt || f.Value.Int < 0 {
							bad(f.Value.Pos, "endpoint %q version must be a whole number such as 1", ee.Key)
							continue
						}
						ep.Version = int(f.Value.Int)
					default:
						bad(f.KeyPos, "unknown key %q in endpoint %q settings; the only key is version", f.Key, ee.Key)
					}
				}
				s.Endpoints[ee.Key] = ep
			}
		case "lint":
			s.Lint = parseLint(v, bad, "lint")
		case "interfaces":
			s.Interfaces = parseInterfaces(v, bad)
		default:
			bad(e.KeyPos, "unknown key %q in %s; known keys are juju, layout, output, package, schemas, overlays, endpoints, interfaces and lint", e.Key, FileName)
		}
	}
	if outputSet && !packageSet {
		s.Package = strings.ReplaceAll(path.Base(s.Output), "-", "_")
		if !packageRE.MatchString(s.Package) {
			s.Package = "charm"
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// parseInterfaces reads the interfaces key.
func parseInterfaces(v *meta.Node, bad func(meta.Pos, string, ...any)) map[string]Interface {
	if v.Kind != meta.KindMap {
		bad(v.Pos, "interfaces must be a mapping from interface name to settings, such as {ingress: {encoding: json}}")
		return nil
	}
	out := map[string]Interface{}
	for _, ie := range v.Entries {
		it := Interface{Pos: ie.KeyPos}
		if ie.Value.Kind != meta.KindMap && ie.Value.Kind != meta.KindNull {
			bad(ie.Value.Pos, "interface %q settings must be a mapping such as {encoding: json}", ie.Key)
			continue
		}
		for _, f := range ie.Value.Entries {
			switch f.Key {
			case "encoding":
				if enc, ok := encodingValue(f.Value); ok {
					it.Encoding = enc
				} else {
					bad(f.Value.Pos, "interface %q encoding must be raw, json or yaml, not %s", ie.Key, quoteRaw(f.Value))
				}
			case "nulls":
				if f.Value.Kind == meta.KindString && (f.Value.Str == "omit" || f.Value.Str == "write") {
					it.Nulls = f.Value.Str
				} else {
					bad(f.Value.Pos, "interface %q nulls must be omit or write, not %s", ie.Key, quoteRaw(f.Value))
				}
			case "fields":
				it.Fields = parseFields(ie.Key, f.Value, bad)
			default:
				bad(f.KeyPos, "unknown key %q in interface %q settings; known keys are encoding, nulls and fields", f.Key, ie.Key)
			}
		}
		out[ie.Key] = it
	}
	return out
}

func parseFields(iface string, v *meta.Node, bad func(meta.Pos, string, ...any)) map[string]Field {
	if v.Kind != meta.KindMap {
		bad(v.Pos, "interface %q fields must be a mapping from databag key to an encoding, such as {host: json}", iface)
		return nil
	}
	out := map[string]Field{}
	for _, fe := range v.Entries {
		val := fe.Value
		if val.Kind == meta.KindMap {
			var encNode *meta.Node
			for _, e := range val.Entries {
				if e.Key != "encoding" {
					bad(e.KeyPos, "unknown key %q in field %q of interface %q; the only key is encoding", e.Key, fe.Key, iface)
					continue
				}
				encNode = e.Value
			}
			if encNode == nil {
				bad(val.Pos, "field %q of interface %q needs an encoding: raw, json or yaml", fe.Key, iface)
				continue
			}
			val = encNode
		}
		enc, ok := encodingValue(val)
		if !ok {
			bad(val.Pos, "field %q of interface %q: encoding must be raw, json or yaml, not %s", fe.Key, iface, quoteRaw(val))
			continue
		}
		out[fe.Key] = Field{Encoding: enc}
	}
	return out
}

func encodingValue(v *meta.Node) (string, bool) {
	if v.Kind == meta.KindString {
		if _, ok := schema.ParseEncoding(v.Str); ok {
			return v.Str, true
		}
	}
	return "", false
}

func quoteRaw(n *meta.Node) string {
	if n.Kind == meta.KindMap || n.Kind == meta.KindSeq {
		return "a " + n.Kind.String()
	}
	return strconv.Quote(n.Raw)
}

// Lint holds the settings of charmgen lint for one charm, from
// charmgen.yaml's lint key or pyproject.toml's [tool.charmgen.lint] table.
//
// A rule is named by its ID (PY004) or its name (unconditional-restart; a
// name that several rules share, such as thin-handler, names all of
// them); Select, Ignore, Disable and PerPathIgnores also take ID prefixes
// (PY, META0). Whether a rule of that ID or name exists is for the linter
// to say: this package checks only the shape.
type Lint struct {
	// Disable lists the rules that do not run for this charm.
	Disable []string `json:"disable,omitempty"`
	// Severity overrides the severity of rules: rule ID or name to error,
	// warning, info or off (off disables the rule).
	Severity map[string]string `json:"severity,omitempty"`
	// Select, when set, lists the only rules that run (ruff's select).
	Select []string `json:"select,omitempty"`
	// Ignore lists rules that do not run, like Disable (ruff's ignore).
	Ignore []string `json:"ignore,omitempty"`
	// PerPathIgnores maps a glob of paths relative to the charm root
	// (** matches any number of directories) to the rules not reported in
	// the files it matches (ruff's per-file-ignores).
	PerPathIgnores map[string][]string `json:"per-path-ignores,omitempty"`

	// Keys records the keys written and where: "disable", "severity",
	// "select", "ignore", "per-path-ignores".
	Keys map[string]meta.Pos `json:"-"`
	// Pos records where each rule was named: "disable/RULE",
	// "severity/RULE", "select/RULE", "ignore/RULE", and
	// "per-path-ignores/GLOB" (the glob) and "per-path-ignores/GLOB/RULE".
	Pos map[string]meta.Pos `json:"-"`
}

// LintKeys are the keys of the lint settings, in the order documented.
var LintKeys = []string{"disable", "severity", "select", "ignore", "per-path-ignores"}

// Severities are the values of the lint severity key, as the published
// schema enumerates them. The linter parses them into its own severity
// type; a test of package lint checks that the two agree.
var Severities = []string{"error", "warning", "info", "off"}

// ruleNameRE is the shape of a rule ID, name or ID prefix.
var ruleNameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$`)

// parseLint reads the lint key (where is its name in messages: lint, or
// tool.charmgen.lint). The shape of rule names is checked here; whether a
// rule of that ID or name exists is for the linter to say.
func parseLint(v *meta.Node, bad func(meta.Pos, string, ...any), where string) *Lint {
	l := &Lint{Pos: map[string]meta.Pos{}, Keys: map[string]meta.Pos{}}
	if v.Kind == meta.KindNull {
		return l
	}
	if v.Kind != meta.KindMap {
		bad(v.Pos, "%s must be a mapping such as {disable: [PY016]}", where)
		return l
	}
	ruleName := func(n *meta.Node, what string) (string, bool) {
		if n.Kind != meta.KindString || !ruleNameRE.MatchString(n.Str) {
			bad(n.Pos, "%s must be a rule ID or name such as PY004 or unconditional-restart, not %s; charmgen lint --list lists them", what, quoteRaw(n))
			return "", false
		}
		return n.Str, true
	}
	// list reads a list of rule names; a single name may be written alone.
	list := func(v *meta.Node, what, posKey string) []string {
		items := []*meta.Node{v}
		if v.Kind == meta.KindSeq {
			items = v.Items
		} else if v.Kind == meta.KindNull {
			items = nil
		}
		out := []string{}
		for _, it := range items {
			if id, ok := ruleName(it, what); ok {
				out = append(out, id)
				l.Pos[posKey+id] = it.Pos
			}
		}
		return out
	}
	for _, e := range v.Entries {
		switch e.Key {
		case "disable", "select", "ignore":
			l.Keys[e.Key] = e.KeyPos
			names := list(e.Value, "each entry of "+where+"."+e.Key, e.Key+"/")
			switch e.Key {
			case "disable":
				l.Disable = names
			case "select":
				l.Select = names
			case "ignore":
				l.Ignore = names
			}
		case "severity":
			l.Keys[e.Key] = e.KeyPos
			if e.Value.Kind == meta.KindNull {
				continue
			}
			if e.Value.Kind != meta.KindMap {
				bad(e.Value.Pos, "%s.severity must be a mapping from rule ID or name to error, warning, info or off", where)
				continue
			}
			for _, se := range e.Value.Entries {
				key := &meta.Node{Kind: meta.KindString, Str: se.Key, Raw: se.Key, Pos: se.KeyPos}
				id, ok := ruleName(key, "each key of "+where+".severity")
				if !ok {
					continue
				}
				sv := se.Value
				if sv.Kind == meta.KindBool && strings.EqualFold(sv.Raw, "off") {
					// YAML 1.1 reads a bare off as false: it means off here.
					sv = &meta.Node{Kind: meta.KindString, Str: "off", Raw: sv.Raw, Pos: sv.Pos}
				}
				if sv.Kind != meta.KindString {
					bad(sv.Pos, "severity of %s must be error, warning, info or off, not %s", id, quoteRaw(sv))
					continue
				}
				if !slices.Contains(Severities, sv.Str) {
					bad(sv.Pos, "severity of %s must be error, warning, info or off, not %q", id, sv.Str)
					continue
				}
				if l.Severity == nil {
					l.Severity = map[string]string{}
				}
				l.Severity[id] = sv.Str
				l.Pos["severity/"+id] = se.KeyPos
			}
		case "per-path-ignores":
			l.Keys[e.Key] = e.KeyPos
			if e.Value.Kind == meta.KindNull {
				continue
			}
			if e.Value.Kind != meta.KindMap {
				bad(e.Value.Pos, "%s.per-path-ignores must be a mapping from a path glob to rules, such as {\"tests/**\": [PY001]}", where)
				continue
			}
			l.PerPathIgnores = map[string][]string{}
			for _, pe := range e.Value.Entries {
				if err := CheckGlob(pe.Key); err != nil {
					bad(pe.KeyPos, "%s.per-path-ignores: %v", where, err)
					continue
				}
				l.Pos["per-path-ignores/"+pe.Key] = pe.KeyPos
				l.PerPathIgnores[pe.Key] = list(pe.Value, "each rule of "+where+".per-path-ignores", "per-path-ignores/"+pe.Key+"/")
			}
		default:
			bad(e.KeyPos, "unknown key %q in %s; known keys are disable, severity, select, ignore and per-path-ignores", e.Key, where)
		}
	}
	return l
}
