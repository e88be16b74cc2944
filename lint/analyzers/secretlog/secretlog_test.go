package secretlog_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/secretlog"
)

func Test(t *testing.T) { analyzertest.Run(t, secretlog.Analyzer, "fires", "quiet") }
