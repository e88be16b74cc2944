package gofmtlite

import (
	"go/token"
	"math"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"
)

// declined is the panic value with which the parser and printer give up
// on a source; Format recovers it.
type declined struct{}

// formatter parses and prints in one pass. Output goes to out in
// go/printer's intermediate form: indentation as leading tabs, '\v'
// between cells to align, '\f' for line breaks that end an alignment
// section, and literal text between tabwriter.Escape bytes when it
// holds characters the tabwriter would interpret.
type formatter struct {
	src  []byte
	toks []tok
	i    int // next token

	exprLev int // < 0 in control clauses: T{ is a block, not a literal

	out      []byte
	indent   int
	atBOL    bool        // indentation not yet written for the current line
	broke    bool        // a line break was written since the last token
	lastLine int         // source line of the last token or comment printed
	lastTok  token.Token // for go/printer's mayCombine blank
	outLine  int         // output line number (newlines written)

	st     *state // buffers reused across calls
	chunk  []node // current chunk of st.chunks
	chunkI int    // index of the next chunk in st.chunks
	nodeI  int    // next free node in chunk
}

func (f *formatter) bail() { panic(declined{}) }

func (f *formatter) peek() tok { return f.toks[f.i] }

func (f *formatter) next() tok {
	t := f.toks[f.i]
	if t.t != token.EOF {
		f.i++
	}
	return t
}

func (f *formatter) expect(tt token.Token) tok {
	t := f.next()
	if t.t != tt {
		f.bail()
	}
	return t
}

// semi consumes the semicolon ending a statement or declaration; an
// explicit one (two statements on a line) is outside the subset.
func (f *formatter) semi() {
	t := f.peek()
	switch {
	case t.t == token.SEMICOLON && t.lit == "\n":
		f.i++
	case t.t == token.RBRACE || t.t == token.RPAREN || t.t == token.EOF:
	default:
		f.bail()
	}
}

// --- output primitives ---

func (f *formatter) writeIndent() {
	if f.atBOL {
		for i := 0; i < f.indent; i++ {
			f.out = append(f.out, '\t')
		}
		f.atBOL = false
	}
}

// mayCombine reports whether prev followed directly by a token starting
// with next would scan differently; go/printer then inserts a blank.
func mayCombine(prev token.Token, next byte) bool {
	switch prev {
	case token.INT:
		return next == '.'
	case token.ADD:
		return next == '+'
	case token.SUB:
		return next == '-'
	case token.QUO:
		return next == '*'
	case token.LSS:
		return next == '-' || next == '<'
	case token.AND:
		return next == '&' || next == '^'
	}
	return false
}

// emit prints a token's text. A token on a later source line than the
// previous one must follow a line break the structure printed (as
// go/printer's linebreak calls); otherwise go/printer would add one
// where we did not expect it, so we decline.
func (f *formatter) emit(t tok, text string) {
	if t.line != f.lastLine && !f.broke {
		f.bail()
	}
	f.writeIndent()
	if n := len(f.out); n > 0 && text != "" && mayCombine(f.lastTok, text[0]) {
		if c := f.out[n-1]; c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\v' {
			f.out = append(f.out, ' ')
		}
	}
	if t.t == token.STRING || t.t == token.CHAR {
		f.writeLit(text)
	} else {
		f.out = append(f.out, text...)
	}
	f.lastLine = t.line
	f.lastTok = t.t
	f.broke = false
}

// tok prints a token whose text is its kind or literal.
func (f *formatter) tok(t tok) {
	if t.t == token.IDENT || t.t.IsLiteral() {
		f.emit(t, t.lit)
	} else {
		f.emit(t, t.t.String())
	}
}

// writeLit writes literal text, escaped for the tabwriter when it holds
// tabs or other control characters (as go/printer escapes all literals).
func (f *formatter) writeLit(s string) {
	if strings.IndexByte(s, '\f') >= 0 {
		f.bail() // finish splits the stream at formfeeds
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' {
			f.out = append(f.out, tabwriter.Escape)
			f.out = append(f.out, s...)
			f.out = append(f.out, tabwriter.Escape)
			return
		}
	}
	f.out = append(f.out, s...)
}

func (f *formatter) blank() { f.out = append(f.out, ' ') }
func (f *formatter) vtab()  { f.out = append(f.out, '\v') }

// newlines writes n line breaks, the first a formfeed if ff.
func (f *formatter) newlines(n int, ff bool) {
	for i := 0; i < n; i++ {
		if i == 0 && ff {
			f.out = append(f.out, '\f')
		} else {
			f.out = append(f.out, '\n')
		}
	}
	if n > 0 {
		f.outLine += n
		f.atBOL = true
		f.broke = true
	}
}

// linebreak is go/printer's linebreak: at least min and at most two
// line breaks, as many as the source has before line; the first is a
// formfeed when newSection. It returns go/printer's nbreaks.
func (f *formatter) linebreak(line, min int, newSection bool) int {
	n := line - f.lastLine
	if n > 2 {
		n = 2
	}
	if n < min {
		n = min
	}
	if n <= 0 {
		return 0
	}
	f.newlines(n, newSection)
	if newSection {
		return n + 1
	}
	return n
}

// --- comments ---

// atComment reports whether the next token is a comment, which must be
// alone on its line.
func (f *formatter) atComment() bool {
	t := f.peek()
	if t.t != token.COMMENT {
		return false
	}
	if t.line == f.lastLine {
		f.bail() // trailing comment: go/printer aligns those
	}
	return true
}

// comments prints the comment groups before the next token, which must
// be a declaration, field or spec start. before is the number of line
// breaks go/printer writes before the first comment (from the source
// gap); between comments and after the last one the source gap counts,
// up to one blank line.
func (f *formatter) comments(topLevel bool) {
	first := true
	for f.atComment() {
		// A group is a run of comments on consecutive lines.
		start := f.i
		for f.toks[f.i].t == token.COMMENT && (f.i == start || f.toks[f.i].line == f.toks[f.i-1].line+1) {
			f.i++
		}
		group := f.toks[start:f.i]
		next := f.peek()
		if next.line == group[len(group)-1].line {
			f.bail()
		}
		lines := make([]string, len(group))
		for k, c := range group {
			lines[k] = c.lit
		}
		// go/printer reformats a group as a doc comment when it starts
		// in column 1 and the next token starts the following line in
		// column 1.
		last := group[len(group)-1]
		if column(f.src, group[0]) == 1 && last.off+len(last.lit)+1 == next.off {
			lines = docLines(lines)
			if lines == nil {
				f.bail()
			}
		}
		n := 0
		if f.lastLine > 0 {
			n = group[0].line - f.lastLine
			if first && topLevel {
				n++ // go/printer keeps a blank line before package-level comments
			}
			if n > 2 {
				n = 2
			}
		}
		f.newlines(n, true)
		for k, text := range lines {
			if k > 0 {
				f.newlines(1, false)
			}
			f.writeIndent()
			f.writeLit(strings.TrimRightFunc(text, unicode.IsSpace))
		}
		f.lastLine = group[len(group)-1].line
		f.lastTok = token.COMMENT
		first = false
		if next.t == token.COMMENT {
			continue // the next group's prefix counts the gap
		}
		// Up to the next token: the source gap, at least one line break.
		gap := next.line - f.lastLine
		if gap > 2 {
			gap = 2
		}
		f.newlines(gap, false)
		f.lastLine = next.line // the token's line breaks are written
		first = false
	}
}

// docLines returns the lines go/doc/comment would print for a doc
// comment group, or nil when the group may contain anything it rewrites
// (code blocks, lists, headings, links, directives, irregular blank
// lines).
func docLines(lines []string) []string {
	out := make([]string, len(lines))
	blank := make([]bool, len(lines))
	for i, l := range lines {
		after, ok := strings.CutPrefix(l, "//")
		if !ok || isDirective(after) {
			return nil
		}
		text := strings.TrimPrefix(after, " ")
		if strings.TrimSpace(text) == "" {
			blank[i] = true
			out[i] = "//"
			continue
		}
		switch text[0] {
		case ' ', '\t', '#':
			return nil // code blocks, lists, headings
		case '[':
			if strings.Contains(text, "]:") {
				return nil // possibly a link definition
			}
		}
		if strings.Contains(text, "``") || strings.Contains(text, "''") {
			return nil // printed as typographic quotes
		}
		// Leading runes the comment parser may treat as markup.
		if r, _ := utf8.DecodeRuneInString(text); r >= utf8.RuneSelf || unicode.IsSpace(r) {
			return nil
		}
		out[i] = "// " + text
	}
	for i := range lines {
		if !blank[i] {
			continue
		}
		if i == 0 || i == len(lines)-1 || blank[i+1] {
			return nil // leading, trailing or repeated blank lines are dropped
		}
		// A one-line paragraph between blank lines may be an old-style
		// heading: leave it to go/format when it could be one.
		if i+2 < len(lines) && blank[i+2] {
			t := strings.TrimSpace(out[i+1][2:])
			r, _ := utf8.DecodeRuneInString(t)
			e, _ := utf8.DecodeLastRuneInString(t)
			if unicode.IsUpper(r) && (unicode.IsLetter(e) || unicode.IsDigit(e)) {
				return nil
			}
		}
	}
	return out
}

// isDirective is go/printer's: //line, //extern, //export and
// //[a-z0-9]+:[a-z0-9] comments, which doc formatting moves.
func isDirective(c string) bool {
	if strings.HasPrefix(c, "line ") || strings.HasPrefix(c, "extern ") || strings.HasPrefix(c, "export ") {
		return true
	}
	colon := strings.Index(c, ":")
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if i == colon {
			continue
		}
		b := c[i]
		if !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// --- expressions ---

const (
	lowestPrec  = 0
	unaryPrec   = 6
	highestPrec = 7
)

func (f *formatter) expr(x *node)             { f.expr1(x, lowestPrec, 1) }
func (f *formatter) expr0(x *node, depth int) { f.expr1(x, lowestPrec, depth) }

func reduceDepth(depth int) int {
	depth--
	if depth < 1 {
		depth = 1
	}
	return depth
}

func diffPrec(x *node, prec int) int {
	if x.kind != kBinary || prec != x.tk.t.Precedence() {
		return 1
	}
	return 0
}

// walkBinary and cutoff are go/printer's: whether blanks surround a
// binary operator depends on the operators of the whole expression.
func walkBinary(e *node) (has4, has5 bool, maxProblem int) {
	switch e.tk.t.Precedence() {
	case 4:
		has4 = true
	case 5:
		has5 = true
	}
	if l := e.x; l.kind == kBinary && l.tk.t.Precedence() >= e.tk.t.Precedence() {
		h4, h5, mp := walkBinary(l)
		has4, has5, maxProblem = has4 || h4, has5 || h5, max(maxProblem, mp)
	}
	switch r := e.y; r.kind {
	case kBinary:
		if r.tk.t.Precedence() > e.tk.t.Precedence() {
			h4, h5, mp := walkBinary(r)
			has4, has5, maxProblem = has4 || h4, has5 || h5, max(maxProblem, mp)
		}
	case kStar:
		if e.tk.t == token.QUO {
			maxProblem = 5
		}
	case kUnary:
		switch e.tk.t.String() + r.tk.t.String() {
		case "/*", "&&", "&^":
			maxProblem = 5
		case "++", "--":
			maxProblem = max(maxProblem, 4)
		}
	}
	return
}

func cutoff(e *node, depth int) int {
	has4, has5, maxProblem := walkBinary(e)
	if maxProblem > 0 {
		return maxProblem + 1
	}
	if has4 && has5 {
		if depth == 1 {
			return 5
		}
		return 4
	}
	if depth == 1 {
		return 6
	}
	return 4
}

func (f *formatter) binary(x *node, cut, depth int) {
	prec := x.tk.t.Precedence()
	printBlank := prec < cut
	f.expr1(x.x, prec, depth+diffPrec(x.x, prec))
	if printBlank {
		f.blank()
	}
	f.tok(x.tk)
	if printBlank {
		f.blank()
	}
	f.expr1(x.y, prec+1, depth+1)
}

func (f *formatter) expr1(x *node, prec1, depth int) {
	switch x.kind {
	case kIdent, kLit:
		f.tok(x.tk)
	case kBinary:
		if depth < 1 {
			depth = 1
		}
		f.binary(x, cutoff(x, depth), depth)
	case kKeyValue:
		f.expr(x.x)
		f.tok(x.tk)
		f.blank()
		f.expr(x.y)
	case kStar:
		f.tok(x.tk)
		f.expr(x.x)
	case kUnary:
		f.tok(x.tk)
		f.expr1(x.x, unaryPrec, depth)
	case kParen:
		if x.x.kind == kParen {
			// go/printer drops parentheses around a parenthesized expression.
			f.expr0(x.x, depth)
			f.skipRparen(x)
			return
		}
		f.tok(x.tk)
		f.expr0(x.x, reduceDepth(depth))
		f.emit(tok{t: token.RPAREN, line: x.endLine}, ")")
	case kSel:
		f.expr1(x.x, highestPrec, depth)
		f.emit(tok{t: token.PERIOD, line: x.tk.line}, ".")
		f.tok(x.tk)
	case kTypeAssert:
		f.expr1(x.x, highestPrec, depth)
		f.emit(tok{t: token.PERIOD, line: x.tk.line}, ".")
		f.tok(x.tk)
		f.expr(x.y)
		f.emit(tok{t: token.RPAREN, line: x.endLine}, ")")
	case kIndex:
		f.expr1(x.x, highestPrec, 1)
		f.tok(x.tk)
		f.expr0(x.y, depth+1)
		f.emit(tok{t: token.RBRACK, line: x.endLine}, "]")
	case kCall:
		if len(x.list) > 1 {
			depth++
		}
		if x.x.kind == kFuncType {
			f.bail()
		}
		f.expr1(x.x, highestPrec, depth)
		f.tok(x.tk)
		if x.ellipsis {
			// go/printer's exprList without a terminating comma, then "...".
			f.exprList(x.tk.line, x.list, depth, false, x.endLine)
			f.emit(tok{t: token.ELLIPSIS, line: x.endLine}, "...")
		} else {
			f.exprList(x.tk.line, x.list, depth, true, x.endLine)
		}
		f.emit(tok{t: token.RPAREN, line: x.endLine}, ")")
	case kComposite:
		if x.x != nil {
			f.expr1(x.x, highestPrec, depth)
		}
		f.tok(x.tk)
		f.exprList(x.tk.line, x.list, 1, true, x.endLine)
		f.emit(tok{t: token.RBRACE, line: x.endLine}, "}")
	case kFuncLit:
		f.tok(x.tk)
		f.signature(x.sig)
		save, lev := f.i, f.exprLev
		f.i, f.exprLev = x.body, 0
		f.blank()
		f.block()
		f.i, f.exprLev = save, lev
	case kFuncType:
		f.tok(x.tk)
		f.signature(x.sig)
	case kArray:
		f.tok(x.tk)
		if x.x != nil {
			f.expr(x.x)
		}
		f.emit(tok{t: token.RBRACK, line: x.tk.line}, "]")
		f.expr(x.y)
	case kMap:
		f.tok(x.tk)
		f.emit(tok{t: token.LBRACK, line: x.tk.line}, "[")
		f.expr(x.x)
		f.emit(tok{t: token.RBRACK, line: x.x.endLine}, "]")
		f.expr(x.y)
	case kEllipsis:
		f.tok(x.tk)
		f.expr(x.x)
	case kEmptyIface:
		f.tok(x.tk)
		f.emit(tok{t: token.LBRACE, line: x.tk.line}, "{}")
	default:
		f.bail()
	}
}

// skipRparen accounts for a dropped parenthesis: it must be on the line
// of what it closes.
func (f *formatter) skipRparen(x *node) {
	if x.endLine != f.lastLine {
		f.bail()
	}
}

// size is the width go/printer's nodeSize gives a key: only identifiers
// and basic literals are measured here.
func keySize(x *node) int {
	if x.kind == kIdent || x.kind == kLit {
		return len(x.tk.lit)
	}
	return -1
}

// exprList is go/printer's exprList for the lists we print: call
// arguments and composite literal elements. prevLine and nextLine are
// the lines of the opening and closing tokens.
func (f *formatter) exprList(prevLine int, list []*node, depth int, commaTerm bool, nextLine int) {
	if len(list) == 0 {
		return
	}
	line := list[0].line
	endLine := list[len(list)-1].endLine
	if prevLine == line && line == endLine {
		for i, x := range list {
			if i > 0 {
				f.emit(tok{t: token.COMMA, line: f.lastLine}, ",")
				f.blank()
			}
			f.expr0(x, depth)
		}
		return
	}
	indented := false
	prevBreak := -1
	if prevLine < line {
		if f.linebreakIndent(line, 0, true, &indented) > 0 {
			prevBreak = 0
		}
	}
	size := 0
	lnsum := 0.0
	count := 0
	pl := prevLine
	for i, x := range list {
		line = x.line
		useFF := true
		prevSize := size
		isPair := x.kind == kKeyValue
		if x.line == x.endLine {
			if isPair {
				size = keySize(x.x)
			} else {
				size = -1 // measured only for pairs; see below
			}
		} else {
			size = 0
		}
		if size < 0 {
			// The element fits on a line but we do not measure it: its
			// size only decides formfeed against newline, which matters
			// only for aligned cells, and only pairs have those. Keys
			// we cannot measure are outside the subset.
			if isPair {
				f.bail()
			}
			size = 1
		}
		if prevSize > 0 && size > 0 {
			const smallSize = 40
			if count == 0 || prevSize <= smallSize && size <= smallSize {
				useFF = false
			} else {
				const r = 2.5
				geomean := math.Exp(lnsum / float64(count))
				ratio := float64(size) / geomean
				useFF = r*ratio <= 1 || r <= ratio
			}
		}
		needsLinebreak := 0 < pl && pl < line
		if i > 0 {
			f.emit(tok{t: token.COMMA, line: f.lastLine}, ",")
			needsBlank := true
			if needsLinebreak {
				nbreaks := f.linebreakIndent(line, 0, useFF || prevBreak+1 < i, &indented)
				if nbreaks > 0 {
					prevBreak = i
					needsBlank = false
				}
				if nbreaks > 1 {
					lnsum = 0
					count = 0
				}
			}
			if needsBlank {
				f.blank()
			}
		}
		if len(list) > 1 && isPair && size > 0 && needsLinebreak {
			f.expr(x.x)
			f.tok(x.tk)
			f.vtab()
			f.expr(x.y)
		} else {
			f.expr0(x, depth)
		}
		if size > 0 {
			lnsum += math.Log(float64(size))
			count++
		}
		pl = line
	}
	if commaTerm && f.lastLine < nextLine {
		f.emit(tok{t: token.COMMA, line: f.lastLine}, ",")
		if indented {
			f.indent--
		}
		f.newlines(1, true)
		f.lastLine = nextLine
		return
	}
	if indented {
		f.indent--
	}
}

// linebreakIndent is linebreak with go/printer's ws=indent: the first
// line break of a list indents it.
func (f *formatter) linebreakIndent(line, min int, newSection bool, indented *bool) int {
	n := f.linebreak(line, min, newSection)
	if n > 0 && !*indented {
		*indented = true
		f.indent++
	}
	return n
}

// signature prints (params) results; it requires both on one line.
func (f *formatter) signature(s *signature) {
	f.params(s.open, s.params, s.close)
	if len(s.results) == 0 {
		if s.resParen {
			f.bail() // func() () is outside the subset
		}
		return
	}
	f.blank()
	if len(s.results) == 1 && s.results[0].name == nil {
		// go/printer drops the parentheses of a single unnamed result.
		f.expr(s.results[0].typ)
		if s.resParen && s.resClose.line != f.lastLine {
			f.bail()
		}
		return
	}
	f.params(s.resOpen, s.results, s.resClose)
}

func (f *formatter) params(open tok, ps []param, close tok) {
	f.tok(open)
	for i, p := range ps {
		if i > 0 {
			f.emit(tok{t: token.COMMA, line: f.lastLine}, ",")
			f.blank()
		}
		if p.name != nil {
			f.tok(*p.name)
			f.blank()
		}
		f.expr(p.typ)
	}
	f.tok(close)
}
