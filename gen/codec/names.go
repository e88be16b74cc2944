package codec

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
)

// initialisms are written in capitals in Go names (the golint list, plus
// CA for certificate authorities).
var initialisms = map[string]bool{
	"acl": true, "api": true, "ascii": true, "ca": true, "cpu": true, "css": true, "dns": true,
	"eof": true, "guid": true, "html": true, "http": true, "https": true, "id": true, "ip": true,
	"json": true, "lhs": true, "qps": true, "ram": true, "rhs": true, "rpc": true, "sla": true,
	"smtp": true, "sql": true, "ssh": true, "tcp": true, "tls": true, "ttl": true, "udp": true,
	"ui": true, "uid": true, "uuid": true, "uri": true, "url": true, "utf8": true, "vm": true,
	"xml": true, "xmpp": true, "xsrf": true, "xss": true,
}

// words splits s at every character that is not a letter or a digit.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// exported makes an exported Go identifier from a wire key or a schema
// name: words are split at non-alphanumerics, initialisms are capitalised
// (model_uuid → ModelUUID), other words get a capital first letter, and a
// name that cannot start an exported identifier gets an X in front. The
// result is never a keyword (exported names are capitalised).
func exported(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		if initialisms[strings.ToLower(w)] {
			b.WriteString(strings.ToUpper(w))
			continue
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	name := b.String()
	if name == "" {
		return "X"
	}
	if r := []rune(name)[0]; !unicode.IsUpper(r) {
		name = "X" + name
	}
	return name
}

// typeName makes a type name from a $defs name. It is exported: the
// inside of each word is already kept (S3APIVersion stays S3APIVersion).
func typeName(s string) string { return exported(s) }

// constName makes the name part of an enum constant from its value.
func constName(v string) string {
	if v == "" {
		return "Empty"
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return "Minus" + strconv.FormatInt(-n, 10)
		}
		return strconv.FormatInt(n, 10)
	}
	name := exported(v)
	if name == "X" && len(words(v)) == 0 {
		return "Value"
	}
	return strings.TrimPrefix(name, "X")
}

// packageName makes the Go package name of an interface version:
// <name>v<N>, lower case, other characters replaced by _.
func packageName(name string, version int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := b.String() + "v" + strconv.Itoa(version)
	if s[0] >= '0' && s[0] <= '9' || s[0] == '_' {
		s = "x" + s
	}
	if token.IsKeyword(s) {
		s += "_"
	}
	return s
}

// lowerFirst returns s with a lower-case first letter, for unexported
// helper names derived from type names.
func lowerFirst(s string) string {
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}
