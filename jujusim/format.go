package jujusim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Output formats, as juju/cmd's output.go defines them (reference §0).
const (
	formatSmart = "smart"
	formatYAML  = "yaml"
	formatJSON  = "json"
)

// kv and omap give an ordered mapping, for outputs Juju builds from Go
// structs (their fields come out in declaration order, not sorted).
type kv struct {
	k string
	v any
}

type omap []kv

// yamlRaw is a string written unquoted in YAML (a time, which yaml.v2 writes
// as a plain timestamp) and as a JSON string.
type yamlRaw string

// MarshalJSON writes the pairs in order.
func (m omap) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, p := range m {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(p.k)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(p.v)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// writeOutput writes v in the given format.
func writeOutput(w io.Writer, format string, v any) error {
	switch format {
	case formatJSON:
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	case formatYAML:
		if v == nil {
			return nil
		}
		_, err := io.WriteString(w, yamlDocument(v))
		return err
	default:
		return writeSmart(w, v)
	}
}

// writeSmart implements juju/cmd FormatSmart: strings as-is, []string one per
// line, bools as True/False, nil and "" as nothing, anything else as YAML.
func writeSmart(w io.Writer, v any) error {
	var err error
	switch x := v.(type) {
	case nil:
	case string:
		if x != "" {
			_, err = fmt.Fprintln(w, x)
		}
	case []string:
		// An empty list prints an empty line, as fmt.Fprintln("") does in Juju.
		_, err = fmt.Fprintln(w, strings.Join(x, "\n"))
	case bool:
		if x {
			_, err = fmt.Fprintln(w, "True")
		} else {
			_, err = fmt.Fprintln(w, "False")
		}
	default:
		_, err = io.WriteString(w, yamlDocument(v))
	}
	return err
}

// yamlDocument renders v the way gopkg.in/yaml.v2 Marshal does (block
// style, sorted map keys, sequences not indented under their key), with the
// trailing newlines trimmed to one.
func yamlDocument(v any) string {
	var b strings.Builder
	yamlValue(&b, v, 0, true)
	out := strings.TrimRight(b.String(), "\n")
	return out + "\n"
}

// yamlValue writes v, which starts on the current line (after "key:" or
// "- ", or at the top), at block indentation ind.
func yamlValue(b *strings.Builder, v any, ind int, top bool) {
	v = yamlNormalize(v)
	switch x := v.(type) {
	case omap:
		if len(x) == 0 {
			if !top {
				b.WriteByte(' ')
			}
			b.WriteString("{}\n")
			return
		}
		if !top {
			b.WriteByte('\n')
		}
		yamlMapping(b, x, ind)
	case []any:
		if len(x) == 0 {
			if !top {
				b.WriteByte(' ')
			}
			b.WriteString("[]\n")
			return
		}
		if !top {
			b.WriteByte('\n')
		}
		// yaml.v2 does not indent a sequence under a mapping key.
		seqInd := ind - 2
		if top || seqInd < 0 {
			seqInd = 0
		}
		yamlSequence(b, x, seqInd)
	default:
		if !top {
			b.WriteByte(' ')
		}
		yamlScalar(b, x, ind)
	}
}

func yamlMapping(b *strings.Builder, m omap, ind int) {
	for _, p := range m {
		b.WriteString(strings.Repeat(" ", ind))
		key, _ := yamlScalarText(p.k)
		b.WriteString(key)
		b.WriteByte(':')
		yamlValue(b, p.v, ind+2, false)
	}
}

func yamlSequence(b *strings.Builder, s []any, ind int) {
	for _, item := range s {
		item = yamlNormalize(item)
		// Render the item as if at ind+2, then put "- " in place of the first
		// line's indentation.
		var sub strings.Builder
		switch x := item.(type) {
		case omap:
			if len(x) == 0 {
				sub.WriteString(strings.Repeat(" ", ind+2) + "{}\n")
			} else {
				yamlMapping(&sub, x, ind+2)
			}
		case []any:
			if len(x) == 0 {
				sub.WriteString(strings.Repeat(" ", ind+2) + "[]\n")
			} else {
				yamlSequence(&sub, x, ind+2)
			}
		default:
			sub.WriteString(strings.Repeat(" ", ind+2))
			yamlScalar(&sub, x, ind+2)
		}
		text := sub.String()
		b.WriteString(strings.Repeat(" ", ind))
		b.WriteString("- ")
		b.WriteString(text[ind+2:])
	}
}

// yamlScalar writes a scalar and its newline; multi-line strings become
// literal blocks indented at ind.
func yamlScalar(b *strings.Builder, v any, ind int) {
	s, ok := v.(string)
	if ok && literalAllowed(s) {
		chomp := "-"
		body := s
		switch {
		case strings.HasSuffix(s, "\n\n"):
			chomp = "+"
			body = s[:len(s)-1]
		case strings.HasSuffix(s, "\n"):
			chomp = ""
			body = s[:len(s)-1]
		}
		b.WriteString("|" + chomp + "\n")
		pad := strings.Repeat(" ", max(ind, 2))
		for _, line := range strings.Split(body, "\n") {
			if line != "" {
				b.WriteString(pad)
				b.WriteString(line)
			}
			b.WriteByte('\n')
		}
		return
	}
	text, _ := yamlScalarText(v)
	b.WriteString(text)
	b.WriteByte('\n')
}

// literalAllowed reports whether s is multi-line text that libyaml would
// write as a literal block (printable, no leading or trailing blanks on a
// line break).
func literalAllowed(s string) bool {
	if !strings.Contains(s, "\n") || !utf8.ValidString(s) {
		return false
	}
	if strings.HasPrefix(s, " ") || strings.HasPrefix(s, "\n") || strings.HasPrefix(s, "\t") {
		return false
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasSuffix(line, " ") || strings.HasSuffix(line, "\t") {
			return false
		}
	}
	for _, r := range s {
		if r != '\n' && !yamlPrintable(r) {
			return false
		}
	}
	return true
}

// yamlScalarText renders a scalar on one line.
func yamlScalarText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "null", true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	case int64:
		return strconv.FormatInt(x, 10), true
	case int:
		return strconv.Itoa(x), true
	case float64:
		switch {
		case math.IsInf(x, 1):
			return ".inf", true
		case math.IsInf(x, -1):
			return "-.inf", true
		case math.IsNaN(x):
			return ".nan", true
		}
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case json.Number:
		return string(x), true
	case yamlRaw:
		return string(x), true
	case string:
		return yamlString(x), true
	}
	return yamlString(fmt.Sprint(v)), true
}

// yamlString quotes s the way yaml.v2 does: plain when it reads back as the
// same string, double-quoted when it would read as another type (or holds
// unprintable characters), single-quoted when only its characters forbid
// the plain style.
func yamlString(s string) string {
	if !utf8.ValidString(s) {
		return "!!binary " + base64.StdEncoding.EncodeToString([]byte(s))
	}
	if s == "" || yamlResolvesNonString(s) {
		return yamlDoubleQuoted(s)
	}
	for _, r := range s {
		if !yamlPrintable(r) || r == '\n' {
			return yamlDoubleQuoted(s)
		}
	}
	if yamlPlainAllowed(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func yamlPrintable(r rune) bool {
	switch {
	case r == '\t':
		return true
	case r == 0xFEFF:
		return false
	case r < 0x20 || r == 0x7f:
		return false
	case r >= 0x80 && r < 0xA0:
		return false
	case r == 0x85, r == 0x2028, r == 0x2029:
		return false
	}
	return unicode.IsPrint(r) || r == ' ' || r >= 0xA0
}

// yamlPlainAllowed approximates libyaml's analyze_scalar for block context.
func yamlPlainAllowed(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' || s[0] == '\t' || s[len(s)-1] == '\t' {
		return false
	}
	switch s[0] {
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-', '?', ':':
		if len(s) == 1 || s[1] == ' ' || s[1] == '\t' {
			return false
		}
	}
	if strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		return false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, ":\t") || strings.Contains(s, " #") ||
		strings.Contains(s, "\t#") || strings.HasSuffix(s, ":") {
		return false
	}
	return true
}

var yamlSpecialWords = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true,
	"n": true, "N": true, "no": true, "No": true, "NO": true,
	"true": true, "True": true, "TRUE": true,
	"false": true, "False": true, "FALSE": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
	"null": true, "Null": true, "NULL": true, "~": true,
	".inf": true, ".Inf": true, ".INF": true, "+.inf": true, "+.Inf": true, "+.INF": true,
	"-.inf": true, "-.Inf": true, "-.INF": true, ".nan": true, ".NaN": true, ".NAN": true,
	"<<": true,
}

// yamlResolvesNonString reports whether the plain scalar s would be read
// back as a bool, null, number or timestamp by yaml.v2.
func yamlResolvesNonString(s string) bool {
	if yamlSpecialWords[s] {
		return true
	}
	c := s[0]
	if !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
		return false
	}
	if _, err := strconv.ParseInt(s, 0, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseUint(s, 0, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return true
	}
	if isBase60(s) || isTimestamp(s) {
		return true
	}
	return false
}

func isBase60(s string) bool {
	s = strings.TrimLeft(s, "+-")
	parts := strings.Split(s, ":")
	if len(parts) < 2 {
		return false
	}
	for i, p := range parts {
		if i == len(parts)-1 {
			p, _, _ = strings.Cut(p, ".")
		}
		if p == "" {
			return false
		}
		for _, r := range p {
			if (r < '0' || r > '9') && r != '_' {
				return false
			}
		}
	}
	return true
}

func isTimestamp(s string) bool {
	// YYYY-M-D prefix, as yaml.v2's timestamp resolution requires.
	if len(s) < 8 {
		return false
	}
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s[4] == '-'
}

func yamlDoubleQuoted(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		case 0x1b:
			b.WriteString(`\e`)
		default:
			switch {
			case yamlPrintable(r):
				b.WriteRune(r)
			case r <= 0xff:
				fmt.Fprintf(&b, `\x%02X`, r)
			case r <= 0xffff:
				fmt.Fprintf(&b, `\u%04X`, r)
			default:
				fmt.Fprintf(&b, `\U%08X`, r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yamlNormalize turns maps into sorted omaps and slices into []any.
func yamlNormalize(v any) any {
	switch x := v.(type) {
	case nil, omap, []any, string, bool, int, int64, float64, json.Number, yamlRaw:
		return v
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case map[string]string:
		out := make(omap, 0, len(x))
		for _, k := range sortedKeys(x) {
			out = append(out, kv{k, x[k]})
		}
		return out
	case map[string]any:
		out := make(omap, 0, len(x))
		for _, k := range sortedKeys(x) {
			out = append(out, kv{k, x[k]})
		}
		return out
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		keys := make([]string, 0, rv.Len())
		vals := map[string]any{}
		for _, k := range rv.MapKeys() {
			ks := fmt.Sprint(k.Interface())
			keys = append(keys, ks)
			vals[ks] = rv.MapIndex(k).Interface()
		}
		sort.Strings(keys)
		out := make(omap, 0, len(keys))
		for _, k := range keys {
			out = append(out, kv{k, vals[k]})
		}
		return out
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return rv.Int()
	case reflect.Float32:
		return rv.Float()
	}
	return fmt.Sprint(v)
}
