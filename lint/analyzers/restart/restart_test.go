package restart_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/restart"
)

func Test(t *testing.T) { analyzertest.Run(t, restart.Analyzer, "fires", "quiet") }
