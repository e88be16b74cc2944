package meta_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/charmgen/charmgen/meta"
	"gopkg.in/yaml.v3"
)

// fuzzGood are small valid inputs, so the fuzzer starts from every section
// of a charmcraft.yaml.
var fuzzGood = []string{
	header,
	header + `provides:
  website: http
requires:
  db:
    interface: mysql
    limit: 1
    optional: yes
    scope: container
peers:
  cluster: demo_cluster
extra-bindings:
  public:
subordinate: false
`,
	header + `containers:
  app:
    resource: app-image
    mounts:
      - storage: data
        location: /srv
    uid: 584792
resources:
  app-image:
    type: oci-image
  tarball:
    type: file
    filename: app.tgz
storage:
  data:
    type: filesystem
    minimum-size: 1G
    multiple:
      range: 0+
    properties: [transient]
devices:
  gpu:
    type: nvidia.com/gpu
    countmin: 1
    countmax: 2
assumes:
  - k8s-api
  - any-of:
      - juju >= 3.6
      - all-of: [juju < 4, juju >= 3.4]
charm-user: non-root
links:
  source: https://example.com/src
  issues: [https://example.com/issues]
`,
	header + `config:
  options:
    a: {type: string, description: x, default: ""}
    b: {type: int, default: 3}
    c: {type: float, default: 1.5}
    d: {type: boolean, default: yes}
    e: {type: secret}
    f:
      type: string
      default:
actions:
  backup:
    description: Take a backup.
    params:
      target: {type: string, enum: [s3, local]}
      paths: {type: array, items: {type: string}}
      x: {enumerate: [a]}
    required: [target]
    additionalProperties: false
    parallel: true
    execution-group: io
`,
	`type: charm
bases:
  - build-on:
      - name: ubuntu
        channel: "22.04"
    run-on:
      - name: ubuntu
        channel: "22.04"
        architectures: [amd64, arm64]
platforms:
  ubuntu@22.04:amd64:
  other:
    build-on: [amd64]
    build-for: [arm64]
charm-libs:
  - lib: demo.lib
    version: "1"
`,
	"x: &a {b: *a}\n",
	"<<: {name: demo}\nname: other\n",
	"[1, 2, 3]\n",
	"\xef\xbb\xbfname: demo\n",
	header + "config:\n  options:\n    ratio: {type: float, default: .nan}\n    odd: {type: list, default: [.inf]}\n" +
		"actions:\n  a:\n    description: x\n    params:\n      p: {type: number, minimum: -.inf, enum: [.nan]}\n",
}

// fuzzSeedFiles returns the files of every bad case, keyed by case.
func fuzzSeedFiles(f *testing.F) []map[string][]byte {
	dirs, err := filepath.Glob(filepath.Join(badDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	var out []map[string][]byte
	for _, d := range dirs {
		files := map[string][]byte{}
		for _, name := range []string{meta.CharmcraftFile, meta.MetadataFile, meta.ConfigFile, meta.ActionsFile} {
			if b, err := os.ReadFile(filepath.Join(d, name)); err == nil {
				files[name] = b
			}
		}
		out = append(out, files)
	}
	return out
}

// fuzzSlow is how long one load may take before the fuzz function fails,
// so that the fuzzer keeps an input that hangs the loader instead of
// stalling until -fuzztime runs out.
const fuzzSlow = 10 * time.Second

// fuzzResult is one load of an input and its renderings.
type fuzzResult struct {
	c        *meta.Charm
	err      error
	viewJSON []byte
	jsonErr  error
	yamlErr  error
}

// fuzzLoadOnce loads files and renders the view, under a watchdog. A panic
// or a hang fails the test from the test goroutine.
func fuzzLoadOnce(t *testing.T, files map[string][]byte, juju int) fuzzResult {
	t.Helper()
	var res fuzzResult
	var panicked any
	var stack []byte
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				panicked, stack = r, debug.Stack()
			}
		}()
		res.c, res.err = meta.LoadFiles(files, &meta.Options{Juju: juju})
		if res.c != nil {
			v := res.c.View()
			res.viewJSON, res.jsonErr = json.Marshal(v)
			_, res.yamlErr = yaml.Marshal(v)
		}
	}()
	select {
	case <-done:
	case <-time.After(fuzzSlow):
		t.Fatalf("loading took more than %v", fuzzSlow)
	}
	if panicked != nil {
		t.Fatalf("panic: %v\n%s", panicked, stack)
	}
	return res
}

// checkFuzzLoad loads files and checks the invariants every input must
// keep, whatever its bytes: no panic or hang; a model always; errors only
// as meta.Diagnostics whose every entry has a position and a message; a
// view that renders as JSON and YAML; and the same result on a second load.
func checkFuzzLoad(t *testing.T, files map[string][]byte, juju int) {
	t.Helper()
	r1 := fuzzLoadOnce(t, files, juju)
	if r1.c == nil {
		t.Fatalf("Load returned a nil model (err %v)", r1.err)
	}
	if r1.jsonErr != nil || r1.yamlErr != nil {
		t.Fatalf("view does not render: JSON: %v; YAML: %v", r1.jsonErr, r1.yamlErr)
	}
	checkFuzzDiags(t, r1.c.Warnings, meta.SeverityWarning)
	if r1.err != nil {
		var ds meta.Diagnostics
		if !errors.As(r1.err, &ds) {
			t.Fatalf("error is %T, not meta.Diagnostics: %v", r1.err, r1.err)
		}
		if len(ds) == 0 {
			t.Fatalf("empty Diagnostics as an error")
		}
		checkFuzzDiags(t, ds, meta.SeverityError)
	}
	r2 := fuzzLoadOnce(t, files, juju)
	if !bytes.Equal(r1.viewJSON, r2.viewJSON) {
		t.Fatalf("two loads of the same input give different views:\n%s\n%s", r1.viewJSON, r2.viewJSON)
	}
	if (r1.err == nil) != (r2.err == nil) || (r1.err != nil && r1.err.Error() != r2.err.Error()) {
		t.Fatalf("two loads of the same input give different errors:\n%v\n---\n%v", r1.err, r2.err)
	}
	if r1.c.Warnings.Error() != r2.c.Warnings.Error() {
		t.Fatalf("two loads of the same input give different warnings:\n%v\n---\n%v", r1.c.Warnings, r2.c.Warnings)
	}
}

func checkFuzzDiags(t *testing.T, ds meta.Diagnostics, sev meta.Severity) {
	t.Helper()
	for _, d := range ds {
		if d.Pos.File == "" || d.Pos.Line < 1 || d.Pos.Col < 1 || d.Message == "" || d.Severity != sev {
			t.Fatalf("bad diagnostic %#v", d)
		}
	}
}

// FuzzLoad feeds arbitrary bytes to the loader as charmcraft.yaml.
func FuzzLoad(f *testing.F) {
	for _, s := range fuzzGood {
		f.Add([]byte(s))
	}
	for _, files := range fuzzSeedFiles(f) {
		if b, ok := files[meta.CharmcraftFile]; ok {
			f.Add(b)
		}
		if b, ok := files[meta.MetadataFile]; ok {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFuzzLoad(t, map[string][]byte{meta.CharmcraftFile: data}, 4)
		checkFuzzLoad(t, map[string][]byte{meta.CharmcraftFile: data}, 3)
	})
}

// legacySep splits a FuzzLegacyFiles input into its files. It is a control
// character YAML rejects anyway, so no interesting input needs it.
const legacySep = "\x1e"

var legacyOrder = []string{meta.MetadataFile, meta.ConfigFile, meta.ActionsFile, meta.CharmcraftFile}

// FuzzLegacyFiles splits its input on legacySep into metadata.yaml,
// config.yaml, actions.yaml and charmcraft.yaml, in that order; files past
// the last part are absent, so the fuzzer explores legacy, hybrid and
// missing-file combinations. (Not named FuzzLoad*, so that -fuzz FuzzLoad
// names one target.)
func FuzzLegacyFiles(f *testing.F) {
	join := func(files map[string][]byte) []byte {
		last := -1
		for i, name := range legacyOrder {
			if _, ok := files[name]; ok {
				last = i
			}
		}
		var parts [][]byte
		for i := 0; i <= last; i++ {
			parts = append(parts, files[legacyOrder[i]])
		}
		return bytes.Join(parts, []byte(legacySep))
	}
	for _, files := range fuzzSeedFiles(f) {
		f.Add(join(files))
	}
	const md = "name: demo\nsummary: s\ndescription: d\nseries: [jammy]\nrequires:\n  db: mysql\n"
	f.Add([]byte(md))
	f.Add([]byte(md + legacySep + "options:\n  port: {type: int, default: 80}\n" + legacySep +
		"backup:\n  description: b\n  params:\n    to: {type: string}\n" + legacySep + "type: charm\nbases:\n  - {name: ubuntu, channel: \"22.04\"}\n"))
	for _, s := range fuzzGood {
		f.Add([]byte(legacySep + legacySep + legacySep + s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		files := map[string][]byte{}
		for i, part := range bytes.SplitN(data, []byte(legacySep), len(legacyOrder)) {
			files[legacyOrder[i]] = part
		}
		checkFuzzLoad(t, files, 4)
		checkFuzzLoad(t, files, 3)
	})
}
