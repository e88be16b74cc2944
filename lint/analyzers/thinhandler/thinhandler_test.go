package thinhandler_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/thinhandler"
)

func Test(t *testing.T) { analyzertest.Run(t, thinhandler.Analyzer, "fires", "quiet") }
