// Package hooksfile reads the daemon layout's hooks file,
// charmgen-hooks.yaml: which scripts run for which hook, action and timer,
// and the schemas relation data is checked against.
//
// The daemon runs the file; charmgen lint checks it against the charm's
// metadata; charmgen's schemas package publishes its JSON Schema, reflected
// from File. None of them needs the others: this package is the format
// alone. It depends on the standard library only, so a charm that links
// the daemon links no YAML library: the file is read with a parser of the
// subset of YAML that hooks files use.
package hooksfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// FileName is the hooks file's name in the charm directory.
const FileName = "charmgen-hooks.yaml"

// File is the charm's hooks file (charmgen-hooks.yaml): which scripts
// run for which hook, action and timer, and the schemas relation data is
// checked against. Its JSON Schema is schemas/charmgen-hooks.schema.json.
type File struct {
	// Hooks maps a hook name (install, db-relation-changed, ...) to the
	// scripts it runs, in order, after the Go reconciler.
	Hooks map[string][]Script `json:"hooks,omitempty" jsonschema:"description=Hook name to the scripts it runs in order after the Go reconciler."`
	// Actions maps an action name to the scripts it runs.
	Actions map[string][]Script `json:"actions,omitempty" jsonschema:"description=Action name to the scripts it runs in order after the Go reconciler."`
	// Timers are scheduled work, each run in a real hook context through
	// juju-exec.
	Timers []Timer `json:"timers,omitempty" jsonschema:"description=Scheduled work; each tick runs in a real hook context through juju-exec."`
	// Relations holds, per endpoint, the JSON Schema that `NAME relation
	// set` checks this unit's (or app's) databag against.
	Relations map[string]RelationSchema `json:"relations,omitempty" jsonschema:"description=Per endpoint: the JSON Schema relation set checks the local databag against."`
}

// Script is one script run for a hook: a file under the charm's scripts/
// directory, or an inline script run by a shell.
type Script struct {
	// ID names the script: its status slot and CHARMGEN_SCRIPT_ID. It
	// defaults to the file name, or to <event>#<n> for inline scripts.
	ID string `json:"id,omitempty" jsonschema:"description=Status slot and CHARMGEN_SCRIPT_ID; defaults to the file name or <event>#<n>."`
	// Script is a file under scripts/ in the charm directory, run
	// directly (any language, with a #! line).
	Script string `json:"script,omitempty" jsonschema:"description=Executable file under scripts/ in the charm directory."`
	// Inline is a script's text, run by Shell.
	Inline string `json:"inline,omitempty" jsonschema:"description=Script text run by shell."`
	// Shell runs Inline, the text appended as the last argument; default
	// [/bin/sh, -ec].
	Shell []string `json:"shell,omitempty" jsonschema:"description=Command that runs an inline script (the text is appended); default [/bin/sh\\, -ec]."`
	// Args are passed to the script.
	Args []string `json:"args,omitempty" jsonschema:"description=Arguments passed to the script."`
	// Async starts the script and goes on with the next one; the hook
	// joins every async script before it returns.
	Async bool `json:"async,omitempty" jsonschema:"description=Start and go on; joined before the hook returns."`
	// Timeout bounds the script (a Go duration such as 90s); the hook's
	// own bound applies too.
	Timeout string `json:"timeout,omitempty" jsonschema:"description=Go duration bounding the script\\, e.g. 90s.,pattern=^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$"`
	// IgnoreFailure keeps a non-zero exit from failing the hook.
	IgnoreFailure bool `json:"ignore-failure,omitempty" jsonschema:"description=A non-zero exit does not fail the hook."`
}

// TimeoutDuration returns Timeout as a duration; zero when it is not set
// (Parse rejects one that is not a positive duration).
func (s Script) TimeoutDuration() time.Duration {
	d, _ := time.ParseDuration(s.Timeout)
	return d
}

// Timer is work the daemon schedules: every Every, it runs
// `juju-exec -u <unit>` with the charm's dispatch, so Scripts run in a real
// hook context, serialized with hooks by the unit's lock.
type Timer struct {
	// Name names the timer (CHARMGEN_TIMER, event timer:<name>).
	Name string `json:"name" jsonschema:"description=Timer name (CHARMGEN_TIMER),pattern=^[a-z][a-z0-9-]*$"`
	// Every is the interval, a Go duration of at least a minute.
	Every string `json:"every" jsonschema:"description=Interval as a Go duration of at least 1m\\, e.g. 15m or 1h."`
	// Scripts run on each tick, as a hook's do.
	Scripts []Script `json:"scripts" jsonschema:"description=Scripts each tick runs."`
}

// EveryDuration returns Every as a duration (Parse rejects one shorter
// than the minimum).
func (t Timer) EveryDuration() time.Duration {
	d, _ := time.ParseDuration(t.Every)
	return d
}

// RelationSchema is the JSON Schema of one endpoint's local databag.
type RelationSchema struct {
	// Schema is the JSON Schema of the databag (an object schema whose
	// properties are its keys), inline or as a path to a JSON file in the
	// charm directory. The daemon checks it as generated decoders check
	// relation data (Options.CheckSchema).
	Schema any `json:"schema" jsonschema:"description=JSON Schema of the databag: inline or a path to a JSON file in the charm directory."`
}

// MinEvery is the shortest timer interval.
const MinEvery = time.Minute

// Options say how Parse checks a hooks file.
type Options struct {
	// CharmDir resolves schema files given by path; empty skips them.
	CharmDir string
	// CheckSchema, when set, checks each endpoint's schema, given as
	// JSON: an inline schema marshalled, or the content of its file. An
	// error is reported under relations.<endpoint> (and the file's path).
	// This package leaves the schema's dialect to the daemon, which
	// compiles it; without CheckSchema, relation schemas are not read.
	CheckSchema func(endpoint string, schema []byte) error
	// MinEvery is the shortest timer interval allowed; zero means
	// MinEvery. The daemon's tests lower it.
	MinEvery time.Duration
}

var timerName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// Parse parses and checks a hooks file. When the file parses but a check
// fails (a bad timeout, a script outside scripts/, ...), Parse returns the
// file with the errors, joined: its structure is still usable.
func Parse(data []byte, o Options) (*File, error) {
	raw, err := parseYAML(string(data))
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return &File{}, nil
	}
	j, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	var hf File
	if err := dec.Decode(&hf); err != nil {
		return nil, fmt.Errorf("hooks file: %v", err)
	}
	return &hf, hf.check(o)
}

func (hf *File) check(o Options) error {
	minEvery := o.MinEvery
	if minEvery == 0 {
		minEvery = MinEvery
	}
	var errs []error
	checkList := func(where string, list []Script) {
		for i := range list {
			s := &list[i]
			at := fmt.Sprintf("%s[%d]", where, i)
			switch {
			case (s.Script == "") == (s.Inline == ""):
				errs = append(errs, fmt.Errorf("%s: set exactly one of script and inline", at))
			case s.Script != "" && (filepath.IsAbs(s.Script) || strings.HasPrefix(filepath.Clean(s.Script), "..")):
				errs = append(errs, fmt.Errorf("%s: script %q must be a path under scripts/", at, s.Script))
			case s.Script != "" && len(s.Shell) > 0:
				errs = append(errs, fmt.Errorf("%s: shell applies to inline scripts only", at))
			}
			if s.Timeout != "" {
				d, err := time.ParseDuration(s.Timeout)
				if err != nil || d <= 0 {
					errs = append(errs, fmt.Errorf("%s: timeout %q is not a positive duration", at, s.Timeout))
				}
			}
			if s.ID == "" {
				if s.Script != "" {
					s.ID = filepath.Base(s.Script)
				} else {
					s.ID = fmt.Sprintf("%s#%d", where, i)
				}
			}
		}
	}
	for _, k := range sortedKeys(hf.Hooks) {
		checkList(k, hf.Hooks[k])
	}
	for _, k := range sortedKeys(hf.Actions) {
		checkList("action:"+k, hf.Actions[k])
	}
	seen := map[string]bool{}
	for i := range hf.Timers {
		t := &hf.Timers[i]
		if !timerName.MatchString(t.Name) || seen[t.Name] {
			errs = append(errs, fmt.Errorf("timers[%d]: name %q must be unique, lower-case letters, digits and dashes", i, t.Name))
		}
		seen[t.Name] = true
		d, err := time.ParseDuration(t.Every)
		if err != nil || d < minEvery {
			errs = append(errs, fmt.Errorf("timers[%d]: every %q must be a duration of at least %v", i, t.Every, minEvery))
		}
		checkList("timer:"+t.Name, t.Scripts)
	}
	if o.CheckSchema != nil {
		for _, ep := range sortedKeys(hf.Relations) {
			if err := hf.checkSchema(ep, o); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// checkSchema hands an endpoint's schema to o.CheckSchema: the file's
// content, or the inline schema as JSON.
func (hf *File) checkSchema(ep string, o Options) error {
	where := "relations." + ep
	var data []byte
	if path, ok := hf.Relations[ep].Schema.(string); ok {
		if o.CharmDir == "" {
			return nil
		}
		b, err := os.ReadFile(filepath.Join(o.CharmDir, filepath.Clean("/" + path)[1:]))
		if err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		data, where = b, where+": "+path
	} else {
		b, err := json.Marshal(hf.Relations[ep].Schema)
		if err != nil {
			return fmt.Errorf("%s: %v", where, err)
		}
		data = b
	}
	if err := o.CheckSchema(ep, data); err != nil {
		return fmt.Errorf("%s: %v", where, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
