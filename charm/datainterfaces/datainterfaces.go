// Package datainterfaces gives a Go charm the credentials of the database
// relations that use lib/charms/data_platform_libs/v0/data_interfaces.py
// (postgresql_client, mysql_client, opensearch_client v0 and the library's
// other users), as the library handles them: in plain text in the
// provider's application databag on Juju 2, or, with Juju secrets, in
// secrets granted to the relation whose URIs the bag holds under
// secret-user, secret-tls and secret-extra.
// A package of its own so that charms without such relations do not carry
// it; standard library and the charm runtime only.
package datainterfaces

import (
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/charm"
)

// Line numbers below are those of the pinned data_interfaces.py
// (shared/corpus/python/lib/charms/data_platform_libs/v0/data_interfaces.py,
// data-platform-libs 4bf12d1a).
//
// On Juju 2 the provider writes every field in plain text in its
// application databag. With Juju secrets (Juju 3), the fields the requirer
// lists in requested-secrets go into one secret per group, granted to the
// relation, and the bag holds only the secret's URI under
// secret-<group> (lines 1469-1471, _generate_secret_field_name, with
// PROV_SECRET_PREFIX "secret-", line 484). The groups (SECRET_GROUPS,
// lines 751-777; SECRET_LABEL_MAP, lines 1137-1146):
//
//   - user: username, password, uris, read-only-uris
//   - tls: tls, tls-ca
//   - extra: any other requested field (_group_secret_fields, lines
//     1496-1508)
//
// Each field is stored under its own name as the secret's content key
// (_content_for_secret_group, lines 1525-1540). database, endpoints,
// read-only-endpoints and version are never secret fields (not in
// SECRET_LABEL_MAP nor RequirerData.SECRET_FIELDS, lines 2145-2154): they
// stay in the bag (set_database / set_endpoints / set_version, lines
// 3583-3672). The mtls and entity groups are not handled here.

// Keys of the data_interfaces provider application databag.
const (
	SecretUserKey  = "secret-user"
	SecretTLSKey   = "secret-tls"
	SecretExtraKey = "secret-extra"

	UsernameKey     = "username"
	PasswordKey     = "password"
	URIsKey         = "uris"
	ReadOnlyURIsKey = "read-only-uris"
	TLSKey          = "tls"
	TLSCAKey        = "tls-ca"
)

// The secret groups, as SECRET_GROUPS names them (lines 755-759).
const (
	GroupUser  = "user"
	GroupTLS   = "tls"
	GroupExtra = "extra"
)

// userKeys and tlsKeys are the fields of the user and tls groups
// (SECRET_LABEL_MAP, lines 1137-1143).
var (
	userKeys = []string{UsernameKey, PasswordKey, URIsKey, ReadOnlyURIsKey}
	tlsKeys  = []string{TLSKey, TLSCAKey}
)

// ErrNoCredentials reports a provider bag with neither secret-user nor
// username and password: the provider has not delivered credentials yet.
// A charm should wait (a waiting status), not fail.
var ErrNoCredentials = errors.New("the provider has not written credentials yet (no secret-user, username or password)")

// Credentials are what a data_interfaces provider published for the
// relation: a database user's credentials and the fields of the other
// secret groups. Printed with fmt (%v, %+v, %#v, %s) or logged with slog,
// Password, URIs, ReadOnlyURIs and the Extra values show as ***: the URIs
// carry the password (postgresql://user:password@host/db).
type Credentials struct {
	Username string
	Password string
	// URIs and ReadOnlyURIs are the connection URIs (uris,
	// read-only-uris), "" when the provider did not publish them.
	URIs         string
	ReadOnlyURIs string
	// TLS is the provider's tls field as written ("True" or "False" with
	// the library's charms), TLSCA its CA certificate (tls-ca).
	TLS   string
	TLSCA string
	// Extra holds the fields of the extra group: the content of
	// secret-extra, or, without it, the plain bag fields ReadOptions
	// names. Nil when there are none.
	Extra map[string]string
	// SecretID is the secret the user group was read from (the
	// secret-user URI), or "" when the bag held it in plain text (Juju 2).
	SecretID string
	// TLSSecretID and ExtraSecretID are the same for secret-tls and
	// secret-extra.
	TLSSecretID   string
	ExtraSecretID string
}

const redacted = "***"

func redact(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

// redactedView is what Credentials print as: the same fields with the
// sensitive values replaced.
type redactedView struct {
	Username      string
	Password      string
	URIs          string
	ReadOnlyURIs  string
	TLS           string
	TLSCA         string
	Extra         map[string]string
	SecretID      string
	TLSSecretID   string
	ExtraSecretID string
}

func (cr Credentials) redacted() redactedView {
	v := redactedView{
		Username: cr.Username, Password: redact(cr.Password),
		URIs: redact(cr.URIs), ReadOnlyURIs: redact(cr.ReadOnlyURIs),
		TLS: cr.TLS, TLSCA: cr.TLSCA,
		SecretID: cr.SecretID, TLSSecretID: cr.TLSSecretID, ExtraSecretID: cr.ExtraSecretID,
	}
	if cr.Extra != nil {
		v.Extra = make(map[string]string, len(cr.Extra))
		for k, val := range cr.Extra {
			v.Extra[k] = redact(val)
		}
	}
	return v
}

// Format prints Credentials with the secret values redacted, whatever the
// verb (%v, %+v, %#v, %s, %q...).
func (cr Credentials) Format(f fmt.State, verb rune) {
	v := cr.redacted()
	switch {
	case verb == 'v' && f.Flag('#'):
		s := fmt.Sprintf("%#v", v)
		fmt.Fprint(f, strings.Replace(s, "datainterfaces.redactedView", "datainterfaces.Credentials", 1))
	case verb == 'v' && f.Flag('+'):
		fmt.Fprintf(f, "%+v", v)
	case verb == 'q':
		fmt.Fprintf(f, "%q", fmt.Sprintf("%+v", v))
	default:
		fmt.Fprintf(f, "%v", v)
	}
}

// String is the %v form, redacted.
func (cr Credentials) String() string { return fmt.Sprintf("%v", cr.redacted()) }

// GoString is the %#v form, redacted.
func (cr Credentials) GoString() string { return fmt.Sprintf("%#v", cr) }

// LogValue implements slog.LogValuer: a group with the secret values
// redacted.
func (cr Credentials) LogValue() slog.Value {
	v := cr.redacted()
	attrs := []slog.Attr{
		slog.String("username", v.Username), slog.String("password", v.Password),
		slog.String("uris", v.URIs), slog.String("read_only_uris", v.ReadOnlyURIs),
		slog.String("tls", v.TLS), slog.String("tls_ca", v.TLSCA),
	}
	if len(v.Extra) > 0 {
		keys := make([]string, 0, len(v.Extra))
		for k := range v.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		ex := make([]any, 0, len(keys))
		for _, k := range keys {
			ex = append(ex, slog.String(k, v.Extra[k]))
		}
		attrs = append(attrs, slog.Group("extra", ex...))
	}
	attrs = append(attrs, slog.String("secret_id", v.SecretID), slog.String("tls_secret_id", v.TLSSecretID),
		slog.String("extra_secret_id", v.ExtraSecretID))
	return slog.GroupValue(attrs...)
}

// ReadOptions tunes ReadWith.
type ReadOptions struct {
	// ExtraFields are the requirer's additional secret fields (the
	// library's additional_secret_fields, lines 2161 and 2206-2207): the
	// fields of the extra group. With secret-extra, Extra holds these keys
	// of its content (all of its content when ExtraFields is empty, where
	// the library filters by the requested fields, line 1521); without it,
	// these plain bag fields (Juju 2).
	ExtraFields []string
}

// Read returns what a data_interfaces provider published in its
// application databag (its raw keys, as RelationAppData returns them, or a
// decoded bag's MarshalDatabag output): ReadWith with no extra fields.
func Read(c *charm.Context, bag map[string]string) (Credentials, error) {
	return ReadWith(c, bag, ReadOptions{})
}

// ReadWith returns what a data_interfaces provider published in its
// application databag, group by group, as the library's requirer fetches
// it (_fetch_relation_data_with_secrets and _process_secret_fields, lines
// 1554-1591 and 1650-1684; the event properties, lines 3214-3225,
// 3308-3360 and 3488-3515, agree):
//
//   - With secret-<group> in the bag, the secret is read through
//     secret-get --refresh (the library's get_content(refresh=True), line
//     928). When it has content, the group's fields come from it alone,
//     and plain bag fields of that group are ignored: secret content wins
//     (lines 1583-1586: a group that returned content is not added back to
//     the plain fields; the event properties return secret.get(field)
//     whenever the secret has content, e.g. lines 3315-3318). A field the
//     secret lacks is then "".
//   - Without secret-<group>, or when its secret is empty, the group's
//     plain bag fields are used (lines 1587-1590, "a 2nd chance as normal
//     field", the Juju 2 path).
//
// A secret-<group> value that is not a secret: URI, or a secret that
// cannot be read (missing, not granted), is an error naming the key: the
// library raises too (ops' get_secret(id=...) in CachedSecret.meta, line
// 820, and RelationEventWithSecret._get_secret, line 3222). A bag with
// neither secret-user nor username nor password returns ErrNoCredentials;
// one of username and password without the other is an error.
func ReadWith(c *charm.Context, bag map[string]string, opts ReadOptions) (Credentials, error) {
	var cr Credentials
	user, userID, err := readGroup(c, bag, SecretUserKey, userKeys)
	if err != nil {
		return Credentials{}, err
	}
	cr.SecretID = userID
	cr.Username, cr.Password = user[UsernameKey], user[PasswordKey]
	cr.URIs, cr.ReadOnlyURIs = user[URIsKey], user[ReadOnlyURIsKey]
	switch {
	case cr.Username == "" && cr.Password == "" && cr.SecretID == "":
		return Credentials{}, ErrNoCredentials
	case cr.Username == "" || cr.Password == "":
		return Credentials{}, fmt.Errorf("incomplete credentials: username %t, password %t", cr.Username != "", cr.Password != "")
	}
	tls, tlsID, err := readGroup(c, bag, SecretTLSKey, tlsKeys)
	if err != nil {
		return Credentials{}, err
	}
	cr.TLSSecretID, cr.TLS, cr.TLSCA = tlsID, tls[TLSKey], tls[TLSCAKey]
	extra, extraID, err := readGroup(c, bag, SecretExtraKey, opts.ExtraFields)
	if err != nil {
		return Credentials{}, err
	}
	cr.ExtraSecretID = extraID
	for k, v := range extra {
		if v == "" {
			continue
		}
		if cr.Extra == nil {
			cr.Extra = map[string]string{}
		}
		cr.Extra[k] = v
	}
	return cr, nil
}

// readGroup returns the fields of one group: from the secret named by
// bag[secretKey] when it has content (only keys, or all of it when keys is
// empty), else the plain bag fields keys. id is the secret's URI ("" when
// the bag has none).
func readGroup(c *charm.Context, bag map[string]string, secretKey string, keys []string) (fields map[string]string, id string, err error) {
	fields = map[string]string{}
	if uri := bag[secretKey]; uri != "" {
		if !strings.HasPrefix(uri, "secret:") {
			return nil, "", fmt.Errorf("%s: %q is not a secret URI", secretKey, uri)
		}
		content, err := c.SecretGet(uri, "", false, true)
		if err != nil {
			return nil, "", fmt.Errorf("reading the secret of %s (%s): %w", secretKey, uri, err)
		}
		if len(content) > 0 {
			if len(keys) == 0 {
				for k, v := range content {
					fields[k] = v
				}
			}
			for _, k := range keys {
				fields[k] = content[k]
			}
			return fields, uri, nil
		}
		id = uri
	}
	for _, k := range keys {
		fields[k] = bag[k]
	}
	return fields, id, nil
}

// SecretLabel is the label data_interfaces gives the secret of one group
// ("user", "tls", "extra"...) of a relation: <endpoint>.<id>.<group>.secret
// (data_interfaces.py:1462-1467, _generate_secret_label).
func SecretLabel(rel charm.RelationID, group string) string {
	return fmt.Sprintf("%s.%d.%s.secret", rel.Endpoint, rel.ID, group)
}

// Publish is the provider side for the user group, as data_interfaces
// does it with Juju secrets: PublishWith with only Username and Password.
// It keeps them in an application-owned secret labelled
// SecretLabel(rel, "user"), grants it to the relation when it is created
// or changed, and writes only secret-user: <uri> in this application's
// databag, removing any plain user-group field a Juju 2 path left there.
// The password is never written to the databag. Leader only. It returns
// the secret's URI.
func Publish(c *charm.Context, rel charm.RelationID, username, password string) (string, error) {
	if username == "" || password == "" {
		return "", errors.New("datainterfaces.Publish: username and password must not be empty")
	}
	p, err := PublishWith(c, rel, PublishOptions{Username: username, Password: password})
	return p.UserSecretID, err
}

// PublishOptions is what PublishWith publishes. A group whose fields are
// all empty is not published (its secret and bag key are left as they
// are); a group that is published gets exactly the non-empty fields given
// (the secret's content is replaced, where the library merges new fields
// into the old content, lines 1346-1350).
type PublishOptions struct {
	// The user group (secret-user). Username and Password are needed
	// whenever the group is published.
	Username     string
	Password     string
	URIs         string
	ReadOnlyURIs string
	// The tls group (secret-tls): TLS as the library's charms write it
	// ("True"/"False", set_tls, line 2029), TLSCA the CA certificate.
	TLS   string
	TLSCA string
	// Extra is the extra group (secret-extra): fields outside the user and
	// tls groups. The library's requirer finds them only when it lists
	// them in its additional_secret_fields (lines 2206-2207). Keys must be
	// valid Juju secret keys (lowercase, at least 3 characters, single
	// hyphens); empty values are skipped.
	Extra map[string]string
}

// Published holds the URIs of the secrets PublishWith wrote ("" for a
// group it did not publish).
type Published struct {
	UserSecretID  string
	TLSSecretID   string
	ExtraSecretID string
}

// validSecretKey is Juju's rule for secret content keys (core/secrets).
var validSecretKey = regexp.MustCompile(`^([a-z](?:-?[a-z0-9]){2,})$`)

// PublishWith is the provider side of every group, as data_interfaces
// does it with Juju secrets (_add_relation_secret / _update_relation_secret,
// lines 1301-1354): each non-empty group goes into an application-owned
// secret labelled SecretLabel(rel, group) (lines 1317-1318), created or
// updated by EnsureSecret (an unchanged secret gets no new revision, as
// CachedSecret.set_content skips equal content, lines 945-947), granted to
// the relation when created or changed (the library grants on creation,
// line 918), and only its URI goes into this application's databag under
// secret-<group> (lines 1320-1326, set_secret_uri, lines 1778-1781). Plain fields of the published groups that a Juju 2 path
// left in the bag are removed, so the values are never in the databag.
// Nothing is written when nothing changed. Leader only.
//
// Unlike the library's provider, PublishWith does not look at the
// requirer's requested-secrets: it always uses secrets (a requirer on
// Juju 2, without secrets, cannot read them).
func PublishWith(c *charm.Context, rel charm.RelationID, opts PublishOptions) (Published, error) {
	var p Published
	// Refuse before writing anything: only the leader writes the
	// application bag and owns the application's secrets.
	if ok, err := c.IsLeader(); err != nil {
		return p, err
	} else if !ok {
		return p, fmt.Errorf("datainterfaces.PublishWith on %s: %w", rel, charm.ErrNotLeader)
	}
	type group struct {
		name, key string
		content   map[string]string
		plain     []string // the plain bag fields the group replaces
		id        *string
	}
	nonEmpty := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] != "" {
				m[kv[i]] = kv[i+1]
			}
		}
		return m
	}
	user := nonEmpty(UsernameKey, opts.Username, PasswordKey, opts.Password, URIsKey, opts.URIs, ReadOnlyURIsKey, opts.ReadOnlyURIs)
	if len(user) > 0 && (opts.Username == "" || opts.Password == "") {
		return p, errors.New("datainterfaces.PublishWith: the user group needs both username and password")
	}
	tls := nonEmpty(TLSKey, opts.TLS, TLSCAKey, opts.TLSCA)
	extra := map[string]string{}
	extraKeys := make([]string, 0, len(opts.Extra))
	for k := range opts.Extra {
		extraKeys = append(extraKeys, k)
	}
	sort.Strings(extraKeys)
	for _, k := range extraKeys {
		switch {
		case contains(userKeys, k) || contains(tlsKeys, k):
			return p, fmt.Errorf("datainterfaces.PublishWith: extra field %q belongs to another group; use its own option", k)
		case strings.HasPrefix(k, "secret-"):
			return p, fmt.Errorf("datainterfaces.PublishWith: extra field %q: secret- is the prefix of the secret URI keys", k)
		case !validSecretKey.MatchString(k):
			return p, fmt.Errorf("datainterfaces.PublishWith: extra field %q is not a valid Juju secret key", k)
		}
		if v := opts.Extra[k]; v != "" {
			extra[k] = v
		}
	}
	groups := []group{
		{GroupUser, SecretUserKey, user, userKeys, &p.UserSecretID},
		{GroupTLS, SecretTLSKey, tls, tlsKeys, &p.TLSSecretID},
		{GroupExtra, SecretExtraKey, extra, extraKeys, &p.ExtraSecretID},
	}
	update := map[string]string{}
	for _, g := range groups {
		if len(g.content) == 0 {
			continue
		}
		id, changed, err := c.EnsureSecret(g.content, charm.SecretOptions{Label: SecretLabel(rel, g.name)})
		if err != nil {
			return Published{}, fmt.Errorf("publishing the %s secret: %w", g.name, err)
		}
		if changed {
			if err := c.SecretGrant(id, rel, ""); err != nil {
				return Published{}, fmt.Errorf("granting the %s secret to %s: %w", g.name, rel, err)
			}
		}
		*g.id = id
		update[g.key] = id
		for _, k := range g.plain {
			update[k] = ""
		}
	}
	if len(update) == 0 {
		return p, errors.New("datainterfaces.PublishWith: nothing to publish")
	}
	if err := c.SetRelationData(rel, true, update); err != nil {
		return Published{}, err
	}
	return p, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
