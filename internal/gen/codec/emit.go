package codec

import (
	"strings"

	gocomment "github.com/charmgen/charmgen/internal/gen/comment"
	"github.com/dave/jennifer/jen"
)

// The emitters build jennifer code from the Go model (model.go), one
// constructor per generated construct, each in the file of its family:
//
//	emit_types.go      type declarations: databag and nested structs, aliases, enums
//	emit_validate.go   checks: the rules variables and the statements checking values
//	emit_decode.go     decoding JSON values, and the decodeJSON method of nested objects
//	emit_encode.go     encoding JSON values, and the encodeJSON method of nested objects
//	emit_unmarshal.go  a databag type's UnmarshalDatabag
//	emit_marshal.go    a databag type's MarshalDatabag
//	emit_package.go    the package comment and the charm.Databag assertion
//	emit_fuzz.go       the fuzz test of a package's decoders
//
// This file holds what they share. Emitters never resolve: every name and
// type comes from the model. Identifiers of other packages are always
// jen.Qual(path, name).

const (
	pkgJSON    = "encoding/json"
	pkgNetip   = "net/netip"
	pkgTime    = "time"
	pkgStrconv = "strconv"
	pkgRegexp  = "regexp"
	pkgFmt     = "fmt"
	pkgCharm   = "github.com/charmgen/charmgen/charm"
)

func rt(name string) *jen.Statement { return jen.Qual(RuntimePath, name) }

// comment returns doc comment lines for text, wrapped at 77 columns.
func comment(text string) []jen.Code {
	var out []jen.Code
	for _, line := range wrap(text, 77) {
		out = append(out, jen.Comment(line))
	}
	return out
}

// wrap splits text into lines of at most width columns, keeping existing
// line breaks and indented lines.
func wrap(text string, width int) []string {
	text, _ = gocomment.Safe(text) // descriptions come from strangers' schemas
	var out []string
	for _, line := range strings.Split(strings.TrimRight(text, "\n "), "\n") {
		line = strings.TrimRight(line, " \t")
		if len(line) <= width || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			out = append(out, line)
			continue
		}
		// One buffer per paragraph: words are appended, and each full
		// line is cut off as a string.
		var cur []byte
		for _, w := range strings.Fields(line) {
			if len(cur) > 0 && len(cur)+1+len(w) > width {
				out = append(out, string(cur))
				cur = cur[:0]
			}
			if len(cur) > 0 {
				cur = append(cur, ' ')
			}
			cur = append(cur, w...)
		}
		out = append(out, string(cur))
	}
	return out
}

// typeExpr returns the Go type of t.
func typeExpr(t *goType) *jen.Statement {
	switch t.kind {
	case tString:
		return jen.String()
	case tInt:
		return jen.Int64()
	case tFloat:
		return jen.Float64()
	case tBool:
		return jen.Bool()
	case tAddr:
		return jen.Qual(pkgNetip, "Addr")
	case tSecret:
		return jen.Qual(RuntimePath, "SecretURI")
	case tNetwork, tInterface:
		return jen.Qual(pkgNetip, "Prefix")
	case tTime:
		return jen.Qual(pkgTime, "Time")
	case tSlice:
		return jen.Index().Add(typeExpr(t.elem))
	case tMap:
		return jen.Map(jen.String()).Add(typeExpr(t.elem))
	case tStruct:
		return jen.Id(t.st.name)
	case tEnum:
		return jen.Id(t.en.name)
	case tPtr:
		return jen.Op("*").Add(typeExpr(t.elem))
	}
	return jen.Qual(pkgJSON, "RawMessage")
}

// expr builds a fresh copy of an expression each time it is called, so
// one expression can appear in several places.
type expr func() *jen.Statement

func id(name string) expr { return func() *jen.Statement { return jen.Id(name) } }

// pathRef names a *databag.Path in generated code: a pointer variable, or a
// Path variable whose address is taken; the zero pathRef is nil.
type pathRef struct {
	name  string
	value bool
}

func pathPtr(name string) pathRef { return pathRef{name: name} }

func pathVal(name string) pathRef { return pathRef{name: name, value: true} }

// ptr is the path as a *databag.Path.
func (p pathRef) ptr() *jen.Statement {
	switch {
	case p.name == "":
		return jen.Nil()
	case p.value:
		return jen.Op("&").Id(p.name)
	}
	return jen.Id(p.name)
}

// recv is the path as a method receiver.
func (p pathRef) recv() *jen.Statement { return jen.Id(p.name) }

func sel(base expr, field string) expr {
	return func() *jen.Statement { return base().Dot(field) }
}
