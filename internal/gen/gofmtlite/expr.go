package gofmtlite

import (
	"go/token"
)

// kind is the kind of an expression node.
type kind uint8

const (
	kIdent kind = iota
	kLit
	kSel        // x.name (name in tk)
	kCall       // x(list...), ellipsis
	kIndex      // x[y]
	kComposite  // x{list} (x may be nil)
	kUnary      // op x (op in tk)
	kStar       // *x
	kParen      // (x)
	kBinary     // x op y (op in tk)
	kKeyValue   // x: y (colon in tk)
	kFuncLit    // func sig body
	kFuncType   // func sig
	kArray      // [x]y (x may be nil)
	kMap        // map[x]y
	kEllipsis   // ...x
	kEmptyIface // interface{} or struct{}, printed verbatim
	kTypeAssert // x.(y)
)

// node is an expression: just enough of go/ast for go/printer's
// spacing rules, which depend on the tree (binary operator precedence
// and nesting depth, key/value pairs) and on source lines.
type node struct {
	kind     kind
	tk       tok // identifier, literal, operator, selector name; '(' of a call, '{' of a composite literal
	x, y     *node
	list     []*node
	ellipsis bool
	sig      *signature
	body     int // token index of a function literal's '{'
	line     int // line of the first token
	endLine  int // line of the last token
}

// param is one entry of a parameter or result list: an optional name
// and a type. Grouped names (a, b int) print exactly as separate
// entries joined by ", ", so they need no grouping.
type param struct {
	name *tok
	typ  *node
}

// signature is a function's parameters and results.
type signature struct {
	open, close   tok
	params        []param
	results       []param
	resParen      bool // results are parenthesized
	resOpen       tok
	resClose      tok
	lastLine      int
	hasResultList bool
}

// newNode allocates nodes from chunks kept across calls (see state): a
// file has thousands of small expressions, and allocating each was most
// of the formatter's garbage.
func (f *formatter) newNode(n node) *node {
	if f.nodeI == len(f.chunk) {
		st := f.st
		if f.chunkI == len(st.chunks) {
			st.chunks = append(st.chunks, make([]node, 512))
		}
		f.chunk = st.chunks[f.chunkI]
		f.chunkI++
		f.nodeI = 0
	}
	p := &f.chunk[f.nodeI]
	f.nodeI++
	*p = n
	return p
}

func (f *formatter) parseExpr() *node { return f.parseBinary(1) }

func (f *formatter) parseBinary(prec1 int) *node {
	x := f.parseUnary()
	for {
		op := f.peek()
		prec := op.t.Precedence()
		if !isBinary(op.t) || prec < prec1 {
			return x
		}
		f.i++
		y := f.parseBinary(prec + 1)
		x = f.newNode(node{kind: kBinary, tk: op, x: x, y: y, line: x.line, endLine: y.endLine})
	}
}

func isBinary(t token.Token) bool {
	switch t {
	case token.LOR, token.LAND, token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ,
		token.ADD, token.SUB, token.OR, token.XOR, token.MUL, token.QUO, token.REM,
		token.SHL, token.SHR, token.AND, token.AND_NOT:
		return true
	}
	return false
}

func (f *formatter) parseUnary() *node {
	t := f.peek()
	switch t.t {
	case token.ADD, token.SUB, token.NOT, token.XOR, token.AND:
		f.i++
		x := f.parseUnary()
		return f.newNode(node{kind: kUnary, tk: t, x: x, line: t.line, endLine: x.endLine})
	case token.MUL:
		f.i++
		x := f.parseUnary()
		return f.newNode(node{kind: kStar, tk: t, x: x, line: t.line, endLine: x.endLine})
	case token.ARROW:
		f.bail()
	}
	return f.parsePrimary()
}

// parseType parses a type where one is required (parameters, results,
// fields, specs, type assertions, composite literal types). Types are
// nodes here, as in go/ast; unlike an expression a type takes no call,
// index or composite literal suffix.
func (f *formatter) parseType() *node {
	t := f.peek()
	switch t.t {
	case token.ELLIPSIS:
		f.i++
		x := f.parseType()
		return f.newNode(node{kind: kEllipsis, tk: t, x: x, line: t.line, endLine: x.endLine})
	case token.MUL:
		f.i++
		x := f.parseType()
		return f.newNode(node{kind: kStar, tk: t, x: x, line: t.line, endLine: x.endLine})
	case token.IDENT:
		f.i++
		x := f.newNode(node{kind: kIdent, tk: t, line: t.line, endLine: t.line})
		if f.peek().t == token.PERIOD {
			f.i++
			n := f.expect(token.IDENT)
			x = f.newNode(node{kind: kSel, tk: n, x: x, line: t.line, endLine: n.line})
		}
		if f.peek().t == token.LBRACK {
			f.bail() // generic instantiation
		}
		return x
	case token.FUNC:
		f.i++
		sig := f.parseSignature(t)
		return f.newNode(node{kind: kFuncType, tk: t, sig: sig, line: t.line, endLine: sig.lastLine})
	case token.LBRACK, token.MAP, token.STRUCT, token.INTERFACE:
		return f.parseOperand()
	}
	f.bail()
	return nil
}

func (f *formatter) parseOperand() *node {
	t := f.next()
	switch t.t {
	case token.IDENT:
		return f.newNode(node{kind: kIdent, tk: t, line: t.line, endLine: t.line})
	case token.INT, token.FLOAT:
		// go/printer normalizes number prefixes and exponents (0X, 1E5,
		// imaginary literals); accept only literals already in its form.
		for i := 0; i < len(t.lit); i++ {
			c := t.lit[i]
			if c >= 'A' && c <= 'Z' {
				f.bail()
			}
		}
		return f.newNode(node{kind: kLit, tk: t, line: t.line, endLine: t.line})
	case token.CHAR, token.STRING:
		return f.newNode(node{kind: kLit, tk: t, line: t.line, endLine: t.line})
	case token.LPAREN:
		lev := f.exprLev
		f.exprLev++
		x := f.parseExpr() // an expression or a type: (*T)(nil)
		f.exprLev = lev
		r := f.expect(token.RPAREN)
		return f.newNode(node{kind: kParen, tk: t, x: x, line: t.line, endLine: r.line})
	case token.FUNC:
		sig := f.parseSignature(t)
		if f.peek().t == token.LBRACE {
			start := f.i
			end := f.skipBlock()
			return f.newNode(node{kind: kFuncLit, tk: t, sig: sig, body: start, line: t.line, endLine: end.line})
		}
		return f.newNode(node{kind: kFuncType, tk: t, sig: sig, line: t.line, endLine: sig.lastLine})
	case token.LBRACK:
		var n *node
		if f.peek().t != token.RBRACK {
			if f.peek().t == token.ELLIPSIS {
				f.bail()
			}
			lev := f.exprLev
			f.exprLev++
			n = f.parseExpr()
			f.exprLev = lev
		}
		f.expect(token.RBRACK)
		elt := f.parseType()
		return f.newNode(node{kind: kArray, tk: t, x: n, y: elt, line: t.line, endLine: elt.endLine})
	case token.MAP:
		f.expect(token.LBRACK)
		k := f.parseType()
		f.expect(token.RBRACK)
		v := f.parseType()
		return f.newNode(node{kind: kMap, tk: t, x: k, y: v, line: t.line, endLine: v.endLine})
	case token.STRUCT, token.INTERFACE:
		// Only the empty types, on one line: struct{} and interface{}.
		l := f.expect(token.LBRACE)
		r := f.expect(token.RBRACE)
		if l.line != t.line || r.line != t.line {
			f.bail()
		}
		return f.newNode(node{kind: kEmptyIface, tk: t, line: t.line, endLine: t.line})
	}
	f.bail()
	return nil
}

func (f *formatter) parsePrimary() *node {
	x := f.parseOperand()
	for {
		t := f.peek()
		switch t.t {
		case token.PERIOD:
			f.i++
			n := f.next()
			switch n.t {
			case token.IDENT:
				x = f.newNode(node{kind: kSel, tk: n, x: x, line: x.line, endLine: n.line})
			case token.LPAREN:
				if f.peek().t == token.TYPE {
					f.bail()
				}
				typ := f.parseType()
				r := f.expect(token.RPAREN)
				x = f.newNode(node{kind: kTypeAssert, tk: n, x: x, y: typ, line: x.line, endLine: r.line})
			default:
				f.bail()
			}
		case token.LPAREN:
			f.i++
			lev := f.exprLev
			f.exprLev++
			call := f.newNode(node{kind: kCall, tk: t, x: x, line: x.line})
			for f.peek().t != token.RPAREN {
				call.list = append(call.list, f.parseExpr())
				if f.peek().t == token.ELLIPSIS {
					f.i++
					call.ellipsis = true
					break
				}
				if f.peek().t != token.COMMA {
					break
				}
				f.i++
				if f.peek().t == token.RPAREN {
					f.bail() // trailing comma: go/printer's placement rules apply
				}
			}
			f.exprLev = lev
			call.endLine = f.expect(token.RPAREN).line
			x = call
		case token.LBRACK:
			f.i++
			lev := f.exprLev
			f.exprLev++
			idx := f.parseExpr()
			f.exprLev = lev
			r := f.expect(token.RBRACK)
			x = f.newNode(node{kind: kIndex, tk: t, x: x, y: idx, line: x.line, endLine: r.line})
		case token.LBRACE:
			if !isLiteralType(x) || (f.exprLev < 0 && (x.kind == kIdent || x.kind == kSel)) {
				return x
			}
			x = f.parseComposite(x)
		default:
			return x
		}
	}
}

func isLiteralType(x *node) bool {
	switch x.kind {
	case kIdent, kArray, kMap:
		return true
	case kSel:
		return x.x.kind == kIdent
	case kEmptyIface:
		return x.tk.t == token.STRUCT
	}
	return false
}

// parseComposite parses {elements} after the literal's type (nil for
// an elided type inside another composite literal).
func (f *formatter) parseComposite(typ *node) *node {
	open := f.expect(token.LBRACE)
	lev := f.exprLev
	f.exprLev++
	n := f.newNode(node{kind: kComposite, tk: open, x: typ, line: open.line})
	if typ != nil {
		n.line = typ.line
	}
	for f.peek().t != token.RBRACE {
		e := f.parseElement()
		if f.peek().t == token.COLON {
			c := f.next()
			v := f.parseElement()
			e = f.newNode(node{kind: kKeyValue, tk: c, x: e, y: v, line: e.line, endLine: v.endLine})
		}
		n.list = append(n.list, e)
		if f.peek().t != token.COMMA {
			break
		}
		f.i++
	}
	f.exprLev = lev
	n.endLine = f.expect(token.RBRACE).line
	return n
}

func (f *formatter) parseElement() *node {
	if f.peek().t == token.LBRACE {
		return f.parseComposite(nil)
	}
	return f.parseExpr()
}

// parseSignature parses (params) results after func (or a method name).
func (f *formatter) parseSignature(after tok) *signature {
	s := &signature{}
	s.open = f.expect(token.LPAREN)
	s.params = f.parseParams()
	s.close = f.expect(token.RPAREN)
	s.lastLine = s.close.line
	switch t := f.peek(); t.t {
	case token.LPAREN:
		s.resParen = true
		s.resOpen = f.next()
		s.results = f.parseParams()
		s.resClose = f.expect(token.RPAREN)
		s.lastLine = s.resClose.line
		s.hasResultList = true
	case token.IDENT, token.MUL, token.LBRACK, token.MAP, token.FUNC, token.STRUCT, token.INTERFACE:
		typ := f.parseType()
		s.results = []param{{typ: typ}}
		s.lastLine = typ.endLine
		s.hasResultList = true
	}
	return s
}

func (f *formatter) parseParams() []param {
	var ps []param
	for f.peek().t != token.RPAREN {
		t := f.peek()
		var p param
		if t.t == token.IDENT {
			switch f.toks[f.i+1].t {
			case token.COMMA, token.RPAREN, token.PERIOD:
				// a type on its own
			default:
				nm := f.next()
				p.name = &nm
			}
		}
		p.typ = f.parseType()
		ps = append(ps, p)
		if f.peek().t != token.COMMA {
			break
		}
		f.i++
		if f.peek().t == token.RPAREN {
			f.bail()
		}
	}
	// Either every entry is a type, or names come with types (a, b int):
	// entries without a name are then names, and the last has a type.
	named := false
	for _, p := range ps {
		named = named || p.name != nil
	}
	if named {
		for _, p := range ps {
			if p.name == nil && p.typ.kind != kIdent {
				f.bail()
			}
		}
		if ps[len(ps)-1].name == nil {
			f.bail()
		}
	}
	return ps
}

// skipBlock moves past a balanced {...} starting at the current token
// and returns the closing brace.
func (f *formatter) skipBlock() tok {
	depth := 0
	for {
		t := f.next()
		switch t.t {
		case token.LBRACE:
			depth++
		case token.RBRACE:
			depth--
			if depth == 0 {
				return t
			}
		case token.EOF:
			f.bail()
		}
	}
}
