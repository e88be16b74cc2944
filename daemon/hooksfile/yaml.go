package hooksfile

import (
	"fmt"
	"strconv"
	"strings"
)

// parseYAML parses the subset of YAML that hooks files use: block
// mappings and sequences, plain and quoted scalars, flow sequences and
// mappings of scalars, literal and folded block scalars, and comments. It
// returns map[string]any, []any, string, bool, int64, float64 or nil. A
// standard-library-only parser keeps the charm's build free of YAML
// dependencies; anything outside the subset is an error with a line number.
func parseYAML(src string) (any, error) {
	p := &yparser{}
	for i, raw := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n") {
		if strings.ContainsRune(raw, '\t') && strings.TrimLeft(raw, " ")[:1] == "\t" {
			return nil, fmt.Errorf("line %d: tabs cannot indent YAML", i+1)
		}
		trimmed := strings.TrimLeft(raw, " ")
		p.lines = append(p.lines, yline{indent: len(raw) - len(trimmed), text: stripComment(trimmed), raw: raw, num: i + 1})
	}
	p.skip()
	if p.i < len(p.lines) && (p.lines[p.i].text == "---") {
		p.i++
	}
	v, err := p.node(0)
	if err != nil {
		return nil, err
	}
	p.skip()
	if p.i < len(p.lines) {
		return nil, fmt.Errorf("line %d: unexpected content (bad indentation?)", p.lines[p.i].num)
	}
	return v, nil
}

type yline struct {
	indent int
	text   string
	raw    string
	num    int
}

type yparser struct {
	lines []yline
	i     int
}

func (p *yparser) skip() {
	for p.i < len(p.lines) && p.lines[p.i].text == "" {
		p.i++
	}
}

func isSeqItem(s string) bool { return s == "-" || strings.HasPrefix(s, "- ") }

// node parses the block node starting at the next line indented at least
// min.
func (p *yparser) node(min int) (any, error) {
	p.skip()
	if p.i >= len(p.lines) || p.lines[p.i].indent < min {
		return nil, nil
	}
	l := p.lines[p.i]
	if isSeqItem(l.text) {
		return p.seq(l.indent)
	}
	if _, _, ok := splitKey(l.text); ok {
		return p.mapping(l.indent)
	}
	p.i++
	return scalar(l.text, l.num)
}

func (p *yparser) mapping(ind int) (any, error) {
	m := map[string]any{}
	for {
		p.skip()
		if p.i >= len(p.lines) || p.lines[p.i].indent < ind {
			return m, nil
		}
		l := p.lines[p.i]
		if l.indent > ind {
			return nil, fmt.Errorf("line %d: bad indentation", l.num)
		}
		if isSeqItem(l.text) {
			return m, nil // a sequence at the parent's indentation
		}
		key, rest, ok := splitKey(l.text)
		if !ok {
			return nil, fmt.Errorf("line %d: want key: value", l.num)
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("line %d: duplicate key %q", l.num, key)
		}
		p.i++
		v, err := p.value(rest, ind, l.num, true)
		if err != nil {
			return nil, err
		}
		m[key] = v
	}
}

// value parses what follows "key:" or "- " on a line of indentation ind.
func (p *yparser) value(rest string, ind, num int, inMap bool) (any, error) {
	switch {
	case rest == "":
		p.skip()
		if p.i < len(p.lines) {
			next := p.lines[p.i]
			if next.indent > ind {
				return p.node(ind + 1)
			}
			if inMap && next.indent == ind && isSeqItem(next.text) {
				return p.seq(ind)
			}
		}
		return nil, nil
	case rest[0] == '|' || rest[0] == '>':
		return p.block(rest, ind, num)
	}
	return scalar(rest, num)
}

func (p *yparser) seq(ind int) (any, error) {
	out := []any{}
	for {
		p.skip()
		if p.i >= len(p.lines) || p.lines[p.i].indent != ind || !isSeqItem(p.lines[p.i].text) {
			if p.i < len(p.lines) && p.lines[p.i].indent > ind {
				return nil, fmt.Errorf("line %d: bad indentation", p.lines[p.i].num)
			}
			return out, nil
		}
		l := p.lines[p.i]
		item := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
		if item == "" {
			p.i++
			v, err := p.value("", ind, l.num, false)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			continue
		}
		if _, _, ok := splitKey(item); ok || isSeqItem(item) {
			// "- key: value" or "- - item": a mapping or sequence
			// indented at the item.
			off := len(l.text) - len(item)
			p.lines[p.i] = yline{indent: ind + off, text: item, raw: l.raw, num: l.num}
			parse := p.mapping
			if !ok {
				parse = p.seq
			}
			v, err := parse(ind + off)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
			continue
		}
		p.i++
		v, err := p.value(item, ind, l.num, false)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
}

// block reads a literal (|) or folded (>) block scalar.
func (p *yparser) block(header string, ind, num int) (any, error) {
	chomp := ""
	switch h := strings.TrimSpace(header); h {
	case "|", ">":
	case "|-", ">-", "|+", ">+":
		chomp = h[1:]
	default:
		return nil, fmt.Errorf("line %d: unsupported block scalar header %q", num, h)
	}
	var lines []string
	content := -1
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if strings.TrimSpace(l.raw) == "" {
			lines = append(lines, "")
			p.i++
			continue
		}
		if l.indent <= ind || (content >= 0 && l.indent < content) {
			break
		}
		if content < 0 {
			content = l.indent
		}
		lines = append(lines, l.raw[content:])
		p.i++
	}
	// Blank lines after the block belong to the document.
	trail := 0
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
		trail++
	}
	var s string
	if header[0] == '|' {
		s = strings.Join(lines, "\n")
	} else {
		var b strings.Builder
		for i, ln := range lines {
			switch {
			case i == 0, ln != "" && lines[i-1] == "":
			case ln == "":
				b.WriteByte('\n')
			default:
				b.WriteByte(' ')
			}
			b.WriteString(ln)
		}
		s = b.String()
	}
	switch {
	case len(lines) == 0:
		return "", nil
	case chomp == "-":
	case chomp == "+":
		s += "\n" + strings.Repeat("\n", trail)
	default:
		s += "\n"
	}
	return s, nil
}

// splitKey splits "key: rest" (or "key:") outside quotes.
func splitKey(s string) (key, rest string, ok bool) {
	if s == "" || s[0] == '[' || s[0] == '{' || isSeqItem(s) {
		return "", "", false
	}
	if s[0] == '"' || s[0] == '\'' {
		end := closingQuote(s)
		if end < 0 {
			return "", "", false
		}
		after := strings.TrimLeft(s[end+1:], " ")
		if after != ":" && !strings.HasPrefix(after, ": ") {
			return "", "", false
		}
		k, err := scalar(s[:end+1], 0)
		if err != nil {
			return "", "", false
		}
		return fmt.Sprint(k), strings.TrimSpace(after[1:]), true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i == len(s)-1 || s[i+1] == ' ') {
			return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:]), true
		}
	}
	return "", "", false
}

// closingQuote returns the index of the quote closing s[0], or -1.
func closingQuote(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i
		}
	}
	return -1
}

// stripComment removes a trailing # comment outside quotes.
func stripComment(s string) string {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' && q == '"' {
				i++
			} else if c == q {
				q = 0
			}
		case (c == '"' || c == '\'') && (i == 0 || strings.ContainsRune(" [{,:-", rune(s[i-1]))):
			q = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return strings.TrimRight(s[:i], " ")
		}
	}
	return strings.TrimRight(s, " ")
}

// scalar parses an inline value: quoted or plain scalar, or a flow
// sequence or mapping of those.
func scalar(s string, num int) (any, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	switch s[0] {
	case '"':
		if closingQuote(s) != len(s)-1 {
			return nil, fmt.Errorf("line %d: bad double-quoted string", num)
		}
		v, err := strconv.Unquote(s)
		if err != nil {
			return nil, fmt.Errorf("line %d: bad double-quoted string: %v", num, err)
		}
		return v, nil
	case '\'':
		if closingQuote(s) != len(s)-1 {
			return nil, fmt.Errorf("line %d: bad single-quoted string", num)
		}
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	case '[', '{':
		closer := map[byte]byte{'[': ']', '{': '}'}[s[0]]
		if s[len(s)-1] != closer {
			return nil, fmt.Errorf("line %d: unterminated flow collection (flow collections must fit on one line)", num)
		}
		parts, err := splitFlow(s[1:len(s)-1], num)
		if err != nil {
			return nil, err
		}
		if s[0] == '[' {
			out := []any{}
			for _, part := range parts {
				v, err := scalar(part, num)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		}
		m := map[string]any{}
		for _, part := range parts {
			k, rest, ok := splitKey(part)
			if !ok {
				return nil, fmt.Errorf("line %d: want key: value in flow mapping", num)
			}
			v, err := scalar(rest, num)
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, nil
	case '&', '*', '!', '%', '@', '`':
		return nil, fmt.Errorf("line %d: anchors, aliases, tags and directives are not supported", num)
	}
	switch s {
	case "~", "null", "Null", "NULL":
		return nil, nil
	case "true", "True", "TRUE":
		return true, nil
	case "false", "False", "FALSE":
		return false, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && strings.ContainsAny(s, "0123456789") && !strings.ContainsAny(s, "xXpP_") {
		return f, nil
	}
	return s, nil
}

// splitFlow splits the inside of a flow collection at top-level commas.
func splitFlow(s string, num int) ([]string, error) {
	var parts []string
	depth, start := 0, 0
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == '\\' && q == '"' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("line %d: unbalanced flow collection", num)
			}
		case c == ',' && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	if q != 0 || depth != 0 {
		return nil, fmt.Errorf("line %d: unbalanced flow collection", num)
	}
	if last := strings.TrimSpace(s[start:]); last != "" {
		parts = append(parts, last)
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
		if parts[i] == "" {
			return nil, fmt.Errorf("line %d: empty flow entry", num)
		}
	}
	return parts, nil
}
