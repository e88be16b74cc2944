//go:build cgo

package pyast

import (
	"context"
	"sort"
	"sync"

	sitter "github.com/smacker/go-tree-sitter"
	"github.com/smacker/go-tree-sitter/python"
)

// Available says whether Parse works: true in a build with cgo.
const Available = true

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
	var all []*Node
	f.Root, all = convert(root, src)
	f.Nodes = len(all)
	for _, n := range all {
		if f.Deepest == nil || n.depth > f.Deepest.depth {
			f.Deepest = n
		}
	}
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
// byte offsets, in Go. It returns the root and every node in pre-order.
func convert(root *sitter.Node, src []byte) (*Node, []*Node) {
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
	t, sq := squeeze(src)
	sqAt := func(off uint32) uint32 {
		if int(off) >= len(sq) {
			return noSq
		}
		return sq[off]
	}
	var all []*Node
	mk := func(parent *Node) *Node {
		sn := c.CurrentNode()
		sym := symbolOf(sn)
		start, end := sn.StartByte(), sn.EndByte()
		n := &Node{
			Type:    sym.name,
			Field:   c.CurrentFieldName(),
			Named:   sym.named,
			Start:   point(start),
			End:     point(end),
			Parent:  parent,
			t:       t,
			start:   start,
			end:     end,
			pre:     int32(len(all)),
			sqStart: sqAt(start),
			sqEnd:   sqAt(end),
		}
		if parent != nil {
			n.depth = parent.depth + 1
			n.fn = parent.fn
			if parent.Type == "function_definition" {
				n.fn = parent
			}
		}
		if n.Type == "call" {
			t.calls = append(t.calls, n)
		}
		all = append(all, n)
		return n
	}
	top := mk(nil)
	t.root = top
	defer func() {
		// Each node's last descendant: children come after their parent
		// in pre-order, so one backward pass settles them all.
		for i := len(all) - 1; i >= 0; i-- {
			n := all[i]
			n.last = n.pre
			if k := len(n.Children); k > 0 {
				n.last = n.Children[k-1].last
			}
		}
	}()
	if !c.GoToFirstChild() {
		return top, all
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
				return top, all
			}
			parent = parent.Parent
			if parent == nil {
				return top, all
			}
		}
	}
}
