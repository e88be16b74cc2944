// Package names turns charm names (log-level, db, s3-credentials,
// 2fa_enabled, redirectUri) into Go identifiers, deterministically. The
// rules are frozen: changing them renames users' code.
//
//   - Words are split on anything that is not a letter or digit (Unicode
//     letters and digits are kept), and where the case says a word starts
//     (redirectUri, HTTPServer; a plural s stays: URIs).
//   - Each word is capitalised, its inside kept (S3APIVersion stays);
//     known initialisms are spelled as Go spells them, plurals too (db → DB,
//     api-url → APIURL, redirect_uris → RedirectURIs, oauth → OAuth).
//   - An exported name that would not start with an upper-case letter gets
//     an X prefix (2fa → X2fa); a name with no words is X.
//   - Go keywords and predeclared identifiers only matter for unexported
//     names; they get a trailing underscore.
//   - Package names are the lower-case letters and digits, no underscores
//     (tls_certificates → tlscertificates).
//   - Collisions inside one scope are broken by a numeric suffix in the
//     order the names are given (foo-bar, foo_bar → FooBar, FooBar2).
package names

import (
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms maps a lower-case word to its Go spelling (DB, not Db;
// OAuth, not Oauth): the staticcheck ST1003 list, plus words charms and
// relation interfaces use. A word that is one of them plus a final s is
// the plural (ids → IDs, redirect_uris → RedirectURIs).
var initialisms = map[string]string{
	"acl": "ACL", "amqp": "AMQP", "api": "API", "ascii": "ASCII", "ca": "CA", "cidr": "CIDR", "cpu": "CPU",
	"css": "CSS", "db": "DB", "dns": "DNS", "eof": "EOF", "gid": "GID", "gpu": "GPU", "guid": "GUID",
	"html": "HTML", "http": "HTTP", "https": "HTTPS", "id": "ID", "ip": "IP", "json": "JSON", "jwt": "JWT",
	"k8s": "K8S", "ldap": "LDAP", "lhs": "LHS", "oauth": "OAuth", "oauth2": "OAuth2", "oci": "OCI", "oidc": "OIDC", "os": "OS",
	"qps": "QPS", "ram": "RAM", "rhs": "RHS", "rpc": "RPC", "saml": "SAML", "sla": "SLA", "smtp": "SMTP",
	"sql": "SQL", "ssh": "SSH", "ssl": "SSL", "tcp": "TCP", "tls": "TLS", "ttl": "TTL", "udp": "UDP",
	"ui": "UI", "uid": "UID", "uri": "URI", "url": "URL", "utf8": "UTF8", "uuid": "UUID", "vm": "VM",
	"xml": "XML", "xmpp": "XMPP", "xsrf": "XSRF", "xss": "XSS", "yaml": "YAML",
}

// initialism returns the Go spelling of w when it is an initialism or the
// plural of one.
func initialism(w string) (string, bool) {
	lw := strings.ToLower(w)
	if s, ok := initialisms[lw]; ok {
		return s, true
	}
	if n := len(lw); n > 1 && lw[n-1] == 's' {
		if s, ok := initialisms[lw[:n-1]]; ok {
			return s + "s", true
		}
	}
	return "", false
}

// Words splits a name into its words: runs of letters and digits (Unicode
// ones too, as Go identifiers allow), each run split again where its case
// says a new word starts (camelCase and PascalCase keys: redirectUri →
// redirect, Uri; HTTPServer → HTTP, Server; S3APIVersion → S3, API,
// Version), keeping a plural s on an upper-case run (URIs, userIDs → user,
// IDs).
func Words(name string) []string {
	var out []string
	for _, run := range strings.FieldsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		out = appendCamelWords(out, []rune(run))
	}
	return out
}

// appendCamelWords splits one run of letters and digits at its case
// changes: before an upper-case letter that follows a lower-case letter or
// a digit, and before the last upper-case letter of a run of them that a
// lower-case letter follows (HTTPServer), unless that lower-case part is a
// lone plural s (URIs, IDsList).
func appendCamelWords(out []string, r []rune) []string {
	start := 0
	for i := 1; i < len(r); i++ {
		if !unicode.IsUpper(r[i]) {
			continue
		}
		prev := r[i-1]
		split := unicode.IsLower(prev) || unicode.IsDigit(prev)
		if unicode.IsUpper(prev) && i+1 < len(r) && unicode.IsLower(r[i+1]) {
			plural := r[i+1] == 's' && (i+2 == len(r) || !unicode.IsLower(r[i+2]))
			split = !plural
		}
		if split {
			out = append(out, string(r[start:i]))
			start = i
		}
	}
	return append(out, string(r[start:]))
}

// Camel joins the words of name, each capitalised or spelled as its
// initialism; the inside of a word is kept (S3APIVersion stays). It is
// not always an identifier on its own (it may be empty or start with a
// digit): it is for suffixes of one (an enum constant's value part).
func Camel(name string) string {
	var b strings.Builder
	for _, w := range Words(name) {
		if s, ok := initialism(w); ok {
			b.WriteString(s)
			continue
		}
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	return b.String()
}

// Exported returns the exported Go identifier for name: Camel, with an X
// in front when that does not start with an upper-case letter (a digit, or
// a letter that has no upper case), and X for a name with no words.
// Exported names are never keywords or predeclared identifiers.
func Exported(name string) string {
	s := Camel(name)
	if s == "" {
		return "X"
	}
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsUpper(r) {
		s = "X" + s
	}
	return s
}

// Unexported returns an unexported Go identifier for name.
func Unexported(name string) string {
	e := Exported(name)
	// Lower-case a leading initialism whole (DBHost → dbHost, OAuthURL →
	// oauthURL), or else the first letter.
	words := Words(name)
	if len(words) > 0 {
		if s, ok := initialism(words[0]); ok && strings.HasPrefix(e, s) {
			e = strings.ToLower(s) + e[len(s):]
			return unreserved(e)
		}
	}
	r, n := utf8.DecodeRuneInString(e)
	return unreserved(string(unicode.ToLower(r)) + e[n:])
}

// unreserved adds a trailing underscore to Go keywords and predeclared
// identifiers.
func unreserved(e string) string {
	if token.IsKeyword(e) || predeclared[e] {
		e += "_"
	}
	return e
}

// Package returns a Go package name for name: its letters and digits in
// lower case, no underscores (tls_certificates → tlscertificates), with an
// x in front when it would be empty, start with a digit or be a keyword.
// The import path keeps whatever spelling the directory has.
func Package(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || s[0] >= '0' && s[0] <= '9' || token.IsKeyword(s) {
		s = "x" + s
	}
	return s
}

var predeclared = map[string]bool{
	"any": true, "bool": true, "byte": true, "comparable": true, "complex64": true, "complex128": true,
	"error": true, "float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true, "uint32": true,
	"uint64": true, "uintptr": true, "true": true, "false": true, "iota": true, "nil": true, "append": true,
	"cap": true, "clear": true, "close": true, "complex": true, "copy": true, "delete": true, "imag": true,
	"len": true, "make": true, "max": true, "min": true, "new": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true,
}

// Scope hands out identifiers that are unique within it.
type Scope struct {
	used map[string]bool
}

// NewScope returns a scope in which reserved names are already taken.
func NewScope(reserved ...string) *Scope {
	s := &Scope{used: map[string]bool{}}
	for _, r := range reserved {
		s.used[r] = true
	}
	return s
}

// Take returns ident, or ident with the smallest numeric suffix (from 2)
// that is still free, and marks it used.
func (s *Scope) Take(ident string) string {
	if !s.used[ident] {
		s.used[ident] = true
		return ident
	}
	for i := 2; ; i++ {
		c := ident + itoa(i)
		if !s.used[c] {
			s.used[c] = true
			return c
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
