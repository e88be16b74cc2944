package gofmtlite

import (
	"bytes"
	"go/scanner"
	"go/token"
	"strings"
)

// tok is one token of the source, with the position information the
// printer needs: go/printer decides line breaks from source lines, and
// doc comment reformatting from columns and offsets.
type tok struct {
	t    token.Token
	lit  string // text for identifiers, literals and comments; "\n" or ";" for semicolons
	line int    // 1-based source line
	col  int    // 1-based byte column
	off  int    // byte offset of the first byte
	end  int    // byte offset after the last byte
}

// scan tokenizes src, appending to toks[:0]. It declines (ok=false) on anything the formatter
// would have to treat specially: scanner errors, carriage returns (the
// scanner drops them from raw strings, go/printer then prints the
// literal without them), a byte order mark, tokens spanning lines
// (raw strings, /* */ comments) and build or line directives, which
// go/printer moves or keeps unindented.
func scan(src []byte, toks []tok) (_ []tok, ok bool) {
	if bytes.IndexByte(src, '\r') >= 0 || bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return nil, false
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	errs := 0
	s.Init(file, src, func(token.Position, string) { errs++ }, scanner.ScanComments)
	base := file.Base()
	line, lineStart, counted := 1, 0, 0
	toks = toks[:0]
	for {
		pos, t, lit := s.Scan()
		if errs > 0 {
			return nil, false
		}
		off := int(pos) - base
		// Advance the line count to off; offsets only grow.
		for i := bytes.IndexByte(src[counted:off], '\n'); i >= 0; i = bytes.IndexByte(src[counted:off], '\n') {
			counted += i + 1
			line++
			lineStart = counted
		}
		counted = off
		tk := tok{t: t, lit: lit, line: line, col: off - lineStart + 1, off: off}
		switch {
		case t == token.EOF:
			tk.end = off
			toks = append(toks, tk)
			return toks, true
		case t == token.SEMICOLON:
			if lit == ";" {
				tk.end = off + 1
			} else {
				tk.end = off // automatic: no text
			}
		case t == token.COMMENT:
			if strings.HasPrefix(lit, "/*") || strings.HasPrefix(lit, "//line ") ||
				strings.HasPrefix(lit, "//go:build") || strings.HasPrefix(lit, "// +build") {
				return nil, false
			}
			tk.end = off + len(lit)
		case t == token.IDENT || t.IsLiteral():
			if strings.IndexByte(lit, '\n') >= 0 {
				return nil, false
			}
			tk.end = off + len(lit)
		default:
			tk.end = off + len(t.String())
		}
		toks = append(toks, tk)
	}
}
