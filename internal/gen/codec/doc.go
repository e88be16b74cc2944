// Package codec is the Go stage of charmgen's relation databag pipeline:
// it turns interfaces loaded by internal/gen/ifaceschema into Go packages
// of typed databags, with github.com/dave/jennifer, one package per
// interface version.
//
// # Pipeline
//
//	internal/gen/ifaceschema   find schema trees, read role files (via charm/databag/schema), diagnostics
//	internal/gen/codec         model.go: Go types, names, wire forms (no output); schematype.go
//	                           gives its type builder to schemas outside interfaces (action
//	                           params, for internal/gen/model: one JSON Schema to Go mapping)
//	                           emit_*.go: one jennifer constructor per construct, a file per
//	                           family (types, validate, decode, encode, unmarshal, marshal,
//	                           package, fuzz); emit.go lists them and holds what they share
//	                           generate.go: Build (the model, once), Render (files), Generate (both)
//	                           render.go: a package's files; write.go: atomic writes (internal/fsutil)
//
// Generated code imports only the runtime (charm and charm/databag, both
// standard library only). Each package, <out>/<name>/v<N> with package name
// <name>v<N>, has the types ProviderApp, ProviderUnit, RequirerApp and
// RequirerUnit for the databags the schemas describe (a legacy flat schema
// gives Provider/Requirer with per-side aliases), named nested types and
// enum types with constants. Each databag type implements charm.Databag:
// UnmarshalDatabag(map[string]string) error and MarshalDatabag()
// (map[string]string, error).
//
// # Wire format
//
// Per top-level field, as Python charms write it: values marked
// contentMediaType application/json and unmarked arrays and objects are
// JSON text; unmarked integers and booleans are text (true/True/false/False
// are read); unmarked strings are raw unless charmgen.yaml's interfaces key
// says json for the interface or the field. "No value" is a missing key,
// null, or a value equal to the default; required-but-nullable fields are
// optional on decode and written as null inside JSON objects. Encoders are
// deterministic, never write "" and leave absent optional values out
// (interfaces.<name>.nulls: write makes them write null). Unknown keys are
// kept in Extra where the schema allows them. Decoders report every
// problem at its field path (certificates[2].ca: required) and never
// panic; package charm/databag/validate gives the same verdicts and
// messages without generated code.
//
// # Use from the charm generator (charmgen gen)
//
// For each endpoint of a charm, resolve its interface in the configured
// trees (settings.Settings.Schemas, relative to the charm root), pinned
// version or highest (-1), and build its model once; the charm model takes
// the databag types from it, and rendering only emits:
//
//	it, err := ifaceschema.Resolve(trees, "ingress", -1)  // errors.Is(err, ifaceschema.ErrNotFound): no schema
//	pkg := codec.Build(cfg, it, warn)                     // once per interface version; nil: no databag described (raw access)
//	info := pkg.Info()                                    // info.Name = "ingressv2", info.Dir = "ingress/v2",
//	                                                      // info.Bags["requirer.app"] = "RequirerApp", ... for the sides that exist
//	files, err := codec.Render([]*codec.Package{pkg, ...})
//	changed, err := codec.WriteFiles(outDir, files)      // paths relative to outDir
//
// with cfg := codec.Config{Module: "<charm module>/<output>", Encodings:
// settings.Encodings()}. The local databags of a provides endpoint are
// Provider*, the remote ones Requirer* (and the other way round for
// requires). warn receives the diagnostics Build finds
// (ifaceschema.Diagnostic, whose String is file:line:col: message (at
// #/pointer)); those of reading the schema files are it.Diags(). Errors
// concern one role file and never stop other interfaces from generating.
// Generate does Build and Render in one, reporting both kinds, for
// callers without a charm model (charmgen interfaces gen).
// Note that settings.Endpoint.Version 0 means "highest", so pinning v0
// needs care when mapping it to Resolve's version argument.
//
// # Tests
//
// testdata/golden/<case> holds schema trees and the expected packages
// (go test ./internal/gen/codec -run TestGolden -update rewrites them;
// a missing golden fails); testdata/vectors holds hand-written databags
// for real interfaces, run by TestCorpus against the corpus in ../shared/corpus,
// which compiles and vets every generated package in one go; package
// goldenfuzz fuzzes each golden family.
package codec
