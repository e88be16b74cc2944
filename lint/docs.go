package lint

import (
	"fmt"
	"strings"

	"github.com/charmgen/charmgen/lint/rule"
)

// ruleMarkdown renders one rule as Markdown, its heading at level h (0: no
// heading).
func ruleMarkdown(r rule.Rule, h int) string {
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%s %s %s\n\n", strings.Repeat("#", h), r.ID, r.Name)
	}
	fmt.Fprintf(&b, "**%s.** Default severity: %s.\n\n", capitalize(r.Title), r.Severity)
	b.WriteString(oneParagraph(r.Rationale) + "\n")
	lang := map[rule.Kind]string{rule.Metadata: "yaml", rule.Go: "go", rule.Python: "python", rule.Lint: ""}[r.Kind]
	if r.Bad != "" {
		fmt.Fprintf(&b, "\nBad:\n\n```%s\n%s\n```\n", lang, strings.Trim(r.Bad, "\n"))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "\nGood:\n\n```%s\n%s\n```\n", lang, strings.Trim(r.Good, "\n"))
	}
	return b.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var kindTitles = map[rule.Kind]string{
	rule.Metadata: "Metadata rules (charmcraft.yaml, metadata.yaml, config.yaml, actions.yaml, charmgen-hooks.yaml)",
	rule.Go:       "Go rules (go/analysis analyzers)",
	rule.Python:   "Python rules (ops charms)",
	rule.Lint:     "The linter's own rules",
}

// Markdown renders the rule reference: a table of every rule, then each
// rule's documentation, grouped by kind. docs/lint.md holds it between
// markers, and a test keeps it current.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| ID | name | severity | finds |\n|---|---|---|---|\n")
	for _, r := range Rules() {
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", r.ID, anchor(r), r.Name, r.Severity, r.Title)
	}
	var kind rule.Kind
	for _, r := range Rules() {
		if r.Kind != kind {
			kind = r.Kind
			fmt.Fprintf(&b, "\n## %s\n", kindTitles[kind])
		}
		b.WriteString("\n" + ruleMarkdown(r, 3))
	}
	return b.String()
}

// anchor is the GitHub anchor of a rule's heading ("### GO004 unconditional-restart").
func anchor(r rule.Rule) string { return strings.ToLower(r.ID) + "-" + r.Name }
