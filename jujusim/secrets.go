package jujusim

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"strings"
	"time"
)

// secretView returns the secrets as this hook sees them (its own changes
// included).
func (a *Agent) secretView() []Secret {
	if a.pend.secrets != nil {
		return a.pend.secrets
	}
	return a.st.Secrets
}

// mutableSecrets returns the pending secret list, copying the committed one
// on first use.
func (a *Agent) mutableSecrets() []Secret {
	if a.pend.secrets == nil {
		a.pend.secrets = cloneSecrets(a.st.Secrets)
	}
	return a.pend.secrets
}

func cloneSecrets(in []Secret) []Secret {
	out := make([]Secret, len(in))
	for i, s := range in {
		s.Revisions = append([]SecretRevision(nil), s.Revisions...)
		for j := range s.Revisions {
			s.Revisions[j].Content = copyMap(s.Revisions[j].Content)
		}
		s.Grants = append([]SecretGrant(nil), s.Grants...)
		out[i] = s
	}
	return out
}

// findSecret returns the index of secret id (bare id) in list, or -1.
func findSecret(list []Secret, id string) int {
	for i := range list {
		if sid, _ := parseSecretURI(list[i].ID); sid == id {
			return i
		}
	}
	return -1
}

// committedSecret returns the committed secret id, or nil (pending create).
func (a *Agent) committedSecret(id string) *Secret {
	if i := findSecret(a.st.Secrets, id); i >= 0 {
		return &a.st.Secrets[i]
	}
	return nil
}

// ownsMetadata reports whether this unit sees s in secret-ids and
// secret-info-get: unit-owned secrets, and application-owned ones on the
// leader.
//
// unverified: that non-leaders do not list their application's secrets.
func (a *Agent) ownsMetadata(s *Secret) bool {
	return s.Owner == "unit" || (s.Owner == "application" && a.st.Leader)
}

// manageable checks that this unit may change secret s.
func (a *Agent) manageable(s *Secret) error {
	switch s.Owner {
	case "unit":
		return nil
	case "application":
		if !a.st.Leader {
			return errNotLeader
		}
		return nil
	}
	// unverified: Juju buffers the change and the controller refuses it at
	// commit; the simulator refuses it at once.
	return errPermissionDenied
}

// newSecretID returns a fresh, deterministic 20-character id.
func (a *Agent) newSecretID() string {
	for n := len(a.secretView()) + 1; ; n++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%s\x00%d", a.st.Model.UUID, a.st.Unit, a.hc.contextID(), n)))
		id := strings.ToLower(base32.HexEncoding.EncodeToString(sum[:12]))[:20]
		if findSecret(a.secretView(), id) < 0 && findSecret(a.st.Secrets, id) < 0 {
			return id
		}
	}
}

// secretUpsert holds the parsed flags and values of secret-add/secret-set.
type secretUpsert struct {
	expire      string
	rotate      string
	description string
	label       string
	file        string
	owner       string
	expireTime  time.Time
	data        map[string]string
}

func (u *secretUpsert) flags(c *call) {
	c.fs.stringVar(&u.expire, "", "either a duration or time when the secret should expire", "expire")
	c.fs.stringVar(&u.rotate, "", "the secret rotation policy", "rotate")
	c.fs.stringVar(&u.description, "", "the secret description", "description")
	c.fs.stringVar(&u.label, "", "a label used to identify the secret in hooks", "label")
	c.fs.stringVar(&u.file, "", "a YAML file containing secret key values", "file")
	c.fs.stringVar(&u.owner, "application", "the owner of the secret, either the application or unit", "owner")
}

// contentEqual compares two contents.
func contentEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// lookupSecret resolves a URI (bare id) or, failing that, a label in the
// hook's view. It returns the index in secretView.
func (a *Agent) lookupSecret(id, label string) (int, error) {
	view := a.secretView()
	if id != "" {
		if i := findSecret(view, id); i >= 0 {
			return i, nil
		}
		return -1, fmt.Errorf("secret %q not found", id)
	}
	for i := range view {
		if view[i].Label == label {
			return i, nil
		}
	}
	// unverified: the text for a consumer label lookup that fails; this is
	// the owner-label text the reference quotes (it contains "not found").
	return -1, fmt.Errorf("secret owned by %q with label %q not found", a.st.Unit, label)
}

// accessInfo renders grants as secret-info-get's access list.
//
// unverified: the scope tag; Juju uses the relation key
// ("relation-<app>.<endpoint>#<app>.<endpoint>"), and the State does not
// hold the remote endpoint name, so the local endpoint stands in for it.
func (a *Agent) accessInfo(s *Secret) []any {
	var out []any
	for _, g := range s.Grants {
		target := "application-" + g.App
		if g.Unit != "" {
			target = "unit-" + strings.ReplaceAll(g.Unit, "/", "-")
		}
		scope := fmt.Sprintf("relation-%d", g.RelationID)
		if r := a.st.Relation(g.RelationID); r != nil {
			scope = fmt.Sprintf("relation-%s.%s#%s.%s", a.st.AppName(), r.Endpoint, r.RemoteApp, r.Endpoint)
		}
		out = append(out, omap{{"target", target}, {"scope", scope}, {"role", "view"}})
	}
	return out
}
