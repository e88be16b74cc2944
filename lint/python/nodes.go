package python

import (
	"regexp"
	"strings"

	"github.com/charmgen/charmgen/lint/python/pyast"
)

// Small helpers over the syntax tree.

type node = pyast.Node

// text returns a node's source with whitespace squeezed out, so that
// "self.unit\n    .status" and "self.unit.status" compare equal.
func text(n *node) string {
	return n.Squeezed() // computed once per file, not per node
}

// callParts splits a call's function into the receiver expression (nil
// for a plain name) and the name called.
func callParts(call *node) (recv *node, name string) {
	fn := call.Child("function")
	switch fn.Type {
	case "attribute":
		return fn.Child("object"), fn.Child("attribute").Text()
	case "identifier":
		return nil, fn.Text()
	}
	return nil, ""
}

// args returns a call's positional arguments and its keyword arguments.
func args(call *node) (pos []*node, kw map[string]*node) {
	kw = map[string]*node{}
	al := call.Child("arguments")
	if al == nil || al.Type != "argument_list" {
		return nil, kw
	}
	for _, a := range al.NamedChildren() {
		switch a.Type {
		case "keyword_argument":
			kw[a.Child("name").Text()] = a.Child("value")
		case "comment", "list_splat", "dictionary_splat":
		default:
			pos = append(pos, a)
		}
	}
	return pos, kw
}

// arg returns positional argument i, or keyword argument name.
func arg(call *node, i int, name string) *node {
	pos, kw := args(call)
	if i < len(pos) {
		return pos[i]
	}
	return kw[name]
}

// strValue returns the value of a string literal without interpolation
// (and of an implicit concatenation of such literals).
func strValue(n *node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch n.Type {
	case "string":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Type {
			case "string_content", "escape_sequence":
				b.WriteString(c.Text())
			case "interpolation":
				return "", false
			}
		}
		return b.String(), true
	case "concatenated_string":
		var b strings.Builder
		for _, c := range n.NamedChildren() {
			s, ok := strValue(c)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	case "parenthesized_expression":
		if cs := n.NamedChildren(); len(cs) == 1 {
			return strValue(cs[0])
		}
	}
	return "", false
}

// stringish reports whether n builds a string: a literal (f-strings
// included), a concatenation, % formatting or str.format.
func stringish(n *node) bool {
	if n == nil {
		return false
	}
	switch n.Type {
	case "string", "concatenated_string":
		return true
	case "binary_operator":
		return stringish(n.Child("left")) || stringish(n.Child("right"))
	case "call":
		if recv, name := callParts(n); name == "format" && stringish(recv) {
			return true
		}
	case "parenthesized_expression":
		if cs := n.NamedChildren(); len(cs) == 1 {
			return stringish(cs[0])
		}
	}
	return false
}

// elements returns the items of a list, tuple or set literal.
func elements(n *node) ([]*node, bool) {
	if n == nil {
		return nil, false
	}
	switch n.Type {
	case "list", "tuple", "set", "expression_list", "pair":
		return n.NamedChildren(), true
	case "parenthesized_expression":
		if cs := n.NamedChildren(); len(cs) == 1 {
			return elements(cs[0])
		}
	}
	return nil, false
}

// argv returns the literal words of a command: a list of string literals
// (unknown elements are ""), or the words of a literal command string.
// shell is true for a string.
func argv(n *node) (words []string, shell bool, ok bool) {
	if items, isList := elements(n); isList {
		for _, it := range items {
			s, _ := strValue(it)
			words = append(words, s)
		}
		return words, false, len(words) > 0
	}
	if s, isStr := strValue(n); isStr {
		return []string{s}, true, true
	}
	// An f-string or a concatenation: its shape, with each interpolated
	// value as one word, so `f"echo {line} >> {path}"` is still seen to
	// append and `"systemctl restart " + svc` to restart.
	if s, isStr := strShape(n); isStr {
		return []string{s}, true, true
	}
	return nil, false, false
}

// strShape returns the text of a string built from literals and
// interpolated values (an f-string, "a" + x, implicit concatenation),
// each value written as the word VALUE; false when n is not such a string.
func strShape(n *node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch n.Type {
	case "string":
		var b strings.Builder
		for _, c := range n.Children {
			switch c.Type {
			case "string_content", "escape_sequence":
				b.WriteString(c.Text())
			case "interpolation":
				b.WriteString("VALUE")
			}
		}
		return b.String(), true
	case "concatenated_string":
		var b strings.Builder
		for _, c := range n.NamedChildren() {
			s, ok := strShape(c)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	case "binary_operator":
		if op := n.Child("operator"); op == nil || op.Text() != "+" {
			return "", false
		}
		l, lok := strShape(n.Child("left"))
		r, rok := strShape(n.Child("right"))
		switch {
		case lok && rok:
			return l + r, true
		case lok:
			return l + "VALUE", true
		case rok:
			return "VALUE" + r, true
		}
	case "parenthesized_expression":
		if cs := n.NamedChildren(); len(cs) == 1 {
			return strShape(cs[0])
		}
	}
	return "", false
}

// enclosingFunc returns the function definition n is in, or nil.
func enclosingFunc(n *node) *node {
	return n.EnclosingFunc() // cached by pyast: O(1), not a walk up
}

// funcName returns a function definition's name.
func funcName(fn *node) string { return fn.Child("name").Text() }

// calls returns the call nodes under n, in source order.
func calls(n *node) []*node {
	return n.Calls() // indexed by pyast: no walk of the subtree
}

// mentions reports whether any identifier, attribute name or string in n
// matches re.
func mentions(n *node, re *regexp.Regexp) bool {
	found := false
	n.Walk(func(m *node) bool {
		if found {
			return false
		}
		switch m.Type {
		case "identifier", "string_content":
			if re.MatchString(m.Text()) {
				found = true
			}
		}
		return true
	})
	return found
}

// isSelf reports whether n is the identifier self.
func isSelf(n *node) bool { return n != nil && n.Type == "identifier" && n.Text() == "self" }

// selfMethod returns m when n is self.m.
func selfMethod(n *node) string {
	if n != nil && n.Type == "attribute" && isSelf(n.Child("object")) {
		return n.Child("attribute").Text()
	}
	return ""
}

// hasComparison reports whether n contains == or != between values other
// than None.
func hasComparison(n *node) bool {
	found := false
	n.Walk(func(m *node) bool {
		if found {
			return false
		}
		if m.Type == "comparison_operator" && (m.HasAnon("==") || m.HasAnon("!=")) {
			none := false
			for _, c := range m.NamedChildren() {
				if c.Type == "none" {
					none = true
				}
			}
			if !none {
				found = true
			}
		}
		return true
	})
	return found
}

// changeCheckRE matches names of checks that say whether something changed.
var changeCheckRE = regexp.MustCompile(`(?i)chang|differ|equal|same|updat|modif|dirty|stale|hash|needs?_?restart|should_?restart|restart_?needed|outdated|needs?_?sync|in_?sync`)

// isChangeCheck reports whether a condition looks like "did it change":
// a comparison, or a name such as changed or needs_restart.
func isChangeCheck(cond *node) bool {
	return hasComparison(cond) || mentions(cond, changeCheckRE)
}

// exitsBlock reports whether a block ends with return, raise, continue or
// break (the shape of an early-exit guard).
func exitsBlock(b *node) bool {
	if b == nil {
		return false
	}
	st := b.NamedChildren()
	for len(st) > 0 && st[len(st)-1].Type == "comment" {
		st = st[:len(st)-1]
	}
	if len(st) == 0 {
		return false
	}
	switch st[len(st)-1].Type {
	case "return_statement", "raise_statement", "continue_statement", "break_statement":
		return true
	}
	return false
}
