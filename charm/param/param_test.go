package param

import (
	"encoding/json"
	"regexp"
	"testing"
)

func TestDecoders(t *testing.T) {
	raw, err := Object("", []byte(`{"name":"Ada","n":3,"f":2.5,"b":true,"whole":4.0,"l":[1,2],"nil":null}`))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := String("name", raw["name"]); err != nil || s != "Ada" {
		t.Errorf("String = %q %v", s, err)
	}
	if n, err := Int("n", raw["n"]); err != nil || n != 3 {
		t.Errorf("Int = %d %v", n, err)
	}
	if n, err := Int("whole", raw["whole"]); err != nil || n != 4 {
		t.Errorf("Int(4.0) = %d %v", n, err)
	}
	if _, err := Int("f", raw["f"]); err == nil || err.Error() != "f: must be a whole number, not 2.5" {
		t.Errorf("Int(2.5): %v", err)
	}
	if _, err := String("n", raw["n"]); err == nil || err.Error() != "n: must be a string, not 3" {
		t.Errorf("String(3): %v", err)
	}
	if l, err := List("l", raw["l"]); err != nil || len(l) != 2 {
		t.Errorf("List = %v %v", l, err)
	}
	if Present(raw, "nil") || !Present(raw, "b") {
		t.Error("Present wrong")
	}
	if err := Required(raw, "p", "name", "nil"); err == nil || err.Error() != "p.nil: required" {
		t.Errorf("Required: %v", err)
	}
	if err := Known(raw, "", "name"); err == nil || err.Error() != "b: unknown; the known ones are name" {
		t.Errorf("Known: %v", err)
	}
	if _, err := Object("x", []byte(`[1]`)); err == nil {
		t.Error("Object accepted a list")
	}
	if m, err := Object("", []byte(`null`)); err != nil || len(m) != 0 {
		t.Errorf("Object(null) = %v %v", m, err)
	}
	var _ json.RawMessage
}

func TestChecks(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{Enum("kind", "zip", "gzip", "xz"), "kind: must be one of gzip, xz, not zip"},
		{Min("q", -1, 0, false), "q: must be at least 0, not -1"},
		{Min("q", 0, 0, true), "q: must be more than 0, not 0"},
		{Max("q", 10, 9, false), "q: must be at most 9, not 10"},
		{Length("s", "héllo", 6, -1), "s: must be at least 6 characters long"},
		{Items("l", 3, -1, 2), "l: must have at most 2 items"},
		{Pattern("v", "abc", regexp.MustCompile(`^\d+$`)), `v: must match ^\d+$`},
	}
	for _, c := range cases {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("got %v, want %s", c.err, c.want)
		}
	}
	if Enum("k", 2, 1, 2) != nil || Min("q", 0, 0, false) != nil || Length("s", "héllo", 5, 5) != nil {
		t.Error("a valid value was rejected")
	}
	if Join("", "a") != "a" || Join("a", "b") != "a.b" || Index("a", 2) != "a[2]" {
		t.Error("paths")
	}
}
