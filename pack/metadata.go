package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/internal/pyyaml"
	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/legacy"
	"gopkg.in/yaml.v3"
)

// MetadataOptions control the metadata stage.
type MetadataOptions struct {
	// CharmcraftVersion is written as manifest.yaml's charmcraft-version.
	// Pack writes "charmgen-" and its version: the key is charmcraft's
	// (Charmhub and tools look for it), the value says who packed.
	CharmcraftVersion string
	// Time is written as charmcraft-started-at (in UTC).
	Time time.Time
	// ReadFile reads a file of the charm directory; nil reads c.Dir.
	// Legacy metadata files are copied from it byte for byte.
	ReadFile func(name string) ([]byte, error)
}

// Metadata returns the metadata files of the built charm for target t:
// metadata.yaml, config.yaml and actions.yaml (when the charm has config
// and actions) and manifest.yaml, byte for byte as charmcraft pack writes
// them (charmcraft/services/package.py, PackageService.write_metadata):
//
//   - a section that lives in its own legacy file (metadata.yaml,
//     config.yaml, actions.yaml) is that file, copied as it is;
//   - a section of charmcraft.yaml is split out as meta/legacy splits it
//     for 'charmgen meta convert' (title becomes display-name, links become
//     docs, maintainers, issues, source and website, build keys are
//     dropped) and written as yaml.safe_dump writes it: keys sorted at
//     every level, PyYAML's quoting, multi-line strings as | blocks, a
//     float option's whole-number default as a float (1.0);
//   - manifest.yaml holds charmcraft-version, charmcraft-started-at, the
//     target's bases and the analysis attributes, in that order.
//
// The stage needs no Go code, so it runs on any charm, Python ones
// included; Pack runs it for every target.
func Metadata(c *meta.Charm, t Target, opts MetadataOptions) (map[string][]byte, error) {
	read := opts.ReadFile
	if read == nil {
		read = func(name string) ([]byte, error) { return fsutil.ReadFileIn(c.Dir, name, fsutil.MaxInput) }
	}
	split, err := legacy.Convert(c, legacy.Options{Platform: t.Select})
	if err != nil {
		return nil, errors.New(unprefix(err))
	}
	out := map[string][]byte{}
	for _, s := range []struct{ section, file string }{
		{"metadata", legacy.MetadataFile}, {"config", legacy.ConfigFile}, {"actions", legacy.ActionsFile},
	} {
		// meta/legacy leaves out an empty config or actions section, as
		// charmcraft does (it writes neither an empty file nor a copy).
		b, ok := split[s.file]
		if !ok {
			continue
		}
		if src := c.Sources[s.section]; src != "" && src != meta.CharmcraftFile {
			// charmcraft copies a project's own metadata.yaml, config.yaml
			// and actions.yaml (_write_file_or_object).
			if out[s.file], err = read(src); err != nil {
				return nil, fmt.Errorf("copying %s: %w", src, err)
			}
			continue
		}
		if out[s.file], err = restyle(s.file, b); err != nil {
			return nil, err
		}
	}
	manifest, err := manifestFile(c, t, opts)
	if err != nil {
		return nil, err
	}
	out[legacy.ManifestFile] = manifest
	return out, nil
}

// restyle rewrites a file meta/legacy split out as charmcraft writes it.
func restyle(name string, b []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("reading the converted %s: %v", name, err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("the converted %s is empty", name)
	}
	n, err := fromYAML(doc.Content[0])
	if err != nil {
		return nil, fmt.Errorf("the converted %s: %v", name, err)
	}
	if name == legacy.ConfigFile {
		floatDefaults(n)
	}
	return pyyaml.Marshal(n, charmcraftDump)
}

// charmcraftDump is yaml.safe_dump as charmcraft calls it for the metadata
// files, after its dump_yaml has registered the multi-line representer on
// SafeDumper (which write_metadata does first, for manifest.yaml).
var charmcraftDump = pyyaml.Options{SortKeys: true, LiteralMultiline: true, QuoteAmbiguous: true}

// fromYAML turns a yaml.v3 tree into the values charmcraft holds.
func fromYAML(n *yaml.Node) (*pyyaml.Node, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return fromYAML(n.Alias)
	case yaml.MappingNode:
		m := pyyaml.NewMap()
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := fromYAML(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m.Set(n.Content[i].Value, v)
		}
		return m, nil
	case yaml.SequenceNode:
		s := pyyaml.NewSeq()
		for _, it := range n.Content {
			v, err := fromYAML(it)
			if err != nil {
				return nil, err
			}
			s.Items = append(s.Items, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return pyyaml.NewNull(), nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, err
			}
			return pyyaml.NewBool(b), nil
		case "!!int":
			var i int64
			if err := n.Decode(&i); err != nil {
				// Python ints have no bound: keep the digits.
				return &pyyaml.Node{Kind: pyyaml.Int, Value: strings.ReplaceAll(n.Value, "_", "")}, nil
			}
			return pyyaml.NewInt(i), nil
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return nil, err
			}
			return pyyaml.NewFloat(f), nil
		}
		return pyyaml.NewStr(n.Value), nil
	}
	return nil, fmt.Errorf("unexpected YAML node kind %d at line %d", n.Kind, n.Line)
}

// floatDefaults writes a float option's whole-number default as a float:
// charmcraft reads options into JujuFloatOption, whose default is a float
// (charmcraft/models/config.py), so default: 1 is written as 1.0.
func floatDefaults(config *pyyaml.Node) {
	for _, e := range config.Entries {
		if e.Key != "options" || e.Value.Kind != pyyaml.Map {
			continue
		}
		for _, o := range e.Value.Entries {
			var typ, def *pyyaml.Node
			for _, f := range o.Value.Entries {
				switch f.Key {
				case "type":
					typ = f.Value
				case "default":
					def = f.Value
				}
			}
			if typ != nil && typ.Value == "float" && def != nil && def.Kind == pyyaml.Int {
				if f, err := strconv.ParseFloat(def.Value, 64); err == nil {
					*def = *pyyaml.NewFloat(f)
				}
			}
		}
	}
}

// The attributes charmcraft's analysis reports (charmcraft/linters.py,
// CHECKERS, in that order) and what they find in a charm whose dispatch is
// a Go binary: Language reads dispatch as text for a Python entry point
// and finds none, Framework looks for ops in a venv or charms.reactive in a
// wheelhouse and finds neither.
var attributes = []struct{ name, result string }{
	{"language", "unknown"},
	{"framework", "unknown"},
}

// manifestFile is manifest.yaml as charmcraft writes it: the Manifest
// model (charmcraft/models/manifest.py) dumped in field order by
// dump_yaml, image-info left out as charmcraft leaves it out without
// CHARMCRAFT_IMAGE_INFO.
func manifestFile(c *meta.Charm, t Target, opts MetadataOptions) ([]byte, error) {
	ignored := ignoredAttributes(c)
	bases := pyyaml.NewSeq()
	for _, b := range t.Bases {
		archs := pyyaml.NewSeq()
		for _, a := range b.Architectures {
			archs.Items = append(archs.Items, pyyaml.NewStr(a))
		}
		bases.Items = append(bases.Items, pyyaml.NewMap().
			Set("name", pyyaml.NewStr(b.Name)).
			Set("channel", pyyaml.NewStr(b.Channel)).
			Set("architectures", archs))
	}
	attrs := pyyaml.NewSeq()
	for _, a := range attributes {
		result := a.result
		if ignored[a.name] {
			result = "ignored"
		}
		attrs.Items = append(attrs.Items, pyyaml.NewMap().Set("name", pyyaml.NewStr(a.name)).Set("result", pyyaml.NewStr(result)))
	}
	m := pyyaml.NewMap().
		Set("charmcraft-version", pyyaml.NewStr(opts.CharmcraftVersion)).
		Set("charmcraft-started-at", pyyaml.NewStr(startedAt(opts.Time))).
		Set("bases", bases).
		Set("analysis", pyyaml.NewMap().Set("attributes", attrs))
	return pyyaml.Marshal(m, pyyaml.Options{LiteralMultiline: true, QuoteAmbiguous: true})
}

// startedAt is Python's datetime.isoformat of a UTC time, as charmcraft
// writes project.started_at: microseconds only when there are any, and
// +00:00 for the zone.
func startedAt(t time.Time) string {
	t = t.UTC()
	s := t.Format("2006-01-02T15:04:05")
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s + "+00:00"
}

// ignoredAttributes are charmcraft.yaml's analysis.ignore.attributes, which
// charmcraft reports as "ignored".
func ignoredAttributes(c *meta.Charm) map[string]bool {
	out := map[string]bool{}
	attrs := c.Raw[meta.CharmcraftFile].Get("analysis").Get("ignore").Get("attributes")
	if attrs == nil || attrs.Kind != meta.KindSeq {
		return out
	}
	for _, it := range attrs.Items {
		if it.Kind == meta.KindString {
			out[it.Str] = true
		}
	}
	return out
}

// isNotExist reports a missing file, through the wrapping of the readers.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
