package gofmtlite

import (
	"go/token"
	"sort"
)

// file prints a whole file: comments, package clause, declarations.
func (f *formatter) file() {
	f.comments(true)
	f.tok(f.expect(token.PACKAGE))
	f.blank()
	f.tok(f.expect(token.IDENT))
	f.semi()
	prev := token.ILLEGAL
	for f.peek().t != token.EOF {
		t := f.peek()
		if t.t == token.COMMENT {
			f.comments(true)
			t = f.peek()
			if t.t == token.EOF {
				f.bail() // trailing comments
			}
		} else {
			// declList: a blank line between declarations of different
			// kinds; the source's line breaks otherwise.
			min := 1
			if prev != t.t {
				min = 2
			}
			f.linebreak(t.line, min, false)
		}
		prev = t.t
		switch t.t {
		case token.IMPORT:
			f.importDecl()
		case token.TYPE:
			f.typeDecl()
		case token.VAR, token.CONST:
			f.genDecl()
		case token.FUNC:
			f.funcDecl()
		default:
			f.bail()
		}
		f.semi()
	}
	f.newlines(1, false)
}

// importDecl prints an import declaration, sorting each run of
// consecutive import lines by path as go/format's ast.SortImports does.
func (f *formatter) importDecl() {
	f.tok(f.next())
	f.blank()
	if f.peek().t != token.LPAREN {
		f.importSpec()
		return
	}
	f.tok(f.next())
	type spec struct {
		name, path tok
		hasName    bool
	}
	var specs []spec
	for f.peek().t != token.RPAREN {
		if f.peek().t == token.COMMENT {
			f.bail()
		}
		var s spec
		if f.peek().t == token.IDENT || f.peek().t == token.PERIOD {
			s.name, s.hasName = f.next(), true
		}
		s.path = f.expect(token.STRING)
		if s.hasName && s.name.line != s.path.line {
			f.bail()
		}
		f.semi()
		specs = append(specs, s)
	}
	if len(specs) == 0 {
		f.bail()
	}
	seen := map[string]bool{}
	for _, s := range specs {
		if !cleanImportPath(s.path.lit) || seen[s.path.lit] {
			f.bail() // SortImports would rewrite or drop it
		}
		seen[s.path.lit] = true
	}
	// Sort runs of specs on consecutive lines, keeping the lines.
	for i := 0; i < len(specs); {
		j := i + 1
		for j < len(specs) && specs[j].path.line == specs[j-1].path.line+1 {
			j++
		}
		run := specs[i:j]
		lines := make([]int, len(run))
		for k, s := range run {
			lines[k] = s.path.line
		}
		sort.SliceStable(run, func(a, b int) bool { return unquote(run[a].path.lit) < unquote(run[b].path.lit) })
		for k := range run {
			run[k].path.line = lines[k]
			run[k].name.line = lines[k]
		}
		i = j
	}
	f.indent++
	for i, s := range specs {
		if i == 0 {
			f.newlines(1, true)
			f.lastLine = s.path.line
		} else {
			f.linebreak(s.path.line, 1, false)
		}
		if s.hasName {
			f.tok(s.name)
			f.blank()
		}
		f.tok(s.path)
	}
	f.indent--
	r := f.expect(token.RPAREN)
	f.newlines(1, true)
	f.lastLine = r.line
	f.tok(r)
}

func (f *formatter) importSpec() {
	if f.peek().t == token.IDENT {
		f.tok(f.next())
		f.blank()
	}
	p := f.expect(token.STRING)
	if !cleanImportPath(p.lit) {
		f.bail()
	}
	f.tok(p)
}

// unquote returns the value of a clean import path literal.
func unquote(lit string) string { return lit[1 : len(lit)-1] }

// cleanImportPath reports whether an import path literal is one
// go/printer prints verbatim: a double-quoted string without escapes.
func cleanImportPath(lit string) bool {
	if len(lit) < 3 || lit[0] != '"' || lit[len(lit)-1] != '"' {
		return false
	}
	for _, c := range lit[1 : len(lit)-1] {
		if c == '\\' || c == '"' || c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// typeDecl prints type Name T, type Name = T and type Name struct{...}.
func (f *formatter) typeDecl() {
	f.tok(f.next())
	f.blank()
	if f.peek().t == token.LPAREN {
		f.bail()
	}
	f.tok(f.expect(token.IDENT))
	f.blank()
	if t := f.peek(); t.t == token.ASSIGN {
		f.tok(f.next())
		f.blank()
	}
	if t := f.peek(); t.t == token.STRUCT {
		f.tok(f.next())
		f.structBody()
		return
	}
	f.expr(f.parseType())
}

// structBody prints a struct's fields as go/printer's fieldList does:
// names and types in aligned cells (a lone field gets a blank), a
// section break after a field spanning lines, doc comments above.
func (f *formatter) structBody() {
	open := f.expect(token.LBRACE)
	if f.peek().t == token.RBRACE {
		if f.peek().line != open.line {
			f.bail()
		}
		f.tok(open)
		f.tok(f.next())
		return
	}
	f.blank()
	f.tok(open)
	f.indent++
	// Parse the fields first: a lone field is separated by a blank.
	type field struct {
		start int // token index (first comment or name)
		names []tok
		typ   *node
		tag   *tok
	}
	start := f.i
	var fields []field
	for f.peek().t != token.RBRACE {
		fd := field{start: f.i}
		for f.peek().t == token.COMMENT {
			f.i++
		}
		fd.names = append(fd.names, f.expect(token.IDENT))
		for f.peek().t == token.COMMA {
			f.i++
			fd.names = append(fd.names, f.expect(token.IDENT))
		}
		switch f.peek().t {
		case token.SEMICOLON, token.STRING, token.RBRACE:
			f.bail() // embedded field
		}
		fd.typ = f.parseType()
		if f.peek().t == token.STRING {
			t := f.next()
			fd.tag = &t
		}
		f.semi()
		fields = append(fields, fd)
	}
	end := f.i
	if f.peek().line == open.line {
		f.bail() // a one-line struct, printed on one line if small
	}
	// go/printer separates the cells of a lone field with a blank.
	sep := f.vtab
	useVtab := len(fields) > 1
	if !useVtab {
		sep = f.blank
	}
	f.i = start
	recorded := 0
	for i, fd := range fields {
		f.i = fd.start
		if f.peek().t == token.COMMENT {
			f.comments(false)
		} else if i == 0 {
			f.newlines(1, true)
			f.lastLine = fd.names[0].line
		} else {
			f.linebreak(fd.names[0].line, 1, f.outLine > recorded)
		}
		recorded = f.outLine
		for k, n := range fd.names {
			if k > 0 {
				f.emit(tok{t: token.COMMA, line: n.line}, ",")
				f.blank()
			}
			f.tok(n)
		}
		sep()
		f.expr(fd.typ)
		if fd.tag != nil {
			if useVtab {
				sep()
			}
			sep()
			f.tok(*fd.tag)
		}
		f.i = f.skipField()
	}
	f.i = end
	if f.peek().t == token.COMMENT {
		f.bail()
	}
	f.indent--
	r := f.expect(token.RBRACE)
	f.newlines(1, true)
	f.lastLine = r.line
	f.tok(r)
}

// skipField returns the index after the current field's semicolon.
func (f *formatter) skipField() int {
	for {
		t := f.toks[f.i]
		if t.t == token.SEMICOLON {
			return f.i + 1
		}
		if t.t == token.RBRACE && t.line != f.lastLine || t.t == token.EOF {
			return f.i
		}
		f.i++
	}
}

// valueSpec is one spec of a var or const declaration.
type valueSpec struct {
	start  int
	names  []tok
	typ    *node
	assign tok
	values []*node
	line   int // line of the first name
	endTok int // token index after the spec
}

func (f *formatter) parseValueSpec() valueSpec {
	s := valueSpec{start: f.i}
	s.names = append(s.names, f.expect(token.IDENT))
	for f.peek().t == token.COMMA {
		f.i++
		s.names = append(s.names, f.expect(token.IDENT))
	}
	s.line = s.names[0].line
	if f.peek().t != token.ASSIGN {
		s.typ = f.parseType()
	}
	if f.peek().t == token.ASSIGN {
		s.assign = f.next()
		s.values = append(s.values, f.parseExpr())
		for f.peek().t == token.COMMA {
			f.i++
			s.values = append(s.values, f.parseExpr())
		}
	}
	return s
}

// genDecl prints var and const declarations, single or grouped.
func (f *formatter) genDecl() {
	kw := f.next()
	f.tok(kw)
	f.blank()
	if f.peek().t != token.LPAREN {
		s := f.parseValueSpec()
		if kw.t == token.CONST && s.values == nil {
			f.bail()
		}
		f.printSpec(s, false, false)
		return
	}
	f.tok(f.next())
	var specs []valueSpec
	for f.peek().t != token.RPAREN {
		if f.peek().t == token.COMMENT {
			f.bail()
		}
		s := f.parseValueSpec()
		if s.values == nil {
			f.bail() // const iota groups, typed var groups: keepTypeColumn
		}
		f.semi()
		specs = append(specs, s)
	}
	if len(specs) == 0 {
		f.bail()
	}
	f.indent++
	recorded := 0
	// keepTypeColumn: every spec has values, so the type column is kept
	// for all of them when any has a type.
	keepType := false
	for _, s := range specs {
		if s.typ != nil {
			keepType = true
		}
	}
	for i, s := range specs {
		if i == 0 {
			f.newlines(1, true)
			f.lastLine = s.line
		} else {
			f.linebreak(s.line, 1, f.outLine > recorded)
		}
		recorded = f.outLine
		f.printSpec(s, len(specs) > 1, keepType)
	}
	f.indent--
	r := f.expect(token.RPAREN)
	f.newlines(1, true)
	f.lastLine = r.line
	f.tok(r)
}

// printSpec prints a value spec: with blanks alone (go/printer's spec),
// in cells in a group of two or more (valueSpec).
func (f *formatter) printSpec(s valueSpec, cells, keepType bool) {
	for k, n := range s.names {
		if k > 0 {
			f.emit(tok{t: token.COMMA, line: n.line}, ",")
			f.blank()
		}
		f.tok(n)
	}
	if !cells {
		if s.typ != nil {
			f.blank()
			f.expr(s.typ)
		}
		if s.values != nil {
			f.blank()
			f.tok(s.assign)
			f.blank()
			f.valueList(s.assign.line, s.values)
		}
		return
	}
	if s.typ != nil || keepType {
		f.vtab()
	}
	if s.typ != nil {
		f.expr(s.typ)
	}
	f.vtab()
	f.tok(s.assign)
	f.blank()
	f.valueList(s.assign.line, s.values)
}

// valueList prints the right-hand side of specs, assignments and
// returns: go/printer's exprList without a terminating comma, at depth
// (1, or 2 for a parallel assignment).
func (f *formatter) valueList(prevLine int, list []*node) {
	f.valueListDepth(prevLine, list, 1)
}

func (f *formatter) valueListDepth(prevLine int, list []*node, depth int) {
	// The first value must start on the line of the operator: go/printer
	// passes no opening position for some of these lists, so its line
	// break before the first would differ. Later values break as in any
	// list (relative to where the previous one ended).
	if list[0].line != prevLine {
		f.bail()
	}
	f.exprList(prevLine, list, depth, false, 0)
}

// funcDecl prints a function or method declaration with a body.
func (f *formatter) funcDecl() {
	f.tok(f.next())
	f.blank()
	if f.peek().t == token.LPAREN {
		open := f.next()
		ps := f.parseParams()
		cl := f.expect(token.RPAREN)
		f.params(open, ps, cl)
		f.blank()
	}
	f.tok(f.expect(token.IDENT))
	sig := f.parseSignature(tok{})
	f.signature(sig)
	if f.peek().t != token.LBRACE {
		f.bail()
	}
	f.blank()
	f.block()
}
