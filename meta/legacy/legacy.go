// Package legacy converts the charm model into the legacy metadata files
// that charmcraft pack writes into a built charm: metadata.yaml, config.yaml,
// actions.yaml and manifest.yaml.
//
// Values are copied from the parsed YAML of the file each section came from
// (meta.Charm.Raw), so keys and values charmgen does not model survive, map
// keys keep their source order and scalars keep their YAML types. The output
// is deterministic: converting the same charm twice gives the same bytes.
package legacy

import (
	"errors"
	"fmt"

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
}

// Convert returns the legacy files (name → content) for c: metadata.yaml
// and manifest.yaml always, config.yaml when the charm has options and
// actions.yaml when it has actions, split the way charmcraft pack splits a
// charmcraft.yaml. For legacy and hybrid charms each section is copied from
// the file it came from (c.Sources). c may be the model meta.Load returned
// alongside errors: Convert needs only the parsed files and build settings.
func Convert(c *meta.Charm, opts Options) (map[string][]byte, error) {
	out, err := convertSections(c)
	if err != nil {
		return nil, err
	}
	bases, err := manifestBases(c, opts.Platform)
	if err != nil {
		return nil, err
	}
	version := opts.Version
	if version == "" {
		version = DefaultVersion
	}
	if out[ManifestFile], err = encode(manifestNode(version, bases)); err != nil {
		return nil, fmt.Errorf("meta convert: %s: %w", ManifestFile, err)
	}
	return out, nil
}

// convertSections returns metadata.yaml, and config.yaml and actions.yaml
// when the charm has them: everything but the manifest.
func convertSections(c *meta.Charm) (map[string][]byte, error) {
	if c == nil {
		return nil, errors.New("meta convert: no charm to convert")
	}
	out := map[string][]byte{}
	md, err := metadataNode(c)
	if err != nil {
		return nil, err
	}
	if out[MetadataFile], err = encode(md); err != nil {
		return nil, fmt.Errorf("meta convert: %s: %w", MetadataFile, err)
	}
	for _, s := range []struct{ section, file string }{{"config", ConfigFile}, {"actions", ActionsFile}} {
		n := sectionNode(c, s.section)
		if n == nil {
			continue
		}
		if out[s.file], err = encode(toYAML(n)); err != nil {
			return nil, fmt.Errorf("meta convert: %s: %w", s.file, err)
		}
	}
	return out, nil
}

// sectionNode returns the config or actions tree to write, or nil when the
// charm has none. Like charmcraft, an empty section is not written.
func sectionNode(c *meta.Charm, section string) *meta.Node {
	src := c.Sources[section]
	var n *meta.Node
	switch src {
	case "":
		return nil
	case meta.CharmcraftFile:
		n = c.Raw[meta.CharmcraftFile].Get(section)
	default:
		n = c.Raw[src]
	}
	if n == nil || n.Kind == meta.KindNull {
		return nil
	}
	if n.Kind == meta.KindMap && len(n.Entries) == 0 {
		return nil
	}
	return n
}
