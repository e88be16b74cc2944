package jujusim

import (
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// parseSecretArg parses a secret URI argument (an init error if invalid).
func parseSecretArg(s string) (string, error) {
	id, ok := parseSecretURI(s)
	if !ok {
		return "", initErrorf("secret URI %q not valid", s)
	}
	return id, nil
}

// parse is jujuc's secretUpsertCommand.Init (jujuc/secret-add.go): the
// flags, then the values of the arguments (core/secrets CreateSecretData)
// and of --file (ReadSecretData), both in core/secrets/createsecret.go.
// Every error is an Init error (exit 2). u.data ends up holding plain text,
// as the State does.
func (u *secretUpsert) parse(a *Agent, args []string) error {
	if u.expire != "" {
		t, err := time.Parse(time.RFC3339, u.expire)
		if err != nil {
			t, err = time.Parse("2006-01-02T15:04:05", u.expire)
		}
		if err != nil {
			d, derr := time.ParseDuration(u.expire)
			if derr != nil {
				return initErrorf("expire time or duration %q not valid", u.expire)
			}
			if d <= 0 {
				return initErrorf("negative expire duration %q not valid", u.expire)
			}
			t = a.now().Add(d)
		}
		u.expireTime = t.UTC()
		if y := u.expireTime.Year(); y < 1 || y > 9999 {
			// Outside what RFC 3339 can write back.
			return initErrorf("expire time or duration %q not valid", u.expire)
		}
	}
	if u.rotate != "" && !validRotate[u.rotate] {
		return initErrorf("rotate policy %q not valid", u.rotate)
	}
	if u.owner != "application" && u.owner != "unit" {
		return initErrorf("secret owner %q not valid", u.owner)
	}
	data, err := createSecretData(a, args)
	if err != nil {
		return err
	}
	if u.file != "" {
		fromFile, err := readSecretData(a, u.file)
		if err != nil {
			return err
		}
		// Merged without a second size check, as Init does.
		for k, v := range fromFile {
			data[k] = v
		}
	}
	u.data = map[string]string{}
	for _, k := range sortedKeys(data) {
		raw, err := base64.StdEncoding.DecodeString(data[k])
		if err != nil {
			// unverified: Juju stores a key#base64 value as given and only
			// a reader decoding it fails; the State holds plain text, so
			// the simulator refuses it here.
			return initErrorf("base64 value for key %q not valid", k)
		}
		u.data[k] = string(raw)
	}
	return nil
}

// createSecretData is core/secrets CreateSecretData: key[#base64|#file]=value
// arguments; base64 padding is stripped before looking for the "=", so
// "key=" is not valid. A #file value is read from that file (at most 1 MB).
// The result is encoded as encodeSecretData says.
func createSecretData(a *Agent, args []string) (map[string]string, error) {
	data := map[string]string{}
	for _, arg := range args {
		idx := strings.Index(strings.TrimRight(arg, "="), "=")
		if idx < 1 {
			return nil, initErrorf("key value %q not valid", arg)
		}
		key, value := arg[:idx], arg[idx+1:]
		if k, ok := strings.CutSuffix(key, "#file"); ok {
			key = k
			raw, err := a.readFile(value)
			if err == nil && len(raw) > maxSecretValueSize {
				return nil, initErrorf("secret content in file %q too large: %d bytes", value, len(raw))
			}
			if err != nil {
				return nil, initErrorf("reading content for secret key %q: %v", key, err)
			}
			value = string(raw)
		}
		data[key] = value
	}
	return encodeSecretData(data)
}

// readSecretData is core/secrets ReadSecretData: a file of at most 1 MB,
// read as JSON or else YAML (parseSecretFile), encoded as encodeSecretData
// says. "-" is a file of that name: unlike relation-set, this --file does
// not read stdin.
func readSecretData(a *Agent, path string) (map[string]string, error) {
	raw, err := a.readFile(path)
	if err == nil && len(raw) > maxSecretContentSize {
		return nil, initErrorf("secret content in file %q too large: %d bytes", path, len(raw))
	}
	if err != nil {
		return nil, initErrorf("%v", err)
	}
	attrs, err := parseSecretFile(raw)
	if err != nil {
		return nil, initErrorf("%v", err)
	}
	return encodeSecretData(attrs)
}

// encodeSecretData is core/secrets encodeBase64: a value is base64-encoded
// unless its key ends in #base64 (then it is taken as already encoded); the
// key must then match the secret key rule; and each encoded value, and all
// of them together, must fit in 1 MB. Juju ranges over a map; keys are
// taken in order here.
func encodeSecretData(in map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(in))
	total := 0
	for _, key := range sortedKeys(in) {
		value := in[key]
		if k, ok := strings.CutSuffix(key, "#base64"); ok {
			key = k
		} else {
			value = base64.StdEncoding.EncodeToString([]byte(value))
		}
		if !validSecretKey.MatchString(key) {
			return nil, initErrorf("key %q not valid", key)
		}
		if len(value) > maxSecretValueSize {
			return nil, initErrorf("base64 encoded secret content for key %q too large: %d bytes", key, len(value))
		}
		out[key] = value
		total += len(value)
	}
	if total > maxSecretContentSize {
		return nil, initErrorf("base64 encoded secret content too large: %d bytes", total)
	}
	return out, nil
}

// secret-add [key[#base64|#file]=value ...] [--label] [--description]
// [--expire] [--rotate] [--owner application|unit] [--file]
func runSecretAdd(a *Agent, c *call) error {
	var u secretUpsert
	u.flags(c)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 && u.file == "" {
		return initErrorf("missing secret value or filename")
	}
	if err := u.parse(a, pos); err != nil {
		return err
	}
	// Run: an empty value is refused before the context checks leadership
	// (jujuc/secret-add.go, then HookContext.CreateSecret).
	if len(u.data) == 0 {
		return errors.New("empty secret value not valid")
	}
	if u.owner == "application" && !a.st.Leader {
		return errNotLeader
	}
	if u.label != "" {
		for _, s := range a.secretView() {
			if s.Owner != "" && s.Label == u.label {
				// unverified: Juju refuses a duplicate owner label at commit.
				return fmt.Errorf("secret with label %q already exists", u.label)
			}
		}
	}
	id := a.newSecretID()
	sec := Secret{
		ID:          id,
		Owner:       u.owner,
		Label:       u.label,
		Description: u.description,
		Rotate:      u.rotate,
		Revisions:   []SecretRevision{{Revision: 1, Content: u.data}},
	}
	if !u.expireTime.IsZero() {
		sec.Expire = u.expireTime.Format(time.RFC3339)
	}
	a.pend.secrets = append(a.mutableSecrets(), sec)
	a.record(c.name, "secret:"+id, "")
	_, err = fmt.Fprintln(c.stdout, secretURI(id))
	return err
}

// secret-set <ID> [key[#base64]=value ...] [--label] [--description]
// [--expire] [--rotate] [--file]
func runSecretSet(a *Agent, c *call) error {
	var u secretUpsert
	u.flags(c)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("missing secret URI")
	}
	id, err := parseSecretArg(pos[0])
	if err != nil {
		return err
	}
	if err := u.parse(a, pos[1:]); err != nil {
		return err
	}
	i, err := a.lookupSecret(id, "")
	if err != nil {
		return err
	}
	if err := a.manageable(&a.secretView()[i]); err != nil {
		return err
	}
	if len(u.data) == 0 && u.label == "" && u.description == "" && u.rotate == "" && u.expireTime.IsZero() {
		// unverified: Juju sends the empty update and the controller
		// refuses it; the simulator refuses it here.
		return errors.New("at least one attribute to update must be specified")
	}
	secs := a.mutableSecrets()
	s := &secs[i]
	target := "secret:" + id
	if len(u.data) > 0 {
		// A new revision only when the content changes (the controller
		// compares checksums); the write is recorded either way.
		if latest := s.Latest(); latest == nil || !contentEqual(latest.Content, u.data) {
			next := 1
			if latest != nil {
				next = latest.Revision + 1
			}
			s.Revisions = append(s.Revisions, SecretRevision{Revision: next, Content: u.data})
		}
		a.record(c.name, target, "content")
	}
	if u.label != "" {
		s.Label = u.label
		a.record(c.name, target, "label")
	}
	if u.description != "" {
		s.Description = u.description
		a.record(c.name, target, "description")
	}
	if u.rotate != "" {
		s.Rotate = u.rotate
		a.record(c.name, target, "rotate")
	}
	if !u.expireTime.IsZero() {
		s.Expire = u.expireTime.Format(time.RFC3339)
		a.record(c.name, target, "expire")
	}
	return nil
}

// secret-get <ID> [key[#base64]] [--label] [--peek|--refresh] [--format]
func runSecretGet(a *Agent, c *call) error {
	o := c.outputFlags(formatYAML, formatYAML, formatJSON)
	var label string
	var peek, refresh bool
	c.fs.stringVar(&label, "", "a label used to identify the secret in hooks", "label")
	c.fs.boolVar(&peek, "get the latest revision just this time", "peek")
	c.fs.boolVar(&refresh, "get the latest revision and also get this same revision for subsequent calls", "refresh")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	id := ""
	if len(pos) > 0 {
		if id, err = parseSecretArg(pos[0]); err != nil {
			return err
		}
		pos = pos[1:]
	}
	if id == "" && label == "" {
		return initErrorf("require either a secret URI or label")
	}
	if peek && refresh {
		return initErrorf("specify one of --peek or --refresh but not both")
	}
	key := ""
	if len(pos) > 0 {
		key, pos = pos[0], pos[1:]
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	i, err := a.lookupSecret(id, label)
	if err != nil {
		return err
	}
	s := a.secretView()[i]
	sid, _ := parseSecretURI(s.ID)
	target := "secret:" + sid
	if id != "" && label != "" && s.Label != label {
		// Reading by URI with a label assigns the label.
		a.mutableSecrets()[i].Label = label
		a.record(c.name, target, "label")
	}
	content, err := a.secretContent(i, peek, refresh, target, c.name)
	if err != nil {
		return err
	}
	if key == "" {
		return o.write(content)
	}
	name, b64 := strings.CutSuffix(key, "#base64")
	v, ok := content[name]
	if !ok {
		// unverified: SecretValue.KeyValue's text for a missing key.
		return fmt.Errorf("secret key %q not found", name)
	}
	if b64 {
		v = base64.StdEncoding.EncodeToString([]byte(v))
	}
	return o.write(v)
}

// secretContent picks the revision secret-get returns: a secret created in
// this hook returns its content; an owner sees the latest committed revision
// (pending updates only with --peek/--refresh); a consumer sees the revision
// it tracks, pinned to the latest on first read, moved by --refresh, and
// bypassed once by --peek.
//
// unverified: that owners always read the latest revision rather than
// tracking one as consumers do.
func (a *Agent) secretContent(i int, peek, refresh bool, target, tool string) (map[string]string, error) {
	s := a.secretView()[i]
	sid, _ := parseSecretURI(s.ID)
	committed := a.committedSecret(sid)
	latest := s.Latest()
	if latest == nil {
		return nil, fmt.Errorf("secret %q not found", sid)
	}
	if committed == nil {
		return copyMap(latest.Content), nil
	}
	if s.Owner != "" {
		if peek || refresh {
			return copyMap(latest.Content), nil
		}
		return copyMap(committed.Latest().Content), nil
	}
	switch {
	case peek:
		return copyMap(latest.Content), nil
	case refresh:
		a.mutableSecrets()[i].TrackedRevision = latest.Revision
		a.record(tool, target, "tracked-revision")
		return copyMap(latest.Content), nil
	}
	if s.TrackedRevision == 0 {
		// The first read pins the latest revision (not a charm write).
		a.mutableSecrets()[i].TrackedRevision = latest.Revision
		return copyMap(latest.Content), nil
	}
	rev := s.Revision(s.TrackedRevision)
	if rev == nil {
		return nil, fmt.Errorf("secret %q revision %d not found", sid, s.TrackedRevision)
	}
	return copyMap(rev.Content), nil
}

// secret-info-get <ID> | --label L [--format]
func runSecretInfoGet(a *Agent, c *call) error {
	o := c.outputFlags(formatYAML, formatYAML, formatJSON)
	var label string
	c.fs.stringVar(&label, "", "a label used to identify the secret", "label")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	id := ""
	if len(pos) > 0 {
		if id, err = parseSecretArg(pos[0]); err != nil {
			return err
		}
		pos = pos[1:]
	}
	if id == "" && label == "" {
		return initErrorf("require either a secret URI or label")
	}
	if id != "" && label != "" {
		return initErrorf("specify either a secret URI or label but not both")
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	want := id
	if id == "" {
		want = label
	}
	view := a.secretView()
	for i := range view {
		s := &view[i]
		sid, _ := parseSecretURI(s.ID)
		if !a.ownsMetadata(s) || (id != "" && sid != id) || (id == "" && s.Label != label) {
			continue
		}
		rev := 1
		if cs := a.committedSecret(sid); cs != nil && cs.Latest() != nil {
			rev = cs.Latest().Revision
		}
		md := omap{{"revision", rev}, {"label", s.Label}, {"owner", s.Owner}}
		if s.Description != "" {
			md = append(md, kv{"description", s.Description})
		}
		if s.Rotate != "" {
			md = append(md, kv{"rotation", s.Rotate})
		}
		if s.Expire != "" {
			md = append(md, kv{"expiry", yamlRaw(s.Expire)})
		}
		if access := a.accessInfo(s); len(access) > 0 {
			md = append(md, kv{"access", access})
		}
		return o.write(omap{{sid, md}})
	}
	return fmt.Errorf("secret %q not found", want)
}

// secret-ids [--format]
func runSecretIDs(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	// jujuc/secret-ids.go collects into a nil slice: with no secrets JSON
	// prints null (YAML [], smart nothing). It ranges over a map; the IDs
	// are sorted here.
	var ids []string
	view := a.secretView()
	for i := range view {
		if a.ownsMetadata(&view[i]) {
			sid, _ := parseSecretURI(view[i].ID)
			ids = append(ids, sid)
		}
	}
	sort.Strings(ids)
	return o.write(ids)
}

// secret-grant <ID> -r <relation> [--unit <unit>]
func runSecretGrant(a *Agent, c *call) error {
	var unit string
	c.fs.stringVar(&unit, "", "the unit to grant access", "unit")
	rid := c.relationFlag()
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("missing secret URI")
	}
	id, err := parseSecretArg(pos[0])
	if err != nil {
		return err
	}
	if *rid == -1 {
		return initErrorf("no relation id specified")
	}
	r := a.st.Relation(*rid)
	if r == nil {
		return initErrorf("relation not found")
	}
	app := r.RemoteApp
	if unit != "" {
		if !isValidUnit(unit) {
			return initErrorf("unit %q not valid", unit)
		}
		if unitApp(unit) != app {
			return initErrorf("cannot specify unit %q in relation to application %q", unit, app)
		}
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	view := a.secretView()
	i := findSecret(view, id)
	if i < 0 || !a.ownsMetadata(&view[i]) {
		if i >= 0 && view[i].Owner == "application" {
			return errNotLeader
		}
		return fmt.Errorf("secret %q not found", id)
	}
	if err := a.manageable(&view[i]); err != nil {
		return err
	}
	subject := app
	if unit != "" {
		subject = unit
	}
	a.record(c.name, "secret:"+id, "grant:"+subject)
	for _, g := range view[i].Grants {
		if g.RelationID != *rid {
			continue
		}
		if (g.Unit == "" && g.App == app) || (unit != "" && g.Unit == unit) {
			return nil // already granted (Juju: no-op)
		}
		if unit == "" && g.Unit != "" {
			return errors.New("any unit level grants need to be revoked before granting access to the corresponding application")
		}
	}
	secs := a.mutableSecrets()
	secs[i].Grants = append(secs[i].Grants, SecretGrant{RelationID: *rid, App: app, Unit: unit})
	return nil
}

// secret-revoke <ID> [-r <relation>] [--app|--application <app>] [--unit <unit>]
func runSecretRevoke(a *Agent, c *call) error {
	var app, unit string
	c.fs.stringVar(&app, "", "the application to revoke access", "app", "application")
	c.fs.stringVar(&unit, "", "the unit to revoke access", "unit")
	rid := c.relationFlag()
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("missing secret URI")
	}
	id, err := parseSecretArg(pos[0])
	if err != nil {
		return err
	}
	if app != "" && !isValidApp(app) {
		return initErrorf("application %q not valid", app)
	}
	if unit != "" && !isValidUnit(unit) {
		return initErrorf("unit %q not valid", unit)
	}
	if app != "" && unit != "" {
		return initErrorf("specify only one of application or unit")
	}
	if *rid >= 0 {
		r := a.st.Relation(*rid)
		if r == nil {
			return initErrorf("relation not found")
		}
		if app != "" {
			return initErrorf("do not specify both relation and app")
		}
		app = r.RemoteApp
	}
	if app == "" && unit == "" {
		return initErrorf("missing relation or application or unit")
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	view := a.secretView()
	i := findSecret(view, id)
	if i < 0 {
		return fmt.Errorf("secret %q not found", id)
	}
	if err := a.manageable(&view[i]); err != nil {
		return err
	}
	subject := app
	if unit != "" {
		subject = unit
	}
	a.record(c.name, "secret:"+id, "revoke:"+subject)
	secs := a.mutableSecrets()
	var kept []SecretGrant
	for _, g := range secs[i].Grants {
		if (unit == "" && g.App == app) || (unit != "" && g.Unit == unit) {
			continue
		}
		kept = append(kept, g)
	}
	secs[i].Grants = kept
	return nil
}

// secret-remove <ID> [--revision N]
func runSecretRemove(a *Agent, c *call) error {
	var revision int
	c.fs.intVar(&revision, 0, "remove the specified revision", "revision")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("missing secret URI")
	}
	id, err := parseSecretArg(pos[0])
	if err != nil {
		return err
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	i, err := a.lookupSecret(id, "")
	if err != nil {
		return err
	}
	if err := a.manageable(&a.secretView()[i]); err != nil {
		return err
	}
	secs := a.mutableSecrets()
	if revision > 0 {
		s := &secs[i]
		if s.Revision(revision) == nil {
			// unverified: the controller's text for an unknown revision.
			return fmt.Errorf("secret %q revision %d not found", id, revision)
		}
		var kept []SecretRevision
		for _, r := range s.Revisions {
			if r.Revision != revision {
				kept = append(kept, r)
			}
		}
		s.Revisions = kept
		if s.TrackedRevision == revision {
			s.TrackedRevision = 0
		}
		a.record(c.name, "secret:"+id, fmt.Sprintf("revision:%d", revision))
		if len(kept) > 0 {
			return nil
		}
	} else {
		a.record(c.name, "secret:"+id, "")
	}
	a.pend.secrets = append(secs[:i:i], secs[i+1:]...)
	return nil
}
