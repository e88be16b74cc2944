package ignorederror_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/ignorederror"
	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
)

func Test(t *testing.T) { analyzertest.Run(t, ignorederror.Analyzer, "fires", "quiet") }
