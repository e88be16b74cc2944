package gen_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// The codec model of an interface version is built once, however many
// endpoints use it: each problem of its schemas is reported once, in the
// order the schema files give them and then building, and every endpoint
// takes its databag types from that one model.
func TestSharedInterfaceBuiltOnce(t *testing.T) {
	dir := newModule(t, "example.com/shop", strings.Replace(shopCharm, "requires:\n", "requires:\n  one:\n    interface: widget\n  two:\n    interface: widget\n", 1))
	write(t, filepath.Join(dir, "charmgen.yaml"), "schemas: [schemas]\n")
	// "str" is a problem of the file; go-to and go_to, both GoTo, one that
	// building the model finds.
	write(t, filepath.Join(dir, "schemas/widget/v0/provider.json"), `{"type": "object", "properties": {"app": {"type": "object", "properties": {"go-to": {"type": "string"}, "go_to": {"type": "string"}, "odd": {"type": "str"}}}}}`)
	write(t, filepath.Join(dir, "schemas/widget/v0/requirer.json"), `{"type": "object", "properties": {"unit": {"type": "object", "properties": {"want": {"type": "string"}}}}}`)
	files, warns := plan(t, dir)
	if len(warns) != 2 || !strings.Contains(warns[0], `unknown type "str"`) || !strings.Contains(warns[1], `"go_to" is named GoTo_2`) {
		t.Errorf("warnings: want the unknown type, then the name collision, each once; got %q", warns)
	}
	var codecs int
	var relations string
	for _, f := range files {
		switch f.Path {
		case "internal/charm/widget/v0/databags.go":
			codecs++
		case "internal/charm/relations.gen.go":
			relations = string(f.Content)
		}
	}
	if codecs != 1 {
		t.Errorf("%d widget codec packages planned, want 1", codecs)
	}
	for _, typ := range []string{"widgetv0.ProviderApp", "widgetv0.RequirerUnit"} {
		if n := strings.Count(relations, typ); n < 2 {
			t.Errorf("relations.gen.go names %s %d times, want it for both endpoints:\n%s", typ, n, relations)
		}
	}
}
