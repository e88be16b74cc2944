package jujusim

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// flagWord is the noun used in flag-parse errors. juju/gnuflag says "flag";
// the reference (§0) quotes Juju 3.6/4.0 output as "option" ("invalid value
// "db:99" for option -r: relation not found") and tells callers to match
// the tail of the message. We follow the reference.
const flagWord = "option"

// errHelp is returned by parse when -h or --help was given.
var errHelp = errors.New("help requested")

// flagDef is one flag, possibly with several names (-r and --relation).
type flagDef struct {
	names   []string
	usage   string
	isBool  bool
	def     string
	setBool func(bool)
	set     func(string) error
}

// flagSet parses arguments the way juju/gnuflag does for hook tools: flags
// and positional arguments may be interspersed; "--name=value",
// "--name value", "-x value" and "-xvalue" all work; single-letter boolean
// flags may be grouped; "--" ends the flags; "-" is a positional argument.
type flagSet struct {
	defs  map[string]*flagDef
	order []*flagDef
}

func newFlagSet() *flagSet { return &flagSet{defs: map[string]*flagDef{}} }

func (f *flagSet) add(d *flagDef) {
	for _, n := range d.names {
		f.defs[n] = d
	}
	f.order = append(f.order, d)
}

// boolVar defines a boolean flag.
func (f *flagSet) boolVar(p *bool, usage string, names ...string) {
	f.add(&flagDef{names: names, usage: usage, isBool: true, def: "false", setBool: func(b bool) { *p = b }})
}

// stringVar defines a string flag.
func (f *flagSet) stringVar(p *string, def, usage string, names ...string) {
	*p = def
	f.add(&flagDef{names: names, usage: usage, def: strconv.Quote(def), set: func(s string) error { *p = s; return nil }})
}

// intVar defines an integer flag (gnuflag parses with base 0).
func (f *flagSet) intVar(p *int, def int, usage string, names ...string) {
	*p = def
	f.add(&flagDef{names: names, usage: usage, def: strconv.Itoa(def), set: func(s string) error {
		n, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			return err
		}
		*p = int(n)
		return nil
	}})
}

// funcVar defines a flag whose value set validates.
func (f *flagSet) funcVar(set func(string) error, def, usage string, names ...string) {
	f.add(&flagDef{names: names, usage: usage, def: def, set: set})
}

func flagWithMinus(name string) string {
	if utf8.RuneCountInString(name) > 1 {
		return "--" + name
	}
	return "-" + name
}

// parse returns the positional arguments. Errors are the texts gnuflag
// produces (with flagWord), and errHelp for -h/--help.
func (f *flagSet) parse(args []string) ([]string, error) {
	pos := []string{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "" || a == "-" || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if a[1] == '-' {
			name, value, hasValue := strings.Cut(a[2:], "=")
			if hasValue && name == "" {
				return nil, fmt.Errorf("empty flag in argument %q", a)
			}
			consumed, err := f.apply(name, value, hasValue, args[i+1:])
			if err != nil {
				return nil, err
			}
			i += consumed
			continue
		}
		// One or more single-rune flags; the rest of the argument is the value
		// of the first one that takes a value.
		rest := a[1:]
		for rest != "" {
			r, n := utf8.DecodeRuneInString(rest)
			name := string(r)
			rest = rest[n:]
			d, ok := f.defs[name]
			if !ok {
				if name == "h" {
					return nil, errHelp
				}
				return nil, fmt.Errorf("%s provided but not defined: %s", flagWord, flagWithMinus(name))
			}
			if d.isBool {
				d.setBool(true)
				continue
			}
			consumed, err := f.apply(name, rest, rest != "", args[i+1:])
			if err != nil {
				return nil, err
			}
			i += consumed
			rest = ""
		}
	}
	return pos, nil
}

// apply sets flag name; it returns how many following arguments it used.
func (f *flagSet) apply(name, value string, hasValue bool, next []string) (int, error) {
	d, ok := f.defs[name]
	if !ok {
		if name == "help" || name == "h" {
			return 0, errHelp
		}
		return 0, fmt.Errorf("%s provided but not defined: %s", flagWord, flagWithMinus(name))
	}
	if d.isBool {
		if !hasValue {
			d.setBool(true)
			return 0, nil
		}
		b, err := strconv.ParseBool(value)
		if err != nil {
			return 0, fmt.Errorf("invalid value %q for %s %s: %v", value, flagWord, flagWithMinus(name), err)
		}
		d.setBool(b)
		return 0, nil
	}
	used := 0
	if !hasValue {
		if len(next) == 0 {
			return 0, fmt.Errorf("%s needs an argument: %s", flagWord, flagWithMinus(name))
		}
		value, used = next[0], 1
	}
	if err := d.set(value); err != nil {
		return 0, fmt.Errorf("invalid value %q for %s %s: %v", value, flagWord, flagWithMinus(name), err)
	}
	return used, nil
}

// usage renders the options section of --help output.
func (f *flagSet) usage() string {
	defs := append([]*flagDef(nil), f.order...)
	sort.SliceStable(defs, func(i, j int) bool { return defs[i].names[len(defs[i].names)-1] < defs[j].names[len(defs[j].names)-1] })
	var b strings.Builder
	for _, d := range defs {
		names := make([]string, len(d.names))
		for i, n := range d.names {
			names[i] = flagWithMinus(n)
		}
		fmt.Fprintf(&b, "%s  (= %s)\n    %s\n", strings.Join(names, ", "), d.def, d.usage)
	}
	return b.String()
}
