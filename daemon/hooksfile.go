package daemon

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/charm/databag/schema"
	"github.com/charmgen/charmgen/charm/databag/validate"
	"github.com/charmgen/charmgen/daemon/hooksfile"
)

// DefaultHooksFile is the hooks file's name in the charm directory.
const DefaultHooksFile = hooksfile.FileName

// HooksFile is the charm's hooks file (charmgen-hooks.yaml), as package
// hooksfile reads it, with the relation schemas compiled for `NAME
// relation set`. Its JSON Schema is schemas/charmgen-hooks.schema.json.
type HooksFile struct {
	hooksfile.File

	// schemas holds each endpoint's compiled schema: the inline ones, and
	// those given by path when parsed with a charm directory.
	schemas map[string]*validate.Schema
}

// The hooks file's parts, as package hooksfile defines them.
type (
	// Script is one script run for a hook.
	Script = hooksfile.Script
	// Timer is work the daemon schedules.
	Timer = hooksfile.Timer
	// RelationSchema is the JSON Schema of one endpoint's local databag.
	RelationSchema = hooksfile.RelationSchema
)

// ParseHooksFile parses and checks a hooks file, and compiles its
// relation schemas with package validate. charmDir resolves schema files;
// empty skips them.
func ParseHooksFile(data []byte, charmDir string) (*HooksFile, error) {
	hf := &HooksFile{schemas: map[string]*validate.Schema{}}
	f, err := hooksfile.Parse(data, hooksfile.Options{
		CharmDir: charmDir,
		MinEvery: minTimerEvery,
		CheckSchema: func(endpoint string, data []byte) error {
			s, err := compileRelationSchema(data)
			if err != nil {
				return err
			}
			hf.schemas[endpoint] = s
			return nil
		},
	})
	if f == nil {
		return nil, err
	}
	hf.File = *f
	return hf, err
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
var minTimerEvery = hooksfile.MinEvery

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

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
