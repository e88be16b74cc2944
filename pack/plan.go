package pack

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/meta/legacy"
)

// Base is one entry of manifest.yaml's bases: an OS release and the
// architectures the charm runs on there.
type Base = legacy.Base

// Target is one .charm file: one platform of charmcraft.yaml (or one entry
// of the older bases list), as charmcraft builds one charm per platform.
type Target struct {
	// Platform is charmcraft's name for the build: the platform's key
	// (amd64, ubuntu@22.04:arm64), or for a bases entry its run-on bases
	// joined as ubuntu-22.04-amd64_ubuntu-22.04-arm64.
	Platform string
	// Select picks the build in legacy.Options.Platform: the platform
	// name, or the bases entry's index.
	Select string
	// File is the .charm's name, NAME_PLATFORM.charm as charmcraft names it
	// (charmcraft/services/package.py, get_charm_path).
	File string
	// Bases are manifest.yaml's bases for this build.
	Bases []Base
	// Archs are the architectures the bases name, sorted and unique. A Go
	// dispatch runs on one, so Pack builds only targets with exactly one.
	Archs []string
	// Pos is where the platform or bases entry is declared.
	Pos meta.Pos
}

// goarch maps the architecture names Juju and charmcraft use (Debian's)
// onto GOARCH. These are the architectures Juju deploys to.
var goarch = map[string]string{
	"amd64":   "amd64",
	"arm64":   "arm64",
	"ppc64el": "ppc64le",
	"s390x":   "s390x",
	"riscv64": "riscv64",
}

// GOARCH returns the GOARCH of a Juju architecture name, and false for a
// name Juju does not deploy to (armhf, i386, all).
func GOARCH(arch string) (string, bool) {
	g, ok := goarch[arch]
	return g, ok
}

// Plan returns the charms pack makes for c, one per platform (or legacy
// bases entry), in the order charmcraft.yaml lists them. It fails when the
// charm says nothing about the bases it runs on, or when the metadata
// cannot be split for a platform.
func Plan(c *meta.Charm) ([]Target, error) {
	if c == nil {
		return nil, errors.New("no charm to pack")
	}
	name := c.Name.V
	var targets []Target
	switch {
	case len(c.Platforms) > 0:
		for _, p := range c.Platforms {
			targets = append(targets, Target{Platform: p.Name, Select: p.Name, Pos: p.Pos})
		}
	case len(c.Bases) > 0 || len(c.MetadataBases) > 0:
		// charmcraft builds from charmcraft.yaml's bases; a metadata.yaml's
		// own bases count only when there are none (as in meta/legacy).
		entries := c.Bases
		if len(entries) == 0 {
			entries = c.MetadataBases
		}
		for i, be := range entries {
			targets = append(targets, Target{Select: strconv.Itoa(i), Pos: be.Pos})
		}
	default:
		return nil, noBasesError(c)
	}
	for i := range targets {
		t := &targets[i]
		bases, err := manifestBases(c, t.Select)
		if err != nil {
			return nil, meta.Diagnostics{{Pos: t.Pos, Severity: meta.SeverityError, Code: "pack-bases", Message: err.Error()}}
		}
		t.Bases = bases
		if t.Platform == "" {
			t.Platform = basesPlatform(bases)
		}
		t.File = name + "_" + t.Platform + ".charm"
		seen := map[string]bool{}
		for _, b := range bases {
			for _, a := range b.Architectures {
				if !seen[a] {
					seen[a] = true
					t.Archs = append(t.Archs, a)
				}
			}
		}
		sort.Strings(t.Archs)
	}
	return targets, nil
}

// noBasesError says where to declare the bases: charmcraft.yaml when the
// charm has one, else a new one next to its metadata.yaml.
func noBasesError(c *meta.Charm) error {
	var pos meta.Pos
	for _, f := range []string{meta.CharmcraftFile, meta.MetadataFile} {
		if n := c.Raw[f]; n != nil && n.Pos.IsValid() {
			pos = n.Pos
			break
		}
	}
	return meta.Diagnostics{{Pos: pos, Severity: meta.SeverityError, Code: "pack-bases",
		Message: fmt.Sprintf("the charm does not say which bases it runs on, so there is nothing to build for; add 'base: ubuntu@24.04' and 'platforms: {amd64: , arm64: }' to %s", meta.CharmcraftFile)}}
}

// manifestBases returns manifest.yaml's bases for one build, as meta/legacy
// computes them for 'charmgen meta convert' (one rule for both commands).
func manifestBases(c *meta.Charm, sel string) ([]Base, error) {
	bases, err := legacy.ManifestBases(c, sel)
	if err != nil {
		return nil, errors.New(unprefix(err))
	}
	if len(bases) == 0 {
		return nil, fmt.Errorf("the build has no bases to run on")
	}
	return bases, nil
}

// unprefix drops the "meta convert: " meta/legacy puts on its errors,
// which would name the wrong command here.
func unprefix(err error) string {
	return strings.TrimPrefix(err.Error(), "meta convert: ")
}

// basesPlatform is the platform string of a legacy bases build, which
// names its .charm file: each run-on base as NAME-CHANNEL-ARCH[-ARCH...],
// joined by "_" (charmcraft/models/project.py,
// get_charm_file_platform_str).
func basesPlatform(bases []Base) string {
	parts := make([]string, len(bases))
	for i, b := range bases {
		parts[i] = strings.Join(append([]string{b.Name, b.Channel}, b.Architectures...), "-")
	}
	return strings.Join(parts, "_")
}

// archProblem says why t cannot get one Go dispatch, or "" when it can.
func archProblem(t Target) string {
	switch {
	case len(t.Archs) == 0:
		return fmt.Sprintf("%s names no architecture; add one (platforms: {amd64: })", describeTarget(t))
	case len(t.Archs) > 1:
		return fmt.Sprintf("%s runs on %s, but a Go dispatch is a binary for one architecture: declare one platform per architecture (platforms: {%s})",
			describeTarget(t), strings.Join(t.Archs, ", "), strings.Join(t.Archs, ": , ")+": ")
	}
	if _, ok := GOARCH(t.Archs[0]); !ok {
		known := make([]string, 0, len(goarch))
		for a := range goarch {
			known = append(known, a)
		}
		sort.Strings(known)
		return fmt.Sprintf("%s runs on %q, which is not an architecture Juju deploys to (%s)", describeTarget(t), t.Archs[0], strings.Join(known, ", "))
	}
	return ""
}

func describeTarget(t Target) string {
	if _, err := strconv.Atoi(t.Select); err == nil && t.Select != t.Platform {
		return "bases entry " + t.Select
	}
	return fmt.Sprintf("platform %q", t.Platform)
}
