package legacy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/internal/pyyaml"
	"github.com/charmgen/charmgen/meta"
)

// Base is one entry of manifest.yaml's bases: an OS release a built charm
// runs on and its architectures.
type Base struct {
	Name          string   `yaml:"name"`
	Channel       string   `yaml:"channel"`
	Architectures []string `yaml:"architectures"`
}

// Manifest is manifest.yaml: string-valued keys, then the bases of one
// build, then (when there are any) charmcraft's analysis attributes.
// Convert writes charmgen-version and the bases; charmgen pack writes
// charmcraft's keys and attributes (charmcraft/models/manifest.py).
type Manifest struct {
	// Head are the keys written before bases, in order.
	Head []Field
	// Bases are the bases of the build.
	Bases []Base
	// Attributes, when there are any, are written after the bases as
	// analysis: {attributes: [{name, result}, ...]}.
	Attributes []Attribute
}

// Field is a key of manifest.yaml and its string value.
type Field struct{ Key, Value string }

// Attribute is one of charmcraft's analysis attributes: the name of a
// check and what it found.
type Attribute struct{ Name, Result string }

// Marshal writes m as charmcraft's dump_yaml writes its Manifest model:
// keys in the order given, PyYAML's quoting (channel: '22.04').
func (m *Manifest) Marshal() ([]byte, error) {
	out := pyyaml.NewMap()
	for _, f := range m.Head {
		out.Set(f.Key, pyyaml.NewStr(f.Value))
	}
	bases := pyyaml.NewSeq()
	for _, b := range m.Bases {
		archs := pyyaml.NewSeq()
		for _, a := range b.Architectures {
			archs.Items = append(archs.Items, pyyaml.NewStr(a))
		}
		bases.Items = append(bases.Items, pyyaml.NewMap().
			Set("name", pyyaml.NewStr(b.Name)).
			Set("channel", pyyaml.NewStr(b.Channel)).
			Set("architectures", archs))
	}
	out.Set("bases", bases)
	if len(m.Attributes) > 0 {
		attrs := pyyaml.NewSeq()
		for _, a := range m.Attributes {
			attrs.Items = append(attrs.Items, pyyaml.NewMap().Set("name", pyyaml.NewStr(a.Name)).Set("result", pyyaml.NewStr(a.Result)))
		}
		out.Set("analysis", pyyaml.NewMap().Set("attributes", attrs))
	}
	return pyyaml.Marshal(out, pyyaml.DumpYAML)
}

// defaultArch stands in for charmcraft's "the build host's architecture"
// where the charm does not name one: charmgen must not depend on the host.
const defaultArch = "amd64"

// ManifestBases returns the bases manifest.yaml lists for ONE build of c,
// the one platform (or legacy bases entry) selects, as Options.Platform
// does for Convert:
//
//   - base + platforms: the selected platform (by name; default the first).
//     The base comes from base, or from the platform's name or build-for
//     entries when they are written ubuntu@22.04:amd64; the architectures
//     are its build-for entries, or its name when it is the arch shorthand.
//   - legacy bases (charmcraft.yaml, or metadata.yaml's own bases): the
//     selected entry (by index, or by charmcraft's platform string for it;
//     default 0), whose run-on list is the manifest's bases.
//   - no build information: metadata.yaml's series, each mapped to its base.
func ManifestBases(c *meta.Charm, platform string) ([]Base, error) {
	switch {
	case len(c.Platforms) > 0:
		return platformBases(c, platform)
	case c.Base.Set:
		return nil, fmt.Errorf("meta convert: cannot write %s: %s sets base %s but no platforms; add 'platforms: {amd64: }'", ManifestFile, meta.CharmcraftFile, c.Base.V)
	case len(c.Bases) > 0 || len(c.MetadataBases) > 0:
		return legacyBases(c, platform)
	case len(c.Series) > 0:
		return seriesBases(c, platform)
	}
	name := c.Name.V
	if name == "" {
		name = "this charm"
	}
	return nil, fmt.Errorf("meta convert: cannot write %s: %s does not say which bases it runs on; add 'base: ubuntu@24.04' and 'platforms: {amd64: }' to %s (or, for a Juju 3 charm, 'series: [jammy]' to %s)",
		ManifestFile, name, meta.CharmcraftFile, meta.MetadataFile)
}

func platformBases(c *meta.Charm, want string) ([]Base, error) {
	var p *meta.Platform
	if want == "" {
		p = c.Platforms[0]
	} else {
		for _, q := range c.Platforms {
			if q.Name == want {
				p = q
				break
			}
		}
		if p == nil {
			names := make([]string, len(c.Platforms))
			for i, q := range c.Platforms {
				names[i] = q.Name
			}
			return nil, fmt.Errorf("meta convert: unknown platform %q; the charm's platforms are: %s", want, strings.Join(names, ", "))
		}
	}
	targets := strs(p.BuildFor)
	if len(targets) == 0 {
		if len(p.BuildOn) > 0 {
			return nil, fmt.Errorf("meta convert: cannot write %s: platform %q has build-on but no build-for; add build-for: [<arch>]", ManifestFile, p.Name)
		}
		// The shorthand: the name is an architecture, or base:arch.
		targets = []string{p.Name}
	}
	var out []Base
	for _, t := range targets {
		base, arch := c.Base.V, t
		if i := strings.IndexByte(t, ':'); i >= 0 {
			base, arch = t[:i], t[i+1:]
		}
		if base == "" {
			return nil, fmt.Errorf("meta convert: cannot write %s: platform %q does not say which base it runs on; set 'base: ubuntu@24.04' in %s or name the platform ubuntu@24.04:%s", ManifestFile, p.Name, meta.CharmcraftFile, arch)
		}
		name, channel, ok := strings.Cut(base, "@")
		if !ok || name == "" || channel == "" {
			return nil, fmt.Errorf("meta convert: cannot write %s: platform %q: invalid base %q; write <os>@<version> such as ubuntu@24.04", ManifestFile, p.Name, base)
		}
		out = addArch(out, name, channel, arch)
	}
	return out, nil
}

// addArch adds arch to the entry for name/channel, creating it after the
// others when it is new.
func addArch(bases []Base, name, channel, arch string) []Base {
	for i := range bases {
		if bases[i].Name == name && bases[i].Channel == channel {
			for _, a := range bases[i].Architectures {
				if a == arch {
					return bases
				}
			}
			bases[i].Architectures = append(bases[i].Architectures, arch)
			return bases
		}
	}
	return append(bases, Base{Name: name, Channel: channel, Architectures: []string{arch}})
}

// buildBases returns the legacy bases entries to build from: charmcraft
// builds from charmcraft.yaml's bases, so metadata.yaml's own (older) bases
// count only when charmcraft.yaml has none.
func buildBases(c *meta.Charm) []*meta.BaseEntry {
	if len(c.Bases) > 0 {
		return c.Bases
	}
	return c.MetadataBases
}

func legacyBases(c *meta.Charm, want string) ([]Base, error) {
	entries := buildBases(c)
	idx := 0
	if want != "" {
		idx = -1
		if i, err := strconv.Atoi(want); err == nil && i >= 0 && i < len(entries) {
			idx = i
		} else {
			for i, be := range entries {
				if basesPlatform(be) == want {
					idx = i
					break
				}
			}
		}
		if idx < 0 {
			names := make([]string, len(entries))
			for i, be := range entries {
				names[i] = fmt.Sprintf("%d (%s)", i, basesPlatform(be))
			}
			return nil, fmt.Errorf("meta convert: unknown platform %q; the charm uses legacy bases, so give the index of a bases entry: %s", want, strings.Join(names, ", "))
		}
	}
	be := entries[idx]
	// charmcraft fills in a missing run-on architecture with the build
	// host's, that is the build-on architecture of the build.
	hostArch := defaultArch
	for _, ref := range be.BuildOn {
		if len(ref.Architectures) > 0 {
			hostArch = ref.Architectures[0]
			break
		}
	}
	var out []Base
	for _, ref := range be.RunOn {
		b := Base{Name: ref.Name, Channel: channelOf(ref.Channel), Architectures: append([]string{}, ref.Architectures...)}
		if b.Name == "" {
			b.Name = "ubuntu"
		}
		if len(b.Architectures) == 0 {
			b.Architectures = []string{hostArch}
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("meta convert: cannot write %s: bases entry %d has no run-on bases", ManifestFile, idx)
	}
	return out, nil
}

// basesPlatform is the platform string charmcraft derives from a bases
// entry's run-on list (ubuntu-22.04-amd64_ubuntu-22.04-arm64); it names the
// .charm file.
func basesPlatform(be *meta.BaseEntry) string {
	parts := make([]string, 0, len(be.RunOn))
	for _, ref := range be.RunOn {
		parts = append(parts, fmt.Sprintf("%s-%s-%s", ref.Name, channelOf(ref.Channel), strings.Join(ref.Architectures, "-")))
	}
	return strings.Join(parts, "_")
}

// channelOf turns a series-name channel (old metadata.yaml bases wrote
// channel: focal) into its version; anything else is kept.
func channelOf(ch string) string {
	if b, ok := meta.BaseForSeries(ch); ok {
		return strings.TrimPrefix(b, "ubuntu@")
	}
	return ch
}

// seriesBases maps metadata.yaml series onto bases. A series charm is one
// build for all its series, so every known series is listed unless want
// picks one (by name or index). Series names with no Ubuntu base (such as
// kubernetes) are skipped.
func seriesBases(c *meta.Charm, want string) ([]Base, error) {
	var out []Base
	var names []string
	matched := false
	for i, s := range c.Series {
		names = append(names, s.V)
		if want != "" && want != s.V && want != strconv.Itoa(i) {
			continue
		}
		matched = true
		b, ok := meta.BaseForSeries(s.V)
		if !ok {
			continue
		}
		name, channel, _ := strings.Cut(b, "@")
		out = append(out, Base{Name: name, Channel: channel, Architectures: []string{defaultArch}})
	}
	if len(out) > 0 {
		return out, nil
	}
	if want != "" && !matched {
		return nil, fmt.Errorf("meta convert: unknown platform %q; the charm lists series: %s", want, strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("meta convert: cannot write %s: none of the series %s is an Ubuntu release charmgen knows; add 'base: ubuntu@24.04' and 'platforms: {amd64: }' to %s", ManifestFile, strings.Join(names, ", "), meta.CharmcraftFile)
}

func strs(in []meta.Str) []string {
	out := make([]string, 0, len(in))
	for _, s := range in {
		out = append(out, s.V)
	}
	return out
}
