package meta

import (
	"fmt"
	"math"
	"strings"
)

var optionKeys = []string{"type", "description", "default"}

// paasOptionKeys adds what the 12-factor extensions (flask-framework,
// go-framework...) read beside Juju: optional: false marks an option the
// app needs, and paas-charm blocks until it is set.
var paasOptionKeys = []string{"type", "description", "default", "optional"}

// usesPaasExtension reports whether the charm uses a 12-factor extension
// (its name ends in -framework).
func (l *loader) usesPaasExtension() bool {
	for _, x := range l.c.Extensions {
		if strings.HasSuffix(x.V, "-framework") {
			return true
		}
	}
	return false
}

// parseConfig reads a config section: {options: {name: {type, description,
// default}}}. fromFile is true for config.yaml.
func (l *loader) parseConfig(n *Node, at Pos, fromFile bool) {
	where := "config"
	if fromFile {
		where = ConfigFile
	}
	if n.Kind == KindNull {
		l.r.errorf(at, "config", "%s is empty; Juju rejects it (\"invalid config: empty configuration\"): add 'options: {}' or remove it", where)
		return
	}
	if !l.expect(n, where, KindMap) {
		return
	}
	l.knownKeys(n, where, []string{"options"}, SeverityWarning, "config holds only an options mapping")
	oe := n.Entry("options")
	if oe == nil {
		l.r.errorf(n.Pos, "config", "%s has no 'options' mapping; put the options under 'options:'", where)
		return
	}
	l.c.OptionsPos = oe.KeyPos
	if oe.Value.Kind == KindNull {
		return
	}
	if !l.expect(oe.Value, where+".options", KindMap) {
		return
	}
	for _, e := range oe.Value.Entries {
		o := &Option{Name: e.Key, Pos: e.KeyPos, Type: TypeString}
		l.c.Options = append(l.c.Options, o)
		ow := fmt.Sprintf("option %q", e.Key)
		if e.Value.Kind == KindNull {
			l.r.warnf(e.KeyPos, "option-type", "%s has no type; Juju assumes string and charmcraft rejects it: add 'type: string'", ow)
			continue
		}
		if !l.expect(e.Value, ow, KindMap) {
			continue
		}
		v := e.Value
		keys := optionKeys
		if l.usesPaasExtension() {
			keys = paasOptionKeys
		}
		l.knownKeys(v, ow, keys, SeverityWarning, "Juju ignores it")
		if t := v.Get("type"); t != nil && t.Kind != KindNull {
			ts := l.str(t, ow+" type")
			o.Type, o.TypePos, o.TypeSet = OptionType(ts.V), ts.Pos, ts.Set
			switch o.Type {
			case TypeString, TypeInt, TypeFloat, TypeBoolean, TypeSecret:
			default:
				if ts.Set {
					hint := ""
					switch ts.V {
					case "str":
						hint = "; did you mean string?"
					case "integer":
						hint = "; did you mean int?"
					case "bool":
						hint = "; did you mean boolean?"
					case "number":
						hint = "; did you mean float?"
					}
					l.r.errorf(ts.Pos, "option-type", "%s has unknown type %q; use string, int, float, boolean or secret%s", ow, ts.V, hint)
				}
			}
		} else {
			l.r.warnf(e.KeyPos, "option-type", "%s has no type; Juju assumes string and charmcraft rejects it: add 'type: string'", ow)
		}
		o.Description = l.str(v.Get("description"), ow+" description")
		if de := v.Entry("default"); de != nil {
			d := de.Value
			if d.Kind == KindNull {
				o.Default = Value{State: DefaultNull, Pos: de.KeyPos}
			} else {
				o.Default = Value{State: DefaultValue, Pos: d.Pos}
				o.Default.V = l.coerceDefault(o, d)
			}
		}
	}
}

// coerceDefault checks a default against the option's type, as Juju does
// when it reads config.yaml, and returns it as the Go value of that type.
func (l *loader) coerceDefault(o *Option, d *Node) any {
	bad := func(hint string) any {
		l.r.errorf(d.Pos, "option-default", "option %q is of type %s but its default is %s%s", o.Name, o.Type, describe(d), hint)
		return nil
	}
	switch o.Type {
	case TypeString:
		if d.Kind == KindString {
			return d.Str
		}
		if d.Kind == KindInt || d.Kind == KindFloat || d.Kind == KindBool {
			return bad(fmt.Sprintf("; quote it: default: %q", d.Raw))
		}
		return bad("")
	case TypeSecret:
		if d.Kind != KindString {
			return bad("")
		}
		if d.Str != "" && !secretURIRE.MatchString(d.Str) {
			l.r.errorf(d.Pos, "option-default", "option %q is a secret, so its default must be a secret URI (secret:...), not %q; usually a secret option has no default", o.Name, d.Str)
		}
		return d.Str
	case TypeInt:
		switch d.Kind {
		case KindInt:
			return d.Int
		case KindFloat:
			if d.Float == math.Trunc(d.Float) && math.Abs(d.Float) < 1<<53 {
				l.r.warnf(d.Pos, "option-default", "option %q is an int but its default %s is written as a float; charmcraft rejects it, write %d", o.Name, d.Raw, int64(d.Float))
				return int64(d.Float)
			}
		}
		return bad("; " + defaultHint("integer", d))
	case TypeFloat:
		switch d.Kind {
		case KindInt:
			return float64(d.Int)
		case KindFloat:
			return d.Float
		}
		return bad("; " + defaultHint("number", d))
	case TypeBoolean:
		if d.Kind == KindBool {
			return d.Bool
		}
		if d.Kind == KindString {
			return bad("; write true or false without quotes")
		}
		return bad("")
	}
	return d.Interface()
}
