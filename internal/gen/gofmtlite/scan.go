package gofmtlite

import (
	"bytes"
	"go/scanner"
	"go/token"
	"strings"
)

// tok is one token of the source, with the position information the
// printer needs: go/printer decides line breaks from source lines. It
// is kept small: a file has thousands.
type tok struct {
	t    token.Token
	lit  string // text for identifiers, literals and comments; "\n" or ";" for semicolons
	line int    // 1-based source line
	off  int    // byte offset of the first byte
}

// scan tokenizes src, appending to toks[:0] (returned even when it
// declines, so that the buffer is reused). It declines (ok=false) on
// anything the formatter would have to treat specially: scanner errors,
// carriage returns (the scanner drops them from raw strings, go/printer
// then prints the literal without them), a byte order mark, tokens
// spanning lines (raw strings, /* */ comments) and build or line
// directives, which go/printer moves or keeps unindented.
func scan(src []byte, toks []tok) (_ []tok, ok bool) {
	toks = toks[:0]
	if bytes.IndexByte(src, '\r') >= 0 || bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return toks, false
	}
	if cap(toks) < len(src)/3 {
		toks = make([]tok, 0, len(src)/3)
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	errs := 0
	s.Init(file, src, func(token.Position, string) { errs++ }, scanner.ScanComments)
	base := file.Base()
	line, counted := 1, 0
	for {
		pos, t, lit := s.Scan()
		if errs > 0 {
			return toks, false
		}
		off := int(pos) - base
		// Advance the line count to off; offsets only grow.
		for i := bytes.IndexByte(src[counted:off], '\n'); i >= 0; i = bytes.IndexByte(src[counted:off], '\n') {
			counted += i + 1
			line++
		}
		counted = off
		switch t {
		case token.COMMENT:
			if strings.HasPrefix(lit, "/*") || strings.HasPrefix(lit, "//line ") ||
				strings.HasPrefix(lit, "//go:build") || strings.HasPrefix(lit, "// +build") {
				return toks, false
			}
		case token.IDENT, token.INT, token.FLOAT, token.IMAG, token.CHAR, token.STRING:
			if strings.IndexByte(lit, '\n') >= 0 {
				return toks, false
			}
		}
		toks = append(toks, tok{t: t, lit: lit, line: line, off: off})
		if t == token.EOF {
			return toks, true
		}
	}
}

// column returns the 1-based byte column of t in src.
func column(src []byte, t tok) int {
	return t.off - (bytes.LastIndexByte(src[:t.off], '\n') + 1) + 1
}
