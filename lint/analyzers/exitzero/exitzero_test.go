package exitzero_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/exitzero"
	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
)

func Test(t *testing.T) { analyzertest.Run(t, exitzero.Analyzer, "fires", "quiet", "quietlib") }
