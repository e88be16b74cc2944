package schemas_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/meta"
	"github.com/charmgen/charmgen/schemas"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// corpusDir holds real charms (see ../../shared/corpus/README.md).
const corpusDir = "../../shared/corpus/charms"

const regenerate = "run `go run ./cmd/charmgen schema export` from the repository root and commit the result"

func generate(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := schemas.Generate()
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return files
}

// TestCommittedUpToDate fails when the committed schema files differ from
// what the Go types generate.
func TestCommittedUpToDate(t *testing.T) {
	files := generate(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if want := []string{schemas.CharmcraftFile, schemas.HooksFile, schemas.CharmgenFile}; !cmp.Equal(names, want) {
		t.Fatalf("Generate returned files %v, want %v", names, want)
	}
	for _, n := range names {
		committed, err := fs.ReadFile(schemas.Committed, n)
		if err != nil {
			t.Errorf("%s is not committed: %v; %s", n, err, regenerate)
			continue
		}
		if !bytes.Equal(committed, files[n]) {
			t.Errorf("schemas/%s is stale; %s.\n-committed +generated:\n%s",
				n, regenerate, cmp.Diff(string(committed), string(files[n])))
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := generate(t), generate(t)
	if !cmp.Equal(a, b) {
		t.Fatalf("two Generate calls differ:\n%s", cmp.Diff(a, b))
	}
}

// TestFormat checks the layout and the header of each schema file.
func TestFormat(t *testing.T) {
	for name, b := range generate(t) {
		t.Run(name, func(t *testing.T) {
			var compact bytes.Buffer
			if err := json.Compact(&compact, b); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			var indented bytes.Buffer
			if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
				t.Fatal(err)
			}
			indented.WriteByte('\n')
			if !bytes.Equal(indented.Bytes(), b) {
				t.Errorf("not 2-space indented JSON with a trailing newline")
			}
			if bytes.Contains(b, []byte(`\u003e`)) || bytes.Contains(b, []byte(`\u003c`)) || bytes.Contains(b, []byte(`\u0026`)) {
				t.Errorf("HTML-escaped characters left in the output")
			}
			var top map[string]any
			if err := json.Unmarshal(b, &top); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{
				"$schema": "https://json-schema.org/draft/2020-12/schema",
				"$id":     schemas.BaseURL + name,
				"type":    "object",
			}
			for k, v := range want {
				if top[k] != v {
					t.Errorf("%s = %v, want %v", k, top[k], v)
				}
			}
			for _, k := range []string{"title", "description"} {
				if s, _ := top[k].(string); s == "" {
					t.Errorf("no %s", k)
				}
			}
		})
	}
}

// TestEveryPropertyDescribed walks each schema: every property of every
// object schema has a description, for editors to show.
func TestEveryPropertyDescribed(t *testing.T) {
	for file, b := range generate(t) {
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		// walk visits a schema; keywords whose values are not schemas
		// (enum, const, default, required...) are not visited.
		var walk func(v any, path string)
		walk = func(v any, path string) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					switch k {
					case "properties", "$defs", "patternProperties", "dependentSchemas":
						m, _ := x.(map[string]any)
						for name, sub := range m {
							sm, _ := sub.(map[string]any)
							if d, _ := sm["description"].(string); k == "properties" && d == "" && !strings.Contains(path, "/if") {
								t.Errorf("%s: property %s/properties/%s has no description", file, path, name)
							}
							walk(sub, path+"/"+k+"/"+name)
						}
					case "enum", "const", "default", "examples", "required", "dependentRequired":
					default:
						walk(x, path+"/"+k)
					}
				}
			case []any:
				for i, x := range v {
					walk(x, fmt.Sprintf("%s/%d", path, i))
				}
			}
		}
		walk(doc, "#")
	}
}

// TestTopLevelKeysMatchLoader keeps the schema and the meta loader in step.
func TestTopLevelKeysMatchLoader(t *testing.T) {
	var top struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(generate(t)[schemas.CharmcraftFile], &top); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range top.Properties {
		got = append(got, k)
	}
	want := meta.CharmcraftKeys()
	sort.Strings(got)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("top-level properties of %s differ from meta.CharmcraftKeys() (-loader +schema):\n%s", schemas.CharmcraftFile, diff)
	}
}

// compile compiles the generated schema name.
func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(generate(t)[name]))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	url := schemas.BaseURL + name
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return s
}

// instance decodes YAML into the JSON values the validator takes.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("YAML: %v", err)
	}
	b, err := json.Marshal(jsonValue(v))
	if err != nil {
		t.Fatalf("YAML to JSON: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// jsonValue turns maps with non-string keys (YAML allows them) into
// map[string]any, recursively.
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = jsonValue(x)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = jsonValue(x)
		}
		return m
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	}
	return v
}

// TestCorpus validates every charmcraft.yaml of the corpus, unified and
// build-only: they are real files charmcraft packs.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (see /work/shared/corpus/README.md): %v", corpusDir, err)
	}
	s := compile(t, schemas.CharmcraftFile)
	var found, unified int
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "charmcraft.yaml" {
			return err
		}
		found++
		rel, _ := filepath.Rel(corpusDir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		inst := instance(t, data)
		top, _ := inst.(map[string]any)
		if _, ok := top["name"]; ok {
			unified++
		}
		t.Run(filepath.ToSlash(filepath.Dir(rel)), func(t *testing.T) {
			if err := s.Validate(inst); err != nil {
				kind := "build-only"
				if _, ok := top["name"]; ok {
					kind = "unified"
				}
				t.Errorf("%s %s does not validate against %s:\n%v", kind, rel, schemas.CharmcraftFile, err)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if unified == 0 {
		t.Fatalf("no unified charmcraft.yaml found under %s (%d charmcraft.yaml in all)", corpusDir, found)
	}
}

// baseCharm is a valid charmcraft.yaml; each case below replaces some of
// its top-level keys.
const baseCharm = `
type: charm
name: demo
title: Demo
summary: A demo charm.
description: Shows what the schema accepts.
links:
  documentation: https://example.com/docs
  issues: https://example.com/issues
  source: [https://example.com/src]
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: go
    source: .
    organize: {bin/demo: dispatch}
provides:
  metrics: prometheus_scrape
requires:
  db:
    interface: postgresql_client
    limit: 1
    optional: false
    scope: global
    description: The database.
peers:
  cluster:
    interface: demo_peers
    limit: null
containers:
  app:
    resource: app-image
    mounts:
      - storage: data
        location: /data
resources:
  app-image:
    type: oci-image
    upstream-source: ubuntu:24.04
  blob:
    type: file
    filename: blob.tar
storage:
  data:
    type: filesystem
    location: /data
    minimum-size: 1G
    multiple:
      range: 1-3
  scratch:
    type: block
    minimum-size: 100
    multiple: {range: 2}
    properties: [transient]
assumes:
  - k8s-api
  - juju >= 3.6
  - any-of:
      - juju < 4
      - all-of: [juju >= 4.0, k8s-api]
extra-bindings:
  public:
charm-user: non-root
config:
  options:
    port:
      type: int
      default: 8080
      description: The port.
    ratio: {type: float, default: 1}
    debug: {type: boolean, default: false}
    name: {type: string, default: ""}
    token: {type: secret}
    greeting: {type: string, default: null}
actions:
  snapshot:
    description: Take a snapshot.
    params:
      filename: {type: string, description: The file.}
    required: [filename]
    additionalProperties: false
    parallel: true
    execution-group: backups
  do-it:
    description: Do it.
    additionalProperties: {type: string}
charm-libs:
  - lib: data_platform_libs.data_interfaces
    version: "0"
`

// withKeys returns baseCharm with the top-level keys of patch replacing
// its own; a key whose patch value is "-" is deleted.
func withKeys(t *testing.T, patch string) []byte {
	t.Helper()
	var base, p yaml.Node
	if err := yaml.Unmarshal([]byte(baseCharm), &base); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal([]byte(patch), &p); err != nil {
		t.Fatal(err)
	}
	bm, pm := base.Content[0], p.Content[0]
	for i := 0; i < len(pm.Content); i += 2 {
		k, v := pm.Content[i], pm.Content[i+1]
		idx := -1
		for j := 0; j < len(bm.Content); j += 2 {
			if bm.Content[j].Value == k.Value {
				idx = j
			}
		}
		switch {
		case v.Value == "-" && idx >= 0:
			bm.Content = append(bm.Content[:idx], bm.Content[idx+2:]...)
		case idx >= 0:
			bm.Content[idx+1] = v
		default:
			bm.Content = append(bm.Content, k, v)
		}
	}
	out, err := yaml.Marshal(&base)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// loaderDiags loads a charmcraft.yaml with the meta loader and returns its
// errors and warnings.
// metadata, when not empty, is the content of a metadata.yaml next to it.
func loaderDiags(data []byte, metadata string) (errs error, warnings meta.Diagnostics) {
	files := map[string][]byte{meta.CharmcraftFile: data}
	if metadata != "" {
		files[meta.MetadataFile] = []byte(metadata)
	}
	c, err := meta.LoadFiles(files, nil)
	if c != nil {
		warnings = c.Warnings
	}
	return err, warnings
}

func TestCharmcraftAccepts(t *testing.T) {
	s := compile(t, schemas.CharmcraftFile)
	cases := []struct{ name, patch, metadata string }{
		{"base", "", ""},
		{"build-only", "name: '-'\ntitle: '-'\nsummary: '-'\ndescription: '-'\nlinks: '-'\nprovides: '-'\nrequires: '-'\npeers: '-'\ncontainers: '-'\nresources: '-'\nstorage: '-'\nassumes: '-'\nextra-bindings: '-'\ncharm-user: '-'\n", "name: demo\nsummary: A demo.\ndescription: A demo.\n"},
		{"links as lists and strings", "links: {contact: [a@example.com], website: https://example.com, documentation: https://example.com}", ""},
		{"platform mapping", "platforms:\n  amd64:\n    build-on: [amd64]\n    build-for: amd64\n  arm:\n    build-on: arm64\n    build-for: [arm64]\n", ""},
		{"multi-base platforms", "base: '-'\nplatforms:\n  ubuntu@22.04:amd64:\n  ubuntu@24.04:amd64:\n", ""},
		{"legacy short bases", "base: '-'\nplatforms: '-'\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\n    architectures: [amd64]\n", ""},
		{"legacy long bases", "base: '-'\nplatforms: '-'\nbases:\n  - build-on: [{name: ubuntu, channel: \"22.04\"}]\n    run-on: [{name: ubuntu, channel: \"22.04\", architectures: [amd64, arm64]}]\n", ""},
		{"build-base devel", "base: ubuntu@25.10\nbuild-base: ubuntu@devel\n", ""},
		{"subordinate", "subordinate: true\nrequires:\n  juju-info:\n    interface: juju-info\n    scope: container\n", ""},
		{"devices", "devices:\n  gpu:\n    type: nvidia.com/gpu\n    countmin: 0\n    countmax: 2\n", ""},
		{"container bases and ids", "containers:\n  app:\n    bases: [{name: ubuntu, channel: \"24.04\"}]\n    uid: 584792\n    gid: 0\n", ""},
		{"terms and extensions", "terms: [some-term]\nextensions: [flask-framework]\nparts: '-'\n", ""},
		{"analysis and charmhub", "analysis: {ignore: {attributes: [framework]}}\ncharmhub: {api-url: https://api.example.com}", ""},
		{"param schemas are free", "actions:\n  run:\n    description: Run.\n    params:\n      x: {type: object, properties: {y: {type: integer}}, patternProperties: {'^a': {}}}\n    minProperties: 1\n", ""},
		{"secret default", "config:\n  options:\n    token: {type: secret, default: 'secret:0123456789abcdefghij'}\n", ""},
		{"resource without type is a file", "resources:\n  blob: {filename: blob.tar}\n  app-image: {type: oci-image}\n", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(baseCharm)
			if tc.patch != "" {
				data = withKeys(t, tc.patch)
			}
			if err := s.Validate(instance(t, data)); err != nil {
				t.Errorf("rejected:\n%s\n%v", data, err)
			}
			if errs, _ := loaderDiags(data, tc.metadata); errs != nil {
				t.Errorf("the schema accepts it but the meta loader reports errors:\n%s\n%v", data, errs)
			}
		})
	}
}

func TestCharmcraftRejects(t *testing.T) {
	s := compile(t, schemas.CharmcraftFile)
	// want is a part of the validation error: where or why it failed.
	cases := []struct{ name, patch, want string }{
		{"unknown top-level key", "colour: blue", "'colour' not allowed"},
		{"scope sideways", "requires:\n  db:\n    interface: pgsql\n    scope: sideways\n", "'/requires/db/scope'"},
		{"option type str", "config:\n  options:\n    port: {type: str, default: x}\n", "'/config/options/port/type'"},
		{"charm-user admin", "charm-user: admin", "'/charm-user'"},
		{"relation mapping without interface", "requires:\n  db:\n    limit: 1\n", "missing property 'interface'"},
		{"relation with no value", "requires:\n  db:\n", "'/requires/db'"},
		{"relation unknown key", "provides:\n  web:\n    interface: http\n    scoop: global\n", "'scoop' not allowed"},
		{"negative limit", "requires:\n  db: {interface: pgsql, limit: -1}\n", "'/requires/db/limit'"},
		{"type bundle", "type: bundle", "'/type'"},
		{"no type", "type: '-'", "missing property 'type'"},
		{"name with digit-only segment", "name: foo-2", "'/name'"},
		{"name upper case", "name: Demo", "'/name'"},
		{"name too long", "name: " + strings.Repeat("a", 41), "'/name'"},
		{"base and bases", "bases:\n  - name: ubuntu\n    channel: \"22.04\"\n", "'not' failed"},
		{"base without platforms", "platforms: '-'", "'platforms' required"},
		{"series base", "base: jammy", "'/base'"},
		{"unquoted channel", "base: '-'\nplatforms: '-'\nbases:\n  - name: ubuntu\n    channel: 22.04\n", "'/bases/0/channel'"},
		{"config without options", "config: {port: {type: int}}", "missing property 'options'"},
		{"option without type", "config:\n  options:\n    port: {default: 1}\n", "missing property 'type'"},
		{"int option with string default", "config:\n  options:\n    port: {type: int, default: \"8080\"}\n", "'/config/options/port/default'"},
		{"string option with number default", "config:\n  options:\n    port: {type: string, default: 8080}\n", "'/config/options/port/default'"},
		{"boolean option with string default", "config:\n  options:\n    debug: {type: boolean, default: \"true\"}\n", "'/config/options/debug/default'"},
		{"secret option with a plain default", "config:\n  options:\n    token: {type: secret, default: hunter2}\n", "'/config/options/token/default'"},
		{"action without description", "actions:\n  run: {params: {}}\n", "missing property 'description'"},
		{"action named juju-run", "actions:\n  juju-run: {description: Run.}\n", "'juju-run'"},
		{"action name with underscore", "actions:\n  do_it: {description: Do it.}\n", "'do_it'"},
		{"action with $ref", "actions:\n  run: {description: Run., $ref: '#/x'}\n", "'$ref'"},
		{"action param not a mapping", "actions:\n  run: {description: Run., params: {x: string}}\n", "'/actions/run/params/x'"},
		{"storage type tmpfs", "storage:\n  data: {type: tmpfs}\n", "'/storage/data/type'"},
		{"storage without type", "storage:\n  data: {location: /data}\n", "'/storage/data'"},
		{"block storage with location", "storage:\n  data: {type: block, location: /data}\n", "'/storage/data'"},
		{"storage bad range", "storage:\n  data: {type: filesystem, multiple: {range: one}}\n", "'/storage/data/multiple/range'"},
		{"storage bad size", "storage:\n  data: {type: filesystem, minimum-size: lots}\n", "'/storage/data/minimum-size'"},
		{"storage property", "storage:\n  data: {type: filesystem, properties: [durable]}\n", "'/storage/data/properties/0'"},
		{"storage name", "storage:\n  Data: {type: filesystem}\n", "'Data'"},
		{"resource type", "resources:\n  app-image: {type: docker}\n", "'/resources/app-image/type'"},
		{"file resource without filename", "resources:\n  blob: {type: file}\n", "missing property 'filename'"},
		{"container uid in reserved range", "containers:\n  app: {resource: app-image, uid: 1500}\n", "'/containers/app/uid'"},
		{"mount without location", "containers:\n  app:\n    resource: app-image\n    mounts: [{storage: data}]\n", "missing property 'location'"},
		{"device without type", "devices:\n  gpu: {countmax: 1}\n", "'/devices/gpu'"},
		{"assumes group with two keys", "assumes:\n  - any-of: [k8s-api]\n    all-of: [k8s-api]\n", "maxProperties"},
		{"assumes empty group", "assumes:\n  - any-of: []\n", "'/assumes/0/any-of'"},
		{"assumes bad expression", "assumes: ['juju => 3']", "'/assumes/0'"},
		{"extra binding with a value", "extra-bindings:\n  public: eth0\n", "'/extra-bindings/public'"},
		{"platform unknown key", "platforms:\n  amd64: {run-on: amd64}\n", "'run-on' not allowed"},
		{"links documentation list", "links: {documentation: [a, b]}", "'/links/documentation'"},
		{"subordinate string", "subordinate: 'yes'", "'/subordinate'"},
		{"part not a mapping", "parts:\n  charm: go\n", "'/parts/charm'"},
		{"charm lib without version", "charm-libs:\n  - lib: a.b\n", "missing property 'version'"},
		{"legacy base with both forms", "base: '-'\nplatforms: '-'\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\n    build-on: [{name: ubuntu, channel: \"22.04\"}]\n", "'/bases/0'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := withKeys(t, tc.patch)
			err := s.Validate(instance(t, data))
			switch {
			case err == nil:
				t.Errorf("accepted:\n%s", data)
			case !strings.Contains(err.Error(), tc.want):
				t.Errorf("rejected, but not for %s:\n%s\n%v", tc.want, data, err)
			}
		})
	}
}

// TestLoaderAgrees checks the brief's negative cases against the meta
// loader too: each must draw an error or a warning from it.
func TestLoaderAgrees(t *testing.T) {
	for _, patch := range []string{
		"colour: blue",
		"requires:\n  db:\n    interface: pgsql\n    scope: sideways\n",
		"config:\n  options:\n    port: {type: str, default: x}\n",
		"charm-user: admin",
		"requires:\n  db:\n    limit: 1\n",
	} {
		data := withKeys(t, patch)
		if errs, warnings := loaderDiags(data, ""); errs == nil && len(warnings) == 0 {
			t.Errorf("the schema rejects %q but the meta loader is silent", patch)
		}
	}
}

func TestCharmgenSchema(t *testing.T) {
	s := compile(t, schemas.CharmgenFile)
	good := []string{
		"juju: 4\n",
		"juju: 3\n",
		"juju: \"4\"\nlayout: daemon\n",
		"layout: go\noutput: internal/charm\npackage: charm\n",
		"output: gen/charm-code\nschemas:\n  - schemas\n  - ../interfaces\nendpoints:\n  db:\n    version: 1\n  cache:\n",
		"schemas: schemas\n",
		"{}\n",
		"lint:\n  disable: [PY016, META005]\n  severity:\n    META012: error\n    GO010: \"off\"\n",
		"lint:\n  disable: PY016\n",
		"lint:\n",
		"lint:\n  disable: [thin-handler, PY01]\n  select: [PY, META]\n  ignore: unconditional-restart\n  severity: {removed-in-juju-4: error}\n  per-path-ignores:\n    \"tests/**\": [PY001, thin-handler]\n    src/legacy_*.py: PY010\n",
	}
	for _, doc := range good {
		if err := s.Validate(instance(t, []byte(doc))); err != nil {
			t.Errorf("%s rejects\n%s\n%v", schemas.CharmgenFile, doc, err)
		}
		if _, err := settings.Parse(settings.FileName, []byte(doc)); err != nil {
			t.Errorf("the schema accepts\n%s\nbut settings.Parse rejects it: %v", doc, err)
		}
	}
	bad := []string{
		"layout: fancy\n",
		"colour: blue\n",
		"juju: 5\n",
		"juju: \"4.0\"\n",
		"juju: [4]\n",
		"package: My-Package\n",
		"output: \"\"\n",
		"schemas: [1]\n",
		"endpoints:\n  db:\n    version: -1\n",
		"endpoints:\n  db:\n    pin: 1\n",
		"endpoints:\n  db: 1\n",
		"endpoints: [db]\n",
		"lint: [PY016]\n",
		"lint:\n  disable: [py 016]\n",
		"lint:\n  severity:\n    GO001: loud\n",
		"lint:\n  severity:\n    G 1: error\n",
		"lint:\n  select: [{PY: 1}]\n",
		"lint:\n  per-path-ignores: [tests]\n",
		"lint:\n  per-path-ignores:\n    tests/**: [PY_001]\n",
		"lint:\n  enable: [GO001]\n",
	}
	for _, doc := range bad {
		if err := s.Validate(instance(t, []byte(doc))); err == nil {
			t.Errorf("%s accepts\n%s", schemas.CharmgenFile, doc)
		}
		if _, err := settings.Parse(settings.FileName, []byte(doc)); err == nil {
			t.Errorf("the schema rejects\n%s\nbut settings.Parse accepts it", doc)
		}
	}
}
