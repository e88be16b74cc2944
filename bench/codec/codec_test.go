package codec_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/charm/databag/validate"
	"github.com/charmgen/charmgen/internal/gen/codec"
	tlsv1 "github.com/charmgen/charmgen/internal/gen/codec/testdata/golden/tls/want/tls/v1"
	"github.com/charmgen/charmgen/internal/gen/ifaceschema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The generated package and the schema have the shape of
// tls_certificates v1 (same fields, types and required/nullable members);
// see internal/gen/codec/testdata/golden/tls.
var providerSchema = filepath.Join("..", "..", "internal", "gen", "codec", "testdata", "golden", "tls", "schemas", "tls", "v1", "provider.json")

// pem makes a PEM block of n random bytes, 64 columns, as a certificate
// looks on the wire.
func pem(r *rand.Rand, kind string, n int) string {
	b := make([]byte, n)
	r.Read(b)
	enc := base64.StdEncoding.EncodeToString(b)
	var s strings.Builder
	s.WriteString("-----BEGIN " + kind + "-----\n")
	for len(enc) > 64 {
		s.WriteString(enc[:64] + "\n")
		enc = enc[64:]
	}
	s.WriteString(enc + "\n-----END " + kind + "-----\n")
	return s.String()
}

// tlsBag is a provider app databag with n certificates, written as a
// Python charm writes it (json.dumps: ", " and ": " separators).
func tlsBag(n int) map[string]string {
	r := rand.New(rand.NewSource(1))
	ca := pem(r, "CERTIFICATE", 900)
	var certs []map[string]any
	for i := 0; i < n; i++ {
		c := map[string]any{
			"ca":                                   ca,
			"certificate_signing_request":          pem(r, "CERTIFICATE REQUEST", 700),
			"certificate":                          pem(r, "CERTIFICATE", 900),
			"chain":                                []string{pem(r, "CERTIFICATE", 900), ca},
			"recommended_expiry_notification_time": 3600 * 24 * 7,
			"revoked":                              i%10 == 0,
		}
		if i%5 == 0 {
			c["chain"], c["revoked"] = nil, nil
		}
		certs = append(certs, c)
	}
	b, _ := json.Marshal(certs)
	// Python's separators.
	s := strings.NewReplacer(`","`, `", "`, `":`, `": `, `],"`, `], "`, `,"`, `, "`).Replace(string(b))
	return map[string]string{"certificates": s}
}

func BenchmarkDecodeTLS50(b *testing.B) {
	bag := tlsBag(50)
	size := len(bag["certificates"])

	b.Run("charmgen", func(b *testing.B) {
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var x tlsv1.ProviderApp
			if err := x.UnmarshalDatabag(bag); err != nil {
				b.Fatal(err)
			}
			if len(x.Certificates) != 50 {
				b.Fatal(len(x.Certificates))
			}
		}
	})

	data, err := os.ReadFile(providerSchema)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("validator", func(b *testing.B) {
		v, _, err := validate.Compile("provider", data, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := v.Validate("app", bag); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("json+jsonschema", func(b *testing.B) {
		sch := baselineSchema(b, data)
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			// The value of a JSON-marked field is JSON text: decode each
			// into any, then validate the decoded databag.
			doc := make(map[string]any, len(bag))
			for k, v := range bag {
				var x any
				if err := json.Unmarshal([]byte(v), &x); err != nil {
					b.Fatal(err)
				}
				doc[k] = x
			}
			if err := sch.Validate(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// baselineSchema compiles, for santhosh-tekuri/jsonschema, the schema of
// the decoded databag: a standard validator treats contentSchema as an
// annotation, so the content schema is put in place of the string.
func baselineSchema(b *testing.B, data []byte) *jsonschema.Schema {
	var role map[string]any
	if err := json.Unmarshal(data, &role); err != nil {
		b.Fatal(err)
	}
	defs := role["$defs"].(map[string]any)
	app := defs["AppData"].(map[string]any)
	cert := app["properties"].(map[string]any)["certificates"].(map[string]any)
	decoded := map[string]any{
		"$schema":    "https://json-schema.org/draft/2020-12/schema",
		"$defs":      defs,
		"type":       "object",
		"properties": map[string]any{"certificates": cert["contentSchema"]},
		"required":   []any{"certificates"},
	}
	text, _ := json.Marshal(decoded)
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(text)))
	if err != nil {
		b.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("tls.json", doc); err != nil {
		b.Fatal(err)
	}
	sch, err := c.Compile("tls.json")
	if err != nil {
		b.Fatal(err)
	}
	return sch
}

func BenchmarkEncodeTLS50(b *testing.B) {
	var x tlsv1.ProviderApp
	if err := x.UnmarshalDatabag(tlsBag(50)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := x.MarshalDatabag(); err != nil {
			b.Fatal(err)
		}
	}
}

// corpus returns ../shared/corpus/interfaces, or skips.
func corpus(b *testing.B) string {
	d := filepath.Join("..", "..", "..", "shared", "corpus", "interfaces")
	if _, err := os.Stat(d); err != nil {
		b.Skipf("corpus not found at %s: %v", d, err)
	}
	return d
}

// BenchmarkGenerateCorpus reads every corpus interface and generates its
// package in memory (formatting included, writing excluded).
func BenchmarkGenerateCorpus(b *testing.B) {
	dir := corpus(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ifaces, _ := ifaceschema.Discover([]string{dir})
		files, err := codec.Generate(codec.Config{}, ifaces, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(files) < 50 {
			b.Fatal(len(files))
		}
	}
}

// BenchmarkParseCorpus reads every corpus schema file (the first stage).
func BenchmarkParseCorpus(b *testing.B) {
	dir := corpus(b)
	var files [][]byte
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && (info.Name() == "provider.json" || info.Name() == "requirer.json") {
			data, _ := os.ReadFile(p)
			files = append(files, data)
		}
		return nil
	})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			schema.Parse(f)
		}
	}
	b.ReportMetric(float64(len(files)), "files")
}

func Example_tlsBagSize() {
	fmt.Println(len(tlsBag(50)["certificates"]) > 100000)
	// Output: true
}
