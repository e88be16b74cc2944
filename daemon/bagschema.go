package daemon

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// bagSchema is the subset of JSON Schema that relation databags need:
// databag values are strings on the wire, so a property's type says what
// the string must parse as (integer, number, boolean, or object/array for
// JSON-encoded values).
type bagSchema struct {
	props      map[string]*propSchema
	required   []string
	additional bool
}

type propSchema struct {
	typ       string
	enum      []string
	pattern   *regexp.Regexp
	minLength int
	maxLength int
}

func compileBagSchema(raw any) (*bagSchema, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema must be an object")
	}
	if t, ok := m["type"]; ok && t != "object" {
		return nil, fmt.Errorf("schema type must be object, not %v", t)
	}
	s := &bagSchema{props: map[string]*propSchema{}, additional: true}
	if a, ok := m["additionalProperties"]; ok {
		b, isBool := a.(bool)
		if !isBool {
			return nil, fmt.Errorf("additionalProperties must be true or false")
		}
		s.additional = b
	}
	if r, ok := m["required"]; ok {
		list, ok := r.([]any)
		if !ok {
			return nil, fmt.Errorf("required must be a list")
		}
		for _, x := range list {
			name, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("required must list strings")
			}
			s.required = append(s.required, name)
		}
	}
	props, _ := m["properties"].(map[string]any)
	for name, pr := range props {
		pm, ok := pr.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("property %s: must be an object", name)
		}
		p := &propSchema{maxLength: -1}
		if t, ok := pm["type"].(string); ok {
			switch t {
			case "string", "integer", "number", "boolean", "object", "array":
				p.typ = t
			default:
				return nil, fmt.Errorf("property %s: unsupported type %q", name, t)
			}
		}
		if e, ok := pm["enum"].([]any); ok {
			for _, v := range e {
				p.enum = append(p.enum, fmt.Sprint(v))
			}
		}
		if pat, ok := pm["pattern"].(string); ok {
			re, err := regexp.Compile(pat)
			if err != nil {
				return nil, fmt.Errorf("property %s: pattern: %v", name, err)
			}
			p.pattern = re
		}
		p.minLength = intOf(pm["minLength"], 0)
		p.maxLength = intOf(pm["maxLength"], -1)
		s.props[name] = p
	}
	return s, nil
}

func intOf(v any, def int) int {
	switch n := v.(type) {
	case float64:
		return int(n)
	case int64:
		return int(n)
	}
	return def
}

// validate checks a whole databag (after the write is applied).
func (s *bagSchema) validate(bag map[string]string) error {
	var problems []string
	keys := make([]string, 0, len(bag))
	for k := range bag {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := bag[k]
		p, ok := s.props[k]
		if !ok {
			if !s.additional {
				problems = append(problems, fmt.Sprintf("%s: not allowed by the schema", k))
			}
			continue
		}
		if err := p.check(v); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", k, err))
		}
	}
	for _, r := range s.required {
		if bag[r] == "" {
			problems = append(problems, fmt.Sprintf("%s: required", r))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("relation data does not match the schema: %s", strings.Join(problems, "; "))
	}
	return nil
}

func (p *propSchema) check(v string) error {
	switch p.typ {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("%q is not an integer", v)
		}
	case "number":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return fmt.Errorf("%q is not a number", v)
		}
	case "boolean":
		if v != "true" && v != "false" {
			return fmt.Errorf("%q is not true or false", v)
		}
	case "object", "array":
		var x any
		if err := json.Unmarshal([]byte(v), &x); err != nil {
			return fmt.Errorf("is not JSON")
		}
		if _, isMap := x.(map[string]any); (p.typ == "object") != isMap {
			return fmt.Errorf("is not a JSON %s", p.typ)
		}
		if _, isList := x.([]any); p.typ == "array" && !isList {
			return fmt.Errorf("is not a JSON array")
		}
	}
	if len(p.enum) > 0 {
		ok := false
		for _, e := range p.enum {
			ok = ok || e == v
		}
		if !ok {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(p.enum, ", "))
		}
	}
	if p.pattern != nil && !p.pattern.MatchString(v) {
		return fmt.Errorf("%q does not match %s", v, p.pattern)
	}
	n := utf8.RuneCountInString(v)
	if n < p.minLength || (p.maxLength >= 0 && n > p.maxLength) {
		return fmt.Errorf("length %d is out of bounds", n)
	}
	return nil
}
