package lint_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema compiles the SARIF 2.1.0 JSON Schema published by OASIS,
// vendored in testdata/sarif (see the README there for where it came from).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSARIF validates --format sarif against the SARIF 2.1.0 schema, for
// the findings of the Python fixtures (and the corpus when present), for no
// findings, and for awkward paths; and checks what GitHub code scanning
// relies on.
func TestSARIF(t *testing.T) {
	s := sarifSchema(t)
	var fs []rule.Finding
	for _, dir := range []string{filepath.Join("testdata", "pycharms"), filepath.Join("testdata", "gocharm"), corpusDir} {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		res, err := lint.Run(context.Background(), lint.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, res.Findings...)
	}
	fs = append(fs,
		rule.Finding{Rule: "LINT003", Severity: rule.Info, Pos: rule.Pos{File: "dir with space/50%.py"}, Message: "unused"},
		rule.Finding{Rule: "PY004", Severity: rule.Warning, Pos: rule.Pos{File: "/abs/src/charm.py", Line: 2, Col: 3}, Message: "abs"},
	)
	for name, findings := range map[string][]rule.Finding{"findings": fs, "none": nil} {
		var b bytes.Buffer
		if err := lint.Write(&b, "sarif", findings, "1.2.3"); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("%s: not JSON: %v", name, err)
		}
		if err := s.Validate(inst); err != nil {
			t.Fatalf("%s: SARIF output does not validate against SARIF 2.1.0:\n%v", name, err)
		}
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				Tool struct {
					Driver struct {
						Name  string `json:"name"`
						Rules []struct {
							ID string `json:"id"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
				Results []struct {
					RuleID    string `json:"ruleId"`
					RuleIndex int    `json:"ruleIndex"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		run := log.Runs[0]
		if log.Version != "2.1.0" || run.Tool.Driver.Name != "charmgen" || len(run.Tool.Driver.Rules) != len(lint.Rules()) {
			t.Errorf("%s: version %q, driver %q with %d rules", name, log.Version, run.Tool.Driver.Name, len(run.Tool.Driver.Rules))
		}
		if len(run.Results) != len(findings) {
			t.Errorf("%s: %d results for %d findings", name, len(run.Results), len(findings))
		}
		for _, r := range run.Results {
			if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
				t.Errorf("result %s points at rule %d", r.RuleID, r.RuleIndex)
			}
		}
		if name == "findings" {
			uris := map[string]bool{}
			for _, r := range run.Results {
				uris[r.Locations[0].PhysicalLocation.ArtifactLocation.URI] = true
			}
			for _, u := range []string{"dir%20with%20space/50%25.py", "file:///abs/src/charm.py"} {
				if !uris[u] {
					t.Errorf("no result with URI %s", u)
				}
			}
		}
	}
}
