package meta

import (
	"fmt"
	"regexp"
	"strings"
)

// Name rules from Juju and charmcraft (reference: juju-runtime.md §5).
var (
	// charmNameRE is Juju's charm and application name rule: every
	// hyphen-separated segment holds a letter.
	charmNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$`)
	// endpointRE is Juju's names package rule for endpoints, used when
	// relating applications and in bundles.
	endpointRE   = regexp.MustCompile(`^[a-z][a-z0-9]*([_-][a-z0-9]+)*$`)
	storageRE    = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]*[a-z][a-z0-9]*)*$`)
	actionNameRE = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
	// charmcraftActionRE is what charmcraft accepts; Juju is stricter.
	charmcraftActionRE = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9-_]*$`)
	termRE             = regexp.MustCompile(`^[a-z](-?[a-z0-9]+)+$`)
	featureRE          = regexp.MustCompile(`^[a-z][a-z0-9-]*?[a-z0-9]+$`)
	featureVersionRE   = regexp.MustCompile(`^([a-z][a-z0-9-]*?[a-z0-9]+)\s*?(>=|<)\s*?([\S.]+)$`)
	versionRE          = regexp.MustCompile(`^\d+(\.\d+){0,3}(-[a-z0-9.]+)?$`)
	baseRE             = regexp.MustCompile(`^([a-z]+)@(\d+\.\d+|devel)$`)
	channelRE          = regexp.MustCompile(`^\d+\.\d+(/[a-z]+)?$`)
	sizeRE             = regexp.MustCompile(`^\d+(\.\d+)?[MGTPEZY]?$`)
	secretURIRE        = regexp.MustCompile(`^secret:(//[a-f0-9-]+/)?[a-z0-9]{20}$`)
)

// jujuArches are the architectures Juju deploys to.
var jujuArches = map[string]bool{"amd64": true, "arm64": true, "ppc64el": true, "s390x": true, "riscv64": true}

// pythonKeywords are rejected by charmcraft as action names.
var pythonKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
	"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
	"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
}

func (l *loader) validate() {
	c := l.c
	l.validateName()
	l.validateRelations()
	l.validateStorage()
	l.validateDevices()
	l.validateResources()
	l.validateContainers()
	l.validateActions()
	l.validateAssumes(c.Assumes)
	l.checkAssumesJuju()
	l.validateBuild()
	l.validateSeries()
	if c.CharmUser.Set {
		switch c.CharmUser.V {
		case "root", "sudoer", "non-root":
		default:
			l.r.errorf(c.CharmUser.Pos, "charm-user", "invalid charm-user %q; use root, sudoer or non-root", c.CharmUser.V)
		}
	}
	for _, t := range c.Terms {
		if !termRE.MatchString(t.V) {
			// Charmcraft's own sample uses free-text terms; Juju only
			// checks them when they are used for a deployment.
			l.r.warnf(t.Pos, "terms", "term %q is not a valid term id (lower-case words joined by hyphens); Juju rejects it when deploying with terms", t.V)
		}
	}
}

func (l *loader) validateName() {
	c := l.c
	if !c.Name.Set {
		return
	}
	n := c.Name.V
	switch {
	case !charmNameRE.MatchString(n):
		l.r.errorf(c.Name.Pos, "name", "invalid charm name %q: use lower-case letters, digits and hyphens, start with a letter, and give every hyphen-separated part a letter (foo2 is valid, foo-2 is not)", n)
	case len(n) > 40:
		l.r.errorf(c.Name.Pos, "name", "charm name %q is %d characters; charmcraft allows at most 40", n, len(n))
	}
}

func (l *loader) validateRelations() {
	c := l.c
	seen := map[string]*Relation{}
	hasContainerRequires := false
	for _, r := range c.Relations {
		if prev, dup := seen[r.Name]; dup {
			l.r.errorf(r.Pos, "duplicate-endpoint", "endpoint %q is declared twice (also under %s at line %d); Juju rejects duplicated relation names: rename one", r.Name, prev.Role, prev.Pos.Line)
		} else {
			seen[r.Name] = r
		}
		switch {
		case r.Name == "":
			l.r.errorf(r.Pos, "endpoint-name", "endpoint name is empty")
		case strings.HasPrefix(r.Name, "$") || strings.Contains(r.Name, "."):
			l.r.errorf(r.Pos, "endpoint-name", "endpoint name %q may not start with '$' or contain '.' (charmcraft rejects it)", r.Name)
		case !endpointRE.MatchString(r.Name):
			l.r.warnf(r.Pos, "endpoint-name", "endpoint name %q does not match Juju's endpoint rule [a-z][a-z0-9]*([_-][a-z0-9]+)*; it cannot be named in juju integrate or bundles", r.Name)
		}
		reserved := r.Name == "juju" || strings.HasPrefix(r.Name, "juju-")
		if reserved && !strings.HasPrefix(c.Name.V, "juju-") &&
			!(c.Subordinate.V && r.Role == Requires && r.Scope == "container") {
			l.r.errorf(r.Pos, "reserved-relation", "endpoint name %q is reserved by Juju (juju and juju-* are its own); rename it", r.Name)
		}
		iface := r.Interface.V
		if r.Interface.Set {
			if iface == "" {
				l.r.errorf(r.Interface.Pos, "relation", "endpoint %q has an empty interface", r.Name)
			} else if (iface == "juju" || strings.HasPrefix(iface, "juju-")) && r.Role != Requires && !strings.HasPrefix(c.Name.V, "juju-") {
				// Juju's own charms (juju-controller provides juju-dashboard)
				// may: reservedName in juju/juju internal/charm/meta.go
				// exempts a charm whose name starts with juju-.
				l.r.errorf(r.Interface.Pos, "reserved-interface", "endpoint %q %s the reserved interface %q; only requires endpoints may use juju-* interfaces (every charm already provides juju-info)", r.Name, verb(r.Role), iface)
			}
		}
		switch r.Scope {
		case "global":
		case "container":
			if r.Role == Requires {
				hasContainerRequires = true
			}
		default:
			l.r.errorf(r.ScopePos, "relation-scope", "endpoint %q has scope %q; use global or container", r.Name, r.Scope)
		}
	}
	if c.Subordinate.V && !hasContainerRequires {
		l.r.errorf(c.Subordinate.Pos, "subordinate", "subordinate charm %q lacks a requires relation with container scope; add one such as 'juju-info: {interface: juju-info, scope: container}' under requires", c.Name.V)
	}
	for _, b := range c.ExtraBindings {
		if r, ok := seen[b.Name]; ok {
			l.r.errorf(b.Pos, "extra-binding", "extra binding %q has the name of the %s endpoint at line %d; Juju rejects relation names in extra-bindings, rename it", b.Name, r.Role, r.Pos.Line)
		}
	}
}

func verb(r Role) string {
	if r == Peers {
		return "peers on"
	}
	return string(r)
}

func (l *loader) validateStorage() {
	for _, s := range l.c.Storage {
		if !storageRE.MatchString(s.Name) {
			l.r.errorf(s.Pos, "storage", "invalid storage name %q: lower-case letters, digits and hyphens, starting with a letter", s.Name)
		}
		switch {
		case !s.Type.Set:
			l.r.errorf(s.Pos, "storage", "storage %q has no type; add type: filesystem or type: block", s.Name)
		case s.Type.V != "filesystem" && s.Type.V != "block":
			l.r.errorf(s.Type.Pos, "storage", "storage %q has type %q; use filesystem or block", s.Name, s.Type.V)
		case s.Type.V == "block" && s.Location.Set:
			l.r.errorf(s.Location.Pos, "storage", "storage %q: location may not be specified for \"type: block\"", s.Name)
		}
		if s.MinimumSize.Set && !sizeRE.MatchString(s.MinimumSize.V) {
			l.r.errorf(s.MinimumSize.Pos, "storage", "storage %q: invalid minimum-size %q; write a number with an optional M, G, T, P, E, Z or Y suffix (1G, 500M)", s.Name, s.MinimumSize.V)
		}
		for _, p := range s.Properties {
			if p.V != "transient" {
				l.r.errorf(p.Pos, "storage", "storage %q: unknown property %q; the only property is transient", s.Name, p.V)
			}
		}
	}
}

func (l *loader) validateDevices() {
	for _, d := range l.c.Devices {
		if !d.Type.Set {
			l.r.errorf(d.Pos, "device", "device %q has no type; add one such as type: gpu or type: nvidia.com/gpu", d.Name)
		}
		if d.CountMin < 0 || d.CountMax < 0 {
			l.r.errorf(d.Pos, "device", "device %q: countmin and countmax must not be negative", d.Name)
		} else if d.CountMin > d.CountMax {
			l.r.errorf(d.Pos, "device", "device %q: countmin %d is more than countmax %d", d.Name, d.CountMin, d.CountMax)
		}
	}
}

func (l *loader) validateResources() {
	for _, r := range l.c.Resources {
		t := r.Type.V
		if !r.Type.Set {
			t = "file"
		}
		switch t {
		case "file":
			if !r.Filename.Set || r.Filename.V == "" {
				l.r.errorf(r.Pos, "resource", "file resource %q has no filename; add filename: <name of the file the charm reads>", r.Name)
			}
		case "oci-image":
		default:
			l.r.errorf(r.Type.Pos, "resource", "resource %q has type %q; use file or oci-image", r.Name, t)
		}
	}
}

func (l *loader) validateContainers() {
	c := l.c
	for _, ct := range c.Containers {
		switch {
		case ct.Resource.Set:
			res := c.ResourceNamed(ct.Resource.V)
			if res == nil {
				l.r.errorf(ct.Resource.Pos, "container", "container %q uses resource %q, which is not declared; add it under resources with type: oci-image", ct.Name, ct.Resource.V)
			} else if res.Type.V != "oci-image" {
				l.r.errorf(ct.Resource.Pos, "container", "container %q uses resource %q, which is not an oci-image; set its type to oci-image", ct.Name, ct.Resource.V)
			}
		case len(ct.Bases) == 0:
			// ops' own test charms declare bare containers; Juju cannot
			// start a workload without an image, but loads the metadata.
			l.r.warnf(ct.Pos, "container", "container %q has neither a resource nor bases, so there is no image to run; add resource: <an oci-image resource>", ct.Name)
		}
		for _, m := range ct.Mounts {
			if !m.Storage.Set {
				l.r.errorf(m.Pos, "container", "a mount of container %q has no storage; name one of the charm's storage entries", ct.Name)
			} else if c.StorageNamed(m.Storage.V) == nil {
				l.r.errorf(m.Storage.Pos, "container", "container %q mounts storage %q, which is not declared; add it under storage or fix the name", ct.Name, m.Storage.V)
			}
			if !m.Location.Set || m.Location.V == "" {
				l.r.errorf(m.Pos, "container", "a mount of container %q has no location; add location: /path/in/container", ct.Name)
			}
		}
		for _, id := range []struct {
			name string
			v    *int64
		}{{"uid", ct.UID}, {"gid", ct.GID}} {
			if id.v != nil && *id.v >= 1000 && *id.v <= 9999 {
				l.r.errorf(ct.Pos, "container", "container %q: %s %d is in Juju's reserved range 1000-9999; pick another", ct.Name, id.name, *id.v)
			}
		}
	}
}

func (l *loader) validateActions() {
	for _, a := range l.c.Actions {
		switch {
		case a.Name == "juju" || strings.HasPrefix(a.Name, "juju-"):
			l.r.errorf(a.Pos, "action-name", "cannot use action name %q: juju and juju-* are reserved by Juju", a.Name)
		case !actionNameRE.MatchString(a.Name):
			msg := fmt.Sprintf("bad action name %q: Juju accepts lower-case letters, digits and hyphens, starting and ending with a letter or digit", a.Name)
			if charmcraftActionRE.MatchString(a.Name) {
				msg += fmt.Sprintf(" (charmcraft accepts it, Juju does not: use %q)", strings.ReplaceAll(strings.ToLower(a.Name), "_", "-"))
			}
			l.r.errorf(a.Pos, "action-name", "%s", msg)
		case pythonKeywords[a.Name]:
			l.r.warnf(a.Pos, "action-name", "action name %q is a Python keyword; charmcraft rejects it", a.Name)
		}
	}
}

func (l *loader) validateAssumes(as []*Assume) {
	for _, a := range as {
		if a.Expr != "" {
			e := strings.TrimSpace(a.Expr)
			if m := featureVersionRE.FindStringSubmatch(e); m != nil {
				if !versionRE.MatchString(m[3]) {
					l.r.errorf(a.Pos, "assumes", "assumes %q: %q is not a version such as 3.6", a.Expr, m[3])
				}
			} else if !featureRE.MatchString(e) {
				l.r.errorf(a.Pos, "assumes", "assumes %q is not a feature name (k8s-api) or a version constraint (juju >= 3.6)", a.Expr)
			}
		}
		l.validateAssumes(a.AnyOf)
		l.validateAssumes(a.AllOf)
	}
}

func (l *loader) validateBuild() {
	c := l.c
	// The short form shares one ref between build-on and run-on: check
	// each ref once, or its errors come out twice. metadata.yaml's bases
	// are checked too, with or without a charmcraft.yaml.
	checked := map[*BaseRef]bool{}
	check := func(entries []*BaseEntry) {
		for _, be := range entries {
			for _, ref := range append(append([]*BaseRef{}, be.BuildOn...), be.RunOn...) {
				if !checked[ref] {
					checked[ref] = true
					l.validateBaseRef(ref)
				}
			}
		}
	}
	check(c.Bases)
	// Juju reads bases from manifest.yaml, never from metadata.yaml, so a
	// problem there cannot stop a deployment: report it as a warning.
	before := len(l.r.diags)
	check(c.MetadataBases)
	for i := before; i < len(l.r.diags); i++ {
		d := &l.r.diags[i]
		if d.Severity == SeverityError {
			d.Severity = SeverityWarning
			d.Message += " (Juju does not read bases from " + MetadataFile + ", so this only misleads readers)"
		}
	}
	if c.Sources["build"] == "" {
		return
	}
	if c.Type.Set && c.Type.V != "charm" {
		l.r.errorf(c.Type.Pos, "type", "type is %q; a charm's charmcraft.yaml says type: charm", c.Type.V)
	}
	if !c.Type.Set {
		l.r.warnf(Pos{File: l.display(CharmcraftFile), Line: 1, Col: 1}, "type", "%s has no 'type: charm'; charmcraft requires it", CharmcraftFile)
	}
	if c.Base.Set && len(c.Bases) > 0 {
		l.r.errorf(c.Base.Pos, "base", "base and bases cannot both be used; keep base and platforms (bases is the legacy form)")
	}
	for _, b := range []Str{c.Base, c.BuildBase} {
		if b.Set && !baseRE.MatchString(b.V) {
			hint := ""
			if nb, ok := BaseForSeries(b.V); ok {
				hint = fmt.Sprintf("; for %s write %s", b.V, nb)
			}
			l.r.errorf(b.Pos, "base", "invalid base %q: write <os>@<version> such as ubuntu@24.04%s", b.V, hint)
		}
	}
	if c.Base.Set && len(c.Platforms) == 0 {
		l.r.errorf(c.Base.Pos, "platforms", "base is set but there are no platforms; add 'platforms: {amd64: }'")
	}
	for _, p := range c.Platforms {
		l.validatePlatform(p)
	}
	if len(c.Parts) == 0 && l.c.Raw[CharmcraftFile].Entry("parts") == nil && len(c.Extensions) == 0 && (c.Base.Set || len(c.Platforms) > 0) {
		l.r.warnf(Pos{File: l.display(CharmcraftFile), Line: 1, Col: 1}, "parts", "no parts: charmcraft needs a part that builds the charm (for a Go charm, the go plugin with organize: {bin/<name>: dispatch})")
	}
}

func (l *loader) validatePlatform(p *Platform) {
	c := l.c
	name := p.Name
	if len(p.BuildOn) == 0 && len(p.BuildFor) == 0 {
		// Shorthand: the name is an architecture, or base:arch when the
		// charm builds for several bases.
		arch := name
		if i := strings.IndexByte(name, ':'); i >= 0 {
			base := name[:i]
			arch = name[i+1:]
			if !baseRE.MatchString(base) {
				l.r.errorf(p.Pos, "platforms", "platform %q: %q is not a base such as ubuntu@24.04", name, base)
			} else {
				l.checkBaseVersion(base, p.Pos)
			}
			if c.Base.Set {
				l.r.errorf(p.Pos, "platforms", "platform %q names a base while base is set too; drop one", name)
			}
		} else if !c.Base.Set && c.Sources["build"] != "" && len(c.Bases) == 0 {
			l.r.errorf(p.Pos, "platforms", "platform %q has no base: set 'base: ubuntu@24.04' or name the platform ubuntu@24.04:%s", name, name)
		}
		l.checkArch(arch, p.Pos)
		return
	}
	for _, s := range append(append([]Str{}, p.BuildOn...), p.BuildFor...) {
		arch := s.V
		if i := strings.IndexByte(arch, ':'); i >= 0 {
			l.checkBaseVersion(arch[:i], s.Pos)
			arch = arch[i+1:]
		}
		if arch == "all" {
			continue
		}
		l.checkArch(arch, s.Pos)
	}
	if len(p.BuildFor) > 1 {
		l.r.errorf(p.BuildFor[1].Pos, "platforms", "platform %q: build-for holds exactly one architecture (or all)", name)
	}
}

func (l *loader) checkArch(arch string, pos Pos) {
	if jujuArches[arch] {
		return
	}
	if arch == "armhf" || arch == "i386" {
		l.r.warnf(pos, "arch", "architecture %q is not one Juju deploys to (amd64, arm64, ppc64el, s390x, riscv64)", arch)
		return
	}
	l.r.errorf(pos, "arch", "unknown architecture %q; use amd64, arm64, ppc64el, s390x or riscv64", arch)
}

func (l *loader) checkBaseVersion(base string, pos Pos) {
	if !baseRE.MatchString(base) {
		l.r.errorf(pos, "base", "invalid base %q: write <os>@<version> such as ubuntu@24.04", base)
		return
	}
	if l.opts.juju() >= 4 && !strings.HasPrefix(base, "ubuntu@") {
		l.r.errorf(pos, "base", "base %q: Juju 4 only deploys ubuntu bases", base)
	}
}

func (l *loader) validateBaseRef(ref *BaseRef) {
	ubuntu := ref.Name == "" || ref.Name == "ubuntu"
	if !ubuntu && l.opts.juju() >= 4 {
		l.r.errorf(ref.Pos, "base", "base name %q: Juju 4 only deploys ubuntu", ref.Name)
	}
	// Channels are checked against Ubuntu's versions only: centos's "7"
	// is its own channel, and its base is reported (on Juju 4) above.
	if ubuntu && ref.Channel != "" && !channelRE.MatchString(ref.Channel) {
		if b, ok := BaseForSeries(ref.Channel); ok {
			l.seriesDiag(ref.Pos, fmt.Sprintf("base channel %q is a series name, and Juju 4 has no series; write channel: %q (that is base %s)", ref.Channel, strings.TrimPrefix(b, "ubuntu@"), b))
		} else {
			l.r.errorf(ref.Pos, "base", "invalid base channel %q; write a version such as \"24.04\"", ref.Channel)
		}
	}
	for _, a := range ref.Architectures {
		l.checkArch(a, ref.Pos)
	}
}

func (l *loader) validateSeries() {
	c := l.c
	// charmcraft writes the bases of charmcraft.yaml into the packed
	// manifest, and Juju 4 reads those (metadata v2) and ignores a series
	// list beside them (juju/juju internal/charm/meta.go: Meta.Check
	// refuses only metadata without manifest bases). Then a series list is
	// stale, not fatal: a warning. An empty list (series: []) names nothing.
	built := c.Base.Set || len(c.Platforms) > 0 || len(c.Bases) > 0
	for _, s := range c.Series {
		if s.V == "" && built {
			continue
		}
		if built {
			msg := fmt.Sprintf("series is ignored: Juju reads the bases charmcraft.yaml builds for; delete series from %s", MetadataFile)
			if s.V != "" {
				msg = fmt.Sprintf("series %q is ignored: Juju reads the bases charmcraft.yaml builds for; delete series from %s", s.V, MetadataFile)
			}
			l.r.warnf(s.Pos, "series", "%s", msg)
			continue
		}
		msg := "series is not supported by Juju 4 (metadata v1 is gone); delete it and set the base in charmcraft.yaml"
		if b, ok := BaseForSeries(s.V); ok {
			msg = fmt.Sprintf("series %q is not supported by Juju 4; delete series from %s and build for base %s (base: %s in charmcraft.yaml)", s.V, MetadataFile, b, b)
		}
		l.seriesDiag(s.Pos, msg)
	}
}

// seriesDiag reports a series problem: an error for Juju 4, a warning for
// Juju 3, which still deploys such charms.
func (l *loader) seriesDiag(pos Pos, msg string) {
	if l.opts.juju() >= 4 {
		l.r.errorf(pos, "series", "%s (or target Juju 3 with --juju 3)", msg)
		return
	}
	l.r.warnf(pos, "series", "%s", msg)
}
