package meta_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/meta"
)

// badDir holds one directory per malformed charm. Each holds the input
// files and want.txt: the expected first error line with the directory
// prefix removed, matched as a substring or else as a regular expression.
const badDir = "testdata/bad"

func badCaseDirs(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(badDir, e.Name()))
		}
	}
	if len(dirs) < 30 {
		t.Fatalf("only %d bad cases in %s; want at least 30", len(dirs), badDir)
	}
	return dirs
}

func readWant(t testing.TB, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "want.txt"))
	if err != nil {
		t.Fatal(err)
	}
	w := strings.TrimSpace(string(b))
	if w == "" {
		t.Fatalf("%s/want.txt is empty", dir)
	}
	return w
}

// matchWant strips the charm directory from a diagnostic line and matches
// the rest against want, first as a substring, then as a regexp.
func matchWant(line, dir, want string) (string, bool) {
	rest, ok := strings.CutPrefix(line, dir)
	if !ok {
		return line, false
	}
	rest = strings.TrimPrefix(rest, string(filepath.Separator))
	if strings.Contains(rest, want) {
		return rest, true
	}
	re, err := regexp.Compile(want)
	return rest, err == nil && re.MatchString(rest)
}

// checkDiags checks what every diagnostic must have: a file, a line and
// column of at least 1, a code and a message.
func checkDiags(t testing.TB, ds meta.Diagnostics) {
	t.Helper()
	for _, d := range ds {
		if d.Pos.File == "" || d.Pos.Line < 1 || d.Pos.Col < 1 {
			t.Errorf("diagnostic without a full position: %#v", d)
		}
		if strings.TrimSpace(d.Message) == "" || d.Code == "" {
			t.Errorf("diagnostic without message or code: %#v", d)
		}
	}
}

func asDiags(t testing.TB, err error) meta.Diagnostics {
	t.Helper()
	var ds meta.Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("error is %T, not meta.Diagnostics: %v", err, err)
	}
	if len(ds) == 0 {
		t.Fatalf("empty Diagnostics returned as an error")
	}
	return ds
}

func TestLoadBadInputs(t *testing.T) {
	for _, dir := range badCaseDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("Load panicked: %v", r)
				}
			}()
			want := readWant(t, dir)
			c, err := meta.Load(dir, nil)
			if err == nil {
				t.Fatalf("Load succeeded; want an error matching %q", want)
			}
			if c == nil {
				t.Fatalf("Load returned no model with its errors")
			}
			ds := asDiags(t, err)
			for _, d := range ds {
				if d.Severity != meta.SeverityError {
					t.Errorf("error list holds a %s: %s", d.Severity, d)
				}
			}
			checkDiags(t, ds)
			checkDiags(t, c.Warnings)
			if rest, ok := matchWant(ds[0].String(), dir, want); !ok {
				t.Errorf("first error:\n  %s\nwant it to match:\n  %s\nall errors:\n%v", rest, want, err)
			}
		})
	}
}

// TestLoadSeriesJuju3: what Juju 4 rejects about series, Juju 3 deploys;
// the same directories load with one warning.
func TestLoadSeriesJuju3(t *testing.T) {
	for _, tc := range []struct {
		dir, pos, text string
	}{
		{"series-juju4", "metadata.yaml:5:5", "ubuntu@22.04"},
		{"bases-channel-series", "charmcraft.yaml:3:5", `write channel: "22.04"`},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			var seen meta.Diagnostics
			c, err := meta.Load(filepath.Join(badDir, tc.dir), &meta.Options{
				Juju: 3, DisplayDir: ".", Warn: func(d meta.Diagnostic) { seen = append(seen, d) },
			})
			if err != nil {
				t.Fatalf("Juju 3: %v", err)
			}
			if len(c.Warnings) != 1 || len(seen) != 1 {
				t.Fatalf("want exactly one warning (also through Warn), got %v / %v", c.Warnings, seen)
			}
			w := c.Warnings[0]
			checkDiags(t, c.Warnings)
			if w.Code != "series" || w.Pos.String() != tc.pos || !strings.Contains(w.Message, tc.text) {
				t.Errorf("warning = %s (code %s); want code series at %s mentioning %s", w, w.Code, tc.pos, tc.text)
			}
			if !strings.Contains(w.String(), ": warning: ") {
				t.Errorf("warning does not render as one: %s", w)
			}
		})
	}
}

func TestLoadAliasBombFailsFast(t *testing.T) {
	// Twelve levels of ten: 10^12 nodes if expanded.
	var b strings.Builder
	b.WriteString(header + "links:\n  l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n")
	for i := 1; i <= 12; i++ {
		p := "*l" + string(rune('a'+i-1))
		if i == 1 {
			p = "*l0"
		}
		b.WriteString("  l" + string(rune('a'+i)) + ": &l" + string(rune('a'+i)) + " [" + strings.Repeat(p+", ", 9) + p + "]\n")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(b.String())}, nil)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	ds := asDiags(t, err)
	checkDiags(t, ds)
	if !strings.Contains(ds[0].Message, "after expanding aliases") {
		t.Errorf("first error = %s; want the alias expansion limit", ds[0])
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("alias bomb allocated %d MiB before failing", alloc>>20)
	}
	if took > 5*time.Second {
		t.Errorf("alias bomb took %v to fail", took)
	}
}

// TestLoadReportsEveryError: independent errors in one file all come out
// of one run, in file order.
func TestLoadReportsEveryError(t *testing.T) {
	src := `name: foo-2
type: charm
summary: Several mistakes at once.
description: Each of these is independent of the others.
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: go
provides:
  db:
    interface: mysql
requires:
  db:
    interface: mysql
storage:
  data:
    location: /srv
config:
  options:
    workers:
      type: int
      default: five
actions:
  get_password:
    description: Print it.
charm-user: admin
`
	_, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(src)}, nil)
	ds := asDiags(t, err)
	checkDiags(t, ds)
	want := []struct{ pos, code string }{
		{"charmcraft.yaml:1:7", "name"},
		{"charmcraft.yaml:15:3", "duplicate-endpoint"},
		{"charmcraft.yaml:18:3", "storage"},
		{"charmcraft.yaml:24:16", "option-default"},
		{"charmcraft.yaml:26:3", "action-name"},
		{"charmcraft.yaml:28:13", "charm-user"},
	}
	if len(ds) != len(want) {
		t.Fatalf("got %d errors, want %d:\n%v", len(ds), len(want), err)
	}
	for i, w := range want {
		if ds[i].Pos.String() != w.pos || ds[i].Code != w.code {
			t.Errorf("error %d = %s [%s]; want %s [%s]", i, ds[i], ds[i].Code, w.pos, w.code)
		}
	}
	if got := strings.Count(err.Error(), "\n") + 1; got != len(want) {
		t.Errorf("Error() has %d lines, want %d", got, len(want))
	}
}

// header is a valid charmcraft.yaml head of ten lines; inline inputs
// append to it, so their lines start at 11.
const header = `name: demo
type: charm
summary: A demo charm.
description: A charm used by the loader tests.
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: go
`

func loadOK(t *testing.T, files map[string]string) *meta.Charm {
	t.Helper()
	in := map[string][]byte{}
	for k, v := range files {
		in[k] = []byte(v)
	}
	c, err := meta.LoadFiles(in, nil)
	if err != nil {
		t.Fatalf("LoadFiles: %v", err)
	}
	checkDiags(t, c.Warnings)
	return c
}

func loadCC(t *testing.T, body string) *meta.Charm {
	t.Helper()
	return loadOK(t, map[string]string{"charmcraft.yaml": header + body})
}

func TestOptionDefaultStates(t *testing.T) {
	c := loadCC(t, `config:
  options:
    absent:
      type: string
      description: No default key.
    null-default:
      type: string
      description: A default key with no value.
      default:
    tilde:
      type: int
      description: An explicit null.
      default: ~
    empty:
      type: string
      description: An empty string.
      default: ""
    port:
      type: int
      description: A real value.
      default: 8080
`)
	for _, tc := range []struct {
		name  string
		state meta.DefaultState
		v     any
	}{
		{"absent", meta.DefaultAbsent, nil},
		{"null-default", meta.DefaultNull, nil},
		{"tilde", meta.DefaultNull, nil},
		{"empty", meta.DefaultValue, ""},
		{"port", meta.DefaultValue, int64(8080)},
	} {
		o := c.Option(tc.name)
		if o == nil {
			t.Fatalf("option %q missing", tc.name)
		}
		if o.Default.State != tc.state || o.Default.V != tc.v {
			t.Errorf("option %q default = state %d value %#v; want state %d value %#v", tc.name, o.Default.State, o.Default.V, tc.state, tc.v)
		}
		if o.HasDefault() != (tc.state == meta.DefaultValue) {
			t.Errorf("option %q HasDefault = %v", tc.name, o.HasDefault())
		}
	}
	// The view keeps null and absent apart.
	v := c.View()
	for _, o := range v.Options {
		if (o.Name == "null-default" || o.Name == "tilde") != o.DefaultNull {
			t.Errorf("view option %q default_null = %v", o.Name, o.DefaultNull)
		}
	}
}

func TestRelationForms(t *testing.T) {
	c := loadCC(t, `provides:
  website: http
requires:
  db: mysql
  logs:
    interface: loki_push_api
    limit: 1
    optional: true
    scope: container
peers:
  cluster:
    interface: demo_cluster
`)
	if len(c.Relations) != 4 {
		t.Fatalf("got %d relations, want 4", len(c.Relations))
	}
	db := c.Relation("db")
	if db == nil || db.Role != meta.Requires || db.Interface.V != "mysql" || !db.Shorthand ||
		db.Scope != "global" || db.ScopeSet || db.Limit != nil || db.Optional {
		t.Errorf("db = %+v; want shorthand requires mysql, global, unlimited, not optional", db)
	}
	if w := c.Relation("website"); w == nil || w.Role != meta.Provides || w.Interface.V != "http" || !w.Shorthand {
		t.Errorf("website = %+v", w)
	}
	logs := c.Relation("logs")
	if logs == nil || logs.Shorthand || logs.Interface.V != "loki_push_api" || logs.Scope != "container" ||
		!logs.ScopeSet || logs.Limit == nil || *logs.Limit != 1 || !logs.Optional {
		t.Errorf("logs = %+v; want loki_push_api, container, limit 1, optional", logs)
	}
	if p := c.Relation("cluster"); p == nil || p.Role != meta.Peers || p.Interface.V != "demo_cluster" {
		t.Errorf("cluster = %+v", p)
	}
}

func TestStorageRanges(t *testing.T) {
	c := loadCC(t, `storage:
  single:
    type: filesystem
  exact:
    type: filesystem
    multiple:
      range: 2
  between:
    type: filesystem
    multiple:
      range: 1-3
  any:
    type: block
    multiple:
      range: 0+
  dash:
    type: block
    multiple:
      range: 1-
`)
	for _, tc := range []struct {
		name     string
		min, max int
		set      bool
	}{
		{"single", 1, 1, false},
		{"exact", 2, 2, true},
		{"between", 1, 3, true},
		{"any", 0, -1, true},
		{"dash", 1, -1, true},
	} {
		s := c.StorageNamed(tc.name)
		if s == nil {
			t.Fatalf("storage %q missing", tc.name)
		}
		if s.CountMin != tc.min || s.CountMax != tc.max || s.RangeSet != tc.set {
			t.Errorf("storage %q = %d..%d (set %v); want %d..%d (set %v)", tc.name, s.CountMin, s.CountMax, s.RangeSet, tc.min, tc.max, tc.set)
		}
	}
}

func TestAssumesNested(t *testing.T) {
	c := loadCC(t, `assumes:
  - juju >= 3.4
  - any-of:
      - k8s-api
      - all-of:
          - juju >= 3.1
          - juju < 4
`)
	as := c.Assumes
	if len(as) != 2 || as[0].Expr != "juju >= 3.4" {
		t.Fatalf("assumes = %+v", as)
	}
	any := as[1]
	if any.Expr != "" || len(any.AnyOf) != 2 || any.AllOf != nil || any.AnyOf[0].Expr != "k8s-api" {
		t.Fatalf("any-of = %+v", any)
	}
	all := any.AnyOf[1]
	if len(all.AllOf) != 2 || all.AllOf[0].Expr != "juju >= 3.1" || all.AllOf[1].Expr != "juju < 4" {
		t.Fatalf("all-of = %+v", all)
	}
	if p := all.AllOf[1].Pos.String(); p != "charmcraft.yaml:17:13" {
		t.Errorf("nested assumes at %s, want charmcraft.yaml:17:13", p)
	}
}

func TestYAML11Booleans(t *testing.T) {
	c := loadCC(t, `requires:
  db:
    interface: mysql
    optional: yes
config:
  options:
    debug:
      type: boolean
      description: YAML 1.1 yes.
      default: yes
    quiet:
      type: boolean
      description: YAML 1.1 off.
      default: off
    plain:
      type: boolean
      description: YAML 1.2 true.
      default: True
    answer:
      type: string
      description: Quoted, so text.
      default: "yes"
`)
	for name, want := range map[string]any{"debug": true, "quiet": false, "plain": true, "answer": "yes"} {
		o := c.Option(name)
		if o == nil || o.Default.State != meta.DefaultValue || o.Default.V != want {
			t.Errorf("option %q default = %+v; want %#v", name, o, want)
		}
	}
	if !c.Relation("db").Optional {
		t.Errorf("optional: yes did not read as true")
	}
}

func TestFormats(t *testing.T) {
	const md = "name: demo\nsummary: A demo charm.\ndescription: Legacy metadata.\n"
	const build = "type: charm\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\nparts:\n  charm:\n    plugin: charm\n"
	const cfg = "options:\n  port:\n    type: int\n    description: Port.\n    default: 80\n"
	const act = "backup:\n  description: Take a backup.\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
		src   map[string]string
	}{
		{"unified", map[string]string{"charmcraft.yaml": header + "config:\n  options: {}\n"}, "unified",
			map[string]string{"metadata": "charmcraft.yaml", "config": "charmcraft.yaml", "build": "charmcraft.yaml"}},
		{"hybrid", map[string]string{"charmcraft.yaml": header, "config.yaml": cfg}, "hybrid",
			map[string]string{"metadata": "charmcraft.yaml", "config": "config.yaml"}},
		{"build-only charmcraft.yaml", map[string]string{"charmcraft.yaml": build, "metadata.yaml": md, "config.yaml": cfg, "actions.yaml": act}, "legacy",
			map[string]string{"metadata": "metadata.yaml", "config": "config.yaml", "actions": "actions.yaml", "build": "charmcraft.yaml"}},
		{"metadata.yaml alone", map[string]string{"metadata.yaml": md}, "legacy",
			map[string]string{"metadata": "metadata.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := loadOK(t, tc.files)
			if c.Format != tc.want {
				t.Errorf("Format = %q, want %q", c.Format, tc.want)
			}
			for k, v := range tc.src {
				if c.Sources[k] != v {
					t.Errorf("Sources[%q] = %q, want %q", k, c.Sources[k], v)
				}
			}
		})
	}
}

func TestActionParamDefectsAreWarnings(t *testing.T) {
	c := loadCC(t, `actions:
  restore:
    description: Restore a backup.
    params:
      backup-id:
        description: Has no type.
      mode:
        type: string
        enumerate: [full, partial]
      paths:
        type: array
        description: Has no items.
`)
	want := map[string]string{
		"param-type":  "charmcraft.yaml:16:9",
		"param-enum":  "charmcraft.yaml:19:9",
		"param-items": "charmcraft.yaml:21:9",
	}
	got := map[string]string{}
	for _, w := range c.Warnings {
		got[w.Code] = w.Pos.String()
	}
	for code, pos := range want {
		if got[code] != pos {
			t.Errorf("warning %s at %q, want %s; warnings:\n%v", code, got[code], pos, c.Warnings)
		}
	}
	if len(c.Warnings) != len(want) {
		t.Errorf("got %d warnings, want %d:\n%v", len(c.Warnings), len(want), c.Warnings)
	}
	if a := c.Action("restore"); a == nil || len(a.Params) != 3 || a.Params[2].Type() != "array" {
		t.Errorf("action restore = %+v", a)
	}
}

// TestDuplicateKeyLaterWins checks that a duplicate key is a warning and
// that the later value is the one kept: Juju reads metadata with yaml.v2's
// non-strict Unmarshal and charmcraft with PyYAML, and both keep the last.
func TestDuplicateKeyLaterWins(t *testing.T) {
	c := loadCC(t, `summary: Another summary.
config:
  options:
    port:
      type: int
      default: 80
      description: First.
      default: 8080
`)
	var got []string
	for _, w := range c.Warnings {
		if w.Code == "duplicate-key" {
			got = append(got, w.Pos.String())
		}
	}
	if want := []string{"charmcraft.yaml:11:1", "charmcraft.yaml:18:7"}; !slices.Equal(got, want) {
		t.Errorf("duplicate-key warnings at %v, want %v; all warnings:\n%v", got, want, c.Warnings)
	}
	if c.Summary.V != "Another summary." || c.Summary.Pos.Line != 11 {
		t.Errorf("summary = %q at line %d, want the later one at line 11", c.Summary.V, c.Summary.Pos.Line)
	}
	if o := c.Option("port"); o == nil || fmt.Sprint(o.Default.V) != "8080" || o.Default.Pos.Line != 18 {
		t.Errorf("option port = %+v, want default 8080", o)
	}
}

// TestTopLevelLinksPointUnderLinks checks that metadata.yaml's project
// links, written at the top of charmcraft.yaml, are told where charmcraft
// reads them rather than matched to a key they only look like (issues is
// not assumes).
func TestTopLevelLinksPointUnderLinks(t *testing.T) {
	c := loadCC(t, `website: https://example.com
issues: https://example.com/issues
docs: https://example.com/docs
`)
	want := []string{
		`charmcraft.yaml:11:1: unknown key "website" in charmcraft.yaml; charmcraft reads it under links (links.website)`,
		`charmcraft.yaml:12:1: unknown key "issues" in charmcraft.yaml; charmcraft reads it under links (links.issues)`,
		`charmcraft.yaml:13:1: unknown key "docs" in charmcraft.yaml; charmcraft reads it under links (links.documentation)`,
	}
	var got []string
	for _, w := range c.Warnings {
		got = append(got, w.Pos.String()+": "+w.Message)
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPaasOptionalKey checks that optional: (which paas-charm reads) is
// accepted in a config option of a charm that uses a 12-factor extension,
// and still reported in one that does not.
func TestPaasOptionalKey(t *testing.T) {
	opts := `config:
  options:
    secret-key:
      type: string
      description: The app's key.
      optional: false
`
	for _, c := range []struct {
		ext  string
		want int
	}{{"extensions: [go-framework]\n", 0}, {"", 1}} {
		ch := loadCC(t, c.ext+opts)
		n := 0
		for _, w := range ch.Warnings {
			if strings.Contains(w.Message, `unknown key "optional"`) {
				n++
			}
		}
		if n != c.want {
			t.Errorf("%q: %d warnings about optional, want %d: %v", c.ext, n, c.want, ch.Warnings)
		}
	}
}

func TestPositionsAreExact(t *testing.T) {
	c := loadCC(t, `requires:
  db:
    interface: mysql
  cache:   redis
config:
  options:
    log-level:
      type: string
      description: Log level.
      default: info
`)
	for _, tc := range []struct {
		what string
		got  meta.Pos
		want string
	}{
		{"relation db", c.Relation("db").Pos, "charmcraft.yaml:12:3"},
		{"db interface", c.Relation("db").Interface.Pos, "charmcraft.yaml:13:16"},
		{"relation cache", c.Relation("cache").Pos, "charmcraft.yaml:14:3"},
		{"cache interface", c.Relation("cache").Interface.Pos, "charmcraft.yaml:14:12"},
		{"options", c.OptionsPos, "charmcraft.yaml:16:3"},
		{"option log-level", c.Option("log-level").Pos, "charmcraft.yaml:17:5"},
		{"log-level type", c.Option("log-level").TypePos, "charmcraft.yaml:18:13"},
		{"log-level default", c.Option("log-level").Default.Pos, "charmcraft.yaml:20:16"},
		{"name", c.Name.Pos, "charmcraft.yaml:1:7"},
	} {
		if tc.got.String() != tc.want {
			t.Errorf("%s at %s, want %s", tc.what, tc.got, tc.want)
		}
	}
	// Positions name the file relative to DisplayDir.
	c2, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(header + "requires:\n  db: mysql\n")}, &meta.Options{DisplayDir: "charms/demo"})
	if err != nil {
		t.Fatal(err)
	}
	if p := c2.Relation("db").Pos.String(); p != filepath.Join("charms/demo", "charmcraft.yaml")+":12:3" {
		t.Errorf("with DisplayDir: %s", p)
	}
}

// TestYAMLErrorLines: yaml.v3 prints parser errors one line early; the
// loader reports the line an editor shows.
func TestYAMLErrorLines(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string
	}{
		{"name: demo\nprovides: {db: mysql\nrequires: {}\n", "charmcraft.yaml:2:1: invalid YAML: did not find expected ',' or '}'"},
		{"name: demo\ntags: [a, b\nsummary: x\n", "charmcraft.yaml:2:1: invalid YAML: did not find expected ',' or ']'"},
		{"name: demo\n- oops\n", "charmcraft.yaml:2:1: invalid YAML: did not find expected key"},
		{"name: demo\nsummary: a: b\n", "charmcraft.yaml:2:1: invalid YAML: mapping values are not allowed in this context"},
		{"name: demo\nsummary: x\n  \tdescription: y\n", "charmcraft.yaml:3:3: invalid YAML:"},
		{"name: demo\nsummary: &s x\ndescription: *d\n", "charmcraft.yaml:3:14: invalid YAML: unknown anchor 'd' referenced"},
	} {
		_, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(tc.src)}, nil)
		ds := asDiags(t, err)
		checkDiags(t, ds)
		if !strings.HasPrefix(ds[0].String(), tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, ds[0], tc.want)
		}
	}
}

// TestViewNonFiniteFloats: YAML has .nan and .inf, JSON has neither; the
// view still renders, with the YAML spelling.
func TestViewNonFiniteFloats(t *testing.T) {
	c := loadCC(t, `config:
  options:
    ratio:
      type: float
      description: Not a number.
      default: .nan
actions:
  scale:
    description: Scale.
    params:
      factor:
        type: number
        minimum: -.inf
        maximum: .inf
`)
	b, err := json.Marshal(c.View())
	if err != nil {
		t.Fatalf("view does not render as JSON: %v", err)
	}
	for _, want := range []string{`"default":".nan"`, `"minimum":"-.inf"`, `"maximum":".inf"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("view lacks %s:\n%s", want, b)
		}
	}
}

// Juju puts an action's params into its JSON Schema as "properties" and
// copies other keys as they are, so params written under properties are
// params (synapse's actions.yaml does this); with both, params win and
// properties is a warning.
func TestActionPropertiesAreParams(t *testing.T) {
	c := loadCC(t, `actions:
  anonymize-user:
    description: Anonymize a user.
    properties:
      username:
        type: string
        description: The user.
    required: [username]
  both:
    description: Both forms.
    params:
      a: {type: string, description: a}
    properties:
      b: {type: string, description: b}
`)
	for _, w := range c.Warnings {
		if strings.Contains(w.Message, "does not define") {
			t.Errorf("warning %v: username is defined under properties", w)
		}
	}
	a := c.Action("anonymize-user")
	if a == nil || len(a.Params) != 1 || a.Params[0].Name != "username" {
		t.Fatalf("anonymize-user = %+v, want the param username", a)
	}
	b := c.Action("both")
	if b == nil || len(b.Params) != 1 || b.Params[0].Name != "a" {
		t.Fatalf("both = %+v, want only param a", b)
	}
	found := false
	for _, w := range c.Warnings {
		found = found || strings.Contains(w.Message, "has both params and properties")
	}
	if !found {
		t.Errorf("no warning for both params and properties: %v", c.Warnings)
	}
}

// TestMetadataBesideCharmcraftTitle: charmcraft 3 merges a charmcraft.yaml
// that holds a title (or links, or a name that metadata.yaml lacks) with
// metadata.yaml; only a name, summary or description in both is refused
// (charmcraft/preprocess.py add_metadata). Found on a real charm (lldpd).
func TestMetadataBesideCharmcraftTitle(t *testing.T) {
	const build = "type: charm\ntitle: Demo Operator\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\nparts:\n  charm:\n    plugin: charm\n"
	c := loadOK(t, map[string]string{
		"charmcraft.yaml": build,
		"metadata.yaml":   "name: demo\nsummary: A demo charm.\ndescription: Legacy metadata.\nrequires:\n  db:\n    interface: mysql_client\n",
	})
	if c.Name.V != "demo" || c.Title.V != "Demo Operator" || c.Relation("db") == nil {
		t.Errorf("name %q, title %q, db %v; want demo, Demo Operator and the db relation", c.Name.V, c.Title.V, c.Relation("db"))
	}
	if c.Sources["metadata"] != "metadata.yaml" {
		t.Errorf("metadata from %q, want metadata.yaml", c.Sources["metadata"])
	}
	// The name only in charmcraft.yaml: taken from there.
	c = loadOK(t, map[string]string{
		"charmcraft.yaml": "name: demo\n" + build,
		"metadata.yaml":   "summary: A demo charm.\ndescription: Legacy metadata.\n",
	})
	if c.Name.V != "demo" || c.Summary.V != "A demo charm." {
		t.Errorf("name %q, summary %q; want demo and the summary of metadata.yaml", c.Name.V, c.Summary.V)
	}
}

// TestLinksBesideMetadata: charmcraft.yaml's links beside metadata.yaml
// are charmcraft's own key, not an unknown metadata.yaml key, and each link
// charmcraft.yaml leaves unset comes from metadata.yaml (microovn).
func TestLinksBesideMetadata(t *testing.T) {
	const build = "type: charm\nlinks:\n  source: https://example.com/demo\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\nparts:\n  charm:\n    plugin: charm\n"
	c := loadOK(t, map[string]string{
		"charmcraft.yaml": build,
		"metadata.yaml":   "name: demo\nsummary: A demo charm.\ndescription: Legacy metadata.\ndocs: https://example.com/docs\n",
	})
	for _, w := range c.Warnings {
		t.Errorf("warning %s; want none", w)
	}
	if len(c.Links.Source) != 1 || c.Links.Source[0].V != "https://example.com/demo" || c.Links.Documentation.V != "https://example.com/docs" {
		t.Errorf("links %+v; want the source from charmcraft.yaml and the docs from metadata.yaml", c.Links)
	}
}

// TestSeriesBesideBuildBases: with bases in charmcraft.yaml the packed
// manifest carries them and Juju 4 ignores metadata.yaml's series (juju/juju
// internal/charm/meta.go, Meta.Check): a stale list is a warning, an empty
// one nothing. Found on real charms (smtp-relay, juju-backup-all).
func TestSeriesBesideBuildBases(t *testing.T) {
	const build = "type: charm\nbases:\n  - name: ubuntu\n    channel: \"22.04\"\nparts:\n  charm:\n    plugin: charm\n"
	const md = "name: demo\nsummary: A demo charm.\ndescription: Legacy metadata.\n"
	c := loadOK(t, map[string]string{"charmcraft.yaml": build, "metadata.yaml": md + "series:\n  - focal\n  - jammy\n"})
	if len(c.Warnings) != 2 {
		t.Fatalf("warnings %v; want one per series", c.Warnings)
	}
	for _, w := range c.Warnings {
		if w.Code != "series" || !strings.Contains(w.Message, "is ignored: Juju reads the bases charmcraft.yaml builds for") {
			t.Errorf("warning %s; want a series warning saying it is ignored", w)
		}
	}
	c = loadOK(t, map[string]string{"charmcraft.yaml": build, "metadata.yaml": md + "series: []\n"})
	if len(c.Warnings) != 0 {
		t.Errorf("series: [] beside bases: warnings %v; want none", c.Warnings)
	}
	if _, err := meta.LoadFiles(map[string][]byte{"metadata.yaml": []byte(md + "series: [jammy]\n")}, nil); err == nil || !strings.Contains(err.Error(), "not supported by Juju 4") {
		t.Errorf("series without bases: err %v; want the Juju 4 error", err)
	}
}

// TestReservedNamesForJujuCharms: juju and juju-* endpoint names and
// provided interfaces are Juju's own, and a charm whose name starts with
// juju- may use them (juju/juju internal/charm/meta.go, reservedName):
// juju-controller provides the juju-dashboard interface.
func TestReservedNamesForJujuCharms(t *testing.T) {
	const rest = "type: charm\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: go\nprovides:\n  dashboard:\n    interface: juju-dashboard\n"
	c := loadOK(t, map[string]string{"charmcraft.yaml": "name: juju-controller\n" + rest})
	if len(c.Warnings) != 0 {
		t.Errorf("juju-controller: warnings %v; want none", c.Warnings)
	}
	_, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte("name: demo\n" + rest)}, nil)
	if err == nil || !strings.Contains(err.Error(), `provides the reserved interface "juju-dashboard"`) {
		t.Errorf("demo: err %v; want the reserved-interface error", err)
	}
}
