// Package analyzers holds charmgen's Go lint rules, one go/analysis
// analyzer per package (lint/registry.go lists them), and the analysis
// they share (internal/reach).
//
// Each analyzer's test sources are in <name>/testdata/src, with "// want"
// comments. They are all checked by this package's one test, which loads
// them with the charm runtime once (see internal/analyzertest): loading the
// runtime from source is most of the cost, so it is paid once, not once per
// analyzer.
package analyzers
