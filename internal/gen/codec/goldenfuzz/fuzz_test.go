package goldenfuzz_test

// Fuzz targets, one per family of generated decoders (the golden cases):
// random databags must never make a decoder panic; a generated decoder and
// the run-time validator must report the same problems; what is accepted
// must re-encode to a databag that decodes to the same value. Seeds are
// the hand-written bags below and the corpus kept in testdata/fuzz.
//
//	go test ./internal/gen/codec/goldenfuzz -run '^$' -fuzz FuzzIngress -fuzztime 2m

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/databag"
	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/charm/databag/validate"
	edgev1 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/edge/want/edge/v1"
	grafanav0 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/grafana/want/grafana/v0"
	ingressv2 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/ingress/want/ingress/v2"
	legacyv0 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/legacy/want/legacy/v0"
	mysqlv0 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/mysql/want/mysql/v0"
	prometheusv0 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/prometheus/want/prometheus/v0"
	tlsv1 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/tls/want/tls/v1"
)

// family is the generated types of one golden case, by role.side.
type family struct {
	golden string // case name
	iface  string // name/vN
	types  map[string]func() charm.Databag
	seeds  []map[string]string
}

var families = map[string]family{
	"ingress": {"ingress", "ingress/v2", map[string]func() charm.Databag{
		"provider.app":  func() charm.Databag { return new(ingressv2.ProviderApp) },
		"requirer.app":  func() charm.Databag { return new(ingressv2.RequirerApp) },
		"requirer.unit": func() charm.Databag { return new(ingressv2.RequirerUnit) },
	}, []map[string]string{
		{"model": `"bar"`, "port": "42", "name": `"remote"`},
		{"model": "bar", "port": "42", "name": "true"},
		{"host": `"10.0.0.1"`, "ingress-address": "10.0.0.1"},
		{"ingress": `{"url": "http://foo.bar:80/model-app"}`},
		{"ingress": `{"url": ""}`, "x": "y"},
	}},
	"mysql": {"mysql", "mysql/v0", map[string]func() charm.Databag{
		"provider.app": func() charm.Databag { return new(mysqlv0.ProviderApp) },
		"requirer.app": func() charm.Databag { return new(mysqlv0.RequirerApp) },
	}, []map[string]string{
		{"database": "myapp", "endpoints": "h:1,h:2", "password": "p", "read-only-endpoints": "null"},
		{"database": "d", "requested-secrets": `["username","password"]`, "extra-user-roles": "admin"},
		{"database": "d", "requested-secrets": "username"},
	}},
	"tls": {"tls", "tls/v1", map[string]func() charm.Databag{
		"provider.app":  func() charm.Databag { return new(tlsv1.ProviderApp) },
		"requirer.app":  func() charm.Databag { return new(tlsv1.RequirerApp) },
		"requirer.unit": func() charm.Databag { return new(tlsv1.RequirerUnit) },
	}, []map[string]string{
		{"certificates": `[{"ca":"-----BEGIN\nX","certificate_signing_request":"r","certificate":"c","chain":["a","b"],"recommended_expiry_notification_time":3600,"revoked":false},{"ca":"c","certificate_signing_request":"r","certificate":"d"}]`},
		{"certificates": `[{"ca":1}]`},
		{"requests": `[{"csr":"x","ca":null},{"csr":"y","ca":true,"z":[1,{"a":2}]}]`},
	}},
	"prometheus": {"prometheus", "prometheus/v0", map[string]func() charm.Databag{
		"provider.app":  func() charm.Databag { return new(prometheusv0.ProviderApp) },
		"provider.unit": func() charm.Databag { return new(prometheusv0.ProviderUnit) },
	}, []map[string]string{
		{"alert_rules": `{"groups":[{"name":"g","rules":[{"alert":"a","expr":"up == 0","for":"5m","labels":{"severity":"critical"}}]}]}`,
			"scrape_jobs": `[{"job_name":null,"static_configs":[{"targets":["*"],"labels":{"a":"b"}}],"scheme":"https"}]`},
		{"unit_address": "10.0.0.1", "unit_path": "", "extra": "kept"},
	}},
	"grafana": {"grafana", "grafana/v0", map[string]func() charm.Databag{
		"provider.app": func() charm.Databag { return new(grafanav0.ProviderApp) },
		"requirer.app": func() charm.Databag { return new(grafanav0.RequirerApp) },
	}, []map[string]string{
		{"source": `{"type":"tempo","extra_fields":"{\"a\": [1, 2]}","settings":"{\"timeout\":5}"}`},
		{"source": `{"type":"tempo","extra_fields":null}`},
		{"uids": `{"tempo/0":"u1"}`, "grafana_uid": "g"},
	}},
	"edge": {"edge", "edge/v1", map[string]func() charm.Databag{
		"provider.app":  func() charm.Databag { return new(edgev1.ProviderApp) },
		"requirer.unit": func() charm.Databag { return new(edgev1.RequirerUnit) },
	}, []map[string]string{
		{"kind": "edge", "address": "10.0.0.1", "home": "http://h/", "code": "123", "tags": `["a","b"]`, "mode": "slow", "version": "4",
			"network": "10.0.0.0/24", "when": "2024-01-02T03:04:05Z", "ratio": "0.25", "count": "3", "points": "[1.5,null]", "enabled": "True",
			"foo-bar": "x", "foo_bar": "2", "extra": "e", "shared": `{"a":"b"}`, "other": `{"z":1}`, "bad_default": "7"},
		{"kind": "other", "address": "::1%eth0", "home": "nope", "code": "12", "tags": `["a","a"]`, "network": "10.0.0.1/24", "ratio": "1"},
		{"shared": `{"b":1}`, "mode": `"fast"`},
	}},
	"legacy": {"legacy", "legacy/v0", map[string]func() charm.Databag{
		"provider.app":  func() charm.Databag { return new(legacyv0.ProviderApp) },
		"provider.unit": func() charm.Databag { return new(legacyv0.ProviderUnit) },
		"requirer.app":  func() charm.Databag { return new(legacyv0.RequirerApp) },
	}, []map[string]string{
		{"url": `"http://x"`, "ca": `"pem"`, "insecure": "True", "note": "null", "annotations": `{"summary":"s"}`, "labels": `{"severity":"high","x-count":3}`},
		{"url": "x", "other": "y", "labels": `{"bad":1}`},
		{"client": `"c"`, "scopes": `["read","admin"]`},
	}},
}

// bagBytes encodes a databag as fuzz input (keys and values separated by
// zero bytes, keys sorted).
func bagBytes(bag map[string]string) []byte {
	keys := make([]string, 0, len(bag))
	for k := range bag {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "\x00" + bag[k] + "\x00")
	}
	return []byte(b.String())
}

// goldenDir is internal/gen/codec/testdata/golden.
var goldenDir = filepath.Join("..", "testdata", "golden")

// encodings reads a golden case's config.json (as internal/gen/codec's
// golden test does): interface name → {strings, fields, writeNull}.
func encodings(t testing.TB, golden string) map[string]*schema.Encodings {
	data, err := os.ReadFile(filepath.Join(goldenDir, golden, "config.json"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]struct {
		Strings   string            `json:"strings"`
		Fields    map[string]string `json:"fields"`
		WriteNull bool              `json:"writeNull"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string]*schema.Encodings{}
	for name, r := range raw {
		e := &schema.Encodings{WriteNull: r.WriteNull, Fields: map[string]schema.Encoding{}}
		e.Strings, _ = schema.ParseEncoding(r.Strings)
		for k, v := range r.Fields {
			e.Fields[k], _ = schema.ParseEncoding(v)
		}
		out[name] = e
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// familyValidators compiles the family's role schemas with its case's
// encodings.
func familyValidators(t testing.TB, fam family) map[string]*validate.Schema {
	encs := encodings(t, fam.golden)
	name := strings.Split(fam.iface, "/")[0]
	out := map[string]*validate.Schema{}
	for _, role := range []string{"provider", "requirer"} {
		file := filepath.Join(goldenDir, fam.golden, "schemas", filepath.FromSlash(fam.iface), role+".json")
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		v, _, err := validate.Compile(role, data, encs[name])
		if err != nil {
			t.Fatal(err)
		}
		out[role] = v
	}
	return out
}

// checkBag runs every type of the family on bag.
func checkBag(t testing.TB, fam family, vals map[string]*validate.Schema, bag map[string]string) {
	for _, key := range sortedKeys(fam.types) {
		role, side, _ := strings.Cut(key, ".")
		x := fam.types[key]()
		err := x.UnmarshalDatabag(bag)
		verr := vals[role].Validate(side, bag)
		if errString(err) != errString(verr) {
			t.Fatalf("%s %s: decoder and validator disagree on %q:\n generated: %v\n validator: %v", fam.iface, key, bag, err, verr)
		}
		if err != nil {
			continue
		}
		out, err := x.MarshalDatabag()
		if err != nil {
			t.Fatalf("%s %s: accepted %q but cannot re-encode it: %v", fam.iface, key, bag, err)
		}
		y := fam.types[key]()
		if err := y.UnmarshalDatabag(out); err != nil {
			t.Fatalf("%s %s: re-encoded %q does not decode: %v", fam.iface, key, out, err)
		}
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("%s %s: %q decodes to %+v; re-encoded as %q it decodes to %+v", fam.iface, key, bag, x, out, y)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func fuzzFamily(f *testing.F, name string) {
	fam := families[name]
	for _, s := range fam.seeds {
		f.Add(bagBytes(s))
	}
	vals := map[string]*validate.Schema{}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(vals) == 0 {
			vals = familyValidators(t, fam)
		}
		checkBag(t, fam, vals, databag.BagFromBytes(data))
	})
}

// TestSeeds runs every family on its seeds (go test runs the fuzz seeds
// too; this names the families in one place).
func TestFamilies(t *testing.T) {
	for name, fam := range families {
		vals := familyValidators(t, fam)
		for _, s := range fam.seeds {
			checkBag(t, fam, vals, s)
		}
		if len(fam.types) == 0 {
			t.Errorf("family %s has no types", name)
		}
	}
}

func FuzzIngress(f *testing.F)    { fuzzFamily(f, "ingress") }
func FuzzMySQL(f *testing.F)      { fuzzFamily(f, "mysql") }
func FuzzTLS(f *testing.F)        { fuzzFamily(f, "tls") }
func FuzzPrometheus(f *testing.F) { fuzzFamily(f, "prometheus") }
func FuzzGrafana(f *testing.F)    { fuzzFamily(f, "grafana") }
func FuzzEdge(f *testing.F)       { fuzzFamily(f, "edge") }
func FuzzLegacy(f *testing.F)     { fuzzFamily(f, "legacy") }

// TestLegacyEncodings pins the legacy case's settings: plain strings are
// JSON-quoted (strings: json), one boolean is written as Python's True
// (fields: provider.app.insecure: raw), absent nullable values are written
// as null (writeNull), Juju's keys pass even with additionalProperties
// false, and one of the anyOf-required keys must be present.
func TestLegacyEncodings(t *testing.T) {
	var x legacyv0.Provider
	bag := map[string]string{"url": `"http://x"`, "ca": `"pem"`, "insecure": "true", "ingress-address": "10.0.0.1", "egress-subnets": "10.0.0.1/32"}
	if err := x.UnmarshalDatabag(bag); err != nil {
		t.Fatal(err)
	}
	if x.URL != "http://x" || !x.Insecure {
		t.Errorf("decoded %+v", x)
	}
	out, err := x.MarshalDatabag()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"url": `"http://x"`, "ca": `"pem"`, "insecure": "True", "note": "null", "annotations": "null"}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("encoded %q, want %q", out, want)
	}
	err = x.UnmarshalDatabag(map[string]string{"url": `"u"`, "zzz": "1"})
	if err == nil || err.Error() != `one of "ca" or "chain" is required; zzz: unknown key (the schema allows no other keys)` {
		t.Errorf("error = %v", err)
	}
}
