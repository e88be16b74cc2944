package lint

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/charmgen/charmgen/lint/rule"
)

// Suppressions are comments in the linted files:
//
//	//charmgen:ignore GO004,GO003 reason       Go: this line, or the next
//	//charmgen:file-ignore GO009 reason        Go: the whole file
//	# charmgen: ignore[PY004] reason           Python and YAML: this line, or the next
//	# charmgen: file-ignore[PY016] reason      Python and YAML: the whole file
//
// A rule is named by ID or by name (//charmgen:ignore write-without-compare
// reason, # charmgen: ignore[unconditional-restart] reason); a name that
// several rules share names them all. A comment on a line of its own
// applies to the next line that holds code; a comment after code applies
// to its own line.

type suppression struct {
	file    string
	line    int // the line the comment is on
	col     int
	applies int      // the line it covers; 0 for the whole file
	ids     []string // the rules as written: IDs or names
	cols    []int    // the column of each of ids
	reason  string
	used    map[string]bool // by entry of ids
}

var (
	goSuppressRE = regexp.MustCompile(`//\s*charmgen:(ignore|file-ignore)(?:\s+(.*))?$`)
	pySuppressRE = regexp.MustCompile(`#\s*charmgen:\s*(ignore|file-ignore)\[([^\]]*)\](.*)$`)
)

// parseSuppressions reads the suppression comments of a file's content.
// goSyntax selects // comments (Go) over # comments (Python, YAML).
func parseSuppressions(file string, src []byte, goSyntax bool) []*suppression {
	if !bytes.Contains(src, []byte("charmgen:")) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	var out []*suppression
	for i, line := range lines {
		var kind, idList, reason string
		var at int
		if goSyntax {
			loc := goSuppressRE.FindStringSubmatchIndex(line)
			if loc == nil {
				continue
			}
			at = loc[0]
			kind = line[loc[2]:loc[3]]
			if loc[4] >= 0 {
				rest := strings.TrimSpace(line[loc[4]:loc[5]])
				idList, reason, _ = strings.Cut(rest, " ")
			}
		} else {
			loc := pySuppressRE.FindStringSubmatchIndex(line)
			if loc == nil {
				continue
			}
			at = loc[0]
			kind, idList, reason = line[loc[2]:loc[3]], line[loc[4]:loc[5]], line[loc[6]:loc[7]]
		}
		s := &suppression{file: file, line: i + 1, col: at + 1, used: map[string]bool{}}
		from := at
		for _, id := range strings.FieldsFunc(idList, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			col := at + 1
			if k := strings.Index(line[from:], id); k >= 0 {
				col = from + k + 1
				from += k + len(id)
			}
			s.ids = append(s.ids, id)
			s.cols = append(s.cols, col)
		}
		s.reason = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(reason), "-:—"))
		if kind == "ignore" {
			s.applies = i + 1
			if strings.TrimSpace(line[:at]) == "" {
				// On a line of its own: the next line with code.
				for j := i + 1; j < len(lines); j++ {
					t := strings.TrimSpace(lines[j])
					if t == "" || strings.HasPrefix(t, "//") || strings.HasPrefix(t, "#") {
						continue
					}
					s.applies = j + 1
					break
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// matches reports whether the suppression covers a finding, and marks the
// entries that do as used.
func (s *suppression) matches(f rule.Finding) bool {
	if s.applies != 0 && f.Pos.Line != s.applies && f.Pos.Line != s.line {
		return false
	}
	covered := false
	for _, id := range s.ids {
		ids, _, _ := resolve(id, false)
		for _, rid := range ids {
			if rid == f.Rule {
				s.used[id] = true
				covered = true
			}
		}
	}
	return covered
}

// applySuppressions drops the findings that suppressions cover and reports
// the suppressions' own problems: no reason, unknown rule, unused. ran
// reports whether a rule ran over the suppression's file (only then can an
// unused suppression be told apart from one whose rule is off).
func applySuppressions(fs []rule.Finding, sups map[string][]*suppression, ran func(id, file string) bool) []rule.Finding {
	var out []rule.Finding
	for _, f := range fs {
		covered := false
		for _, s := range sups[f.Pos.File] {
			if s.matches(f) {
				covered = true
			}
		}
		if !covered {
			out = append(out, f)
		}
	}
	for _, list := range sups {
		for _, s := range list {
			p := rule.Pos{File: s.file, Line: s.line, Col: s.col}
			if len(s.ids) == 0 {
				out = append(out, finding(SuppressUnknown, p, "suppression names no rule; write the IDs or names of the rules it suppresses"))
				continue
			}
			if s.reason == "" {
				out = append(out, finding(SuppressNoReason, p, "suppression of "+strings.Join(s.ids, ", ")+" gives no reason; say why the finding does not apply"))
			}
			for i, id := range s.ids {
				ip := p
				if i < len(s.cols) {
					ip.Col = s.cols[i]
				}
				ids, _, err := resolve(id, false)
				if err != nil {
					msg := "suppression names " + id + ", which is not a charmgen rule"
					if sg := suggest(id, false); sg != "" {
						msg += " (did you mean " + sg + "?)"
					}
					out = append(out, finding(SuppressUnknown, ip, msg+": "+namesHelp+"; charmgen lint --list lists them"))
					continue
				}
				lintRule, ranAny := false, false
				for _, rid := range ids {
					lintRule = lintRule || byID[rid].Kind == rule.Lint
					ranAny = ranAny || ran(rid, s.file)
				}
				switch {
				case lintRule:
					out = append(out, finding(SuppressUnknown, ip, "suppression names "+id+", a rule about suppressions, which cannot be suppressed"))
				case !s.used[id] && ranAny:
					out = append(out, finding(SuppressUnused, ip, "suppression of "+id+" matches no finding; remove it"))
				}
			}
		}
	}
	return out
}

func finding(id string, p rule.Pos, msg string) rule.Finding {
	return rule.Finding{Rule: id, Severity: byID[id].Severity, Pos: p, Message: msg}
}
