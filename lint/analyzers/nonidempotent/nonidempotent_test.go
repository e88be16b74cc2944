package nonidempotent_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/nonidempotent"
)

func Test(t *testing.T) { analyzertest.Run(t, nonidempotent.Analyzer, "fires", "quiet") }
