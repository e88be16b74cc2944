package gofmtlite

import "go/token"

// block prints { statements } at the current token, as go/printer's
// block with one level of indentation.
func (f *formatter) block() { f.blockIndent(1) }

func (f *formatter) blockIndent(nindent int) {
	open := f.expect(token.LBRACE)
	f.tok(open)
	if t := f.peek(); t.line == open.line && t.t != token.SEMICOLON {
		f.bail() // a one-line block or function body
	}
	if t := f.peek(); t.t == token.SEMICOLON && t.lit == "\n" {
		f.bail() // cannot happen after '{'; be safe
	}
	if nindent == 0 {
		f.caseClauses()
	} else {
		f.stmtList(nindent)
	}
	r := f.expect(token.RBRACE)
	f.linebreak(r.line, 1, true)
	f.tok(r)
}

// stmtList prints statements up to a closing brace or a case label: a
// line break before each (a formfeed before the first and after a
// statement spanning lines), as the source has them up to one blank.
func (f *formatter) stmtList(nindent int) {
	f.indent += nindent
	recorded := 0
	for i := 0; ; i++ {
		t := f.peek()
		switch t.t {
		case token.RBRACE, token.CASE, token.DEFAULT, token.EOF:
			f.indent -= nindent
			return
		case token.COMMENT, token.SEMICOLON:
			f.bail()
		}
		f.linebreak(t.line, 1, i == 0 || f.outLine > recorded)
		recorded = f.outLine
		f.stmt()
		f.semi()
	}
}

// caseClauses prints a switch body: case clauses at the switch's
// indentation, each after a formfeed, their statements indented.
func (f *formatter) caseClauses() {
	for {
		t := f.peek()
		switch t.t {
		case token.RBRACE:
			return
		case token.CASE, token.DEFAULT:
		default:
			f.bail()
		}
		f.linebreak(t.line, 1, true)
		f.tok(f.next())
		if t.t == token.CASE {
			f.blank()
			var list []*node
			for {
				list = append(list, f.parseExpr())
				if f.peek().t != token.COMMA {
					break
				}
				f.i++
			}
			if list[len(list)-1].endLine != t.line {
				f.bail()
			}
			f.exprList(t.line, list, 1, false, 0)
		}
		f.tok(f.expect(token.COLON))
		f.stmtList(1)
	}
}

// simple is a simple statement: an expression, an assignment or an
// increment.
type simple struct {
	lhs []*node
	op  tok // token.ILLEGAL for an expression statement
	rhs []*node
}

func (f *formatter) parseSimple() simple {
	var s simple
	for {
		s.lhs = append(s.lhs, f.parseExpr())
		if f.peek().t != token.COMMA {
			break
		}
		f.i++
	}
	switch t := f.peek(); t.t {
	case token.DEFINE, token.ASSIGN, token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN,
		token.QUO_ASSIGN, token.REM_ASSIGN, token.AND_ASSIGN, token.OR_ASSIGN, token.XOR_ASSIGN,
		token.SHL_ASSIGN, token.SHR_ASSIGN, token.AND_NOT_ASSIGN:
		s.op = f.next()
		if f.peek().t == token.RANGE {
			return s // the caller handles range clauses
		}
		for {
			s.rhs = append(s.rhs, f.parseExpr())
			if f.peek().t != token.COMMA {
				break
			}
			f.i++
		}
	case token.INC, token.DEC:
		if len(s.lhs) != 1 {
			f.bail()
		}
		s.op = f.next()
	case token.COLON, token.ARROW:
		f.bail() // labels, sends
	default:
		if len(s.lhs) != 1 {
			f.bail()
		}
	}
	return s
}

func (f *formatter) printSimple(s simple) {
	switch s.op.t {
	case token.ILLEGAL:
		f.expr0(s.lhs[0], 1)
	case token.INC, token.DEC:
		f.expr0(s.lhs[0], 2)
		f.tok(s.op)
	default:
		depth := 1
		if len(s.lhs) > 1 && len(s.rhs) > 1 {
			depth = 2
		}
		for _, x := range s.lhs {
			if x.line != s.lhs[0].line || x.endLine != x.line {
				f.bail()
			}
		}
		f.exprList(s.lhs[0].line, s.lhs, depth, false, 0)
		f.blank()
		f.tok(s.op)
		f.blank()
		f.valueListDepth(s.op.line, s.rhs, depth)
	}
}

func (f *formatter) stmt() {
	t := f.peek()
	switch t.t {
	case token.IF:
		f.ifStmt()
	case token.FOR:
		f.forStmt()
	case token.SWITCH:
		f.switchStmt()
	case token.RETURN:
		f.tok(f.next())
		if n := f.peek(); n.t != token.SEMICOLON && n.t != token.RBRACE {
			var list []*node
			for {
				list = append(list, f.parseExpr())
				if f.peek().t != token.COMMA {
					break
				}
				f.i++
			}
			// go/printer indents a result list with several elements
			// spanning lines as a whole (indentList).
			multi := 0
			for _, x := range list {
				if x.line != x.endLine {
					multi++
				}
			}
			if len(list) > 1 && multi > 1 {
				f.bail()
			}
			f.blank()
			f.valueList(t.line, list)
		}
	case token.BREAK, token.CONTINUE:
		f.tok(f.next())
		if f.peek().t == token.IDENT {
			f.bail()
		}
	case token.VAR, token.CONST:
		f.genDecl()
	case token.LBRACE:
		f.block()
	case token.IDENT, token.INT, token.FLOAT, token.CHAR, token.STRING, token.MUL, token.AND,
		token.LPAREN, token.LBRACK, token.MAP, token.FUNC, token.NOT, token.SUB, token.ADD:
		f.printSimple(f.parseSimple())
	default:
		f.bail()
	}
}

// header parses an if or switch header: [init;] [expr].
func (f *formatter) header(allowEmpty bool) (init *simple, cond *node) {
	lev := f.exprLev
	f.exprLev = -1
	defer func() { f.exprLev = lev }()
	if f.peek().t == token.LBRACE {
		if !allowEmpty {
			f.bail()
		}
		return nil, nil
	}
	s := f.parseSimple()
	if t := f.peek(); t.t == token.SEMICOLON && t.lit == ";" {
		f.i++
		init = &s
		if f.peek().t == token.LBRACE {
			if !allowEmpty {
				f.bail()
			}
			return init, nil
		}
		c := f.parseSimple()
		if c.op.t != token.ILLEGAL {
			f.bail()
		}
		return init, c.lhs[0]
	}
	if s.op.t != token.ILLEGAL {
		f.bail()
	}
	return nil, s.lhs[0]
}

// controlClause is go/printer's for if and switch headers.
func (f *formatter) controlClause(init *simple, cond *node) {
	f.blank()
	if init != nil {
		f.printSimple(*init)
		f.emit(tok{t: token.SEMICOLON, line: f.lastLine}, ";")
		f.blank()
	}
	if cond != nil {
		if cond.kind == kParen {
			f.bail() // go/printer strips parentheses around conditions
		}
		f.expr(cond)
		f.blank()
	}
}

func (f *formatter) ifStmt() {
	f.tok(f.next())
	init, cond := f.header(false)
	if cond == nil {
		f.bail()
	}
	f.controlClause(init, cond)
	f.block()
	if t := f.peek(); t.t == token.ELSE {
		f.blank()
		f.tok(f.next())
		f.blank()
		switch f.peek().t {
		case token.IF:
			f.ifStmt()
		case token.LBRACE:
			f.block()
		default:
			f.bail()
		}
	}
}

func (f *formatter) switchStmt() {
	f.tok(f.next())
	init, tag := f.header(true)
	f.controlClause(init, tag)
	f.blockIndent(0)
}

func (f *formatter) forStmt() {
	f.tok(f.next())
	lev := f.exprLev
	f.exprLev = -1
	if f.peek().t == token.LBRACE {
		f.exprLev = lev
		f.blank()
		f.block()
		return
	}
	if f.peek().t == token.RANGE || f.peek().t == token.SEMICOLON {
		f.bail()
	}
	s := f.parseSimple()
	if f.peek().t == token.RANGE {
		// for k, v := range x
		if len(s.lhs) > 2 || s.op.t != token.DEFINE && s.op.t != token.ASSIGN {
			f.bail()
		}
		rng := f.next()
		x := f.parseExpr()
		f.exprLev = lev
		f.blank()
		f.expr(s.lhs[0])
		if len(s.lhs) == 2 {
			f.emit(tok{t: token.COMMA, line: f.lastLine}, ",")
			f.blank()
			f.expr(s.lhs[1])
		}
		f.blank()
		f.tok(s.op)
		f.blank()
		f.tok(rng)
		f.blank()
		if x.kind == kParen {
			f.bail()
		}
		f.expr(x)
		f.blank()
		f.block()
		return
	}
	if t := f.peek(); t.t == token.SEMICOLON && t.lit == ";" {
		// for init; cond; post
		f.i++
		var cond *node
		if f.peek().t != token.SEMICOLON {
			c := f.parseSimple()
			if c.op.t != token.ILLEGAL {
				f.bail()
			}
			cond = c.lhs[0]
		}
		if t := f.peek(); t.t != token.SEMICOLON || t.lit != ";" {
			f.bail()
		}
		f.i++
		var post *simple
		if f.peek().t != token.LBRACE {
			p := f.parseSimple()
			post = &p
		}
		f.exprLev = lev
		f.blank()
		f.printSimple(s)
		f.emit(tok{t: token.SEMICOLON, line: f.lastLine}, ";")
		f.blank()
		if cond != nil {
			if cond.kind == kParen {
				f.bail()
			}
			f.expr(cond)
		}
		f.emit(tok{t: token.SEMICOLON, line: f.lastLine}, ";")
		f.blank()
		if post != nil {
			f.printSimple(*post)
			f.blank()
		}
		f.block()
		return
	}
	// for cond
	f.exprLev = lev
	if s.op.t != token.ILLEGAL {
		f.bail()
	}
	f.controlClause(nil, s.lhs[0])
	f.block()
}
