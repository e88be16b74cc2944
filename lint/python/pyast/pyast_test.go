package pyast

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func dump(n *Node, depth int, b *strings.Builder) {
	if !n.Named {
		return
	}
	b.WriteString(strings.Repeat("  ", depth))
	if n.Field != "" {
		b.WriteString(n.Field + ": ")
	}
	b.WriteString(n.Type)
	if len(n.NamedChildren()) == 0 {
		b.WriteString(" " + n.Text())
	}
	b.WriteString("\n")
	for _, c := range n.Children {
		dump(c, depth+1, b)
	}
}

func TestParse(t *testing.T) {
	src := []byte("class C(ops.CharmBase):\n    def __init__(self, fw):\n        fw.observe(self.on.install, self._x)\n\nx = a == b\n")
	f, err := Parse(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	if f.HasError {
		t.Error("HasError on valid source")
	}
	var b strings.Builder
	dump(f.Root, 0, &b)
	want := `module
  class_definition
    name: identifier C
    superclasses: argument_list
      attribute
        object: identifier ops
        attribute: identifier CharmBase
    body: block
      function_definition
        name: identifier __init__
        parameters: parameters
          identifier self
          identifier fw
        body: block
          expression_statement
            call
              function: attribute
                object: identifier fw
                attribute: identifier observe
              arguments: argument_list
                attribute
                  object: attribute
                    object: identifier self
                    attribute: identifier on
                  attribute: identifier install
                attribute
                  object: identifier self
                  attribute: identifier _x
  expression_statement
    assignment
      left: identifier x
      right: comparison_operator
        identifier a
        identifier b
`
	if b.String() != want {
		t.Errorf("tree:\n%s\nwant:\n%s", b.String(), want)
	}
	// Anonymous tokens are kept for operators.
	var cmp *Node
	f.Root.Walk(func(n *Node) bool {
		if n.Type == "comparison_operator" {
			cmp = n
		}
		return true
	})
	if cmp == nil || !cmp.HasAnon("==") || cmp.Line() != 5 || cmp.Col() != 5 {
		t.Errorf("comparison = %+v", cmp)
	}
	// Parents are linked.
	if cmp.Parent.Type != "assignment" || !f.Root.Contains(cmp) {
		t.Errorf("parent = %s", cmp.Parent.Type)
	}
}

func TestParseError(t *testing.T) {
	f, err := Parse(context.Background(), []byte("def f(:\n    pass\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !f.HasError {
		t.Error("HasError is false for broken source")
	}
}

// TestCachedAnswers checks the per-node data computed at parse time
// against the walks it replaces, on awkward sources and, when present, on
// every Python file of the corpus.
func TestCachedAnswers(t *testing.T) {
	srcs := map[string][]byte{
		"spaces":  []byte("def f(a,\n      b):\n    x = g( a ,\tb )\u00a0\n    return h(\u2003x\u0085)\n"),
		"invalid": []byte("x = f(\"\xff\xfe\", y)  # \xe2\x82\n\ndef g():\n    return k(\xc3)\n"),
		"nested":  []byte("def a():\n    def b():\n        return c(d(e()))\n    return lambda: f(g())\n"),
	}
	paths, _ := filepath.Glob("/work/shared/corpus/python-charms/*/src/*.py")
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			srcs[p] = src
		}
	}
	for name, src := range srcs {
		f, err := Parse(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		nodes := 0
		f.Root.Walk(func(n *Node) bool {
			nodes++
			if got, want := n.Squeezed(), strings.Join(strings.Fields(n.Text()), ""); got != want {
				t.Errorf("%s:%d: Squeezed %q, want %q", name, n.Line(), got, want)
			}
			var fn *Node
			for p := n.Parent; p != nil; p = p.Parent {
				if p.Type == "function_definition" {
					fn = p
					break
				}
			}
			if n.EnclosingFunc() != fn {
				t.Errorf("%s:%d: EnclosingFunc differs", name, n.Line())
			}
			var calls []*Node
			var rec func(m *Node)
			rec = func(m *Node) {
				if m.Type == "call" {
					calls = append(calls, m)
				}
				for _, c := range m.Children {
					rec(c)
				}
			}
			rec(n)
			got := n.Calls()
			if len(got) != len(calls) {
				t.Fatalf("%s:%d: %d calls, want %d", name, n.Line(), len(got), len(calls))
			}
			for i := range got {
				if got[i] != calls[i] {
					t.Fatalf("%s:%d: call %d differs", name, n.Line(), i)
				}
			}
			return true
		})
		if nodes != f.Nodes {
			t.Errorf("%s: Walk visits %d nodes, Nodes = %d", name, nodes, f.Nodes)
		}
	}
}
