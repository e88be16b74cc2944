package gen_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/gen"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/meta"
)

// widgetSchema requires both host and port.
const widgetSchema = `{"type": "object", "properties": {"app": {"type": "object", "properties": {"host": {"type": "string"}, "port": {"type": "integer"}}, "required": ["host", "port"]}}}`

const widgetEndpoint = "  widget:\n    interface: widget\n"

// widgetOverlay makes port optional, with a default.
const widgetOverlay = `[{"op": "optional", "path": "/properties/app/properties/port", "default": 8080, "why": "lib/charms/widget/v0/widget.py:42: the library defaults the port"}]`

// widgetModule is the shop charm with a widget endpoint, a published tree
// (docs/json_schemas) that has the widget interface, and the given
// charmgen.yaml.
func widgetModule(t *testing.T, yaml string) string {
	t.Helper()
	dir := newModule(t, "example.com/shop", strings.Replace(shopCharm, "requires:\n", "requires:\n"+widgetEndpoint, 1))
	write(t, filepath.Join(dir, "charmgen.yaml"), yaml)
	write(t, filepath.Join(dir, "cri/docs/json_schemas/widget/v0/provider.json"), widgetSchema)
	write(t, filepath.Join(dir, "cri/docs/json_schemas/widget/v0/requirer.json"), widgetSchema)
	return dir
}

func planErr(t *testing.T, dir string, bare bool) ([]gen.File, error) {
	t.Helper()
	c, err := meta.Load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := settings.Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	return gen.Plan(gen.Options{Dir: dir, Settings: s, Charm: c, BareSchemas: bare})
}

func widgetCodec(t *testing.T, files []gen.File) string {
	t.Helper()
	for _, f := range files {
		if f.Path == "internal/charm/widget/v0/databags.go" {
			return string(f.Content)
		}
	}
	t.Fatal("no widget codec planned")
	return ""
}

// A charm's own overlay (charmgen.yaml's overlays key) changes the
// generated codec; --bare-schemas (BareSchemas) generates from the schema
// as published, and Check compares against what the same options plan.
func TestUserOverlayChangesCodec(t *testing.T) {
	dir := widgetModule(t, "schemas: [cri]\noverlays: [overlays]\n")
	write(t, filepath.Join(dir, "overlays/widget/v0/provider.json"), widgetOverlay)

	files, err := planErr(t, dir, false)
	if err != nil {
		t.Fatal(err)
	}
	withOverlay := widgetCodec(t, files)
	if !strings.Contains(withOverlay, `// Port: Key "port", written as text; optional.`) || !strings.Contains(withOverlay, "x.Port = 8080") {
		t.Errorf("overlay not applied:\n%s", withOverlay)
	}
	bare, err := planErr(t, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if b := widgetCodec(t, bare); !strings.Contains(b, `// Port: Key "port", written as text; required.`) || strings.Contains(b, "8080") {
		t.Errorf("bare schemas got an overlay:\n%s", b)
	}

	if _, err := gen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	if d, err := gen.Check(dir, files); err != nil || d != "" {
		t.Errorf("check with overlays after writing them: %q, %v", d, err)
	}
	if d, err := gen.Check(dir, bare); err != nil || !strings.Contains(d, "-\t// Default: 8080.") {
		t.Errorf("check with bare schemas after writing with overlays: %q, %v", d, err)
	}
}

// A directory that does not exist is an error at its position in
// charmgen.yaml; an overlay op that does not apply names the overlay file
// and the operation's index; a malformed op too.
func TestUserOverlayErrors(t *testing.T) {
	for _, c := range []struct {
		name, yaml, file, ops, want string
	}{
		{"missing directory", "schemas: [cri]\noverlays:\n  - overlays\n  - nope\n", "", "",
			"charmgen.yaml:4:5: overlays: nope does not exist"},
		{"not a directory", "schemas: [cri]\noverlays: [charmcraft.yaml]\n", "", "",
			"charmgen.yaml:2:12: overlays: charmcraft.yaml is not a directory"},
		{"op does not apply", "schemas: [cri]\noverlays: [overlays]\n", "overlays/widget/v0/requirer.json",
			`[{"op": "set", "path": "/type", "value": "object", "why": "lib/w.py:1: x"}, {"op": "optional", "path": "/properties/app/properties/colour", "why": "lib/w.py:2: x"}]`,
			`overlays/widget/v0/requirer.json: operation 1 (optional /properties/app/properties/colour): `},
		{"why missing", "schemas: [cri]\noverlays: [overlays]\n", "overlays/widget/v0/requirer.json",
			`[{"op": "optional", "path": "/properties/app/properties/host"}]`,
			`overlays/widget/v0/requirer.json: operation 0 (optional /properties/app/properties/host): "why" is missing`},
		{"bad layout", "schemas: [cri]\noverlays: [overlays]\n", "overlays/widget/requirer.json", `[]`,
			`overlays/widget/requirer.json: not laid out as <interface>/v<N>/<provider|requirer>.json`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := widgetModule(t, c.yaml)
			if c.file != "" {
				write(t, filepath.Join(dir, c.file), c.ops)
			}
			_, err := planErr(t, dir, false)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, "")) {
				t.Errorf("error %v does not name the charm directory", err)
			}
			// With bare schemas no overlay is read.
			if _, err := planErr(t, dir, true); err != nil {
				t.Errorf("bare schemas: %v", err)
			}
		})
	}
}
