package databag

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPathString(t *testing.T) {
	root := Field("certificates")
	i := root.Index(2)
	ca := i.Key("ca")
	odd := ca.Key("a.b")
	if got := ca.String(); got != "certificates[2].ca" {
		t.Errorf("path = %q", got)
	}
	if got := odd.String(); got != `certificates[2].ca["a.b"]` {
		t.Errorf("path = %q", got)
	}
	hy := Field("read-only-endpoints")
	if got := hy.String(); got != "read-only-endpoints" {
		t.Errorf("path = %q", got)
	}
}

func TestErrors(t *testing.T) {
	var e Errors
	if e.Err() != nil {
		t.Fatal("empty Errors gives an error")
	}
	e.Missing(nil, "model")
	p := Field("port")
	e.Add(&p, "expected integer, got string")
	err := e.Err()
	if err == nil || err.Error() != "model: required; port: expected integer, got string" {
		t.Errorf("err = %v", err)
	}
	for i := 0; i < 2*MaxErrors; i++ {
		e.Add(nil, "x")
	}
	if !strings.HasSuffix(e.Err().Error(), "and 52 more") {
		t.Errorf("capped error = ...%s", e.Err().Error()[len(e.Err().Error())-20:])
	}
}

func TestDecoderValues(t *testing.T) {
	var e Errors
	d := NewDecoder(` {"a": [1, -2.5e3, true, null, "x\u00e9\ud83d\ude00\n"], "b": {}} `, &e)
	p := Field("f")
	if !d.Object(&p) {
		t.Fatal("not an object")
	}
	k, ok := d.Key()
	if !ok || k != "a" || !d.Array(&p) {
		t.Fatalf("key = %q", k)
	}
	d.More()
	if n, ok := d.Int(&p); !ok || n != 1 {
		t.Errorf("int = %d", n)
	}
	d.More()
	if f, ok := d.Float(&p); !ok || f != -2500 {
		t.Errorf("float = %v", f)
	}
	d.More()
	if b, ok := d.Bool(&p); !ok || !b {
		t.Errorf("bool = %v", b)
	}
	d.More()
	if !d.Null() {
		t.Error("null")
	}
	d.More()
	if s, ok := d.String(&p); !ok || s != "xé😀\n" {
		t.Errorf("string = %q", s)
	}
	if d.More() {
		t.Error("more after the last element")
	}
	k, ok = d.Key()
	if !ok || k != "b" {
		t.Fatalf("key = %q", k)
	}
	if r, ok := d.Raw(&p); !ok || string(r) != "{}" {
		t.Errorf("raw = %s", r)
	}
	if _, ok := d.Key(); ok {
		t.Error("key after the end")
	}
	if !d.Finish(&p) || e.Err() != nil {
		t.Errorf("finish: %v", e.Err())
	}
}

func TestDecoderErrors(t *testing.T) {
	cases := []struct {
		in, want string
		read     func(d *Decoder, p *Path)
	}{
		{`bar`, `f: invalid JSON: unexpected 'b' at offset 0`, func(d *Decoder, p *Path) { d.String(p) }},
		{`0.0.0.42`, `f: invalid JSON: unexpected '.' after the value at offset 3`, func(d *Decoder, p *Path) { d.String(p) }},
		{`true`, `f: expected string, got boolean`, func(d *Decoder, p *Path) { d.String(p) }},
		{`"42"`, `f: expected integer, got string`, func(d *Decoder, p *Path) { d.Int(p) }},
		{`1.5`, `f: expected integer, got 1.5`, func(d *Decoder, p *Path) { d.Int(p) }},
		{`1e2`, ``, func(d *Decoder, p *Path) { d.Int(p) }},
		{`99999999999999999999`, `f: integer 99999999999999999999 is out of range`, func(d *Decoder, p *Path) { d.Int(p) }},
		{`"a`, `f: invalid JSON: unterminated string at end of input`, func(d *Decoder, p *Path) { d.String(p) }},
		{"\"a\x01\"", `f: invalid JSON: control character in string at offset 2`, func(d *Decoder, p *Path) { d.String(p) }},
		{"\"\xff\"", `f: invalid JSON: invalid UTF-8 in string at offset 1`, func(d *Decoder, p *Path) { d.String(p) }},
		{`[1,]`, `f: invalid JSON: unexpected ']' at offset 3`, func(d *Decoder, p *Path) { d.Skip() }},
		{`{"a":1 "b":2}`, `f: invalid JSON: unexpected '"' at offset 7`, func(d *Decoder, p *Path) { d.Skip() }},
		{strings.Repeat("[", 2000), `f: invalid JSON: nesting too deep`, func(d *Decoder, p *Path) { d.Skip() }},
		// A syntax error withdraws the problems found before it.
		{`[1, "x", oops]`, `f: invalid JSON: unexpected 'o' at offset 9`, func(d *Decoder, p *Path) {
			d.Array(p)
			for i := 0; d.More(); i++ {
				q := p.Index(i)
				d.Int(&q)
			}
		}},
	}
	for _, c := range cases {
		var e Errors
		d := NewDecoder(c.in, &e)
		p := Field("f")
		c.read(&d, &p)
		d.Finish(&p)
		got := ""
		if err := e.Err(); err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("%q: got %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTextValues(t *testing.T) {
	var e Errors
	p := Field("x")
	for _, s := range []string{"true", "True"} {
		if b, ok := ParseBoolText(&p, &e, s); !ok || !b {
			t.Errorf("%q", s)
		}
	}
	if _, ok := ParseBoolText(&p, &e, "yes"); ok {
		t.Error("yes is a boolean")
	}
	if n, ok := ParseIntText(&p, &e, " 42 "); !ok || n != 42 {
		t.Errorf("int = %d", n)
	}
	if FormatBoolText(true, true) != "True" || FormatBoolText(false, false) != "false" {
		t.Error("FormatBoolText")
	}
	if got := e.Err().Error(); got != `x: invalid boolean "yes" (want true, True, false or False)` {
		t.Errorf("errors = %s", got)
	}
}

func TestChecks(t *testing.T) {
	var e Errors
	p := Field("x")
	CheckFormat(&p, &e, "10.0.0.1/24", "ipvanynetwork") // host bits set
	CheckFormat(&p, &e, "10.0.0.0/24", "ipvanynetwork")
	CheckFormat(&p, &e, "10.0.0.1", "ipvanynetwork") // a /32
	CheckFormat(&p, &e, "::1", "ipvanyaddress")
	CheckFormat(&p, &e, "x", "password") // not checked
	CheckFormat(&p, &e, "123e4567-e89b-12d3-a456-426614174000", "uuid")
	CheckFormat(&p, &e, "http://192.0.2.0/24", "uri")
	CheckFormat(&p, &e, "no scheme", "uri")
	CheckInt(&p, &e, 0, &NumberRules{Minimum: 1, Maximum: 16777215, Has: HasMinimum | HasMaximum})
	CheckFloat(&p, &e, 1, &NumberRules{ExclusiveMaximum: 1, Has: HasExclusiveMaximum})
	CheckString(&p, &e, "", &StringRules{MinLength: 1, MaxLength: -1})
	CheckUnique(&p, &e, 3, func(i int) string { return []string{"a", "b", "a"}[i] })
	want := []string{
		`x: "10.0.0.1/24" is not a valid IP network`,
		`x: "no scheme" is not a valid URI`,
		`x: 0 is less than the minimum 1`,
		`x: 1 is not less than the exclusive maximum 1`,
		`x: length 0 is less than the minimum length 1`,
		`x: items 0 and 2 are equal (the schema wants unique items)`,
	}
	if got := e.Err().Error(); got != strings.Join(want, "; ") {
		t.Errorf("got  %s\nwant %s", got, strings.Join(want, "; "))
	}
}

func TestEncoder(t *testing.T) {
	var w Encoder
	var e Errors
	p := Field("x")
	w.BeginObject()
	w.Key("a")
	w.BeginArray()
	w.String("é\n\"\x01\xff")
	w.Int(-3)
	w.Float(&p, &e, 1e21)
	w.Float(&p, &e, 0.5)
	w.Bool(true)
	w.Null()
	w.Raw(&p, &e, json.RawMessage(`{"b":[]}`))
	w.EndArray()
	w.Key("c")
	w.Float(&p, &e, math.NaN())
	w.EndObject()
	want := `{"a":["é\n\"\u0001\ufffd",-3,1e+21,0.5,true,null,{"b":[]}],"c":null}`
	if w.Text() != want {
		t.Errorf("got  %s\nwant %s", w.Text(), want)
	}
	if e.Err() == nil || !strings.Contains(e.Err().Error(), "cannot encode NaN") {
		t.Errorf("errors = %v", e.Err())
	}
}

// FuzzDecoder checks the decoder against encoding/json: it accepts
// exactly the valid JSON texts, and reads strings, numbers and raw values
// as encoding/json does.
func FuzzDecoder(f *testing.F) {
	for _, s := range []string{`"a\nb"`, `[1,2,{"a":null}]`, `{"a":"\ud83d\ude00"}`, `-0.5e-3`, `"\u00"`, `tru`, ` [ ] `, `"\ud800"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e Errors
		d := NewDecoder(s, &e)
		p := Field("f")
		raw, _ := d.Raw(&p)
		ok := d.Finish(&p)
		if !utf8.ValidString(s) {
			// encoding/json replaces invalid UTF-8; the decoder rejects it
			// (JSON text is UTF-8, and so is every databag).
			return
		}
		if ok != json.Valid([]byte(s)) {
			t.Fatalf("%q: decoder says valid=%v, encoding/json %v (%v)", s, ok, !ok, e.Err())
		}
		if !ok {
			return
		}
		var a, b any
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatalf("%q: raw %q is not JSON: %v", s, raw, err)
		}
		json.Unmarshal([]byte(s), &b)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Fatalf("%q: raw %q reads as %s, want %s", s, raw, ja, jb)
		}
		// Strings read as encoding/json reads them.
		var want string
		if json.Unmarshal([]byte(s), &want) == nil {
			var e2 Errors
			d2 := NewDecoder(s, &e2)
			got, ok := d2.String(&p)
			if !ok || got != want {
				t.Fatalf("%q: string %q, want %q", s, got, want)
			}
			// And write back to the same value.
			var w Encoder
			w.String(got)
			var back string
			if err := json.Unmarshal(w.Bytes(), &back); err != nil || back != want {
				t.Fatalf("%q: encoded as %s, reads back as %q", s, w.Text(), back)
			}
		}
	})
}

func TestIsEmpty(t *testing.T) {
	for _, c := range []struct {
		bag  map[string]string
		want bool
	}{
		{nil, true},
		{map[string]string{}, true},
		{map[string]string{"model": ""}, true},
		{map[string]string{"ingress-address": "10.0.0.1", "egress-subnets": "10.0.0.1/32", "private-address": "10.0.0.1"}, true},
		{map[string]string{"model": "m"}, false},
		{map[string]string{"ingress-address": "10.0.0.1", "x": "null"}, false},
	} {
		if got := IsEmpty(c.bag); got != c.want {
			t.Errorf("IsEmpty(%q) = %v, want %v", c.bag, got, c.want)
		}
	}
	if !strings.Contains(ErrEmpty.Error(), "has not written its data yet") {
		t.Errorf("ErrEmpty = %q", ErrEmpty)
	}
}

func TestValidUTF8(t *testing.T) {
	for _, s := range []string{"", "abc", "é\u2028", "a\xffb", "\xfe\xff", "\xe2\x82", "x\xc3"} {
		want, err := strconv.Unquote(string(AppendQuoted(nil, s)))
		if err != nil {
			t.Fatal(err)
		}
		if got := ValidUTF8(s); got != want {
			t.Errorf("ValidUTF8(%q) = %q, want %q (as the decoder reads AppendQuoted's text)", s, got, want)
		}
	}
}
