package fileappend_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/fileappend"
	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
)

func Test(t *testing.T) { analyzertest.Run(t, fileappend.Analyzer, "fires", "quiet") }
