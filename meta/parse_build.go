package meta

import "fmt"

func (l *loader) parseBuild(n *Node, unified bool) {
	c := l.c
	if !unified {
		// charmcraft.yaml beside metadata.yaml: build keys, and the
		// metadata keys charmcraft merges with metadata.yaml's
		// (mergeMetadata).
		keys := []string{"type", "parts", "base", "build-base", "platforms", "bases", "charm-libs", "analysis", "charmhub", "config", "actions", "extensions"}
		l.knownKeys(n, CharmcraftFile+" (build settings, metadata in "+MetadataFile+")",
			append(keys, metadataKeys...), SeverityWarning, "")
	}
	c.Type = l.str(n.Get("type"), "type")
	c.Base = l.str(n.Get("base"), "base")
	c.BuildBase = l.str(n.Get("build-base"), "build-base")
	if p := n.Get("platforms"); p != nil && p.Kind != KindNull && l.expect(p, "platforms", KindMap) {
		for _, e := range p.Entries {
			pl := &Platform{Name: e.Key, Pos: e.KeyPos}
			c.Platforms = append(c.Platforms, pl)
			if e.Value.Kind == KindNull {
				continue
			}
			where := "platforms." + e.Key
			if !l.expect(e.Value, where, KindMap) {
				continue
			}
			l.knownKeys(e.Value, where, []string{"build-on", "build-for"}, SeverityWarning, "")
			pl.BuildOn = l.strList(e.Value.Get("build-on"), where+".build-on", true)
			pl.BuildFor = l.strList(e.Value.Get("build-for"), where+".build-for", true)
		}
	}
	if b := n.Get("bases"); b != nil {
		l.c.Bases = l.parseBases(b, "bases")
	}
	if p := n.Get("parts"); p != nil && p.Kind != KindNull && l.expect(p, "parts", KindMap) {
		for _, e := range p.Entries {
			part := &Part{Name: e.Key, Pos: e.KeyPos, Node: e.Value}
			if e.Value.Kind == KindMap {
				part.Plugin = l.str(e.Value.Get("plugin"), "parts."+e.Key+".plugin")
			} else if e.Value.Kind != KindNull {
				l.r.errorf(e.Value.Pos, "type", "part %q must be a mapping, not %s", e.Key, describe(e.Value))
			}
			c.Parts = append(c.Parts, part)
		}
	}
	c.Extensions = l.strList(n.Get("extensions"), "extensions", false)
	for _, x := range c.Extensions {
		// 12-factor extensions (flask-framework, go-framework, ...) add
		// containers, relations, options and actions at pack time. Their
		// contents change between charmcraft releases, so charmgen does not
		// guess them: it says what it cannot see.
		l.r.warnf(x.Pos, "extension", "extension %q adds containers, relations, config options and actions that charmgen does not see; run 'charmcraft expand-extensions' and use its output as charmcraft.yaml to make them explicit", x.V)
	}
	if cl := n.Get("charm-libs"); cl != nil && cl.Kind != KindNull && l.expect(cl, "charm-libs", KindSeq) {
		c.CharmLibs = cl.Items
	}
}

// parseBases reads legacy bases: a list whose entries are either the short
// form {name, channel, architectures} or the long form {build-on, run-on}.
func (l *loader) parseBases(n *Node, what string) (out []*BaseEntry) {
	if n.Kind == KindNull || !l.expect(n, what, KindSeq) {
		return nil
	}
	for i, it := range n.Items {
		where := fmt.Sprintf("%s[%d]", what, i)
		if !l.expect(it, where, KindMap) {
			continue
		}
		be := &BaseEntry{Pos: it.Pos}
		if it.Entry("build-on") != nil || it.Entry("run-on") != nil {
			l.knownKeys(it, where, []string{"build-on", "run-on"}, SeverityWarning, "")
			be.BuildOn = l.baseRefs(it.Get("build-on"), where+".build-on")
			be.RunOn = l.baseRefs(it.Get("run-on"), where+".run-on")
			if len(be.RunOn) == 0 {
				be.RunOn = be.BuildOn
			}
		} else {
			ref := l.baseRef(it, where)
			if ref != nil {
				be.BuildOn = []*BaseRef{ref}
				be.RunOn = []*BaseRef{ref}
			}
		}
		out = append(out, be)
	}
	return out
}

func (l *loader) baseRefs(n *Node, what string) []*BaseRef {
	if n == nil || n.Kind == KindNull || !l.expect(n, what, KindSeq) {
		return nil
	}
	var out []*BaseRef
	for i, it := range n.Items {
		where := fmt.Sprintf("%s[%d]", what, i)
		if !l.expect(it, where, KindMap) {
			continue
		}
		if ref := l.baseRef(it, where); ref != nil {
			out = append(out, ref)
		}
	}
	return out
}

func (l *loader) baseRef(n *Node, where string) *BaseRef {
	l.knownKeys(n, where, []string{"name", "channel", "architectures"}, SeverityWarning, "")
	ref := &BaseRef{Pos: n.Pos}
	ref.Name = l.str(n.Get("name"), where+".name").V
	ch := n.Get("channel")
	switch {
	case ch == nil:
		l.r.errorf(n.Pos, "base", "%s has no channel; add one such as channel: \"24.04\"", where)
	case ch.Kind == KindFloat || ch.Kind == KindInt:
		// channel: 22.04 unquoted is a float; Python reads it the same
		// and charmcraft rejects it. 20.10 would become "20.1".
		l.r.errorf(ch.Pos, "base", "%s.channel is the number %s; quote it: channel: \"%s\"", where, ch.Raw, ch.Raw)
		ref.Channel = ch.Raw
	default:
		ref.Channel = l.str(ch, where+".channel").V
	}
	for _, a := range l.strList(n.Get("architectures"), where+".architectures", false) {
		ref.Architectures = append(ref.Architectures, a.V)
	}
	if ref.Name == "" && n.Entry("name") == nil {
		l.r.errorf(n.Pos, "base", "%s has no name; add name: ubuntu", where)
	}
	return ref
}
