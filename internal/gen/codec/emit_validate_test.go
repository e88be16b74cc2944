package codec

import "testing"

func TestNewRuleVarRegexp(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[0])`, newRuleVar(g.rules[0]), `var pattern0 = regexp.MustCompile("^[a-z]+$")`)
}

func TestNewRuleVarString(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[1])`, newRuleVar(g.rules[1]), `var stringRules1 = databag.StringRules{
	MaxLength: -1,
	MinLength: -1,
	Pattern:   pattern0,
}`)
}

func TestNewRuleVarNumber(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[2])`, newRuleVar(g.rules[2]), `var numberRules2 = databag.NumberRules{
	Has:     databag.HasMinimum,
	Minimum: 1.0,
}`)
}

func TestNewRuleVarArray(t *testing.T) {
	g := tinyPackage(t)
	checkRender(t, `newRuleVar(g.rules[3])`, newRuleVar(g.rules[3]), `var arrayRules3 = databag.ArrayRules{
	MaxItems: 2,
	MinItems: -1,
}`)
}
