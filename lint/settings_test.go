package lint

import (
	"slices"
	"testing"

	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/lint/rule"
)

// TestSettingsSeverities checks that the severities charmgen.yaml and
// pyproject.toml accept (settings.Severities, which package settings
// checks without linking the linter) are the ones rule.ParseSeverity
// reads, and that every severity a rule can have is among them.
func TestSettingsSeverities(t *testing.T) {
	for _, name := range settings.Severities {
		if s, err := rule.ParseSeverity(name); err != nil || s.String() != name {
			t.Errorf("settings accept severity %q; rule.ParseSeverity reads it as %v, %v", name, s, err)
		}
	}
	for _, s := range []rule.Severity{rule.Error, rule.Warning, rule.Info, rule.Off} {
		if !slices.Contains(settings.Severities, s.String()) {
			t.Errorf("severity %v is not in settings.Severities %q", s, settings.Severities)
		}
	}
}
