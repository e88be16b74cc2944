package lint

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/lint/analyzers/exitzero"
	"github.com/charmgen/charmgen/lint/analyzers/fileappend"
	"github.com/charmgen/charmgen/lint/analyzers/ignorederror"
	"github.com/charmgen/charmgen/lint/analyzers/leadercheck"
	"github.com/charmgen/charmgen/lint/analyzers/nonidempotent"
	"github.com/charmgen/charmgen/lint/analyzers/pebbleguard"
	"github.com/charmgen/charmgen/lint/analyzers/removedjuju4"
	"github.com/charmgen/charmgen/lint/analyzers/restart"
	"github.com/charmgen/charmgen/lint/analyzers/secretadd"
	"github.com/charmgen/charmgen/lint/analyzers/secretlog"
	"github.com/charmgen/charmgen/lint/analyzers/thinhandler"
	"github.com/charmgen/charmgen/lint/analyzers/volatiledata"
	"github.com/charmgen/charmgen/lint/analyzers/writecompare"
	"github.com/charmgen/charmgen/lint/python"
	"github.com/charmgen/charmgen/lint/rule"
	"golang.org/x/tools/go/analysis"
)

// goRule ties a Go analyzer to its documentation.
type goRule struct {
	rule     rule.Rule
	analyzer *analysis.Analyzer
}

// goRules are the Go analyzers, one package each, in ID order.
var goRules = []goRule{
	{thinhandler.Rule, thinhandler.Analyzer},
	{fileappend.Rule, fileappend.Analyzer},
	{writecompare.Rule, writecompare.Analyzer},
	{restart.Rule, restart.Analyzer},
	{nonidempotent.Rule, nonidempotent.Analyzer},
	{secretadd.Rule, secretadd.Analyzer},
	{volatiledata.Rule, volatiledata.Analyzer},
	{leadercheck.Rule, leadercheck.Analyzer},
	{ignorederror.Rule, ignorederror.Analyzer},
	{secretlog.Rule, secretlog.Analyzer},
	{exitzero.Rule, exitzero.Analyzer},
	{removedjuju4.Rule, removedjuju4.Analyzer},
	{pebbleguard.Rule, pebbleguard.Analyzer},
}

var (
	allRules []rule.Rule
	byID     = map[string]rule.Rule{}
	byName   = map[string][]string{} // rule name → IDs, sorted
)

func init() {
	allRules = append(allRules, metaRules...)
	allRules = append(allRules, hooksFileRules...)
	for _, g := range goRules {
		allRules = append(allRules, g.rule)
	}
	allRules = append(allRules, python.Rules...)
	allRules = append(allRules, lintRules...)
	for _, r := range allRules {
		if _, dup := byID[r.ID]; dup {
			panic("lint: rule " + r.ID + " registered twice")
		}
		byID[r.ID] = r
		byName[r.Name] = append(byName[r.Name], r.ID)
	}
	for _, ids := range byName {
		sort.Strings(ids)
	}
}

// Rules returns every rule, grouped by kind (metadata, Go, Python, lint)
// and in ID order within a kind.
func Rules() []rule.Rule {
	out := append([]rule.Rule(nil), allRules...)
	order := map[rule.Kind]int{}
	for i, k := range rule.Kinds {
		order[k] = i
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return order[out[i].Kind] < order[out[j].Kind]
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (rule.Rule, bool) {
	r, ok := byID[id]
	return r, ok
}

// prefixRE is the shape of an ID prefix: a kind prefix and up to two
// digits (a whole ID is an ID).
var prefixRE = regexp.MustCompile(`^(META|GO|PY|LINT)[0-9]{0,2}$`)

// Resolve returns the IDs of the rules that name stands for: a rule ID
// (PY004); a rule name (unconditional-restart), which stands for every
// rule of that name (thin-handler is GO001 and PY001); or, when prefixes
// is true, an ID prefix (PY, META0), which stands for every rule whose ID
// starts with it. An unknown name is an error that says what names look
// like and suggests the closest one.
func Resolve(name string, prefixes bool) ([]string, error) {
	ids, _, err := resolve(name, prefixes)
	return ids, err
}

// namesHelp says how rules are named.
const namesHelp = "rules are named by ID (PY004) or name (unconditional-restart)"

// resolve is Resolve, with how specific the name is: a rule's ID or name
// is more specific than any prefix, a longer prefix more than a shorter.
func resolve(name string, prefixes bool) (ids []string, specific int, err error) {
	if _, ok := byID[name]; ok {
		return []string{name}, 100, nil
	}
	if ids, ok := byName[name]; ok {
		return ids, 100, nil
	}
	if prefixes && prefixRE.MatchString(name) {
		for _, r := range allRules {
			if strings.HasPrefix(r.ID, name) {
				ids = append(ids, r.ID)
			}
		}
		if len(ids) > 0 {
			sort.Strings(ids)
			return ids, len(name), nil
		}
	}
	help := namesHelp
	if prefixes {
		help = "rules are named by ID (PY004), name (unconditional-restart) or ID prefix (PY, META0)"
	}
	msg := fmt.Sprintf("no rule %q", name)
	if s := suggest(name, prefixes); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return nil, 0, fmt.Errorf("%s: %s; charmgen lint --list lists them", msg, help)
}

// suggest returns the rule ID, name or (with prefixes) kind prefix closest
// to name, or "" when none is close.
func suggest(name string, prefixes bool) string {
	var cands []string
	for _, r := range allRules {
		cands = append(cands, r.ID, r.Name)
	}
	if prefixes {
		for _, k := range rule.Kinds {
			cands = append(cands, k.Prefix())
		}
	}
	lower := strings.ToLower(name)
	best, bestD := "", len(name)/2+1
	for _, c := range cands {
		d := editDistance(lower, strings.ToLower(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// The linter's own rules.
const (
	SuppressNoReason = "LINT001"
	SuppressUnknown  = "LINT002"
	SuppressUnused   = "LINT003"
	PythonSyntax     = "LINT004"
	// LINT005 is python.OverBudget.
	PythonUnavailable = "LINT006"
)

var lintRules = []rule.Rule{
	{
		ID: SuppressNoReason, Name: "suppression-without-reason", Kind: rule.Lint, Severity: rule.Warning,
		Title: "a suppression comment gives no reason",
		Rationale: `A suppression hides a finding from everyone who reads the code later. Say why
the finding does not apply, after the rule IDs, so a reviewer can judge it and
the next reader knows when it stops being true. The suppression still applies.`,
		Bad:  `container.restart("app")  # charmgen: ignore[PY004]`,
		Good: `container.restart("app")  # charmgen: ignore[PY004] the app reloads its TLS keys only on restart`,
	},
	{
		ID: SuppressUnknown, Name: "suppression-unknown-rule", Kind: rule.Lint, Severity: rule.Warning,
		Title: "a suppression comment names a rule that does not exist",
		Rationale: `A suppression of a rule ID that no rule has suppresses nothing: it is usually a
typo (PY04 for PY004) or a rule from another linter. charmgen lint --list
lists the rule IDs.`,
		Bad:  `//charmgen:ignore G004 restart needed`,
		Good: `//charmgen:ignore GO004 restart needed`,
	},
	{
		ID: SuppressUnused, Name: "suppression-unused", Kind: rule.Lint, Severity: rule.Info,
		Title: "a suppression comment matches no finding",
		Rationale: `A suppression that matches no finding is left over from code that changed; it
would silently hide a finding that appears there later. Remove it.`,
		Bad:  `x = 1  # charmgen: ignore[PY004] restart needed`,
		Good: `x = 1`,
	},
	{
		ID: PythonSyntax, Name: "python-syntax-error", Kind: rule.Lint, Severity: rule.Error,
		Title: "a Python file does not parse",
		Rationale: `tree-sitter recovers from syntax errors, so the other rules still run on the
file, but what they find around the error may be wrong, and Python will not
import the file at all. Fix the syntax.`,
		Bad:  `def _on_install(self, event)`,
		Good: `def _on_install(self, event):`,
	},
	python.OverBudgetRule, // LINT005, documented in lint/python/budget.go
	{
		ID: PythonUnavailable, Name: "python-rules-unavailable", Kind: rule.Lint, Severity: rule.Warning,
		Title: "the Python rules did not run: this charmgen was built without cgo",
		Rationale: `The Python rules parse with tree-sitter, which is written in C, so they are
built only into a charmgen built with cgo. Go builds without cgo when
CGO_ENABLED=0 or when it finds no C compiler, and such a charmgen still lints
metadata and Go code but reads no Python file. Rather than pass Python code
it did not check, it says so with this finding, once per run, at the first
Python file of the first charm that has any (not when --kinds or the
settings leave no Python rule to run). To run the Python rules, install
charmgen with a C compiler present (gcc or clang; see README.md, Install) and
CGO_ENABLED unset or 1. Where only the Go and metadata rules are wanted,
disable this rule: lint: disable: [LINT006] in charmgen.yaml.`,
		Bad:  `CGO_ENABLED=0 make install   # no tree-sitter: charmgen lint skips Python files`,
		Good: `make install   # gcc or clang on PATH: cgo, and every rule`,
	},
}
