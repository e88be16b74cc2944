package analyzers_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/exitzero"
	"github.com/charmgen/charmgen/lint/analyzers/fileappend"
	"github.com/charmgen/charmgen/lint/analyzers/ignorederror"
	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/leadercheck"
	"github.com/charmgen/charmgen/lint/analyzers/nonidempotent"
	"github.com/charmgen/charmgen/lint/analyzers/pebbleguard"
	"github.com/charmgen/charmgen/lint/analyzers/removedjuju4"
	"github.com/charmgen/charmgen/lint/analyzers/restart"
	"github.com/charmgen/charmgen/lint/analyzers/secretadd"
	"github.com/charmgen/charmgen/lint/analyzers/secretlog"
	"github.com/charmgen/charmgen/lint/analyzers/thinhandler"
	"github.com/charmgen/charmgen/lint/analyzers/volatiledata"
	"github.com/charmgen/charmgen/lint/analyzers/writecompare"
)

// TestAnalyzers checks every analyzer against the "// want" comments of
// its testdata/src packages, one subtest each.
func TestAnalyzers(t *testing.T) {
	analyzertest.Run(t,
		exitzero.Analyzer,
		fileappend.Analyzer,
		ignorederror.Analyzer,
		leadercheck.Analyzer,
		nonidempotent.Analyzer,
		pebbleguard.Analyzer,
		removedjuju4.Analyzer,
		restart.Analyzer,
		secretadd.Analyzer,
		secretlog.Analyzer,
		thinhandler.Analyzer,
		volatiledata.Analyzer,
		writecompare.Analyzer,
	)
}
