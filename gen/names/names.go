// Package names turns charm names (log-level, db, s3-credentials,
// 2fa_enabled) into Go identifiers, deterministically. The rules are frozen:
// changing them renames users' code.
//
//   - Words are split on anything that is not a letter or digit.
//   - Each word is capitalised; known initialisms are upper-cased (db → DB,
//     api-url → APIURL).
//   - A name that would start with a digit gets an X prefix (2fa → X2fa).
//   - Go keywords and predeclared identifiers only matter for unexported
//     names; they get a trailing underscore.
//   - Collisions inside one scope are broken by a numeric suffix in the
//     order the names are given (foo-bar, foo_bar → FooBar, FooBar2).
package names

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are upper-cased whole, as Go style wants (DB, not Db).
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "cpu": true, "css": true, "db": true, "dns": true,
	"eof": true, "gid": true, "gpu": true, "html": true, "http": true, "https": true, "id": true,
	"ip": true, "json": true, "k8s": true, "oci": true, "os": true, "ram": true, "rpc": true, "sql": true, "ssh": true,
	"ssl": true, "tcp": true, "tls": true, "ttl": true, "udp": true, "ui": true, "uid": true,
	"uri": true, "url": true, "utf8": true, "uuid": true, "vm": true, "xml": true, "yaml": true,
}

// Words splits a name into its words.
func Words(name string) []string {
	return strings.FieldsFunc(name, func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
}

// Exported returns the exported Go identifier for name.
func Exported(name string) string {
	var b strings.Builder
	for _, w := range Words(name) {
		lw := strings.ToLower(w)
		if initialisms[lw] {
			b.WriteString(strings.ToUpper(lw))
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	s := b.String()
	if s == "" {
		return "X"
	}
	if s[0] >= '0' && s[0] <= '9' {
		s = "X" + s
	}
	return s
}

// Unexported returns an unexported Go identifier for name.
func Unexported(name string) string {
	e := Exported(name)
	// Lower-case the leading run of capitals of an initialism (DBHost →
	// dbHost), or the first letter.
	words := Words(name)
	if len(words) > 0 && initialisms[strings.ToLower(words[0])] && !(e[0] == 'X' && words[0][0] >= '0' && words[0][0] <= '9') {
		n := len(words[0])
		e = strings.ToLower(e[:n]) + e[n:]
	} else {
		e = strings.ToLower(e[:1]) + e[1:]
	}
	if token.IsKeyword(e) || predeclared[e] {
		e += "_"
	}
	return e
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
