// Package rule defines what a lint rule and a finding are. The rule
// packages (metadata checks, Go analyzers, Python checks) and the engine
// that runs them share these types, so this package depends on nothing.
package rule

import (
	"fmt"
	"regexp"
	"strings"
)

// Kind groups rules by what they read.
type Kind string

// The kinds of rules. The ID prefix of a rule names its kind.
const (
	Metadata Kind = "metadata" // charmcraft.yaml and the legacy YAML files
	Go       Kind = "go"       // Go charm code, through go/analysis
	Python   Kind = "python"   // Python (ops) charm code, through tree-sitter
	Lint     Kind = "lint"     // the linter's own findings, such as a suppression without a reason
)

// Kinds lists the kinds in the order they are documented.
var Kinds = []Kind{Metadata, Go, Python, Lint}

// Prefix is the ID prefix of rules of the kind.
func (k Kind) Prefix() string {
	switch k {
	case Metadata:
		return "META"
	case Go:
		return "GO"
	case Python:
		return "PY"
	}
	return "LINT"
}

// Severity says how serious a finding is.
type Severity int

// Severities, from least to most serious. Off disables a rule.
const (
	Off Severity = iota
	Info
	Warning
	Error
)

// String returns the lower-case name of the severity.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// MarshalText renders the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity reads a severity name: error, warning, info or off.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	case "off":
		return Off, nil
	}
	return Off, fmt.Errorf("unknown severity %q: use error, warning, info or off", s)
}

// IDPattern is the shape of a rule ID: a kind prefix and three digits.
var IDPattern = regexp.MustCompile(`^(META|GO|PY|LINT)[0-9]{3}$`)

// Rule documents one check. The text fields are plain prose; Bad and Good
// are short source examples in the language the rule reads.
type Rule struct {
	// ID is stable: it never changes meaning once released.
	ID string
	// Name is a short kebab-case name, such as "thin-handler".
	Name string
	Kind Kind
	// Title says in one line what the rule finds.
	Title    string
	Severity Severity
	// Rationale says why it matters and what to do instead.
	Rationale string
	Bad       string
	Good      string
}

// Doc renders the rule as plain text, as `charmgen lint --explain` prints
// it.
func (r Rule) Doc() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s\n", r.ID, r.Name, r.Title)
	fmt.Fprintf(&b, "kind: %s, default severity: %s\n\n", r.Kind, r.Severity)
	b.WriteString(strings.TrimSpace(r.Rationale))
	b.WriteString("\n")
	if r.Bad != "" {
		b.WriteString("\nBad:\n\n")
		b.WriteString(indent(r.Bad))
	}
	if r.Good != "" {
		b.WriteString("\nGood:\n\n")
		b.WriteString(indent(r.Good))
	}
	return b.String()
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.Trim(s, "\n"), "\n") {
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}

// Pos is a position in a file: File as shown to the user, Line and Col
// 1-based (Col counts bytes, as Go's tools do). A zero Line means the file
// as a whole.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String renders the position as path:line:col.
func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, max(p.Line, 1), max(p.Col, 1))
}

// Finding is one problem a rule found.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Pos      Pos      `json:"pos"`
	Message  string   `json:"message"`
}

// String renders the finding as "path:line:col: ID message".
func (f Finding) String() string {
	return fmt.Sprintf("%s: %s %s", f.Pos, f.Rule, f.Message)
}

// Less orders findings by file, line, column, rule and message, so output
// is stable whatever order the checks ran in.
func Less(a, b Finding) bool {
	if a.Pos.File != b.Pos.File {
		return a.Pos.File < b.Pos.File
	}
	if a.Pos.Line != b.Pos.Line {
		return a.Pos.Line < b.Pos.Line
	}
	if a.Pos.Col != b.Pos.Col {
		return a.Pos.Col < b.Pos.Col
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Message < b.Message
}
