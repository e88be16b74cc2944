package removedjuju4_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/removedjuju4"
)

func Test(t *testing.T) { analyzertest.Run(t, removedjuju4.Analyzer, "fires", "quiet") }
