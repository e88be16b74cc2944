package codec_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/gen/codec"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
)

// corpusDiags lists every diagnostic the corpus gives: file (relative to
// the corpus), severity, and a piece of the message. Every listed
// diagnostic must appear, and no other may.
var corpusDiags = []struct{ file, sev, msg string }{
	{"docs/json_schemas/interfaces/wazuh_api_client", "warning", "not laid out as <name>/v<N>"},
	{"interfaces/certificate_transfer/v0/schemas/provider.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/certificate_transfer/v0/schemas/requirer.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/database_backup/v0/schemas/provider.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/database_backup/v0/schemas/provider.json", "warning", "$ref to another file (https://canonical.github.io/charm-relation-interfaces/interfaces/s3/schemas/provider.json) is not followed"},
	{"interfaces/database_backup/v0/schemas/requirer.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/database_backup/v0/schemas/requirer.json", "warning", "$ref to another file"},
	{"docs/json_schemas/etcd_client/v0/provider.json", "warning", `field "endpoints" is declared beside app and unit, outside any databag`},
	{"docs/json_schemas/etcd_client/v0/provider.json", "warning", `field "secret_tls" is declared beside app and unit`},
	{"docs/json_schemas/etcd_client/v0/provider.json", "warning", `field "secret_user" is declared beside app and unit`},
	{"docs/json_schemas/etcd_client/v0/provider.json", "warning", `field "version" is declared beside app and unit`},
	{"docs/json_schemas/etcd_client/v0/requirer.json", "warning", `field "prefix" is declared beside app and unit`},
	{"docs/json_schemas/etcd_client/v0/requirer.json", "warning", `field "provided_secrets" is declared beside app and unit`},
	{"docs/json_schemas/etcd_client/v0/requirer.json", "warning", `field "requested_secrets" is declared beside app and unit`},
	{"docs/json_schemas/etcd_client/v0/requirer.json", "warning", `field "secret_mtls" is declared beside app and unit`},
	{"docs/json_schemas/etcd_client/v0", "warning", "the schemas describe no databag; no package generated"},
	{"interfaces/grafana_auth/v0/schemas/provider.json", "warning", `the app databag is described under "application-data"`},
	{"interfaces/grafana_auth/v0/schemas/requirer.json", "warning", `the app databag is described under "application-data"`},
	{"interfaces/grafana_auth/v0/schemas/requirer.json", "warning", `required property "urls" is written beside properties instead of inside it`},
	{"interfaces/grafana_auth/v0/schemas/requirer.json", "warning", `unknown type "list" (JSON Schema calls it "array"); any JSON value is accepted here (at #/properties/application-data/urls/type)`},
	{"interfaces/hydra_endpoints/v0/schemas/provider.json", "warning", `the app databag is described under "application_data"`},
	{"interfaces/hydra_endpoints/v0/schemas/requirer.json", "error", "empty file: no schema"},
	{"interfaces/ingress_per_unit/v0/schemas/provider.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/ingress_per_unit/v0/schemas/provider.json", "warning", `required property "urls" is not declared in properties`},
	{"interfaces/ingress_per_unit/v0/schemas/requirer.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/ingress_per_unit/v0/schemas/requirer.json", "warning", `property "additionalProperties" has the schema false: it looks like the keyword`},
	{"interfaces/k8s-service/v0/schemas/provider.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/k8s-service/v0/schemas/provider.json", "warning", `required property "service-port" is not declared in properties`},
	{"interfaces/k8s-service/v0/schemas/requirer.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/k8s-service/v0/schemas/requirer.json", "warning", `property "additionalProperties" has the schema true`},
	{"docs/json_schemas/kubeflow_dashboard_links/v0/requirer.json", "error", "the app databag must be described by an object schema, not an array; no type for it (at #/properties/app)"},
	{"docs/json_schemas/kubeflow_dashboard_links/v0", "warning", "the schemas describe no databag"},
	{"docs/json_schemas/kubeflow_dashboard_sidebar/v0/requirer.json", "error", "the app databag must be described by an object schema, not an array"},
	{"docs/json_schemas/kubeflow_dashboard_sidebar/v0", "warning", "the schemas describe no databag"},
	{"interfaces/oauth/v0/schemas/provider.json", "warning", `the app databag is described under "application-data"`},
	{"interfaces/oauth/v0/schemas/provider.json", "warning", `"related-units" (other units' databags) is not a databag of this side`},
	{"interfaces/oauth/v0/schemas/requirer.json", "warning", `the app databag is described under "application-data"`},
	{"interfaces/oauth/v0/schemas/requirer.json", "warning", `"related-units" (other units' databags)`},
	{"interfaces/prometheus_remote_write/v0/schemas/provider.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/prometheus_remote_write/v0/schemas/requirer.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/prometheus_remote_write/v0/schemas/requirer.json", "warning", `property "additionalProperties" has the schema false`},
	{"interfaces/s3/v0/schemas/provider.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/s3/v0/schemas/provider.json", "warning", `default "" is not an integer; ignored (at #/properties/s3-api-version/default)`},
	{"interfaces/s3/v0/schemas/requirer.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/tls_certificates/v0/schemas/provider.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/tls_certificates/v0/schemas/provider.json", "warning", `pattern "^(?!ca|chain|unit_name).*$" cannot be compiled by Go's regexp`},
	{"interfaces/tls_certificates/v0/schemas/requirer.json", "warning", "legacy hand-written schema: one flat databag"},
	{"interfaces/tls_certificates/v0/schemas/requirer.json", "warning", "anyOf of 2 object schemas: merged into one object"},
	{"docs/json_schemas/tracing/v1/requirer.json", "warning", `field "protocols" is declared beside app and unit`},
}

// exampleVerdicts is how each corpus example databag is judged. The key
// is interface/vN/testfile:test:argument[/unit]. Where the verdict differs
// from what the upstream test expects of the charm, the comment says why.
var exampleVerdicts = map[string]string{
	// cos_agent: the charm's own unit databag, valid.
	"cos_agent/v0/test_provider:test_on_changed_with_existing_valid_data:local_unit_data": "accept",
	// azure_storage: the test only checks the provider's own data; the
	// remote requirer bag it feeds lacks requested-secrets, which the
	// requirer schema requires.
	"azure_storage/v0/test_provider:test_data_written_happy_path:remote_app_data": "reject",
	// grafana_datasource, charm under test is the provider: the remote
	// requirer app bag is empty, which its schema does not allow; the test
	// checks the provider's own data.
	"grafana_datasource/v0/test_provider:test_share_datasource_on_remote_joined:remote_app_data": "reject",
	// requirer unit bags are not described: anything goes.
	"grafana_datasource/v0/test_provider:test_share_datasource_on_remote_joined:remote_units_data/0":      "no-type",
	"grafana_datasource/v0/test_requirer:test_nothing_happens_on_no_remote_data:remote_app_data":          "reject",
	"grafana_datasource/v0/test_requirer:test_nothing_happens_on_no_remote_data:remote_units_data/0":      "reject",
	"grafana_datasource/v0/test_requirer:test_nothing_happens_on_invalid_remote_data:remote_app_data":     "reject",
	"grafana_datasource/v0/test_requirer:test_nothing_happens_on_invalid_remote_data:remote_units_data/0": "reject",
	// extra_fields and secure_extra_fields are required but nullable:
	// absent is accepted.
	"grafana_datasource/v0/test_requirer:test_datasource_uid_shared_if_remote_data_valid:remote_app_data":      "accept",
	"grafana_datasource/v0/test_requirer:test_datasource_uid_shared_if_remote_data_valid:remote_units_data/0":  "accept",
	"grafana_datasource/v0/test_requirer:test_datasource_uid_shared_if_remote_data_valid:remote_units_data/42": "accept",
	"ingress/v1/test_provider:test_data_published_on_changed_remote_valid:remote_app_data":                     "accept",
	"ingress/v1/test_provider:test_no_data_published_on_changed_remote_invalid:remote_app_data":                "reject",
	"ingress/v2/test_provider:test_data_published_on_changed_remote_valid:remote_app_data":                     "accept",
	"ingress/v2/test_provider:test_data_published_on_changed_remote_valid:remote_units_data/0":                 "accept",
	// model is not JSON (unquoted), name is a JSON boolean, host is not JSON.
	"ingress/v2/test_provider:test_data_published_on_changed_remote_invalid_json:remote_app_data":     "reject",
	"ingress/v2/test_provider:test_data_published_on_changed_remote_invalid_json:remote_units_data/0": "reject",
	// The app bag is valid (name is the JSON string "true"); the unit bag
	// lacks host, which is why nothing is published.
	"ingress/v2/test_provider:test_data_published_on_changed_remote_invalid:remote_app_data":     "accept",
	"ingress/v2/test_provider:test_data_published_on_changed_remote_invalid:remote_units_data/0": "reject",
	"openfga/v0/test_provider:test_data_published_on_changed_remote_valid:remote_app_data":       "accept",
	"openfga/v0/test_requirer:test_data_published_on_changed_remote_valid:remote_app_data":       "accept",
	// otlp_grpc_endpoint_url is a plain string: the JSON-quoted value is
	// accepted as a string that contains quotes (pydantic does the same).
	"profiling/v0/test_requirer:test_data_on_changed:remote_app_data": "accept",
	// alert rules, scrape jobs with extra keys, and a unit path set to ""
	// (absent: Juju deletes empty values; required but nullable).
	"prometheus_scrape/v0/test_provider:test_on_changed_with_existing_valid_data:local_app_data":  "accept",
	"prometheus_scrape/v0/test_provider:test_on_changed_with_existing_valid_data:local_unit_data": "accept",
	"pyroscope_cluster/v0/test_provider:test_validation_fails_with_missing_role:remote_app_data":  "reject",
	// A valid unit bag beside the invalid (empty) app bag.
	"pyroscope_cluster/v0/test_provider:test_validation_fails_with_missing_role:remote_units_data/0":            "accept",
	"pyroscope_cluster/v0/test_provider:test_validation_succeeds_on_joining_with_role:remote_app_data":          "accept",
	"pyroscope_cluster/v0/test_provider:test_validation_succeeds_on_joining_with_role:remote_units_data/0":      "accept",
	"pyroscope_cluster/v0/test_provider:test_validation_fails_on_joining_with_invalid_role:remote_app_data":     "reject",
	"pyroscope_cluster/v0/test_provider:test_validation_fails_on_joining_with_invalid_role:remote_units_data/0": "accept",
	"pyroscope_cluster/v0/test_requirer:test_data_on_created:remote_app_data":                                   "accept",
	// The remote requirer bag lacks requested-secrets and skip-creation.
	"spark_service_account/v0/test_provider:test_data_written_happy_path:remote_app_data": "reject",
	// tracing v0 requirer describes no databag: anything goes.
	"tracing/v0/test_provider:test_no_data_on_changed_bad_remote_data:remote_app_data": "no-type",
	// tracing v1 requirer declares its only field beside app/unit, so its
	// app databag is not described: anything goes.
	"tracing/v1/test_provider:test_no_response_on_bad_data:remote_app_data": "no-type",
	"tracing/v1/test_provider:test_data_on_created:remote_app_data":         "no-type",
	"tracing/v1/test_provider:test_data_on_joined:remote_app_data":          "no-type",
	"tracing/v1/test_provider:test_data_on_changed:remote_app_data":         "no-type",
	// The test feeds provider-shaped receivers (objects) as the remote
	// requirer's data, whose schema wants a list of protocol names.
	"tracing/v2/test_provider:test_data_on_created:remote_app_data": "reject",
	"tracing/v2/test_provider:test_data_on_joined:remote_app_data":  "reject",
	"tracing/v2/test_provider:test_data_on_changed:remote_app_data": "reject",
}

type exampleFile struct {
	Examples []struct {
		Test                 string          `json:"test"`
		Argument             string          `json:"argument"`
		TesterChecks         []string        `json:"tester_checks"`
		Databag              json.RawMessage `json:"databag"`
		UnresolvedExpression string          `json:"unresolved_expression"`
	} `json:"examples"`
}

// exampleBags reads every example databag of the corpus and says which
// databag type it belongs to: in test_provider the charm under test is
// the provider, so remote_* bags are the requirer's; local_* bags are the
// charm's own.
func exampleBags(t *testing.T, corpus string, ifaces []*ifaceschema.Interface) ([]planBag, map[string]string) {
	byName := map[string]*ifaceschema.Interface{}
	for _, it := range ifaces {
		byName[it.String()] = it
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "interfaces", "*", "v*", "interface_tests", "*.example_databags.json"))
	sort.Strings(files)
	var bags []planBag
	expect := map[string]string{} // id → tester expectation
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join(corpus, "interfaces"), f)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		name, version := parts[0], parts[1]
		testFile := strings.TrimSuffix(parts[3], ".example_databags.json")
		charmRole := strings.TrimPrefix(testFile, "test_")
		other := map[string]string{"provider": "requirer", "requirer": "provider"}[charmRole]
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ef exampleFile
		if err := json.Unmarshal(data, &ef); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		it := byName[name+"/"+version]
		for _, ex := range ef.Examples {
			if ex.Databag == nil {
				continue // not a literal (etcd_client uses secret.id)
			}
			role, side := charmRole, ""
			switch ex.Argument {
			case "remote_app_data":
				role, side = other, "app"
			case "remote_units_data":
				role, side = other, "unit"
			case "local_app_data":
				side = "app"
			case "local_unit_data":
				side = "unit"
			default:
				t.Fatalf("%s: unknown argument %s", f, ex.Argument)
			}
			base := name + "/" + version + "/" + testFile + ":" + ex.Test + ":" + ex.Argument
			add := func(id string, bag map[string]string) {
				pb := planBag{ID: id, Key: name + "/" + version + "/" + role + "." + side, Bag: bag, Role: role, Side: side}
				if it != nil {
					if r := map[string]*ifaceschema.Role{"provider": it.Provider, "requirer": it.Requirer}[role]; r != nil && r.Schema != nil {
						pb.Schema = r.File
					}
				}
				bags = append(bags, pb)
				expect[id] = strings.Join(ex.TesterChecks, ",")
			}
			if ex.Argument == "remote_units_data" {
				var units map[string]map[string]string
				if err := json.Unmarshal(ex.Databag, &units); err != nil {
					t.Fatalf("%s: %v", base, err)
				}
				for _, u := range sortedKeys(units) {
					add(base+"/"+u, units[u])
				}
				continue
			}
			var bag map[string]string
			if err := json.Unmarshal(ex.Databag, &bag); err != nil {
				t.Fatalf("%s: %v", base, err)
			}
			add(base, bag)
		}
	}
	return bags, expect
}

// TestCorpus generates every interface of the corpus, checks the
// diagnostics against corpusDiags, compiles and vets all packages in one
// go, and judges every example databag (exampleVerdicts), every
// hand-written vector (testdata/vectors) and synthetic databags built
// from each schema, with generated decoders and the validator agreeing on
// each.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles every corpus interface; skipped with -short")
	}
	corpus := corpusDir(t)
	ifaces, treeDiags := ifaceschema.Discover([]string{corpus})
	var diags []ifaceschema.Diagnostic
	diags = append(diags, treeDiags...)
	cfg := codec.Config{Module: "example.com/gen", FuzzTests: true}
	files, err := codec.Generate(cfg, ifaces, func(d ifaceschema.Diagnostic) { diags = append(diags, d) })
	if err != nil {
		t.Fatal(err)
	}
	checkCorpusDiags(t, corpus, diags)

	types := typesOf(t, cfg, ifaces, "example.com/gen")
	bags, testerExpect := exampleBags(t, corpus, ifaces)
	vecs := loadVectors(t, types)
	bags = append(bags, vecs...)
	results := runHarness(t, files, plan{Types: types, Bags: bags, Synth: true})

	accepted, rejected, untyped := 0, 0, 0
	seen := map[string]bool{}
	for _, r := range results {
		if strings.HasPrefix(r.ID, "vector:") {
			continue
		}
		seen[r.ID] = true
		switch r.Verdict {
		case "accept":
			accepted++
		case "reject":
			rejected++
		default:
			untyped++
		}
		want, ok := exampleVerdicts[r.ID]
		if !ok {
			t.Errorf("example %s: judged %s (%s), but exampleVerdicts has no entry", r.ID, r.Verdict, r.Error)
			continue
		}
		if want != r.Verdict {
			t.Errorf("example %s: judged %s (%s), want %s", r.ID, r.Verdict, r.Error, want)
		}
		t.Logf("%-100s %-7s tester:%s %s", r.ID, r.Verdict, testerExpect[r.ID], r.Error)
	}
	for id := range exampleVerdicts {
		if !seen[id] {
			t.Errorf("exampleVerdicts has %s, which the corpus does not have", id)
		}
	}
	t.Logf("corpus examples: %d accepted, %d rejected, %d with no schema for that databag; %d vectors", accepted, rejected, untyped, len(vecs))
}

func checkCorpusDiags(t *testing.T, corpus string, diags []ifaceschema.Diagnostic) {
	used := make([]bool, len(corpusDiags))
	for _, d := range diags {
		rel, err := filepath.Rel(corpus, d.File)
		if err != nil {
			rel = d.File
		}
		rel = filepath.ToSlash(rel)
		sev := "warning"
		if d.Severity == ifaceschema.Error {
			sev = "error"
		}
		found := false
		for i, want := range corpusDiags {
			if !used[i] && want.file == rel && want.sev == sev && strings.Contains(d.String(), want.msg) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("unexpected diagnostic: %s", d)
		}
	}
	for i, want := range corpusDiags {
		if !used[i] {
			t.Errorf("missing diagnostic: %s: %s: %s", want.file, want.sev, want.msg)
		}
	}
}

// vector is a hand-written databag and what must come of it.
type vector struct {
	Name     string            `json:"name"`
	Type     string            `json:"type"` // role.side
	Bag      map[string]string `json:"bag"`
	Want     string            `json:"want"` // "ok" or an error substring
	Reencode map[string]string `json:"reencode,omitempty"`
}

// loadVectors reads testdata/vectors/<name>_v<N>.json.
func loadVectors(t *testing.T, types []planType) []planBag {
	known := map[string]bool{}
	for _, pt := range types {
		known[pt.Key] = true
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "vectors", "*.json"))
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no vectors in testdata/vectors")
	}
	var out []planBag
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".json")
		i := strings.LastIndex(base, "_v")
		iface := base[:i] + "/" + base[i+1:]
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var vs []vector
		if err := json.Unmarshal(data, &vs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, v := range vs {
			key := iface + "/" + v.Type
			if !known[key] {
				t.Fatalf("%s: %s: no generated type %s", f, v.Name, key)
			}
			if v.Want == "" {
				t.Fatalf("%s: %s: want is empty (say ok or give an error substring)", f, v.Name)
			}
			out = append(out, planBag{ID: "vector:" + iface + ":" + v.Name, Key: key, Bag: v.Bag, Want: v.Want, Reencode: v.Reencode})
		}
	}
	return out
}
