package datainterfaces_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/datainterfaces"
	"github.com/charmgen/charmgen/jujusim"
)

var relHook = jujusim.HookContext{Hook: "db-relation-changed", Relation: "db", RelationID: 3, RemoteApp: "mysql"}

const testCA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"

var fullOpts = datainterfaces.PublishOptions{
	Username: "relation-7", Password: "s3cret",
	URIs: "postgresql://relation-7:s3cret@10.0.0.1:5432/appdb", ReadOnlyURIs: "postgresql://relation-7:s3cret@10.0.0.2:5432/appdb",
	TLS: "True", TLSCA: testCA,
	Extra: map[string]string{"extra-token": "tok-123"},
}

// readWith is readCreds with options.
func readWith(t *testing.T, st *jujusim.State, opts datainterfaces.ReadOptions) (datainterfaces.Credentials, error) {
	t.Helper()
	var cr datainterfaces.Credentials
	var rerr error
	_, _, err := hook(t, st, relHook, func(c *charm.Context) error {
		bag, err := c.RelationAppData(dbRel, "mysql")
		if err != nil {
			return err
		}
		cr, rerr = datainterfaces.ReadWith(c, bag, opts)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return cr, rerr
}

func publishWith(t *testing.T, st *jujusim.State, opts datainterfaces.PublishOptions) (*jujusim.State, []jujusim.Write, datainterfaces.Published, error) {
	t.Helper()
	var p datainterfaces.Published
	out, writes, err := hook(t, st, relHook, func(c *charm.Context) error {
		var err error
		p, err = datainterfaces.PublishWith(c, dbRel, opts)
		return err
	})
	return out, writes, p, err
}

// consumed turns the provider's secrets into what the requirer sees: not
// owned, no label, readable by URI.
func consumed(secrets []jujusim.Secret) []jujusim.Secret {
	out := make([]jujusim.Secret, len(secrets))
	for i, s := range secrets {
		s.Owner, s.Label, s.Grants = "", "", nil
		if !strings.HasPrefix(s.ID, "secret:") {
			s.ID = "secret:" + s.ID
		}
		out[i] = s
	}
	return out
}

func secretByLabel(t *testing.T, st *jujusim.State, label string) jujusim.Secret {
	t.Helper()
	for _, s := range st.Secrets {
		if s.Label == label {
			return s
		}
	}
	t.Fatalf("no secret labelled %s in %+v", label, st.Secrets)
	return jujusim.Secret{}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Every group through its own secret, granted to the relation, only the
// URIs in the bag (stale plaintext removed), and a Go requirer reads each
// group back.
func TestPublishWithRoundTrip(t *testing.T) {
	st := dbState(map[string]string{"database": "appdb"})
	st.Relations[0].LocalAppData = map[string]string{
		"database": "appdb", "endpoints": "10.0.0.1:5432",
		"username": "legacy", "password": "legacy-pass", "uris": "old://", "tls": "False", "tls-ca": "old-ca", "extra-token": "old",
	}
	out, _, p, err := publishWith(t, st, fullOpts)
	if err != nil {
		t.Fatal(err)
	}
	bag := out.Relations[0].LocalAppData
	if got := keys(bag); !reflect.DeepEqual(got, []string{"database", "endpoints", "secret-extra", "secret-tls", "secret-user"}) {
		t.Fatalf("bag keys %v: want only the URIs beside database and endpoints (%v)", got, bag)
	}
	if bag["secret-user"] != p.UserSecretID || bag["secret-tls"] != p.TLSSecretID || bag["secret-extra"] != p.ExtraSecretID {
		t.Errorf("bag %v, published %+v", bag, p)
	}
	for k, v := range bag {
		for _, secret := range []string{"s3cret", "tok-123", "MIIB"} {
			if strings.Contains(v, secret) {
				t.Errorf("bag[%s] holds %q", k, secret)
			}
		}
	}
	want := map[string]map[string]string{
		"db.3.user.secret":  {"username": "relation-7", "password": "s3cret", "uris": fullOpts.URIs, "read-only-uris": fullOpts.ReadOnlyURIs},
		"db.3.tls.secret":   {"tls": "True", "tls-ca": testCA},
		"db.3.extra.secret": {"extra-token": "tok-123"},
	}
	if len(out.Secrets) != 3 {
		t.Fatalf("secrets %+v", out.Secrets)
	}
	for label, content := range want {
		s := secretByLabel(t, out, label)
		if got := s.Revisions[len(s.Revisions)-1].Content; !reflect.DeepEqual(got, content) {
			t.Errorf("%s: content %v, want %v", label, got, content)
		}
		if s.Owner != "application" {
			t.Errorf("%s: owner %q", label, s.Owner)
		}
		granted := false
		for _, g := range s.Grants {
			granted = granted || g.RelationID == 3
		}
		if !granted {
			t.Errorf("%s: not granted to the relation: %+v", label, s.Grants)
		}
	}
	// A Go requirer reads every group back.
	rst := dbState(bag, consumed(out.Secrets)...)
	cr, err := readWith(t, rst, datainterfaces.ReadOptions{ExtraFields: []string{"extra-token"}})
	if err != nil {
		t.Fatal(err)
	}
	wantCr := datainterfaces.Credentials{
		Username: "relation-7", Password: "s3cret", URIs: fullOpts.URIs, ReadOnlyURIs: fullOpts.ReadOnlyURIs,
		TLS: "True", TLSCA: testCA, Extra: map[string]string{"extra-token": "tok-123"},
		SecretID: p.UserSecretID, TLSSecretID: p.TLSSecretID, ExtraSecretID: p.ExtraSecretID,
	}
	if !reflect.DeepEqual(cr, wantCr) {
		t.Errorf("read back\n%#v\nwant\n%#v", cr.Extra, wantCr.Extra)
		t.Errorf("read back %+v (password %t, uris %t)", cr, cr.Password == wantCr.Password, cr.URIs == wantCr.URIs)
	}
	// Read (no extra fields named) gets the whole of secret-extra.
	if cr, err := readCreds(t, rst); err != nil || !reflect.DeepEqual(cr, wantCr) {
		t.Errorf("Read: %+v, %v", cr, err)
	}
	// Publish (user group only) keeps its old contract: one secret-user.
	if id, err := func() (string, error) {
		var id string
		_, _, err := hook(t, dbState(map[string]string{"database": "appdb"}), relHook, func(c *charm.Context) error {
			var err error
			id, err = datainterfaces.Publish(c, dbRel, "u1", "p1")
			return err
		})
		return id, err
	}(); err != nil || !strings.HasPrefix(id, "secret:") {
		t.Errorf("Publish: %q, %v", id, err)
	}
}

// The same options again write nothing: no secret revision, no grant, no
// bag change. A change to one group touches that group's secret only.
func TestPublishWithIdempotent(t *testing.T) {
	out, _, _, err := publishWith(t, dbState(map[string]string{"database": "appdb"}), fullOpts)
	if err != nil {
		t.Fatal(err)
	}
	again, writes, _, err := publishWith(t, out, fullOpts)
	if err != nil {
		t.Fatal(err)
	}
	if len(writes) != 0 {
		t.Errorf("the same options again wrote %v", writes)
	}
	if !reflect.DeepEqual(again.Secrets, out.Secrets) || !reflect.DeepEqual(again.Relations[0].LocalAppData, out.Relations[0].LocalAppData) {
		t.Errorf("state changed:\n%+v\n%+v", out.Secrets, again.Secrets)
	}
	// A new CA: a new revision of the tls secret and a grant, nothing else.
	opts := fullOpts
	opts.TLSCA = "-----BEGIN CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----"
	changed, writes, _, err := publishWith(t, again, opts)
	if err != nil {
		t.Fatal(err)
	}
	var tools []string
	for _, w := range writes {
		tools = append(tools, w.Tool)
	}
	if strings.Join(tools, " ") != "secret-set secret-grant" {
		t.Errorf("a new CA wrote %v", writes)
	}
	if n := len(secretByLabel(t, changed, "db.3.tls.secret").Revisions); n != 2 {
		t.Errorf("tls secret revisions %d, want 2", n)
	}
	if n := len(secretByLabel(t, changed, "db.3.user.secret").Revisions); n != 1 {
		t.Errorf("user secret revisions %d, want 1", n)
	}
}

// Juju 2.9: every field in plain text in the bag.
func TestReadPlaintextJuju2(t *testing.T) {
	bag := map[string]string{
		"database": "appdb", "endpoints": "10.0.0.1:5432", "version": "16.4",
		"username": "relation-7", "password": "s3cret", "uris": "postgresql://u", "read-only-uris": "postgresql://ro",
		"tls": "True", "tls-ca": testCA, "extra-token": "tok", "other": "not-asked",
	}
	cr, err := readWith(t, dbState(bag), datainterfaces.ReadOptions{ExtraFields: []string{"extra-token"}})
	want := datainterfaces.Credentials{Username: "relation-7", Password: "s3cret", URIs: "postgresql://u", ReadOnlyURIs: "postgresql://ro",
		TLS: "True", TLSCA: testCA, Extra: map[string]string{"extra-token": "tok"}}
	if err != nil || !reflect.DeepEqual(cr, want) {
		t.Errorf("got %+v, %v", cr, err)
	}
	// Without ExtraFields no plain field is taken as extra.
	if cr, err := readCreds(t, dbState(bag)); err != nil || cr.Extra != nil || cr.TLSCA != testCA {
		t.Errorf("Read: %+v, %v", cr, err)
	}
}

// A group's secret wins over its plain fields, as the library's requirer
// does; a field the secret lacks is "" (not the bag's); an empty secret or
// a group without a secret falls back to the bag.
func TestReadSecretWins(t *testing.T) {
	userID, tlsID, emptyID := "secret:cpf2m2o1i3cc73d0ag90", "secret:cpf2m2o1i3cc73d0ag91", "secret:cpf2m2o1i3cc73d0ag92"
	bag := map[string]string{
		"username": "plain-user", "password": "plain-pass", "uris": "plain://", "tls": "False", "tls-ca": "plain-ca", "extra-token": "plain-tok",
		"secret-user": userID, "secret-tls": tlsID, "secret-extra": emptyID,
	}
	secrets := []jujusim.Secret{
		{ID: userID, Revisions: []jujusim.SecretRevision{{Revision: 1, Content: map[string]string{"username": "relation-7", "password": "s3cret"}}}},
		{ID: tlsID, Revisions: []jujusim.SecretRevision{{Revision: 1, Content: map[string]string{"tls": "True", "tls-ca": testCA}}}},
		{ID: emptyID, Revisions: []jujusim.SecretRevision{{Revision: 1, Content: map[string]string{}}}},
	}
	cr, err := readWith(t, dbState(bag, secrets...), datainterfaces.ReadOptions{ExtraFields: []string{"extra-token"}})
	want := datainterfaces.Credentials{Username: "relation-7", Password: "s3cret", URIs: "",
		TLS: "True", TLSCA: testCA, Extra: map[string]string{"extra-token": "plain-tok"},
		SecretID: userID, TLSSecretID: tlsID, ExtraSecretID: emptyID}
	if err != nil || !reflect.DeepEqual(cr, want) {
		t.Errorf("got %+v, %v\nwant %+v", cr, err, want)
	}
	// No secret-tls: the plain tls fields beside a secret-user.
	delete(bag, "secret-tls")
	if cr, err := readCreds(t, dbState(bag, secrets...)); err != nil || cr.TLS != "False" || cr.TLSCA != "plain-ca" || cr.Username != "relation-7" {
		t.Errorf("plain tls: %+v, %v", cr, err)
	}
}

// Each secret-* key: a value that is not a secret URI, and a secret that
// is not there, are errors naming the key.
func TestReadGroupErrors(t *testing.T) {
	userID := "secret:cpf2m2o1i3cc73d0ag90"
	user := jujusim.Secret{ID: userID, Revisions: []jujusim.SecretRevision{{Revision: 1, Content: map[string]string{"username": "u", "password": "p"}}}}
	for _, key := range []string{"secret-user", "secret-tls", "secret-extra"} {
		bag := map[string]string{"secret-user": userID}
		bag[key] = "cpf2m2o1i3cc73d0ag93"
		if _, err := readCreds(t, dbState(bag, user)); err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%s: malformed URI: %v", key, err)
		}
		bag[key] = "secret:cpf2m2o1i3cc73d0ag99"
		if _, err := readCreds(t, dbState(bag, user)); !charm.IsNotFound(err) || !strings.Contains(err.Error(), key) {
			t.Errorf("%s: missing secret: %v", key, err)
		}
	}
	// Nothing published yet, even with a tls secret: ErrNoCredentials.
	if _, err := readCreds(t, dbState(map[string]string{"database": "appdb", "tls": "True"})); !errors.Is(err, datainterfaces.ErrNoCredentials) {
		t.Errorf("no credentials: %v", err)
	}
}

func TestPublishWithErrors(t *testing.T) {
	st := dbState(map[string]string{"database": "appdb"})
	for name, opts := range map[string]datainterfaces.PublishOptions{
		"uris without credentials": {URIs: "postgresql://x"},
		"username only":            {Username: "u"},
		"extra in the user group":  {Username: "u", Password: "p", Extra: map[string]string{"password": "x"}},
		"extra secret- key":        {Username: "u", Password: "p", Extra: map[string]string{"secret-foo": "x"}},
		"extra bad key":            {Username: "u", Password: "p", Extra: map[string]string{"Bad_Key": "x"}},
		"nothing":                  {},
	} {
		_, writes, _, err := publishWith(t, st, opts)
		if err == nil || len(writes) != 0 {
			t.Errorf("%s: %v, writes %v", name, err, writes)
		}
	}
	st.Leader = false
	if _, writes, _, err := publishWith(t, st, fullOpts); !errors.Is(err, charm.ErrNotLeader) || len(writes) != 0 {
		t.Errorf("non-leader: %v, writes %v", err, writes)
	}
	// TLS alone: only secret-tls.
	st.Leader = true
	out, _, p, err := publishWith(t, st, datainterfaces.PublishOptions{TLS: "True", TLSCA: testCA})
	if err != nil || p.UserSecretID != "" || p.TLSSecretID == "" || len(out.Secrets) != 1 {
		t.Errorf("tls only: %+v, %v, %+v", p, err, out.Secrets)
	}
}

// Printed with fmt or logged with slog, the secret values do not show.
func TestCredentialsRedacted(t *testing.T) {
	cr := datainterfaces.Credentials{Username: "relation-7", Password: "pw-SECRET", URIs: "postgresql://relation-7:pw-SECRET@h/db",
		ReadOnlyURIs: "postgresql://relation-7:pw-SECRET@r/db", TLS: "True", TLSCA: testCA,
		Extra: map[string]string{"extra-token": "tok-SECRET"}, SecretID: "secret:cpf2m2o1i3cc73d0ag90"}
	var outs []string
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		outs = append(outs, fmt.Sprintf(f, cr), fmt.Sprintf(f, &cr), fmt.Sprintf(f, []datainterfaces.Credentials{cr}),
			fmt.Sprintf(f, struct{ C datainterfaces.Credentials }{cr}))
	}
	outs = append(outs, cr.String(), cr.GoString(), fmt.Sprint(cr), fmt.Sprintln(cr))
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("creds", "c", cr, "p", &cr)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("creds", "c", cr)
	outs = append(outs, buf.String())
	for _, o := range outs {
		if strings.Contains(o, "SECRET") {
			t.Errorf("leaks: %s", o)
		}
	}
	// What is not secret still shows.
	if s := fmt.Sprintf("%+v", cr); !strings.Contains(s, "Username:relation-7") || !strings.Contains(s, "Password:***") || !strings.Contains(s, "extra-token:***") {
		t.Errorf("%%+v = %s", s)
	}
	if s := fmt.Sprintf("%#v", cr); !strings.HasPrefix(s, "datainterfaces.Credentials{") {
		t.Errorf("%%#v = %s", s)
	}
	if !strings.Contains(buf.String(), "c.username=relation-7") || !strings.Contains(buf.String(), "c.password=***") {
		t.Errorf("slog: %s", buf.String())
	}
	// The fields themselves are plain strings: a DSN is built as before.
	if dsn := "postgres://" + cr.Username + ":" + cr.Password + "@h"; !strings.Contains(dsn, "pw-SECRET") {
		t.Error("the Password field is not the password")
	}
}
