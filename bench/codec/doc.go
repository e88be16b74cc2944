// Package codec measures charmgen's relation databag codecs; it has no code
// outside its benchmarks (codec_test.go), which time:
//
//   - decoding and validating a tls_certificates v1 provider app databag
//     with 50 certificates, with generated code, with the run-time
//     validator, and with encoding/json into any plus
//     github.com/santhosh-tekuri/jsonschema/v6 (the baseline);
//   - generating every corpus interface (internal/gen/ifaceschema +
//     internal/gen/codec).
//
// Run: go test ./bench/codec -run '^$' -bench . -benchmem
// See bench/README.md for figures and the comparison with go-jsonschema.
package codec
