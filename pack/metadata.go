package pack

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/legacy"
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
//   - metadata.yaml, config.yaml and actions.yaml are meta/legacy's, the
//     bytes 'charmgen meta convert --to legacy' writes: a section that
//     lives in its own legacy file is that file, copied as it is; a
//     section of charmcraft.yaml is split out (title becomes display-name,
//     links become docs, maintainers, issues, source and website, build
//     keys are dropped) and written as yaml.safe_dump writes it: keys
//     sorted at every level, PyYAML's quoting, multi-line strings as |
//     blocks, a float option's whole-number default as a float (1.0);
//   - manifest.yaml holds charmcraft-version, charmcraft-started-at, the
//     target's bases and the analysis attributes, in that order.
//
// The stage needs no Go code, so it runs on any charm, Python ones
// included; Pack runs it for every target.
func Metadata(c *meta.Charm, t Target, opts MetadataOptions) (map[string][]byte, error) {
	out, err := legacy.Sections(c, legacy.Options{ReadFile: opts.ReadFile})
	if err != nil {
		return nil, errors.New(unprefix(err))
	}
	if out[legacy.ManifestFile], err = manifestFile(c, t, opts); err != nil {
		return nil, err
	}
	return out, nil
}

// The attributes charmcraft's analysis reports (charmcraft/linters.py,
// CHECKERS, in that order) and what they find in a charm whose dispatch is
// a Go binary: Language reads dispatch as text for a Python entry point
// and finds none, Framework looks for ops in a venv or charms.reactive in a
// wheelhouse and finds neither.
var attributes = []legacy.Attribute{
	{Name: "language", Result: "unknown"},
	{Name: "framework", Result: "unknown"},
}

// manifestFile is manifest.yaml as charmcraft writes it: the Manifest
// model (charmcraft/models/manifest.py) dumped in field order by
// dump_yaml, image-info left out as charmcraft leaves it out without
// CHARMCRAFT_IMAGE_INFO.
func manifestFile(c *meta.Charm, t Target, opts MetadataOptions) ([]byte, error) {
	ignored := ignoredAttributes(c)
	m := &legacy.Manifest{
		Head: []legacy.Field{
			{Key: "charmcraft-version", Value: opts.CharmcraftVersion},
			{Key: "charmcraft-started-at", Value: startedAt(opts.Time)},
		},
		Bases: t.Bases,
	}
	for _, a := range attributes {
		if ignored[a.Name] {
			a.Result = "ignored"
		}
		m.Attributes = append(m.Attributes, a)
	}
	return m.Marshal()
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
