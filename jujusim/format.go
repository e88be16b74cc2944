package jujusim

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v2"
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

// yamlRaw is an RFC 3339 time held as a string: YAML writes it as yaml.v2
// writes a time.Time (a plain timestamp), JSON as a string.
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
		return writeYAML(w, v)
	default:
		return writeSmart(w, v)
	}
}

// writeSmart is juju/cmd FormatSmart (internal/cmd/output.go): strings
// as they are, []string one per line, bools as True/False, and nothing at
// all for nil, "" or an empty list; anything else is written as YAML.
func writeSmart(w io.Writer, v any) error {
	if v == nil {
		return nil
	}
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case []string:
		text = strings.Join(x, "\n")
	case bool:
		text = "False"
		if x {
			text = "True"
		}
	default:
		return writeYAML(w, v)
	}
	if text == "" {
		return nil
	}
	_, err := io.WriteString(w, text+"\n")
	return err
}

// writeYAML is juju/cmd FormatYaml: gopkg.in/yaml.v2 Marshal with the
// trailing newlines trimmed to one, and nothing for nil.
func writeYAML(w io.Writer, v any) error {
	if v == nil {
		return nil
	}
	data, err := yaml.Marshal(yamlValue(v))
	if err != nil {
		return err
	}
	for i := len(data) - 1; i > 0 && data[i] == '\n'; i-- {
		data = data[:i]
	}
	if len(data) == 0 {
		return nil
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// yamlValue turns the agent's own value types into what yaml.v2 marshals
// the way Juju's types marshal: omap becomes a yaml.MapSlice (fields in
// declaration order), yamlRaw a time.Time (a plain timestamp, as yaml.v2
// writes Juju's time fields), and a json.Number left over from decoding
// the state the number it spells.
func yamlValue(v any) any {
	switch x := v.(type) {
	case omap:
		out := make(yaml.MapSlice, len(x))
		for i, p := range x {
			out[i] = yaml.MapItem{Key: p.k, Value: yamlValue(p.v)}
		}
		return out
	case yamlRaw:
		if t, err := time.Parse(time.RFC3339, string(x)); err == nil {
			return t
		}
		return string(x)
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return string(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = yamlValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = yamlValue(e)
		}
		return out
	}
	return v
}

// createOutputFile creates the file -o/--output names. It is a variable
// so that tests (and the fuzzer) can keep the agent off the file system.
var createOutputFile = func(path string) (io.WriteCloser, error) { return os.Create(path) }

// output is cmd.Output: the --format flag and the -o/--output file every
// tool with a --format takes (internal/cmd/output.go AddFlags).
type output struct {
	c    *call
	path string
}

// outputFlags adds --format, with a default and the accepted formats, and
// -o/--output.
func (c *call) outputFlags(def string, allowed ...string) *output {
	c.formatFlag(def, allowed...)
	o := &output{c: c}
	c.fs.stringVar(&o.path, "", "Specify an output file", "o", "output")
	return o
}

// write prints v in the chosen format, to stdout or to the -o file (made
// absolute against the tool's working directory, as cmd.Context.AbsPath
// does, and created or truncated).
func (o *output) write(v any) error {
	if o.path == "" {
		return o.c.write(v)
	}
	path := o.path
	if !filepath.IsAbs(path) && o.c.agent.Dir != "" {
		path = filepath.Join(o.c.agent.Dir, path)
	}
	f, err := createOutputFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return writeOutput(f, o.c.format, v)
}
