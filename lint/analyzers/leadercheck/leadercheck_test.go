package leadercheck_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/leadercheck"
)

func Test(t *testing.T) { analyzertest.Run(t, leadercheck.Analyzer, "fires", "quiet") }
