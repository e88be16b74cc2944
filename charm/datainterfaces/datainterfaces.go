// Package datainterfaces gives a Go charm the credentials of the database
// relations that use lib/charms/data_platform_libs/v0/data_interfaces.py
// (postgresql_client, mysql_client, opensearch_client v0 and the library's
// other users), as the library handles them: in plain text in the
// provider's application databag on Juju 2, or, with Juju secrets, in a
// secret granted to the relation whose URI the bag holds under secret-user.
// A package of its own so that charms without such relations do not carry
// it; standard library and the charm runtime only.
package datainterfaces

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmgen/charmgen/charm"
)

// On Juju 2 the provider writes username and password in plain text in its
// application databag. With Juju secrets (Juju 3), when the requirer lists
// them in requested-secrets, the provider puts them in a secret granted to
// the relation and writes only the secret's URI under secret-user
// (data_interfaces.py:1469-1471, _generate_secret_field_name; the user
// group holds username, password, uris and read-only-uris, lines
// 1137-1141, each under its own field name as the content key, lines
// 1526-1540).

// Keys of the data_interfaces provider application databag.
const (
	SecretUserKey = "secret-user"
	UsernameKey   = "username"
	PasswordKey   = "password"
)

// ErrNoCredentials reports a provider bag with neither secret-user nor
// username and password: the provider has not delivered credentials yet.
// A charm should wait (a waiting status), not fail.
var ErrNoCredentials = errors.New("the provider has not written credentials yet (no secret-user, username or password)")

// Credentials are a database user's credentials.
type Credentials struct {
	Username string
	Password string
	// SecretID is the secret they were read from (the secret-user URI), or
	// "" when the bag held them in plain text (Juju 2).
	SecretID string
}

// Read returns the credentials of a data_interfaces
// provider's application databag (its raw keys, as RelationAppData returns
// them, or a decoded bag's MarshalDatabag output). With secret-user the
// secret is read through secret-get (moving tracking to the latest
// revision, as the library does: get_content(refresh=True),
// data_interfaces.py:928); a key the secret lacks falls back to the bag,
// as the library falls back to plain fields (lines 1586-1590). Without
// secret-user the plain username and password are used (Juju 2). A bag
// with neither returns ErrNoCredentials.
func Read(c *charm.Context, bag map[string]string) (Credentials, error) {
	cr := Credentials{Username: bag[UsernameKey], Password: bag[PasswordKey]}
	if uri := bag[SecretUserKey]; uri != "" {
		if !strings.HasPrefix(uri, "secret:") {
			return Credentials{}, fmt.Errorf("%s: %q is not a secret URI", SecretUserKey, uri)
		}
		content, err := c.SecretGet(uri, "", false, true)
		if err != nil {
			return Credentials{}, fmt.Errorf("reading the credentials secret (%s): %w", SecretUserKey, err)
		}
		cr.SecretID = uri
		if v := content[UsernameKey]; v != "" {
			cr.Username = v
		}
		if v := content[PasswordKey]; v != "" {
			cr.Password = v
		}
	}
	switch {
	case cr.Username == "" && cr.Password == "" && cr.SecretID == "":
		return Credentials{}, ErrNoCredentials
	case cr.Username == "" || cr.Password == "":
		return Credentials{}, fmt.Errorf("incomplete credentials: username %t, password %t", cr.Username != "", cr.Password != "")
	}
	return cr, nil
}

// SecretLabel is the label data_interfaces gives the secret of one group
// ("user", "tls", "extra"...) of a relation: <endpoint>.<id>.<group>.secret
// (data_interfaces.py:1462-1467, _generate_secret_label).
func SecretLabel(rel charm.RelationID, group string) string {
	return fmt.Sprintf("%s.%d.%s.secret", rel.Endpoint, rel.ID, group)
}

// Publish is the provider side, as data_interfaces does
// it with Juju secrets: it keeps username and password in an
// application-owned secret labelled SecretLabel(rel, "user") (created or
// updated by EnsureSecret), grants it to the relation when it is created
// or changed, and writes only secret-user: <uri> in this application's
// databag, removing any plain username/password a Juju 2 path left there.
// The password is never written to the databag. Leader only. It returns
// the secret's URI.
func Publish(c *charm.Context, rel charm.RelationID, username, password string) (string, error) {
	if username == "" || password == "" {
		return "", errors.New("datainterfaces.Publish: username and password must not be empty")
	}
	id, changed, err := c.EnsureSecret(map[string]string{UsernameKey: username, PasswordKey: password},
		charm.SecretOptions{Label: SecretLabel(rel, "user")})
	if err != nil {
		return "", err
	}
	if changed {
		if err := c.SecretGrant(id, rel, ""); err != nil {
			return "", err
		}
	}
	if err := c.SetRelationData(rel, true, map[string]string{
		SecretUserKey: id, UsernameKey: "", PasswordKey: "",
	}); err != nil {
		return "", err
	}
	return id, nil
}
