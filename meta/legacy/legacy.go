// Package legacy converts the charm model into the legacy metadata files
// that charmcraft pack writes into a built charm: metadata.yaml, config.yaml,
// actions.yaml and manifest.yaml, byte for byte as charmcraft writes them
// (charmcraft/services/package.py, write_metadata), so that
// 'charmgen meta convert --to legacy' and charmgen pack write the same
// files.
//
// A section that lives in its own legacy file (metadata.yaml, config.yaml,
// actions.yaml) is that file, copied as it is, as charmcraft copies it. A
// section of charmcraft.yaml is split out as charmcraft splits it and its
// values, copied from the parsed YAML (meta.Charm.Raw) so that keys
// charmgen does not model survive, are written by internal/pyyaml as
// yaml.safe_dump writes them: keys sorted, PyYAML's quoting, 80-column
// folding, multi-line strings as | blocks. The output is deterministic:
// converting the same charm twice gives the same bytes.
package legacy

import (
	"errors"
	"fmt"

	"github.com/charmgen/charmgen/internal/fsutil"
	"github.com/charmgen/charmgen/internal/pyyaml"
	"github.com/charmgen/charmgen/meta"
)

// File names Convert returns.
const (
	MetadataFile = "metadata.yaml"
	ConfigFile   = "config.yaml"
	ActionsFile  = "actions.yaml"
	ManifestFile = "manifest.yaml"
)

// DefaultVersion is the charmgen-version written into manifest.yaml when
// Options.Version is empty.
const DefaultVersion = "dev"

// Options control a conversion.
type Options struct {
	// Platform selects the platform (by name) or legacy bases entry (by
	// index) whose bases go into manifest.yaml; empty means the first.
	Platform string
	// Version is written as charmgen-version in manifest.yaml; empty means
	// DefaultVersion. It never holds a timestamp, so output is stable.
	Version string
	// ReadFile reads a file of the charm directory by its name (the legacy
	// files Convert copies); nil reads it from c.Dir. A charm from
	// meta.LoadFiles has no directory of its own: give it one that reads
	// the same files.
	ReadFile func(name string) ([]byte, error)
}

// Convert returns the legacy files (name → content) for c: metadata.yaml
// and manifest.yaml always, config.yaml when the charm has options and
// actions.yaml when it has actions, split the way charmcraft pack splits a
// charmcraft.yaml. A section that came from its own legacy file
// (c.Sources) is that file, read with opts.ReadFile. c may be the model
// meta.Load returned alongside errors: Convert needs only the parsed files
// and build settings.
func Convert(c *meta.Charm, opts Options) (map[string][]byte, error) {
	out, err := Sections(c, opts)
	if err != nil {
		return nil, err
	}
	bases, err := ManifestBases(c, opts.Platform)
	if err != nil {
		return nil, err
	}
	version := opts.Version
	if version == "" {
		version = DefaultVersion
	}
	m := &Manifest{Head: []Field{{"charmgen-version", version}}, Bases: bases}
	if out[ManifestFile], err = m.Marshal(); err != nil {
		return nil, fmt.Errorf("meta convert: %s: %w", ManifestFile, err)
	}
	return out, nil
}

// Sections returns what Convert returns but manifest.yaml: metadata.yaml,
// and config.yaml and actions.yaml when the charm has them. Of opts it uses
// only ReadFile. charmgen pack writes these and its own manifest.yaml.
func Sections(c *meta.Charm, opts Options) (map[string][]byte, error) {
	if c == nil {
		return nil, errors.New("meta convert: no charm to convert")
	}
	read := opts.ReadFile
	if read == nil {
		read = func(name string) ([]byte, error) { return fsutil.ReadFileIn(c.Dir, name, fsutil.MaxInput) }
	}
	src := c.Sources["metadata"]
	if src == "" {
		return nil, fmt.Errorf("meta convert: the charm has no metadata (name, summary, description); add them to %s", meta.CharmcraftFile)
	}
	if n := c.Raw[src]; n == nil || n.Kind != meta.KindMap {
		return nil, fmt.Errorf("meta convert: %s holds no metadata mapping", src)
	}
	out := map[string][]byte{}
	for _, s := range []struct{ section, file string }{
		{"metadata", MetadataFile}, {"config", ConfigFile}, {"actions", ActionsFile},
	} {
		n := section(c, s.section)
		if n == nil {
			continue
		}
		if src := c.Sources[s.section]; src != meta.CharmcraftFile {
			// charmcraft copies a project's own metadata.yaml, config.yaml
			// and actions.yaml (_write_file_or_object).
			b, err := read(src)
			if err != nil {
				return nil, fmt.Errorf("meta convert: copying %s: %w", src, err)
			}
			out[s.file] = b
			continue
		}
		var v *pyyaml.Node
		switch s.section {
		case "metadata":
			v = unifiedMetadata(n)
		case "config":
			v = value(n)
			floatDefaults(v)
		default:
			v = value(n)
		}
		b, err := pyyaml.Marshal(v, pyyaml.SafeDump)
		if err != nil {
			return nil, fmt.Errorf("meta convert: %s: %w", s.file, err)
		}
		out[s.file] = b
	}
	return out, nil
}

// section returns the tree of a section (metadata, config or actions) from
// the file it came from, or nil when the charm has none. Like charmcraft,
// an empty config or actions section is not written.
func section(c *meta.Charm, name string) *meta.Node {
	var n *meta.Node
	switch src := c.Sources[name]; {
	case src == "":
		return nil
	case src == meta.CharmcraftFile && name != "metadata":
		n = c.Raw[meta.CharmcraftFile].Get(name)
	default:
		n = c.Raw[src]
	}
	if n == nil || n.Kind == meta.KindNull || (n.Kind == meta.KindMap && len(n.Entries) == 0) {
		return nil
	}
	return n
}
