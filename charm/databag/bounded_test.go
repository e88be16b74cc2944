package databag

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// The attack: a remote unit writes a huge value (10 MB here; Juju lets a
// databag hold more) where an integer is expected. Every error message
// quoted the whole value, so one bad field made an error, a log line and
// a status message of the same size (a 100 MB value made a 104 MB error).
// The message must stay under 1 KB and still name the field.
func TestHugeBadValueErrorIsBounded(t *testing.T) {
	huge := strings.Repeat("9x", 5<<20) // 10 MB, not an integer
	hugeNum := strings.Repeat("9", 10<<20)
	hugeUTF8 := strings.Repeat("é", 5<<20)
	cases := []struct {
		name string
		run  func(p *Path, e *Errors)
	}{
		// What generated decoders call for an int field held as text.
		{"int text", func(p *Path, e *Errors) { ParseIntText(p, e, huge) }},
		{"int text out of range", func(p *Path, e *Errors) { ParseIntText(p, e, hugeNum) }},
		{"float text", func(p *Path, e *Errors) { ParseFloatText(p, e, huge) }},
		{"bool text", func(p *Path, e *Errors) { ParseBoolText(p, e, hugeUTF8) }},
		// An int field inside a JSON value.
		{"JSON int out of range", func(p *Path, e *Errors) {
			d := NewDecoder(hugeNum, e)
			d.Int(p)
			d.Finish(p)
		}},
		{"JSON int with fraction", func(p *Path, e *Errors) {
			d := NewDecoder(hugeNum+".5", e)
			d.Int(p)
			d.Finish(p)
		}},
		// Generated enum and const checks pass QuoteJSON's full text.
		{"enum", func(p *Path, e *Errors) { BadEnum(p, e, QuoteJSON(hugeUTF8), []string{`"a"`, `"b"`}) }},
		{"const", func(p *Path, e *Errors) { BadConst(p, e, QuoteJSON(huge), `"edge"`) }},
		{"pattern", func(p *Path, e *Errors) {
			CheckString(p, e, huge, &StringRules{Pattern: regexp.MustCompile(`^[a-z]+$`), MinLength: -1, MaxLength: -1})
		}},
		{"format", func(p *Path, e *Errors) { CheckFormat(p, e, huge, "uuid") }},
		{"map key", func(p *Path, e *Errors) { CheckKey(p, e, huge, regexp.MustCompile(`^[a-z]+$`)) }},
	}
	for _, c := range cases {
		var e Errors
		p := Field("port")
		c.run(&p, &e)
		err := e.Err()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		msg := err.Error()
		if len(msg) >= 1024 || !strings.HasPrefix(msg, "port: ") || !utf8.ValidString(msg) {
			t.Errorf("%s: %d-byte error (want < 1 KB, naming the field, valid UTF-8): %.200q", c.name, len(msg), msg)
		}
	}
	// A huge unknown key is a path of its own.
	var e Errors
	e.Unknown(nil, huge)
	nested := Field("a")
	e.Unknown(&nested, huge)
	if msg := e.Err().Error(); len(msg) >= 1024 {
		t.Errorf("unknown keys: %d-byte error", len(msg))
	}
}

func TestQuoteValueBounds(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"short", `"short"`},
		{strings.Repeat("a", MaxQuoted), `"` + strings.Repeat("a", MaxQuoted) + `"`},
		{strings.Repeat("a", MaxQuoted+1), `"` + strings.Repeat("a", MaxQuoted) + `"… (65 bytes)`},
		// A 2-byte character across the bound is left out whole.
		{strings.Repeat("a", MaxQuoted-1) + "éé", `"` + strings.Repeat("a", MaxQuoted-1) + `"… (67 bytes)`},
	} {
		if got := QuoteValue(c.in); got != c.want {
			t.Errorf("QuoteValue(%.20q...) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{`"short"`, `"short"`},
		{"12345", "12345"},
		// An escape across the bound is left out whole, and the quote
		// is closed.
		{`"` + strings.Repeat("a", MaxQuoted-2) + `\u00e9bbbb"`, `"` + strings.Repeat("a", MaxQuoted-2) + `"… (74 bytes)`},
		{strings.Repeat("7", 100), strings.Repeat("7", MaxQuoted+1) + "… (100 bytes)"},
	} {
		if got := BoundText(c.in); got != c.want {
			t.Errorf("BoundText(%.20q...) = %q, want %q", c.in, got, c.want)
		}
	}
}
