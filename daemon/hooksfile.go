package daemon

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/charm/databag/validate"
)

// DefaultHooksFile is the hooks file's name in the charm directory.
const DefaultHooksFile = "charmgen-hooks.yaml"

// HooksFile is the charm's hooks file (charmgen-hooks.yaml): which scripts
// run for which hook, action and timer, and the schemas relation data is
// checked against. Its JSON Schema is schemas/charmgen-hooks.schema.json.
type HooksFile struct {
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

	timeout time.Duration
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

	every time.Duration
}

// RelationSchema is the JSON Schema of one endpoint's local databag.
type RelationSchema struct {
	// Schema is the JSON Schema of the databag (an object schema whose
	// properties are its keys), inline or as a path to a JSON file in the
	// charm directory. Package validate reads and checks it, as generated
	// decoders check relation data.
	Schema any `json:"schema" jsonschema:"description=JSON Schema of the databag: inline or a path to a JSON file in the charm directory."`

	compiled *validate.Schema
}

var timerName = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// ParseHooksFile parses and checks a hooks file. charmDir resolves
// schema files; empty skips them.
func ParseHooksFile(data []byte, charmDir string) (*HooksFile, error) {
	raw, err := parseYAML(string(data))
	if err != nil {
		return nil, err
	}
	if raw == nil {
		return &HooksFile{}, nil
	}
	j, err := json.Marshal(raw)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	var hf HooksFile
	if err := dec.Decode(&hf); err != nil {
		return nil, fmt.Errorf("hooks file: %v", err)
	}
	return &hf, hf.check(charmDir)
}

func (hf *HooksFile) check(charmDir string) error {
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
				s.timeout = d
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
		if err != nil || d < minTimerEvery {
			errs = append(errs, fmt.Errorf("timers[%d]: every %q must be a duration of at least %v", i, t.Every, minTimerEvery))
		}
		t.every = d
		checkList("timer:"+t.Name, t.Scripts)
	}
	for _, ep := range sortedKeys(hf.Relations) {
		rs := hf.Relations[ep]
		var data []byte
		var err error
		where := "relations." + ep
		if path, ok := rs.Schema.(string); ok {
			if charmDir == "" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(charmDir, filepath.Clean("/" + path)[1:]))
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", where, err))
				continue
			}
			data, where = b, where+": "+path
		} else if data, err = json.Marshal(rs.Schema); err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", where, err))
			continue
		}
		c, err := compileRelationSchema(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", where, err))
			continue
		}
		rs.compiled = c
		hf.Relations[ep] = rs
	}
	return errors.Join(errs...)
}

// compileRelationSchema reads a relation schema with package validate. A
// schema it reports any problem in is refused, warnings included: each
// says what would not be checked as written (an unknown type, a pattern
// RE2 cannot compile, ...), and the charm's own schema should say what is
// checked.
func compileRelationSchema(data []byte) (*validate.Schema, error) {
	s, diags, err := validate.CompileBag(data)
	if err != nil {
		return nil, err
	}
	if len(diags) > 0 {
		msgs := make([]string, len(diags))
		for i, d := range schema.SortedDiags(diags) {
			msgs[i] = d.String()
		}
		return nil, errors.New(strings.Join(msgs, "; "))
	}
	return s, nil
}

// minTimerEvery is the shortest timer interval; tests lower it.
var minTimerEvery = time.Minute

// scriptsFor returns the scripts of an event key (hookKey).
func (hf *HooksFile) scriptsFor(key string) []Script {
	if hf == nil {
		return nil
	}
	switch {
	case strings.HasPrefix(key, "action:"):
		return hf.Actions[strings.TrimPrefix(key, "action:")]
	case strings.HasPrefix(key, "timer:"):
		for _, t := range hf.Timers {
			if t.Name == strings.TrimPrefix(key, "timer:") {
				return t.Scripts
			}
		}
		return nil
	}
	return hf.Hooks[key]
}

// hooksCache reloads the hooks file when it changes (upgrade-charm).
type hooksCache struct {
	mu    sync.Mutex
	path  string
	mtime time.Time
	size  int64
	hf    *HooksFile
}

func (c *hooksCache) load(charmDir, name string) (*HooksFile, error) {
	path := filepath.Join(charmDir, name)
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return &HooksFile{}, nil
	}
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hf != nil && c.path == path && c.mtime.Equal(fi.ModTime()) && c.size == fi.Size() {
		return c.hf, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	hf, err := ParseHooksFile(b, charmDir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.path, c.mtime, c.size, c.hf = path, fi.ModTime(), fi.Size(), hf
	return hf, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
