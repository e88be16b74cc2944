// Package gofmtlite formats the Go source charmgen's generators render
// with jennifer (File.NoFormat) into exactly the bytes go/format.Source
// produces, without building and printing a syntax tree: go/format was
// half of the CPU time of code generation.
//
// It handles the subset of Go the generators emit: one declaration or
// statement per line, as jennifer writes them, with doc comments on
// their own lines. It reproduces go/printer's decisions for that subset
// (spacing of binary expressions by precedence and nesting depth, where
// line breaks and blank lines go, which lines are aligned by the
// tabwriter, doc comment normalization, import sorting) and feeds the
// result through text/tabwriter configured as gofmt configures it.
// Anything outside that subset, or anything it cannot be sure to print
// as go/printer does, makes Format decline so that the caller falls back
// to go/format. It declines, among others, on: /* */ comments, comments
// after code on a line, comments inside function bodies, build and line
// directives; doc comments go/doc/comment would rewrite (indented code
// blocks and lists, headings, link definitions, directives, irregular
// blank lines, “quotes”); labels, goto, defer, go, select, channels,
// type switches, slice expressions, generics, embedded fields, grouped
// type declarations, const groups without values; one-line blocks,
// structs and function bodies; expressions, calls and parameter lists
// broken across lines other than composite literals and function
// literals; parenthesized if, for and switch conditions; number
// literals go/printer normalizes (0X, 1E3, imaginary); raw strings
// spanning lines; carriage returns and byte order marks.
//
// Format is not a validator: on some invalid inputs it prints code that
// go/parser would reject; the compiler then does.
package gofmtlite

import (
	"bytes"
	"go/format"
	"text/tabwriter"
)

// Format formats src, a complete Go file, as go/format.Source does. ok
// is false when src is outside the subset Format handles (including
// when src is not valid Go); the caller must then use go/format, which
// Source does. Format never panics.
func Format(src []byte) (out []byte, ok bool) {
	defer func() {
		// A decline deep in the parser, or a bug on an input we did not
		// foresee: either way go/format decides.
		if recover() != nil {
			out, ok = nil, false
		}
	}()
	st := getState()
	defer putState(st)
	st.toks, ok = scan(src, st.toks)
	if !ok {
		return nil, false
	}
	f := &formatter{src: src, toks: st.toks, st: st, out: st.out[:0], broke: true}
	f.file()
	st.out = f.out
	return st.finish(f.out), true
}

// state holds the buffers of one Format call, reused by later calls:
// without reuse the formatter allocated more than go/format, and the
// garbage cost more than the formatting.
type state struct {
	toks    []tok
	chunks  [][]node
	out     []byte // the printer's stream
	trimmed []byte // finish's result before copying
	aligned bytes.Buffer
	tw      *tabwriter.Writer
}

// free keeps a few states for reuse. Unlike a sync.Pool it survives
// garbage collections, which generation triggers often enough that a
// pool kept little.
var free = make(chan *state, 8)

func getState() *state {
	select {
	case st := <-free:
		return st
	default:
		return new(state)
	}
}

func putState(st *state) {
	if cap(st.toks) > 1<<20 {
		return // do not keep the buffers of a huge file
	}
	select {
	case free <- st:
	default:
	}
}

// Source formats src with Format, and with go/format.Source when Format
// declines. Errors are go/format's.
func Source(src []byte) ([]byte, error) {
	if out, ok := Format(src); ok {
		return out, nil
	}
	return format.Source(src)
}

// finish aligns the printer's cells with text/tabwriter, configured as
// go/printer configures it for gofmt (UseSpaces|TabIndent, tab width 8),
// and then does what go/printer's trimmer does: drop the escape bytes
// that protect literal text, drop trailing blanks, and write formfeeds
// as newlines.
//
// A formfeed flushes the tabwriter, so each run of lines up to one is
// aligned on its own. Only runs with '\v' cells need the tabwriter: in
// the others every tab-terminated cell is an empty indentation cell,
// which the tabwriter writes back as one tab, so they pass unchanged.
// That skips the tabwriter for most of a file.
func (st *state) finish(stream []byte) []byte {
	out := st.trimmed[:0]
	for len(stream) > 0 {
		n := bytes.IndexByte(stream, '\f') + 1
		if n == 0 {
			n = len(stream)
		}
		chunk := stream[:n]
		stream = stream[n:]
		if bytes.IndexByte(chunk, '\v') < 0 {
			out = trim(out, chunk)
			continue
		}
		if st.tw == nil {
			st.tw = tabwriter.NewWriter(&st.aligned, 0, 8, 1, ' ', tabwriter.DiscardEmptyColumns|tabwriter.TabIndent)
		}
		st.aligned.Reset()
		st.tw.Write(chunk)
		st.tw.Flush()
		out = trim(out, st.aligned.Bytes())
	}
	st.trimmed = out
	return append([]byte(nil), out...)
}

// trim appends b to out as go/printer's trimmer writes it: without
// tabwriter.Escape bytes, '\v' as '\t', formfeeds as newlines, and
// without blanks at the end of a line (outside escaped text).
func trim(out, b []byte) []byte {
	if plain(b) {
		// The common case, checked with fast searches: nothing to drop,
		// only formfeeds to rewrite.
		start := len(out)
		out = append(out, b...)
		for i := bytes.IndexByte(out[start:], '\f'); i >= 0; i = bytes.IndexByte(out[start:], '\f') {
			out[start+i] = '\n'
			start += i + 1
		}
		return out
	}
	space := -1 // start in out of the pending blanks
	escaped := false
	for _, c := range b {
		if escaped {
			if c == tabwriter.Escape {
				escaped = false
				continue
			}
			out = append(out, c)
			continue
		}
		switch c {
		case tabwriter.Escape:
			escaped = true
			space = -1
		case ' ', '\t', '\v':
			if c == '\v' {
				c = '\t'
			}
			if space < 0 {
				space = len(out)
			}
			out = append(out, c)
		case '\n', '\f':
			if space >= 0 {
				out = out[:space]
				space = -1
			}
			out = append(out, '\n')
		default:
			space = -1
			out = append(out, c)
		}
	}
	if space >= 0 {
		out = out[:space]
	}
	return out
}

// plain reports whether b has no escape bytes, no vertical tabs and no
// blanks at the end of a line, so that trim only rewrites formfeeds.
func plain(b []byte) bool {
	if bytes.IndexByte(b, tabwriter.Escape) >= 0 || bytes.IndexByte(b, '\v') >= 0 {
		return false
	}
	for _, s := range [...]string{" \n", "\t\n", " \f", "\t\f"} {
		if bytes.Contains(b, []byte(s)) {
			return false
		}
	}
	n := len(b)
	return n == 0 || b[n-1] != ' ' && b[n-1] != '\t'
}
