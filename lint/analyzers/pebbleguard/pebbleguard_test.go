package pebbleguard_test

import (
	"testing"

	"github.com/charmgen/charmgen/lint/analyzers/internal/analyzertest"
	"github.com/charmgen/charmgen/lint/analyzers/pebbleguard"
)

func Test(t *testing.T) { analyzertest.Run(t, pebbleguard.Analyzer, "fires", "quiet") }
