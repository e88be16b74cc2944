package secretadd_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/secretadd"
)

func Test(t *testing.T) { analyzertest.Run(t, secretadd.Analyzer, "fires", "quiet") }
