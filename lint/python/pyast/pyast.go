// Package pyast parses Python source with tree-sitter and returns a plain
// Go copy of the syntax tree.
//
// It is the only charmgen package that uses cgo (through
// github.com/smacker/go-tree-sitter and its Python grammar): the rules in
// package python walk the Go copy, which is cheap to traverse and keeps
// them free of cgo calls. tree-sitter recovers from syntax errors, so a
// file that does not parse still yields a tree; HasError says so.
package pyast

import (
	"context"
	"sort"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

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

	src        []byte
	start, end uint32
}

// Point is a position: Row and Column are 0-based, Column in bytes.
type Point struct {
	Row, Column int
}

// Text returns the source text the node spans.
func (n *Node) Text() string {
	if n == nil {
		return ""
	}
	return string(n.src[n.start:n.end])
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

// Walk calls f for n and its descendants in source order; when f returns
// false the node's children are skipped.
func (n *Node) Walk(f func(*Node) bool) {
	if n == nil || !f(n) {
		return
	}
	for _, c := range n.Children {
		c.Walk(f)
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
}

var parsers = sync.Pool{New: func() any {
	p := sitter.NewParser()
	p.SetLanguage(python.GetLanguage())
	return p
}}

// Parse parses src. It fails only when tree-sitter gives up (it recovers
// from syntax errors, which HasError reports).
func Parse(ctx context.Context, src []byte) (*File, error) {
	p := parsers.Get().(*sitter.Parser)
	defer parsers.Put(p)
	tree, err := p.ParseCtx(ctx, nil, src)
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	root := tree.RootNode()
	f := &File{Src: src, HasError: root.HasError()}
	f.Root = convert(root, src)
	return f, nil
}

// symbols caches the name and namedness of each grammar symbol: asking
// tree-sitter per node costs a cgo call each.
var symbols sync.Map // sitter.Symbol → symbol

type symbol struct {
	name  string
	named bool
}

func symbolOf(n *sitter.Node) symbol {
	sym := n.Symbol()
	if v, ok := symbols.Load(sym); ok {
		return v.(symbol)
	}
	s := symbol{name: n.Type(), named: n.IsNamed()}
	symbols.Store(sym, s)
	return s
}

// convert copies the tree with a cursor, which costs far fewer cgo calls
// than asking each node for its children. Positions are computed from
// byte offsets, in Go.
func convert(root *sitter.Node, src []byte) *Node {
	c := sitter.NewTreeCursor(root)
	defer c.Close()
	lines := []int{0}
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	point := func(off uint32) Point {
		row := sort.SearchInts(lines, int(off)+1) - 1
		return Point{Row: row, Column: int(off) - lines[row]}
	}
	mk := func(parent *Node) *Node {
		sn := c.CurrentNode()
		sym := symbolOf(sn)
		start, end := sn.StartByte(), sn.EndByte()
		return &Node{
			Type:   sym.name,
			Field:  c.CurrentFieldName(),
			Named:  sym.named,
			Start:  point(start),
			End:    point(end),
			Parent: parent,
			src:    src,
			start:  start,
			end:    end,
		}
	}
	top := mk(nil)
	if !c.GoToFirstChild() {
		return top
	}
	parent := top
	for {
		n := mk(parent)
		parent.Children = append(parent.Children, n)
		if c.GoToFirstChild() {
			parent = n
			continue
		}
		// A leaf: move on to its next sibling, climbing as each level
		// runs out. Climbing past the root ends the walk.
		for !c.GoToNextSibling() {
			if !c.GoToParent() {
				return top
			}
			parent = parent.Parent
			if parent == nil {
				return top
			}
		}
	}
}
