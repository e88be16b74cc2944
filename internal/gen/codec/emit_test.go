package codec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
	"github.com/dave/jennifer/jen"
)

// tinySchema is the provider role of a toy interface: one plain field, one
// JSON field holding a list of objects with an enum, bounds and a pattern.
const tinySchema = `{
  "$defs": {
    "Color": {"enum": ["red", "dark-blue"], "type": "string", "description": "A color."},
    "Item": {
      "description": "One item.",
      "properties": {
        "name": {"type": "string", "pattern": "^[a-z]+$"},
        "size": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
        "color": {"$ref": "#/$defs/Color"}
      },
      "required": ["name", "size"],
      "type": "object"
    },
    "Data": {
      "properties": {
        "host": {"type": "string", "description": "Where."},
        "items": {"contentMediaType": "application/json", "contentSchema": {"items": {"$ref": "#/$defs/Item"}, "type": "array", "maxItems": 2}, "type": "string"}
      },
      "required": ["host"],
      "type": "object"
    }
  },
  "properties": {"app": {"$ref": "#/$defs/Data"}},
  "type": "object"
}`

func tinyPackage(t *testing.T) *goPackage {
	t.Helper()
	return toyPackage(t, tinySchema)
}

// toyPackage builds the model of interface toy v1 whose provider role is
// providerSchema.
func toyPackage(t *testing.T, providerSchema string) *goPackage {
	t.Helper()
	sr, diags := ifaceschema.ParseRole("provider.json", []byte(providerSchema))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	it := &ifaceschema.Interface{Name: "toy", Version: 1, Tree: "", Dir: "toy/v1",
		Provider: &ifaceschema.Role{Name: "provider", File: "toy/v1/provider.json", Schema: sr}}
	g := buildPackage(&Config{}, it, func(d ifaceschema.Diagnostic) { t.Errorf("warning: %s", d) })
	if g == nil {
		t.Fatal("no package")
	}
	return g
}

// render renders code into a file of package toyv1 and returns what
// follows the package clause and imports.
func renderCode(t *testing.T, code jen.Code) string {
	t.Helper()
	f := jen.NewFile("toyv1")
	f.ImportName(RuntimePath, "databag")
	f.Add(code)
	src := fmt.Sprintf("%#v", f)
	if i := strings.Index(src, ")\n\n"); i >= 0 && strings.Contains(src[:i], "import (") {
		src = src[i+3:]
	} else if i := strings.Index(src, "\n\n"); i >= 0 {
		src = src[i+2:]
		if strings.HasPrefix(src, "import ") {
			src = src[strings.Index(src, "\n\n")+2:]
		}
	}
	return src
}

func checkRender(t *testing.T, name string, code jen.Code, want string) {
	t.Helper()
	got := renderCode(t, code)
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("%s: got\n%s\nwant\n%s\n%s", name, got, want, diff(strings.TrimSpace(want), strings.TrimSpace(got)))
	}
}

func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("first difference at line %d:\n-%s\n+%s", i+1, w, g)
		}
	}
	return ""
}

func item(g *goPackage) *structType {
	for _, s := range g.structs {
		if s.name == "Item" {
			return s
		}
	}
	return nil
}
