package charmtest

import (
	"testing"
	"time"

	"github.com/charmgen/charmgen/meta"
)

func TestJSONTypes(t *testing.T) {
	cases := []struct {
		types []string
		v     any
		ok    bool
	}{
		{[]string{"string"}, "x", true},
		{[]string{"string"}, int64(1), false},
		{[]string{"integer"}, int64(1), true},
		{[]string{"integer"}, 2.0, true},
		{[]string{"integer"}, 2.5, false},
		{[]string{"number"}, int64(1), true},
		{[]string{"number"}, 2.5, true},
		{[]string{"number"}, "2.5", false},
		{[]string{"boolean"}, true, true},
		{[]string{"boolean"}, "true", false},
		{[]string{"object"}, map[string]any{}, true},
		{[]string{"object"}, []any{}, false},
		{[]string{"array"}, []any{"a"}, true},
		{[]string{"null"}, nil, true},
		{[]string{"string", "null"}, nil, true},
		{[]string{"string", "null"}, false, false},
		{[]string{"whatever"}, false, true},
	}
	for _, c := range cases {
		if got := jsonTypeOK(c.types, c.v); got != c.ok {
			t.Errorf("jsonTypeOK(%v, %#v) = %v", c.types, c.v, got)
		}
	}
}

func TestOptionValues(t *testing.T) {
	cases := []struct {
		typ meta.OptionType
		v   any
		ok  bool
	}{
		{meta.TypeString, "x", true},
		{meta.TypeString, true, false},
		{meta.TypeInt, int64(3), true},
		{meta.TypeInt, 3.5, false},
		{meta.TypeFloat, int64(3), true},
		{meta.TypeFloat, 3.5, true},
		{meta.TypeFloat, "3.5", false},
		{meta.TypeBoolean, false, true},
		{meta.TypeBoolean, "false", false},
		{meta.TypeSecret, "secret:cpf2m2o1i3cc73d0ag10", true},
		{meta.TypeSecret, "hunter2", false},
	}
	for _, c := range cases {
		if got := optionValueOK(c.typ, c.v); got != c.ok {
			t.Errorf("optionValueOK(%s, %#v) = %v", c.typ, c.v, got)
		}
	}
}

func TestSecretIDs(t *testing.T) {
	for in, want := range map[string]string{
		"cpf2m2o1i3cc73d0ag10":        "cpf2m2o1i3cc73d0ag10",
		"secret:cpf2m2o1i3cc73d0ag10": "cpf2m2o1i3cc73d0ag10",
		"secret://00000000-0000-4000-8000-000000000000/cpf2m2o1i3cc73d0ag10": "cpf2m2o1i3cc73d0ag10",
	} {
		if got := bareSecretID(in); got != want {
			t.Errorf("bareSecretID(%q) = %q", in, got)
		}
	}
	if secretURI("cpf2m2o1i3cc73d0ag10") != "secret:cpf2m2o1i3cc73d0ag10" || secretURI("secret:x") != "secret:x" {
		t.Error("secretURI")
	}
}

func TestVersions(t *testing.T) {
	for s, want := range map[string]version{"3.6.4": {3, 6}, "4.0": {4, 0}, "3.6-beta2": {3, 6}, "3.6.4.1": {3, 6}} {
		if v, ok := parseVersion(s); !ok || v != want {
			t.Errorf("parseVersion(%q) = %v, %v", s, v, ok)
		}
	}
	for _, s := range []string{"", "3", "x.y", "3.-1", "latest"} {
		if _, ok := parseVersion(s); ok {
			t.Errorf("parseVersion(%q) accepted", s)
		}
	}
	if !(version{3, 5}).less(3, 6) || (version{4, 0}).less(3, 6) {
		t.Error("less")
	}
}

func TestWithClock(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	c := New(nil, WithClock(func() time.Time { return at }))
	if c.now == nil || !c.now().Equal(at) {
		t.Error("WithClock not kept")
	}
}
