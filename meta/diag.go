package meta

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a source file. Line and Col are 1-based; a zero Line
// means the position is the file as a whole.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String renders the position as path:line:col, the form editors and CI
// annotations understand.
func (p Pos) String() string {
	line, col := p.Line, p.Col
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	return fmt.Sprintf("%s:%d:%d", p.File, line, col)
}

// IsValid reports whether the position names a file.
func (p Pos) IsValid() bool { return p.File != "" }

// Severity says whether a diagnostic stops the load.
type Severity int

// Severities, from least to most serious.
const (
	SeverityWarning Severity = iota
	SeverityError
)

func (s Severity) String() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

// MarshalText renders the severity as "warning" or "error".
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in charm metadata, tied to the line to fix.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	// Code is a short stable identifier of the kind of problem, such as
	// "series" or "reserved-relation", so tools and tests need not match text.
	Code    string `json:"code"`
	Message string `json:"message"`
}

// String renders the diagnostic as "path:line:col: message" for errors and
// "path:line:col: warning: message" for warnings.
func (d Diagnostic) String() string {
	if d.Severity == SeverityWarning {
		return d.Pos.String() + ": warning: " + d.Message
	}
	return d.Pos.String() + ": " + d.Message
}

// Diagnostics is a list of problems. As an error it reports every error it
// holds, one per line, so a user can fix them all in one pass.
type Diagnostics []Diagnostic

// Errors returns the diagnostics of error severity.
func (ds Diagnostics) Errors() Diagnostics { return ds.filter(SeverityError) }

// Warnings returns the diagnostics of warning severity.
func (ds Diagnostics) Warnings() Diagnostics { return ds.filter(SeverityWarning) }

func (ds Diagnostics) filter(s Severity) Diagnostics {
	var out Diagnostics
	for _, d := range ds {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Error implements error. It lists every diagnostic, sorted by position.
func (ds Diagnostics) Error() string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Sort orders diagnostics by file, line, column, then message, so output is
// stable whatever order the checks ran in.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Message < b.Message
	})
}

// reporter collects diagnostics during a load.
type reporter struct {
	diags Diagnostics
}

func (r *reporter) errorf(pos Pos, code, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{Pos: pos, Severity: SeverityError, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (r *reporter) warnf(pos Pos, code, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{Pos: pos, Severity: SeverityWarning, Code: code, Message: fmt.Sprintf(format, args...)})
}

func (r *reporter) add(d Diagnostic) { r.diags = append(r.diags, d) }
