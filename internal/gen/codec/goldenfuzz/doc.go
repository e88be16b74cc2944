// Package goldenfuzz holds the fuzz targets of internal/gen/codec's
// generated decoders: one per golden case (testdata/golden/<case>/want),
// each checking on random databags that a decoder never panics, that it and
// the run-time validator (charm/databag/validate) report the same problems,
// and that what it accepts re-encodes to a databag that decodes to the same
// value. It is a separate package so that internal/gen/codec's golden test
// can rewrite goldens (-update) even when they do not compile.
//
//	go test ./internal/gen/codec/goldenfuzz -run '^$' -fuzz FuzzTLS -fuzztime 2m
//
// Inputs found while fuzzing are kept as seeds in testdata/fuzz.
package goldenfuzz
