// Package diff renders unified diffs of text files, for `charmgen gen
// --check`: the output a CI log needs to show what is stale.
package diff

import (
	"fmt"
	"strings"
)

// Unified returns the unified diff (3 lines of context) turning a into b,
// or "" when they are equal.
func Unified(aName, bName, a, b string) string {
	if a == b {
		return ""
	}
	al, bl := lines(a), lines(b)
	ops := script(al, bl)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", aName, bName)
	const ctx = 3
	// Group edits into hunks with context.
	type op struct {
		kind byte // ' ', '-', '+'
		text string
		ai   int
		bi   int
	}
	var all []op
	ai, bi := 0, 0
	for _, o := range ops {
		switch o {
		case ' ':
			all = append(all, op{' ', al[ai], ai, bi})
			ai++
			bi++
		case '-':
			all = append(all, op{'-', al[ai], ai, bi})
			ai++
		case '+':
			all = append(all, op{'+', bl[bi], ai, bi})
			bi++
		}
	}
	for i := 0; i < len(all); {
		if all[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-ctx)
		end := i
		for end < len(all) {
			if all[end].kind != ' ' {
				end++
				continue
			}
			// Look ahead: keep going if another change comes within 2*ctx.
			j := end
			for j < len(all) && all[j].kind == ' ' && j-end < 2*ctx {
				j++
			}
			if j < len(all) && all[j].kind != ' ' {
				end = j
				continue
			}
			break
		}
		stop := min(len(all), end+ctx)
		h := all[start:stop]
		aStart, bStart, aN, bN := h[0].ai+1, h[0].bi+1, 0, 0
		for _, o := range h {
			if o.kind != '+' {
				aN++
			}
			if o.kind != '-' {
				bN++
			}
		}
		if aN == 0 {
			aStart--
		}
		if bN == 0 {
			bStart--
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", aStart, aN, bStart, bN)
		for _, o := range h {
			out.WriteByte(o.kind)
			out.WriteString(o.text)
			out.WriteByte('\n')
		}
		i = stop
	}
	return out.String()
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// script is the edit script of a longest common subsequence: ' ' keep,
// '-' delete from a, '+' insert from b. Generated files are small enough
// for the quadratic table.
func script(a, b []string) []byte {
	n, m := len(a), len(b)
	// Trim the common prefix and suffix first: most changes are local.
	pre := 0
	for pre < n && pre < m && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < n-pre && suf < m-pre && a[n-1-suf] == b[m-1-suf] {
		suf++
	}
	a2, b2 := a[pre:n-suf], b[pre:m-suf]
	la, lb := len(a2), len(b2)
	t := make([][]int32, la+1)
	for i := range t {
		t[i] = make([]int32, lb+1)
	}
	for i := la - 1; i >= 0; i-- {
		for j := lb - 1; j >= 0; j-- {
			if a2[i] == b2[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	ops := make([]byte, 0, n+m)
	for i := 0; i < pre; i++ {
		ops = append(ops, ' ')
	}
	i, j := 0, 0
	for i < la && j < lb {
		switch {
		case a2[i] == b2[j]:
			ops = append(ops, ' ')
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			ops = append(ops, '-')
			i++
		default:
			ops = append(ops, '+')
			j++
		}
	}
	for ; i < la; i++ {
		ops = append(ops, '-')
	}
	for ; j < lb; j++ {
		ops = append(ops, '+')
	}
	for i := 0; i < suf; i++ {
		ops = append(ops, ' ')
	}
	return ops
}
