package pyast

import (
	"context"
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
