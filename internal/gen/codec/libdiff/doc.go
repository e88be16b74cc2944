// Package libdiff has no code outside its tests. libdiff_test.go measures
// where the Go codecs that internal/gen/codec generates and the real Python
// charm libraries disagree on relation databags: the libraries write
// databags under ops.testing, the generated codecs decode and re-encode
// them, and the library on the other side reads Go's re-encoding back; the
// verdicts are compared with testdata/baseline.txt. yamlwire_test.go checks
// the fields that hold YAML against PyYAML and the libraries' readers. Both
// skip without python3 and what the libraries need (the shared corpus,
// pydantic, PyYAML).
package libdiff
