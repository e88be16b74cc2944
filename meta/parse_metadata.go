package meta

import (
	"fmt"
	"regexp"
	"strconv"
)

// metadataYAMLKeys are the keys metadata.yaml may hold: Juju's charmSchema
// plus the ones Charmhub reads (display-name, docs, maintainers...).
var metadataYAMLKeys = []string{
	"name", "summary", "description", "display-name", "provides", "requires", "peers",
	"extra-bindings", "subordinate", "categories", "tags", "storage", "devices", "payloads",
	"resources", "terms", "min-juju-version", "assumes", "containers", "charm-user",
	"revision", "format", "series", "deployment", "docs", "issues", "source", "website",
	"maintainer", "maintainers", "bases",
}

// charmcraftKeys are the top-level keys of a charmcraft.yaml.
var charmcraftKeys = []string{
	"type", "name", "title", "summary", "description", "links", "provides", "requires",
	"peers", "extra-bindings", "subordinate", "containers", "resources", "storage",
	"devices", "assumes", "charm-user", "terms", "config", "actions", "parts", "base",
	"build-base", "platforms", "bases", "charm-libs", "analysis", "charmhub", "extensions",
}

func (l *loader) parseMetadata(n *Node, unified bool) {
	c := l.c
	file := MetadataFile
	if unified {
		file = CharmcraftFile
		l.knownKeys(n, CharmcraftFile, charmcraftKeys, SeverityWarning, "charmcraft rejects unknown keys")
	} else {
		l.knownKeys(n, MetadataFile, metadataYAMLKeys, SeverityWarning, "Juju ignores it")
	}
	c.Name = l.str(n.Get("name"), "name")
	// A name of the wrong type (a list, a mapping) was reported by str.
	if e := n.Entry("name"); !c.Name.Set && (e == nil || e.Value.Kind == KindNull) {
		pos := n.Pos
		if e != nil {
			pos = e.KeyPos
		}
		l.r.errorf(pos, "name", "%s has no name; add 'name: my-charm' (lower-case letters, digits and hyphens)", file)
	}
	c.Summary = l.str(n.Get("summary"), "summary")
	c.Description = l.str(n.Get("description"), "description")
	if unified {
		c.Title = l.str(n.Get("title"), "title")
	} else {
		c.Title = l.str(n.Get("display-name"), "display-name")
	}
	c.Terms = l.strList(n.Get("terms"), "terms", false)
	c.Tags = l.strList(n.Get("tags"), "tags", false)
	if e := n.Entry("categories"); e != nil {
		c.Tags = append(c.Tags, l.strList(e.Value, "categories", false)...)
	}
	if unified {
		l.parseLinks(n.Get("links"))
	} else {
		c.Links.Documentation = l.str(n.Get("docs"), "docs")
		c.Links.Issues = l.strList(n.Get("issues"), "issues", true)
		c.Links.Source = l.strList(n.Get("source"), "source", true)
		c.Links.Website = l.strList(n.Get("website"), "website", true)
		c.Links.Contact = l.strList(n.Get("maintainers"), "maintainers", true)
		if m := n.Get("maintainer"); m != nil {
			c.Links.Contact = append(c.Links.Contact, l.strList(m, "maintainer", true)...)
		}
	}
	for _, role := range []Role{Provides, Requires, Peers} {
		l.parseRelations(n.Entry(string(role)), role)
	}
	l.parseExtraBindings(n.Get("extra-bindings"))
	c.Subordinate = l.boolean(n.Get("subordinate"), "subordinate")
	l.parseContainers(n.Get("containers"))
	l.parseResources(n.Get("resources"))
	l.parseStorage(n.Get("storage"))
	l.parseDevices(n.Get("devices"))
	if e := n.Entry("assumes"); e != nil {
		c.Assumes = l.parseAssumes(e.Value, 0)
	}
	c.CharmUser = l.str(n.Get("charm-user"), "charm-user")
	if !unified {
		if e := n.Entry("series"); e != nil {
			c.Series = l.strList(e.Value, "series", true)
			if len(c.Series) == 0 {
				c.Series = []Str{{V: "", Pos: e.KeyPos, Set: true}}
			}
		}
		if b := n.Get("bases"); b != nil {
			l.c.MetadataBases = l.parseBases(b, "bases")
		}
		for _, k := range []string{"min-juju-version", "deployment", "payloads"} {
			if e := n.Entry(k); e != nil {
				if l.opts.juju() >= 4 {
					l.r.warnf(e.KeyPos, "removed", "%q is not read by Juju 4 (metadata v1 is gone); delete it", k)
				} else {
					l.r.warnf(e.KeyPos, "removed", "%q is deprecated metadata v1; Juju 4 ignores it, delete it before moving to Juju 4", k)
				}
			}
		}
	}
}

var linkKeys = []string{"contact", "documentation", "issues", "source", "website"}

func (l *loader) parseLinks(n *Node) {
	if n == nil || n.Kind == KindNull || !l.expect(n, "links", KindMap) {
		return
	}
	l.knownKeys(n, "links", linkKeys, SeverityWarning, "")
	c := l.c
	c.Links.Contact = l.strList(n.Get("contact"), "links.contact", true)
	c.Links.Documentation = l.str(n.Get("documentation"), "links.documentation")
	c.Links.Issues = l.strList(n.Get("issues"), "links.issues", true)
	c.Links.Source = l.strList(n.Get("source"), "links.source", true)
	c.Links.Website = l.strList(n.Get("website"), "links.website", true)
}

// relationKeys are the keys of an endpoint Juju and charmcraft know, plus
// those charm tooling writes beside them: schema and versions (and
// __schema_source, written by serialized-data-interface in Kubeflow charms).
var relationKeys = []string{"interface", "limit", "optional", "scope", "description", "schema", "versions", "__schema_source"}

func (l *loader) parseRelations(sec *Entry, role Role) {
	if sec == nil || sec.Value.Kind == KindNull {
		return
	}
	if !l.expect(sec.Value, string(role), KindMap) {
		return
	}
	for _, e := range sec.Value.Entries {
		r := &Relation{Name: e.Key, Role: role, Scope: "global", Pos: e.KeyPos}
		v := e.Value
		switch v.Kind {
		case KindString:
			r.Interface = Str{V: v.Str, Pos: v.Pos, Set: true}
			r.Shorthand = true
		case KindMap:
			where := fmt.Sprintf("%s.%s", role, e.Key)
			l.knownKeys(v, where, relationKeys, SeverityWarning, "Juju ignores it")
			r.Interface = l.str(v.Get("interface"), where+".interface")
			if !r.Interface.Set && v.Entry("interface") == nil {
				l.r.errorf(e.KeyPos, "relation", "endpoint %q has no interface; add 'interface: <name>' (the relation interface both sides agree on)", e.Key)
			}
			if s := v.Get("scope"); s != nil && s.Kind != KindNull {
				st := l.str(s, where+".scope")
				if st.Set {
					r.Scope, r.ScopePos, r.ScopeSet = st.V, st.Pos, true
				}
			}
			if lim := v.Get("limit"); lim != nil && lim.Kind != KindNull {
				if n, ok := l.integer(lim, where+".limit"); ok {
					if n < 0 {
						l.r.errorf(lim.Pos, "relation", "limit of endpoint %q is %d; it must be zero or more (or left out for no limit)", e.Key, n)
					}
					iv := int(n)
					r.Limit = &iv
				}
			}
			r.Optional = l.boolean(v.Get("optional"), where+".optional").V
		case KindNull:
			l.r.errorf(e.KeyPos, "relation", "endpoint %q has no interface; write '%s: <interface>' or a mapping with an interface key", e.Key, e.Key)
		default:
			l.r.errorf(v.Pos, "type", "endpoint %q must be an interface name or a mapping, not %s", e.Key, describe(v))
		}
		l.c.Relations = append(l.c.Relations, r)
	}
}

func (l *loader) parseExtraBindings(n *Node) {
	if n == nil || n.Kind == KindNull || !l.expect(n, "extra-bindings", KindMap) {
		return
	}
	for _, e := range n.Entries {
		if e.Value.Kind != KindNull {
			l.r.warnf(e.Value.Pos, "extra-bindings", "extra binding %q has a value; Juju ignores it, write '%s:' alone", e.Key, e.Key)
		}
		l.c.ExtraBindings = append(l.c.ExtraBindings, &Binding{Name: e.Key, Pos: e.KeyPos})
	}
}

var containerKeys = []string{"resource", "bases", "mounts", "uid", "gid"}

func (l *loader) parseContainers(n *Node) {
	if n == nil || n.Kind == KindNull || !l.expect(n, "containers", KindMap) {
		return
	}
	for _, e := range n.Entries {
		ct := &Container{Name: e.Key, Pos: e.KeyPos}
		l.c.Containers = append(l.c.Containers, ct)
		v := e.Value
		where := "containers." + e.Key
		if v.Kind == KindNull {
			continue
		}
		if !l.expect(v, where, KindMap) {
			continue
		}
		l.knownKeys(v, where, containerKeys, SeverityWarning, "")
		ct.Resource = l.str(v.Get("resource"), where+".resource")
		if b := v.Get("bases"); b != nil && l.expect(b, where+".bases", KindSeq) {
			ct.Bases = b.Items
		}
		if m := v.Get("mounts"); m != nil && m.Kind != KindNull && l.expect(m, where+".mounts", KindSeq) {
			for i, it := range m.Items {
				mw := fmt.Sprintf("%s.mounts[%d]", where, i)
				if !l.expect(it, mw, KindMap) {
					continue
				}
				l.knownKeys(it, mw, []string{"storage", "location"}, SeverityWarning, "")
				ct.Mounts = append(ct.Mounts, &Mount{
					Storage:  l.str(it.Get("storage"), mw+".storage"),
					Location: l.str(it.Get("location"), mw+".location"),
					Pos:      it.Pos,
				})
			}
		}
		for _, k := range []string{"uid", "gid"} {
			if x, ok := l.integer(v.Get(k), where+"."+k); ok {
				xv := x
				if k == "uid" {
					ct.UID = &xv
				} else {
					ct.GID = &xv
				}
			}
		}
	}
}

func (l *loader) parseResources(n *Node) {
	if n == nil || n.Kind == KindNull || !l.expect(n, "resources", KindMap) {
		return
	}
	for _, e := range n.Entries {
		r := &Resource{Name: e.Key, Pos: e.KeyPos}
		l.c.Resources = append(l.c.Resources, r)
		where := "resources." + e.Key
		if !l.expect(e.Value, where, KindMap) {
			continue
		}
		// upstream-source and auto-fetch are the Kubeflow charms' resource
		// conventions (the image to fetch, and whether to fetch it).
		l.knownKeys(e.Value, where, []string{"type", "filename", "description", "upstream-source", "auto-fetch"}, SeverityWarning, "")
		r.Type = l.str(e.Value.Get("type"), where+".type")
		r.Filename = l.str(e.Value.Get("filename"), where+".filename")
		r.Description = l.str(e.Value.Get("description"), where+".description")
	}
}

var storageKeys = []string{"type", "description", "shared", "read-only", "multiple", "minimum-size", "location", "properties"}

var rangeRE = regexp.MustCompile(`^([0-9]+)([-+]|-[0-9]+)?$`)

func (l *loader) parseStorage(n *Node) {
	if n == nil || n.Kind == KindNull || !l.expect(n, "storage", KindMap) {
		return
	}
	for _, e := range n.Entries {
		s := &Storage{Name: e.Key, Pos: e.KeyPos, CountMin: 1, CountMax: 1}
		l.c.Storage = append(l.c.Storage, s)
		where := "storage." + e.Key
		if !l.expect(e.Value, where, KindMap) {
			continue
		}
		v := e.Value
		l.knownKeys(v, where, storageKeys, SeverityWarning, "")
		s.Type = l.str(v.Get("type"), where+".type")
		s.Description = l.str(v.Get("description"), where+".description")
		s.Location = l.str(v.Get("location"), where+".location")
		s.Shared = l.boolean(v.Get("shared"), where+".shared")
		s.ReadOnly = l.boolean(v.Get("read-only"), where+".read-only")
		if ms := v.Get("minimum-size"); ms != nil && ms.Kind != KindNull {
			// 100 and 1G are both common; an integer means megabytes.
			if ms.Kind == KindInt {
				s.MinimumSize = Str{V: ms.Raw, Pos: ms.Pos, Set: true}
			} else {
				s.MinimumSize = l.str(ms, where+".minimum-size")
			}
		}
		s.Properties = l.strList(v.Get("properties"), where+".properties", false)
		if m := v.Get("multiple"); m != nil && m.Kind != KindNull && l.expect(m, where+".multiple", KindMap) {
			l.knownKeys(m, where+".multiple", []string{"range"}, SeverityWarning, "")
			rn := m.Get("range")
			if rn == nil {
				l.r.errorf(m.Pos, "storage", "storage %q: multiple needs a range, such as 'range: 1-3' or 'range: 0+'", e.Key)
				continue
			}
			raw := rn.Raw
			if rn.Kind != KindString && rn.Kind != KindInt {
				l.r.errorf(rn.Pos, "type", "%s.multiple.range must be a count range such as 2, 1-3, 0+ or 1-, not %s", where, describe(rn))
				continue
			}
			s.RangeSet, s.RangePos = true, rn.Pos
			mm := rangeRE.FindStringSubmatch(raw)
			if mm == nil {
				l.r.errorf(rn.Pos, "storage", "storage %q: invalid range %q; write m (exactly m), m-n, m+ or m- (m or more)", e.Key, raw)
				continue
			}
			lo, _ := strconv.Atoi(mm[1])
			s.CountMin, s.CountMax = lo, lo
			switch {
			case mm[2] == "+" || mm[2] == "-":
				s.CountMax = -1
			case mm[2] != "":
				hi, _ := strconv.Atoi(mm[2][1:])
				s.CountMax = hi
				if hi < lo {
					l.r.errorf(rn.Pos, "storage", "storage %q: range %q has its maximum below its minimum", e.Key, raw)
				}
			}
		}
	}
}

var deviceKeys = []string{"type", "description", "countmin", "countmax"}

func (l *loader) parseDevices(n *Node) {
	if n == nil || n.Kind == KindNull || !l.expect(n, "devices", KindMap) {
		return
	}
	for _, e := range n.Entries {
		d := &Device{Name: e.Key, Pos: e.KeyPos, CountMin: 1, CountMax: 1}
		l.c.Devices = append(l.c.Devices, d)
		where := "devices." + e.Key
		if !l.expect(e.Value, where, KindMap) {
			continue
		}
		l.knownKeys(e.Value, where, deviceKeys, SeverityWarning, "")
		d.Type = l.str(e.Value.Get("type"), where+".type")
		d.Description = l.str(e.Value.Get("description"), where+".description")
		if v, ok := l.integer(e.Value.Get("countmin"), where+".countmin"); ok {
			d.CountMin = v
		}
		if v, ok := l.integer(e.Value.Get("countmax"), where+".countmax"); ok {
			d.CountMax = v
		}
	}
}

func (l *loader) parseAssumes(n *Node, depth int) []*Assume {
	if n == nil || n.Kind == KindNull || !l.expect(n, "assumes", KindSeq) {
		return nil
	}
	var out []*Assume
	for _, it := range n.Items {
		switch it.Kind {
		case KindString:
			out = append(out, &Assume{Pos: it.Pos, Expr: it.Str})
		case KindMap:
			if len(it.Entries) != 1 || (it.Entries[0].Key != "any-of" && it.Entries[0].Key != "all-of") {
				l.r.errorf(it.Pos, "assumes", "an assumes group is a mapping with one key, any-of or all-of, holding a list")
				continue
			}
			e := it.Entries[0]
			a := &Assume{Pos: e.KeyPos}
			sub := l.parseAssumes(e.Value, depth+1)
			if e.Key == "any-of" {
				a.AnyOf = sub
			} else {
				a.AllOf = sub
			}
			if len(sub) == 0 {
				l.r.errorf(e.KeyPos, "assumes", "%s needs at least one feature", e.Key)
			}
			out = append(out, a)
		default:
			l.r.errorf(it.Pos, "assumes", "assumes entries are feature expressions such as 'juju >= 3.6' or 'k8s-api', or any-of/all-of groups, not %s", describe(it))
		}
	}
	return out
}
