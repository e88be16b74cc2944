// Package pyast parses Python source with tree-sitter and returns a plain
// Go copy of the syntax tree.
//
// It is the only charmgen package that uses cgo (through
// github.com/smacker/go-tree-sitter and its Python grammar, in parse.go):
// the rules in package python walk the Go copy, which is cheap to traverse
// and keeps them free of cgo calls. tree-sitter recovers from syntax
// errors, so a file that does not parse still yields a tree; HasError says
// so. A build without cgo (the !cgo constraint, automatic with
// CGO_ENABLED=0) has the tree types but no parser: Available is false and
// Parse returns ErrUnavailable.
package pyast

import (
	"errors"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrUnavailable is Parse's error in a charmgen built without cgo
// (CGO_ENABLED=0, or no C compiler): tree-sitter is C, and such a build
// leaves the parser out. Available says which build this is.
var ErrUnavailable = errors.New("the Python parser (tree-sitter) needs a charmgen built with cgo: CGO_ENABLED=1 and a C compiler")

// Node is one node of the syntax tree. Type is tree-sitter's node type
// ("call", "attribute", "identifier", ...); Field is the name of the field
// the node fills in its parent ("function", "arguments", "left", ...), or
// "". Anonymous nodes (punctuation and keywords such as "==" or "not") are
// kept, with Named false.
type Node struct {
	Type     string
	Field    string
	Named    bool
	Start    Point
	End      Point
	Parent   *Node
	Children []*Node

	t          *tree
	start, end uint32
	// Computed once while the tree is copied, so that the rules' common
	// questions cost O(1) (or a binary search) instead of a walk up or
	// down the tree; a walk per node made lint time quadratic in the
	// nesting depth.
	fn             *Node  // nearest enclosing function_definition
	depth          int32  // 0 for the root
	pre, last      int32  // pre-order index of the node and of its last descendant
	sqStart, sqEnd uint32 // Squeezed's bounds in t.squeezed, or noSq
}

// tree is what the nodes of one file share.
type tree struct {
	src      string  // the source, converted once: Text slices it
	squeezed string  // the source without Unicode white space
	calls    []*Node // the call nodes, in pre-order
	root     *Node   // the module node
}

// noSq marks a node whose bounds do not fall on rune boundaries of the
// file (invalid UTF-8): Squeezed computes it from Text instead.
const noSq = ^uint32(0)

// Point is a position: Row and Column are 0-based, Column in bytes.
type Point struct {
	Row, Column int
}

// Text returns the source text the node spans. It shares the file's
// memory: no copy is made.
func (n *Node) Text() string {
	if n == nil || n.t == nil {
		return ""
	}
	return n.t.src[n.start:n.end]
}

// Squeezed returns the node's text without white space (as
// strings.Join(strings.Fields(n.Text()), "") would), without a copy.
func (n *Node) Squeezed() string {
	if n == nil || n.t == nil {
		return ""
	}
	if n.sqStart == noSq || n.sqEnd == noSq {
		return strings.Join(strings.Fields(n.Text()), "")
	}
	return n.t.squeezed[n.sqStart:n.sqEnd]
}

// EnclosingFunc returns the nearest function_definition n is in (not n
// itself), or nil.
func (n *Node) EnclosingFunc() *Node {
	if n == nil {
		return nil
	}
	return n.fn
}

// Root returns the module node of n's file: nodes of different files have
// different roots.
func (n *Node) Root() *Node {
	if n == nil || n.t == nil {
		return nil
	}
	return n.t.root
}

// Depth returns how many ancestors n has: 0 for the root.
func (n *Node) Depth() int {
	if n == nil {
		return 0
	}
	return int(n.depth)
}

// Calls returns the call nodes in n's subtree (n included), in source
// order (the order Walk visits them), or nil. The slice is shared: do not
// modify it (appending to it is safe).
func (n *Node) Calls() []*Node {
	if n == nil || n.t == nil {
		return nil
	}
	cs := n.t.calls
	i := sort.Search(len(cs), func(i int) bool { return cs[i].pre >= n.pre })
	j := i + sort.Search(len(cs)-i, func(k int) bool { return cs[i+k].pre > n.last })
	if i == j {
		return nil
	}
	return cs[i:j:j]
}

// Line returns the 1-based line the node starts on.
func (n *Node) Line() int { return n.Start.Row + 1 }

// Col returns the 1-based byte column the node starts at.
func (n *Node) Col() int { return n.Start.Column + 1 }

// Child returns the first child that fills field, or nil.
func (n *Node) Child(field string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Children {
		if c.Field == field {
			return c
		}
	}
	return nil
}

// NamedChildren returns the named children, in order.
func (n *Node) NamedChildren() []*Node {
	if n == nil {
		return nil
	}
	out := make([]*Node, 0, len(n.Children))
	for _, c := range n.Children {
		if c.Named {
			out = append(out, c)
		}
	}
	return out
}

// HasAnon reports whether the node has an anonymous child with text tok,
// such as "==" in a comparison.
func (n *Node) HasAnon(tok string) bool {
	for _, c := range n.Children {
		if !c.Named && c.Type == tok {
			return true
		}
	}
	return false
}

// Walk calls f for n and its descendants in source order (pre-order);
// when f returns false the node's children are skipped. It keeps its own
// stack, so a deeply nested tree does not deepen the goroutine's.
func (n *Node) Walk(f func(*Node) bool) {
	if n == nil {
		return
	}
	var buf [64]*Node
	stack := append(buf[:0], n)
	for len(stack) > 0 {
		m := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !f(m) {
			continue
		}
		for i := len(m.Children) - 1; i >= 0; i-- {
			stack = append(stack, m.Children[i])
		}
	}
}

// Contains reports whether m lies within n.
func (n *Node) Contains(m *Node) bool {
	return m != nil && n.start <= m.start && m.end <= n.end
}

// File is a parsed Python file.
type File struct {
	Root *Node
	Src  []byte
	// HasError is true when tree-sitter had to recover from a syntax
	// error somewhere in the file.
	HasError bool
	// Nodes is the number of nodes in the tree (anonymous ones included).
	Nodes int
	// Deepest is the first node (in source order) of the greatest depth.
	Deepest *Node
}

// squeeze returns the tree's shared strings and, for each byte offset of
// src (and len(src)), the offset in the squeezed source where the text
// from there on starts, or noSq inside a rune. White space is what
// strings.Fields splits on: unicode.IsSpace, with invalid UTF-8 kept.
func squeeze(src []byte) (*tree, []uint32) {
	sq := make([]uint32, len(src)+1)
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRune(src[i:])
		sq[i] = uint32(len(out))
		for k := 1; k < w; k++ {
			sq[i+k] = noSq
		}
		if !unicode.IsSpace(r) {
			out = append(out, src[i:i+w]...)
		}
		i += w
	}
	sq[len(src)] = uint32(len(out))
	return &tree{src: string(src), squeezed: string(out)}, sq
}
