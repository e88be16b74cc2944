package writecompare_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/writecompare"
)

func Test(t *testing.T) { analyzertest.Run(t, writecompare.Analyzer, "fires", "quiet") }
