package jujusim

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// parseKeyValues is juju/utils keyvalues.Parse: "key=value" pairs, key and
// value trimmed of spaces, duplicates rejected.
func parseKeyValues(args []string, allowEmpty bool) (map[string]string, error) {
	out := map[string]string{}
	for _, arg := range args {
		k, v, ok := strings.Cut(arg, "=")
		if !ok {
			return nil, fmt.Errorf("expected \"key=value\", got %q", arg)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if k == "" || (!allowEmpty && v == "") {
			return nil, fmt.Errorf("expected \"key=value\", got \"%s=%s\"", k, v)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("key %q specified more than once", k)
		}
		out[k] = v
	}
	return out, nil
}

// parseStringMap reads the YAML map of strings that --file takes (relation-set,
// state-set, secret-add). It accepts a JSON object or a block mapping whose
// values are scalars: plain, quoted, or literal/folded blocks. Like yaml.v2
// decoding into map[string]string, scalars keep their text and null becomes "".
func parseStringMap(data []byte) (map[string]string, error) {
	text := strings.TrimPrefix(string(data), "\ufeff")
	trimmed := strings.TrimSpace(text)
	out := map[string]string{}
	if trimmed == "" || trimmed == "---" || trimmed == "{}" {
		return out, nil
	}
	if strings.HasPrefix(trimmed, "{") {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(trimmed))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("yaml: %v", strings.TrimPrefix(err.Error(), "json: "))
		}
		for _, k := range sortedKeys(m) {
			switch v := m[k].(type) {
			case nil:
				out[k] = ""
			case string:
				out[k] = v
			case bool:
				out[k] = strconv.FormatBool(v)
			case json.Number:
				out[k] = string(v)
			default:
				return nil, fmt.Errorf("yaml: unmarshal errors:\n  cannot unmarshal a nested value into string (key %q)", k)
			}
		}
		return out, nil
	}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") || (i == 0 || isOnlyComments(lines[:i])) && t == "---" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			return nil, fmt.Errorf("yaml: line %d: unexpected indentation", i+1)
		}
		key, rest, err := splitYAMLKey(line)
		if err != nil {
			return nil, fmt.Errorf("yaml: line %d: %v", i+1, err)
		}
		rest = strings.TrimSpace(rest)
		var val string
		switch {
		case strings.HasPrefix(rest, "|") || strings.HasPrefix(rest, ">"):
			var used int
			val, used = blockScalar(rest, lines[i+1:])
			i += used
		case strings.HasPrefix(rest, "\"") || strings.HasPrefix(rest, "'"):
			val, err = quotedScalar(rest)
			if err != nil {
				return nil, fmt.Errorf("yaml: line %d: %v", i+1, err)
			}
		default:
			if j := strings.Index(rest, " #"); j >= 0 {
				rest = strings.TrimSpace(rest[:j])
			}
			switch {
			case rest == "" && i+1 < len(lines) && isIndented(lines[i+1]):
				return nil, fmt.Errorf("yaml: unmarshal errors:\n  line %d: cannot unmarshal a nested value into string", i+2)
			case strings.HasPrefix(rest, "[") || strings.HasPrefix(rest, "{"):
				return nil, fmt.Errorf("yaml: unmarshal errors:\n  line %d: cannot unmarshal a collection into string", i+1)
			case rest == "~" || rest == "null" || rest == "Null" || rest == "NULL":
				rest = ""
			}
			val = rest
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("yaml: unmarshal errors:\n  line %d: key %q already set in map", i+1, key)
		}
		out[key] = val
	}
	return out, nil
}

func isOnlyComments(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t != "" && !strings.HasPrefix(t, "#") {
			return false
		}
	}
	return true
}

func isIndented(line string) bool {
	return strings.TrimSpace(line) != "" && (line[0] == ' ' || line[0] == '\t')
}

// splitYAMLKey splits "key: rest" (the key may be quoted).
func splitYAMLKey(line string) (key, rest string, err error) {
	if line[0] == '"' || line[0] == '\'' {
		end := closingQuote(line)
		if end < 0 {
			return "", "", fmt.Errorf("unterminated quoted key")
		}
		key, err = quotedScalar(line[:end+1])
		if err != nil {
			return "", "", err
		}
		after := line[end+1:]
		if !strings.HasPrefix(after, ":") {
			return "", "", fmt.Errorf("could not find expected ':'")
		}
		return key, after[1:], nil
	}
	if strings.HasPrefix(line, "- ") || line == "-" {
		return "", "", fmt.Errorf("cannot unmarshal a sequence into a map of strings")
	}
	j := strings.Index(line, ": ")
	if j < 0 {
		if strings.HasSuffix(line, ":") {
			j = len(line) - 1
		} else {
			return "", "", fmt.Errorf("could not find expected ':'")
		}
	}
	return strings.TrimSpace(line[:j]), line[j+1:], nil
}

func closingQuote(s string) int {
	q := s[0]
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q:
			if q == '\'' && i+1 < len(s) && s[i+1] == '\'' {
				i++
				continue
			}
			return i
		}
	}
	return -1
}

// quotedScalar decodes a single- or double-quoted scalar (the whole value).
func quotedScalar(s string) (string, error) {
	end := closingQuote(s)
	if end < 0 {
		return "", fmt.Errorf("found unexpected end of stream in quoted scalar")
	}
	if tail := strings.TrimSpace(s[end+1:]); tail != "" && !strings.HasPrefix(tail, "#") {
		return "", fmt.Errorf("did not find expected key")
	}
	body := s[1:end]
	if s[0] == '\'' {
		return strings.ReplaceAll(body, "''", "'"), nil
	}
	v, err := strconv.Unquote(`"` + body + `"`)
	if err != nil {
		return "", fmt.Errorf("found unknown escape character in double-quoted scalar")
	}
	return v, nil
}

// blockScalar reads a literal (|) or folded (>) block; it returns the value
// and how many following lines it used.
func blockScalar(header string, lines []string) (string, int) {
	folded := header[0] == '>'
	chomp := ""
	if strings.Contains(header, "-") {
		chomp = "-"
	} else if strings.Contains(header, "+") {
		chomp = "+"
	}
	var body []string
	indent := -1
	used := 0
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			body = append(body, "")
			used++
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if n == 0 {
			break
		}
		if indent < 0 {
			indent = n
		}
		if n < indent {
			break
		}
		body = append(body, l[indent:])
		used++
	}
	// Trailing blank lines belong to the block only for chomping.
	trailing := 0
	for len(body) > 0 && body[len(body)-1] == "" {
		body = body[:len(body)-1]
		trailing++
	}
	var val string
	if folded {
		val = foldLines(body)
	} else {
		val = strings.Join(body, "\n")
	}
	switch chomp {
	case "-":
	case "+":
		val += strings.Repeat("\n", trailing+1)
	default:
		if len(body) > 0 {
			val += "\n"
		}
	}
	return val, used
}

func foldLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if l == "" || lines[i-1] == "" || strings.HasPrefix(l, " ") {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// sortedWriteKeys returns the keys of m in order (for write logs).
func sortedWriteKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
