package volatiledata_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/volatiledata"
)

func Test(t *testing.T) { analyzertest.Run(t, volatiledata.Analyzer, "fires", "quiet") }
