package databag

import "strings"

// SecretURI is the URI of a Juju secret as a databag carries it:
// secret:<id>, or secret://<uuid>/<id> with the model (source) UUID, where
// <id> is 20 characters of 0-9 and a-z. Generated codecs give fields of
// format juju-secret-uri this type (data_interfaces' secret-user,
// secret-tls, secret-extra...); the charm reads the content with
// charm.Context.SecretGet(string(uri), ...) or a package such as
// charm/datainterfaces.
//
// The syntax is Juju's (core/secrets/secret.go ParseURI: scheme secret,
// an optional UUID host, an id matching [0-9a-z]{20}); Juju also decodes
// the id as an xid, which is not checked here, so that the ids
// ops.testing makes up ([0-9a-z]{20} at random) pass as they do there.
type SecretURI string

// IsValid reports whether u has the syntax of a Juju secret URI.
func (u SecretURI) IsValid() bool { return isSecretURI(string(u)) }

// String returns the URI as written in the databag.
func (u SecretURI) String() string { return string(u) }

// ID returns the secret's id: the 20 characters after the scheme and the
// optional model UUID, or "" when u is not valid.
func (u SecretURI) ID() string {
	if !u.IsValid() {
		return ""
	}
	s := string(u)
	return s[len(s)-20:]
}

func isSecretURI(s string) bool {
	rest, ok := strings.CutPrefix(s, "secret:")
	if !ok {
		return false
	}
	if host, ok := strings.CutPrefix(rest, "//"); ok {
		uuid, id, ok := strings.Cut(host, "/")
		if !ok || !isUUID(uuid) || strings.ToLower(uuid) != uuid {
			return false
		}
		rest = id
	}
	if len(rest) != 20 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
