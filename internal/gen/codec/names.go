package codec

import (
	"strconv"

	"github.com/charmgen/charmgen/internal/gen/names"
)

// Every Go identifier the codec derives from a schema (types, fields, enum
// constants, package names) goes through internal/gen/names, the one naming
// scheme of charmgen: types and fields are names.Exported of the $defs name
// or wire key (db_name → DBName, redirect_uris → RedirectURIs), enum
// constants the type name plus constName, packages packageName. Collisions
// are resolved where the names are given out (nameFields, resolveNames).

// constName makes the name part of an enum constant from its value: the
// value's words (names.Camel), a number as written (-1 → Minus1), Empty
// for "" and Value for a value with no letters or digits.
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
	if name := names.Camel(v); name != "" {
		return name
	}
	return "Value"
}

// packageName makes the Go package name of an interface version:
// <name>v<N> in lower case without underscores (tls_certificates v0 →
// tlscertificatesv0); the directory keeps the interface's name.
func packageName(name string, version int) string {
	return names.Package(name + "v" + strconv.Itoa(version))
}
