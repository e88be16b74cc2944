package databag

import (
	"math"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// JujuKeys are the keys Juju itself writes into every unit databag. They
// are never a decode error and never kept as extra keys.
var JujuKeys = map[string]bool{"ingress-address": true, "egress-subnets": true, "private-address": true}

// IsJujuKey reports whether k is one of JujuKeys.
func IsJujuKey(k string) bool {
	switch k {
	case "ingress-address", "egress-subnets", "private-address":
		return true
	}
	return false
}

// Lookup returns the value of key in bag. A key set to "" counts as
// absent: Juju deletes such keys, so only test harnesses produce them.
func Lookup(bag map[string]string, key string) (string, bool) {
	v, ok := bag[key]
	return v, ok && v != ""
}

// ParseBoolText reads a boolean written as text in a databag: true, True,
// false or False (JSON and Python's str()).
func ParseBoolText(p *Path, e *Errors, s string) (bool, bool) {
	switch s {
	case "true", "True":
		return true, true
	case "false", "False":
		return false, true
	}
	e.Add(p, "invalid boolean "+QuoteValue(s)+" (want true, True, false or False)")
	return false, false
}

// FormatBoolText writes a boolean as text: true/false, or True/False when
// python is set (Python's str(), for peers that compare with "True").
func FormatBoolText(v, python bool) string {
	switch {
	case v && python:
		return "True"
	case python:
		return "False"
	case v:
		return "true"
	}
	return "false"
}

// ParseIntText reads an integer written as text in a databag (surrounding
// white space is allowed, as pydantic allows it).
func ParseIntText(p *Path, e *Errors, s string) (int64, bool) {
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			e.Add(p, "integer "+QuoteValue(s)+" is out of range")
		} else {
			e.Add(p, "invalid integer "+QuoteValue(s))
		}
		return 0, false
	}
	return v, true
}

// ParseFloatText reads a number written as text in a databag.
func ParseFloatText(p *Path, e *Errors, s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		e.Add(p, "invalid number "+QuoteValue(s))
		return 0, false
	}
	return v, true
}

// StringRules are the checks JSON Schema puts on a string. Generated code
// declares them as package variables; the validator builds them from the
// schema, so both check the same way.
type StringRules struct {
	// Format is the JSON Schema format: uri, uuid, date-time, ipv4, ipv6,
	// ipvanyaddress, ipvanynetwork, ipvanyinterface are checked; others
	// (password, path, ...) are not.
	Format string
	// Pattern must match somewhere in the string (nil: no pattern).
	Pattern *regexp.Regexp
	// MinLength and MaxLength count characters; -1 means no bound.
	MinLength, MaxLength int
}

// CheckString applies r to s and reports each failure at p.
func CheckString(p *Path, e *Errors, s string, r *StringRules) {
	if r.Format != "" {
		CheckFormat(p, e, s, r.Format)
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		e.Add(p, QuoteValue(s)+" does not match the pattern "+r.Pattern.String())
	}
	if r.MinLength >= 0 || r.MaxLength >= 0 {
		n := utf8.RuneCountInString(s)
		if r.MinLength >= 0 && n < r.MinLength {
			e.Add(p, "length "+strconv.Itoa(n)+" is less than the minimum length "+strconv.Itoa(r.MinLength))
		}
		if r.MaxLength >= 0 && n > r.MaxLength {
			e.Add(p, "length "+strconv.Itoa(n)+" is more than the maximum length "+strconv.Itoa(r.MaxLength))
		}
	}
}

// CheckedFormat reports whether CheckFormat checks format f.
func CheckedFormat(f string) bool {
	switch f {
	case "uri", "uuid", "date-time", "ipv4", "ipv6", "ipvanyaddress", "ipvanynetwork", "ipvanyinterface", "juju-secret-uri":
		return true
	}
	return false
}

// CheckFormat checks s against a JSON Schema format and reports a failure
// at p. Formats it does not know are not checked.
func CheckFormat(p *Path, e *Errors, s, format string) bool {
	var ok bool
	switch format {
	case "uri":
		u, err := url.Parse(s)
		ok = err == nil && u.Scheme != ""
	case "uuid":
		ok = isUUID(s)
	case "date-time":
		_, err := time.Parse(time.RFC3339Nano, s)
		ok = err == nil
	case "ipv4":
		a, err := netip.ParseAddr(s)
		ok = err == nil && a.Is4()
	case "ipv6":
		a, err := netip.ParseAddr(s)
		ok = err == nil && a.Is6()
	case "ipvanyaddress":
		_, ok = parseAddr(s)
	case "ipvanynetwork":
		_, ok = parseNetwork(s)
	case "ipvanyinterface":
		_, ok = parseInterface(s)
	case "juju-secret-uri":
		ok = isSecretURI(s)
	default:
		return true
	}
	if !ok {
		e.Add(p, QuoteValue(s)+" is not a valid "+formatName(format))
	}
	return ok
}

func formatName(f string) string {
	switch f {
	case "uri":
		return "URI"
	case "uuid":
		return "UUID"
	case "date-time":
		return "RFC 3339 date-time"
	case "ipv4":
		return "IPv4 address"
	case "ipv6":
		return "IPv6 address"
	case "ipvanyaddress":
		return "IP address"
	case "ipvanynetwork":
		return "IP network"
	case "ipvanyinterface":
		return "IP interface"
	case "juju-secret-uri":
		return "Juju secret URI (secret:<id> or secret://<model uuid>/<id>, the id 20 characters of 0-9 and a-z)"
	}
	return f
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func parseAddr(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	return a, err == nil
}

// parseNetwork reads an IP network as Python's ip_network does (strict):
// an address alone is a /32 or /128 network, and host bits must be zero.
func parseNetwork(s string) (netip.Prefix, bool) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	pr, err := netip.ParsePrefix(s)
	if err != nil || pr.Masked() != pr {
		return netip.Prefix{}, false
	}
	return pr, true
}

// parseInterface reads an address with an optional prefix length, host
// bits allowed.
func parseInterface(s string) (netip.Prefix, bool) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	pr, err := netip.ParsePrefix(s)
	return pr, err == nil
}

// Addr converts s, already checked with format ipvanyaddress, to an
// address.
func Addr(s string) netip.Addr {
	a, _ := parseAddr(s)
	return a
}

// Network converts s, already checked with format ipvanynetwork, to a
// prefix.
func Network(s string) netip.Prefix {
	p, _ := parseNetwork(s)
	return p
}

// Interface converts s, already checked with format ipvanyinterface, to a
// prefix.
func Interface(s string) netip.Prefix {
	p, _ := parseInterface(s)
	return p
}

// FormatNetwork writes a network as Python does: an address alone for a
// full-length prefix is still written with its length.
func FormatNetwork(p netip.Prefix) string { return p.String() }

// DateTime converts s, already checked with format date-time, to a time
// in UTC (so that equal instants are equal values).
func DateTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t.UTC()
}

// FormatDateTime writes t in RFC 3339 with as many fractional digits as
// it needs.
func FormatDateTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// NumberRules are the bounds JSON Schema puts on a number.
type NumberRules struct {
	Minimum, Maximum, ExclusiveMinimum, ExclusiveMaximum, MultipleOf float64
	// Has says which of the bounds are set (HasMinimum, ...).
	Has uint8
}

// Bits of NumberRules.Has.
const (
	HasMinimum uint8 = 1 << iota
	HasMaximum
	HasExclusiveMinimum
	HasExclusiveMaximum
	HasMultipleOf
)

// CheckInt applies r to v and reports each failure at p.
func CheckInt(p *Path, e *Errors, v int64, r *NumberRules) {
	checkNumber(p, e, float64(v), strconv.FormatInt(v, 10), r)
}

// CheckFloat applies r to v and reports each failure at p.
func CheckFloat(p *Path, e *Errors, v float64, r *NumberRules) {
	checkNumber(p, e, v, FormatFloat(v), r)
}

func checkNumber(p *Path, e *Errors, v float64, text string, r *NumberRules) {
	if r.Has&HasMinimum != 0 && v < r.Minimum {
		e.Add(p, text+" is less than the minimum "+FormatFloat(r.Minimum))
	}
	if r.Has&HasExclusiveMinimum != 0 && v <= r.ExclusiveMinimum {
		e.Add(p, text+" is not more than the exclusive minimum "+FormatFloat(r.ExclusiveMinimum))
	}
	if r.Has&HasMaximum != 0 && v > r.Maximum {
		e.Add(p, text+" is more than the maximum "+FormatFloat(r.Maximum))
	}
	if r.Has&HasExclusiveMaximum != 0 && v >= r.ExclusiveMaximum {
		e.Add(p, text+" is not less than the exclusive maximum "+FormatFloat(r.ExclusiveMaximum))
	}
	if r.Has&HasMultipleOf != 0 && r.MultipleOf > 0 {
		if q := v / r.MultipleOf; q != math.Trunc(q) {
			e.Add(p, text+" is not a multiple of "+FormatFloat(r.MultipleOf))
		}
	}
}

// ArrayRules are the bounds JSON Schema puts on an array; -1 means none.
type ArrayRules struct {
	MinItems, MaxItems int
}

// CheckArray checks the length n of an array and reports failures at p.
func CheckArray(p *Path, e *Errors, n int, r *ArrayRules) {
	if r.MinItems >= 0 && n < r.MinItems {
		e.Add(p, strconv.Itoa(n)+" items is less than the minimum "+strconv.Itoa(r.MinItems))
	}
	if r.MaxItems >= 0 && n > r.MaxItems {
		e.Add(p, strconv.Itoa(n)+" items is more than the maximum "+strconv.Itoa(r.MaxItems))
	}
}

// CheckUnique reports, at p, the first pair of equal items of an array
// whose items are given by key (their canonical JSON text, or the value
// itself for scalars).
func CheckUnique[K comparable](p *Path, e *Errors, n int, key func(i int) K) {
	seen := make(map[K]int, n)
	for i := 0; i < n; i++ {
		k := key(i)
		if j, dup := seen[k]; dup {
			e.Add(p, "items "+strconv.Itoa(j)+" and "+strconv.Itoa(i)+" are equal (the schema wants unique items)")
			return
		}
		seen[k] = i
	}
}

// BadEnum reports, at p, that the value (given as JSON text) is not one of
// the allowed values (also JSON text).
func BadEnum(p *Path, e *Errors, got string, allowed []string) {
	e.Add(p, BoundText(got)+" is not one of "+strings.Join(allowed, ", "))
}

// BadConst reports, at p, that the value (JSON text) is not the one the
// schema requires.
func BadConst(p *Path, e *Errors, got, want string) {
	e.Add(p, BoundText(got)+" is not the required value "+want)
}

// CheckKey checks a key of a map whose keys must match a pattern.
func CheckKey(p *Path, e *Errors, key string, re *regexp.Regexp) bool {
	if re.MatchString(key) {
		return true
	}
	e.Add(p, "key "+QuoteValue(key)+" does not match the pattern "+re.String())
	return false
}

// Has reports whether bag has key set to a non-empty value.
func Has(bag map[string]string, key string) bool {
	_, ok := Lookup(bag, key)
	return ok
}

// BagFromBytes splits data at zero bytes into alternating keys and
// values. Generated fuzz tests use it to make databags from fuzz input.
func BagFromBytes(data []byte) map[string]string {
	parts := strings.Split(string(data), "\x00")
	bag := make(map[string]string, len(parts)/2)
	for i := 0; i+1 < len(parts); i += 2 {
		bag[parts[i]] = parts[i+1]
	}
	return bag
}
