package schemas_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/schemas"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// TestHooksSchemaUpToDate fails when charmgen-hooks.schema.json differs
// from what hooksfile.File generates. CHARMGEN_UPDATE_SCHEMAS=1 rewrites
// it.
func TestHooksSchemaUpToDate(t *testing.T) {
	b, err := schemas.HooksSchemaJSON()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CHARMGEN_UPDATE_SCHEMAS") != "" {
		if err := os.WriteFile(schemas.HooksFile, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b, schemas.CommittedHooks) {
		t.Errorf("schemas/%s is stale: run CHARMGEN_UPDATE_SCHEMAS=1 go test ./schemas -run TestHooksSchemaUpToDate", schemas.HooksFile)
	}
}

// TestHooksSchemaValidates checks the example hooks file against the
// schema, and that typical mistakes are rejected.
func TestHooksSchemaValidates(t *testing.T) {
	var doc any
	if err := json.Unmarshal(schemas.CommittedHooks, &doc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemas.HooksFile, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemas.HooksFile)
	if err != nil {
		t.Fatal(err)
	}
	check := func(src string) error {
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		var j any
		json.Unmarshal(b, &j)
		return sch.Validate(j)
	}
	ex, err := os.ReadFile("../examples/daemon-demo/charmgen-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := check(string(ex)); err != nil {
		t.Errorf("example: %v", err)
	}
	for _, bad := range []string{
		"hooks:\n  install:\n    - script: a.sh\n      inline: x\n",
		"hooks:\n  install:\n    - args: [x]\n",
		"hooks:\n  install:\n    - script: /etc/passwd\n",
		"timers:\n  - name: t\n    every: soon\n    scripts: []\n",
		"hookz: {}\n",
	} {
		if err := check(bad); err == nil {
			t.Errorf("accepted:\n%s", bad)
		} else if strings.Contains(err.Error(), "compil") {
			t.Error(err)
		}
	}
}
