package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// stdDecode is encoding/json's reading of data (numbers as json.Number).
func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data")
	}
	if _, err := dec.Token(); err == nil {
		return nil, errors.New("trailing data")
	}
	return v, nil
}

// checkAgainstStd: ParseValue accepts exactly what encoding/json accepts
// (json.Valid), and reads the same value.
func checkAgainstStd(t *testing.T, data []byte) {
	t.Helper()
	v, err := ParseValue(data)
	valid := json.Valid(data)
	if (err == nil) != valid {
		t.Fatalf("%q: ParseValue error %v, json.Valid %t", data, err, valid)
	}
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) || se.Offset < 0 || se.Offset > int64(len(data)) {
			t.Fatalf("%q: error %v is not a SyntaxError in range", data, err)
		}
		return
	}
	want, err := stdDecode(data)
	if err != nil {
		t.Fatalf("%q: encoding/json: %v", data, err)
	}
	// Value.JSON writes every member in file order; encoding/json keeps
	// the last of duplicate keys on both sides.
	got, err := stdDecode([]byte(v.JSON()))
	if err != nil {
		t.Fatalf("%q: JSON() %q does not decode: %v", data, v.JSON(), err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: got %#v, want %#v", data, got, want)
	}
}

var valueSeeds = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e+3`, `-12.25E-2`, `"x"`,
	`{"a": [1, {"b": null}], "c": "d", "a": 2}`, " \t\n{\"k\" : \"v\"}\r\n",
	`"\u00e9\ud83d\ude00 \ud800 \udc00x \ud800\u0041 \/\b\f\n\r\t\"\\"`, "\"\xff\xfe ok \xe2\x82\"",
	`01`, `1.`, `.5`, `-`, `1e`, `+1`, `[1,]`, `{"a":1,}`, `{"a"}`, `{a:1}`, `"\x"`, `"\u12"`, "\"a\nb\"",
	`tru`, `nul`, `[`, `{`, `{"a":`, `"abc`, `[1 2]`, `{} {}`, ``, `   `, `[[[[]]]]`,
	strings.Repeat("[", 250) + strings.Repeat("]", 250),
}

func TestParseValueAgainstEncodingJSON(t *testing.T) {
	for _, s := range valueSeeds {
		if strings.HasPrefix(s, "[[[[[") {
			// Deeper than ParseValue's limit of 200: refused, with an offset.
			if _, err := ParseValue([]byte(s)); err == nil || !strings.Contains(err.Error(), "nesting too deep") {
				t.Errorf("deep nesting: %v", err)
			}
			continue
		}
		checkAgainstStd(t, []byte(s))
	}
}

// Offsets are where each value starts (what LineCol reports), and a
// syntax error carries the offset of the byte at fault.
func TestParseValueOffsets(t *testing.T) {
	data := []byte("{\n  \"a\": [1,\n    \"x\"],\n  \"b\" : {}\n}")
	v, err := ParseValue(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		v         *Value
		line, col int
	}{{v, 1, 1}, {v.Get("a"), 2, 8}, {v.Get("a").Items[1], 3, 5}, {v.Get("b"), 4, 9}} {
		if l, col := LineCol(data, c.v.Offset); l != c.line || col != c.col {
			t.Errorf("%s at %d:%d, want %d:%d", c.v.JSON(), l, col, c.line, c.col)
		}
	}
	_, err = ParseValue([]byte("{\n  \"a\": tru\n}"))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Offset != 12 || se.Msg != `invalid character '\n' in literal true (expecting 'e')` {
		t.Errorf("error %#v", err)
	}
	r, diags := Parse([]byte("{\n  \"properties\": {\n    \"app\": {,}\n  }\n}"))
	if r != nil || len(diags) != 1 || !strings.Contains(diags[0].Msg, "not valid JSON: invalid character ','") {
		t.Fatalf("diags %v", diags)
	}
	// The stray comma is at 3:13; LineCol, made for values, moves past
	// commas and colons, so the report points just after it.
	if l, c := LineCol([]byte("{\n  \"properties\": {\n    \"app\": {,}\n  }\n}"), diags[0].Offset); l != 3 || c != 14 {
		t.Errorf("syntax error reported at %d:%d, want 3:14", l, c)
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range valueSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) > 190 {
			return // the depth limit is ParseValue's own
		}
		checkAgainstStd(t, data)
	})
}
