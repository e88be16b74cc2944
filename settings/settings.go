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
//	endpoints:         # per-endpoint settings
//	  db:
//	    version: 1     # pin the interface version (default: the highest found)
package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

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
	// Endpoints holds per-endpoint settings, keyed by endpoint name.
	Endpoints map[string]Endpoint `json:"endpoints,omitempty"`

	// Pos records where each key was set, for error messages.
	Pos map[string]meta.Pos `json:"-"`
}

// Endpoint holds the settings of one relation endpoint.
type Endpoint struct {
	// Version pins the interface version; 0 means the highest available.
	Version int `json:"version,omitempty" jsonschema:"minimum=0"`
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
// display is the directory name used in positions.
func Load(dir, display string) (*Settings, error) {
	s := Default()
	file := filepath.Join(display, FileName)
	data, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
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
		default:
			bad(e.KeyPos, "unknown key %q in %s; known keys are juju, layout, output, package, schemas and endpoints", e.Key, FileName)
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

func quoteRaw(n *meta.Node) string {
	if n.Kind == meta.KindMap || n.Kind == meta.KindSeq {
		return "a " + n.Kind.String()
	}
	return strconv.Quote(n.Raw)
}
