package datainterfaces_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/datainterfaces"
	"github.com/charmgen/charmgen/jujusim"
)

func dbState(remote map[string]string, secrets ...jujusim.Secret) *jujusim.State {
	st := baseState()
	st.Relations[0].RemoteAppData = remote
	st.Secrets = secrets
	return st
}

var dbRel = charm.RelationID{Endpoint: "db", ID: 3}

func readCreds(t *testing.T, st *jujusim.State) (datainterfaces.Credentials, error) {
	t.Helper()
	var cr datainterfaces.Credentials
	var rerr error
	_, _, err := hook(t, st, jujusim.HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteApp: "mysql"}, func(c *charm.Context) error {
		bag, err := c.RelationAppData(dbRel, "mysql")
		if err != nil {
			return err
		}
		cr, rerr = datainterfaces.Read(c, bag)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cr, rerr
}

// Juju 2: username and password in plain text in the bag.
func TestDatabaseCredentialsPlain(t *testing.T) {
	cr, err := readCreds(t, dbState(map[string]string{"database": "appdb", "username": "relation-7", "password": "s3cret"}))
	if err != nil || !reflect.DeepEqual(cr, datainterfaces.Credentials{Username: "relation-7", Password: "s3cret"}) {
		t.Fatalf("got %+v, %v", cr, err)
	}
}

// Juju 3: secret-user names a secret granted to us, with the content keys
// data_interfaces uses.
func TestDatabaseCredentialsSecret(t *testing.T) {
	id := "secret:cpf2m2o1i3cc73d0ag90"
	sec := jujusim.Secret{ID: id, Revisions: []jujusim.SecretRevision{
		{Revision: 1, Content: map[string]string{"username": "old", "password": "old-pass"}},
		{Revision: 2, Content: map[string]string{"username": "relation-7", "password": "s3cret", "uris": "postgresql://x"}},
	}, TrackedRevision: 1}
	cr, err := readCreds(t, dbState(map[string]string{"database": "appdb", "secret-user": id}, sec))
	if err != nil {
		t.Fatal(err)
	}
	// refresh, as the library: the latest revision.
	if !reflect.DeepEqual(cr, datainterfaces.Credentials{Username: "relation-7", Password: "s3cret", URIs: "postgresql://x", SecretID: id}) {
		t.Errorf("got %+v", cr)
	}
}

func TestDatabaseCredentialsErrors(t *testing.T) {
	if _, err := readCreds(t, dbState(map[string]string{"database": "appdb"})); !errors.Is(err, datainterfaces.ErrNoCredentials) {
		t.Errorf("no credentials: %v", err)
	}
	if _, err := readCreds(t, dbState(map[string]string{"secret-user": "secret:cpf2m2o1i3cc73d0ag91"})); !charm.IsNotFound(err) {
		t.Errorf("missing secret: %v", err)
	}
	if _, err := readCreds(t, dbState(map[string]string{"secret-user": "nope"})); err == nil {
		t.Error("bad URI accepted")
	}
	if _, err := readCreds(t, dbState(map[string]string{"username": "u"})); err == nil || errors.Is(err, datainterfaces.ErrNoCredentials) {
		t.Errorf("username only: %v", err)
	}
}

// The provider side: a secret granted to the relation, only its URI in the
// bag, and a Go requirer reads the credentials back.
func TestPublishDatabaseCredentials(t *testing.T) {
	st := dbState(map[string]string{"database": "appdb", "requested-secrets": `["username", "password"]`})
	st.Relations[0].LocalAppData = map[string]string{"username": "legacy", "password": "legacy-pass"}
	var id string
	publish := func(pw string) func(*charm.Context) error {
		return func(c *charm.Context) error {
			var err error
			id, err = datainterfaces.Publish(c, dbRel, "relation-7", pw)
			return err
		}
	}
	hc := jujusim.HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteApp: "mysql"}
	out, _, err := hook(t, st, hc, publish("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	bag := out.Relations[0].LocalAppData
	if len(bag) != 1 || bag["secret-user"] != id || id == "" {
		t.Fatalf("bag = %v (id %q): want only secret-user", bag, id)
	}
	if len(out.Secrets) != 1 {
		t.Fatalf("secrets = %+v", out.Secrets)
	}
	s := out.Secrets[0]
	if s.Label != "db.3.user.secret" || s.Owner != "application" {
		t.Errorf("secret label %q owner %q", s.Label, s.Owner)
	}
	if c := s.Revisions[len(s.Revisions)-1].Content; len(c) != 2 || c["username"] != "relation-7" || c["password"] != "s3cret" {
		t.Errorf("content = %v", c)
	}
	granted := false
	for _, g := range s.Grants {
		granted = granted || g.RelationID == 3
	}
	if !granted {
		t.Errorf("not granted to the relation: %+v", s.Grants)
	}
	// Again with the same password: nothing written.
	_, writes, err := hook(t, out, hc, publish("s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	if len(writes) != 0 {
		t.Errorf("same credentials again wrote %v", writes)
	}
	// The other side reads them through the secret.
	sec := s
	sec.Owner, sec.Label, sec.Grants = "", "", nil
	cr, err := readCreds(t, dbState(bag, sec))
	if err != nil || cr.Username != "relation-7" || cr.Password != "s3cret" || cr.SecretID != id {
		t.Errorf("read back %+v, %v", cr, err)
	}
	// Not the leader: refused.
	st.Leader = false
	if _, _, err := hook(t, st, hc, publish("s3cret")); err == nil {
		t.Error("non-leader published")
	}
}
