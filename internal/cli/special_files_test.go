package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmgen/charmgen/internal/cli"
)

// The charm of these tests: one relation whose schema is in the charm's
// own published-layout tree (cri), and an overlay directory.
var specialCharm = map[string]string{
	"go.mod":          "module charm.example/shop\n\ngo 1.24\n",
	"charmgen.yaml":   "schemas: [cri]\noverlays: [overlays]\n",
	"charmcraft.yaml": "name: shop\ntype: charm\ntitle: Shop\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: go\n    source: .\nrequires:\n  widget:\n    interface: widget\n",
	"cri/docs/json_schemas/widget/v0/provider.json": `{"type": "object", "properties": {"app": {"type": "object", "properties": {"host": {"type": "string"}}}}}`,
	"cri/docs/json_schemas/widget/v0/requirer.json": `{"type": "object", "properties": {"app": {"type": "object", "properties": {"host": {"type": "string"}}}}}`,
	"overlays/widget/v0/provider.json":              `[{"op": "set", "path": "/type", "value": "object", "why": "lib/x.py:1: x"}]`,
	"src/charm.py":                                  "import ops\n",
}

func writeSpecialCharm(t *testing.T, dir string) {
	t.Helper()
	for name, content := range specialCharm {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// replace removes the charm's file rel and calls make to put something
// else in its place.
func replace(t *testing.T, dir, rel string, make func(path string) error) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := make(p); err != nil {
		t.Skipf("cannot make %s: %v", rel, err)
	}
}

func linkTo(target string) func(string) error {
	return func(p string) error { return os.Symlink(target, p) }
}

func fifo(p string) error { return syscall.Mkfifo(p, 0o644) }

// runWithin runs charmgen in process and fails the test if it does not
// return within d (the command hangs) or panics.
func runWithin(t *testing.T, d time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type res struct {
		code     int
		out, err string
		panic    any
	}
	done := make(chan res, 1)
	go func() {
		var out, errb bytes.Buffer
		r := res{}
		defer func() {
			r.panic = recover()
			r.out, r.err = out.String(), errb.String()
			done <- r
		}()
		r.code = cli.Run(args, strings.NewReader(""), &out, &errb)
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Fatalf("charmgen %s panicked: %v", strings.Join(args, " "), r.panic)
		}
		return r.code, r.out, r.err
	case <-time.After(d):
		t.Fatalf("charmgen %s still running after %v: it hangs on a special file", strings.Join(args, " "), d)
		panic("unreachable")
	}
}

// specialCase is one hostile input: a file of the charm replaced by
// something else, the commands that read it, and what their output must
// say.
type specialCase struct {
	name string
	file string // the charm file replaced
	make func(path string) error
	// cmds are the commands to run; DIR stands for the charm directory. A
	// command whose first word starts with "?" may exit 0 (gen reports a
	// schema file it cannot read as it reports any broken schema, and goes
	// on); the others must fail.
	cmds [][]string
	want []string // each must be in the output of every command
}

func runSpecialCases(t *testing.T, cases []specialCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeSpecialCharm(t, dir)
			if tc.file != "" {
				replace(t, dir, tc.file, tc.make)
			}
			for _, c := range tc.cmds {
				args := make([]string, len(c))
				for i, a := range c {
					args[i] = strings.ReplaceAll(a, "DIR", dir)
				}
				anyExit := strings.HasPrefix(args[0], "?")
				args[0] = strings.TrimPrefix(args[0], "?")
				start := time.Now()
				code, stdout, stderr := runWithin(t, 20*time.Second, args...)
				out := stdout + stderr
				if code == 0 && !anyExit {
					t.Errorf("charmgen %s: exit 0, want an error\n%s", strings.Join(c, " "), out)
				}
				for _, w := range tc.want {
					if !strings.Contains(out, strings.ReplaceAll(w, "DIR", dir)) {
						t.Errorf("charmgen %s: output does not say %q:\n%s", strings.Join(c, " "), w, out)
					}
				}
				if len(out) > 64<<10 {
					t.Errorf("charmgen %s: %d bytes of output; the special file was read", strings.Join(c, " "), len(out))
				}
				t.Logf("charmgen %s: exit %d in %v: %s", strings.Join(c, " "), code, time.Since(start).Round(time.Millisecond), firstLine(out))
			}
		})
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

var (
	metaGenLint = [][]string{{"meta", "show", "DIR"}, {"gen", "DIR"}, {"lint", "DIR"}}
	genCmds     = [][]string{{"gen", "DIR"}}
)

// TestDevZeroInputIsRefused: every input file that is, or links to,
// /dev/zero is refused at once with an error naming it, where a plain
// os.ReadFile grew memory without bound; a sparse 5 MiB charmcraft.yaml
// is refused as too large.
func TestDevZeroInputIsRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	outside := []string{"links to /dev/zero, outside DIR"}
	runSpecialCases(t, []specialCase{
		{"charmcraft.yaml", "charmcraft.yaml", linkTo("/dev/zero"), metaGenLint, append([]string{"charmcraft.yaml"}, outside...)},
		{"metadata.yaml", "metadata.yaml", linkTo("/dev/zero"), metaGenLint, append([]string{"metadata.yaml"}, outside...)},
		{"config.yaml", "config.yaml", linkTo("/dev/zero"), metaGenLint, append([]string{"config.yaml"}, outside...)},
		{"charmgen.yaml", "charmgen.yaml", linkTo("/dev/zero"), metaGenLint, append([]string{"charmgen.yaml"}, outside...)},
		{"schema", "cri/docs/json_schemas/widget/v0/provider.json", linkTo("/dev/zero"),
			[][]string{{"gen", "DIR"}, {"interfaces", "gen", "--from", "DIR/cri", "--out", "DIR/lib"}},
			append([]string{"provider.json"}, outside...)},
		{"overlay", "overlays/widget/v0/provider.json", linkTo("/dev/zero"), genCmds,
			[]string{"provider.json", "links to /dev/zero, outside DIR/overlays"}},
		{"python source", "src/charm.py", linkTo("/dev/zero"), [][]string{{"lint", "DIR"}},
			append([]string{"charm.py"}, outside...)},
		{"--settings", "", nil,
			[][]string{{"interfaces", "gen", "--from", "DIR/cri", "--out", "DIR/lib", "--settings", "/dev/zero"}},
			[]string{"/dev/zero: not a regular file: it is a character device; input files must be regular files"}},
		{"sim --state", "", nil,
			[][]string{{"sim", "DIR", "--state", "/dev/zero", "--dispatch", "/bin/true", "install"}},
			[]string{"/dev/zero: not a regular file: it is a character device"}},
		{"sparse 5 MiB charmcraft.yaml", "charmcraft.yaml", func(p string) error {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
			return os.Truncate(p, 5<<20)
		}, metaGenLint, []string{"charmcraft.yaml", "file too large: over 4 MiB"}},
	})
}

// TestFIFOInputDoesNotHang: a FIFO with no writer in place of an input
// file made meta show, gen and lint block forever in open; each now fails
// at once, saying the file must be a regular file.
func TestFIFOInputDoesNotHang(t *testing.T) {
	want := func(file string) []string {
		return []string{file, "not a regular file: it is a named pipe (FIFO)"}
	}
	runSpecialCases(t, []specialCase{
		{"charmcraft.yaml", "charmcraft.yaml", fifo, metaGenLint, want("charmcraft.yaml")},
		{"charmgen.yaml", "charmgen.yaml", fifo, metaGenLint, want("charmgen.yaml")},
		{"schema", "cri/docs/json_schemas/widget/v0/provider.json", fifo,
			[][]string{{"gen", "DIR"}, {"interfaces", "gen", "--from", "DIR/cri", "--out", "DIR/lib"}}, want("provider.json")},
		{"schema without an overlay", "cri/docs/json_schemas/widget/v0/requirer.json", fifo,
			[][]string{{"?gen", "DIR"}}, want("requirer.json")},
		{"overlay", "overlays/widget/v0/provider.json", fifo, genCmds, want("provider.json")},
		{"python source", "src/charm.py", fifo, [][]string{{"lint", "DIR"}}, want("charm.py")},
		{"--settings", "settings.fifo", fifo,
			[][]string{{"interfaces", "gen", "--from", "DIR/cri", "--out", "DIR/lib", "--settings", "DIR/settings.fifo"}}, want("settings.fifo")},
		{"sim --state", "state.fifo", fifo,
			[][]string{{"sim", "DIR", "--state", "DIR/state.fifo", "--dispatch", "/bin/true", "install"}}, want("state.fifo")},
	})
}

// TestSymlinkOutsideCharmIsNotRead: a charm file that links out of the
// charm directory (to /etc/passwd, or to a file beside the charm holding
// a secret) is refused with an error naming the link, and no line of the
// target reaches the output. The control shows the same content, when it
// is the charm's own file, does come back in warnings: the check is not
// vacuous.
func TestSymlinkOutsideCharmIsNotRead(t *testing.T) {
	const token = "SECRET-TOKEN-5f1e"
	secretYAML := "name: shop\ntype: charm\nsummary: s\ndescription: d\n" + token + ": hunter2\n"
	base := t.TempDir()
	secret := filepath.Join(base, "secret.yaml")
	if err := os.WriteFile(secret, []byte(secretYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	secretJSON := filepath.Join(base, "secret.json")
	if err := os.WriteFile(secretJSON, []byte(`{"type": "object", "`+token+`": 1, "properties": {"app": {"type": "`+token+`"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}

	check := func(t *testing.T, dir string, cmds [][]string, wantLink string, leaked ...string) {
		t.Helper()
		for _, c := range cmds {
			args := make([]string, len(c))
			for i, a := range c {
				args[i] = strings.ReplaceAll(a, "DIR", dir)
			}
			code, stdout, stderr := runWithin(t, 30*time.Second, args...)
			out := stdout + stderr
			if code == 0 {
				t.Errorf("charmgen %s: exit 0, want an error", strings.Join(c, " "))
			}
			if !strings.Contains(out, wantLink) {
				t.Errorf("charmgen %s: output does not name the link (%q):\n%s", strings.Join(c, " "), wantLink, out)
			}
			for _, l := range leaked {
				if strings.Contains(out, l) {
					t.Errorf("charmgen %s: output shows the link's target content %q:\n%s", strings.Join(c, " "), l, out)
				}
			}
		}
	}

	for _, tc := range []struct {
		name, file, target string
		cmds               [][]string
	}{
		{"charmcraft.yaml to /etc/passwd", "charmcraft.yaml", "/etc/passwd", metaGenLint},
		{"charmcraft.yaml to a secret", "charmcraft.yaml", secret, metaGenLint},
		{"charmcraft.yaml to a secret, relative", "charmcraft.yaml", "../secret.yaml", metaGenLint},
		{"metadata.yaml to a secret", "metadata.yaml", secret, metaGenLint},
		{"actions.yaml to a secret", "actions.yaml", secret, metaGenLint},
		{"charmgen.yaml to a secret", "charmgen.yaml", secret, metaGenLint},
		{"schema to a secret", "cri/docs/json_schemas/widget/v0/provider.json", secretJSON, genCmds},
		{"overlay to a secret", "overlays/widget/v0/provider.json", secretJSON, genCmds},
		{"python source to a secret", "src/charm.py", secret, [][]string{{"lint", "DIR"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "charm")
			writeSpecialCharm(t, dir)
			if strings.HasPrefix(tc.target, "../") {
				// Relative to the link: the charm lives one level down.
				if err := os.Symlink(secret, filepath.Join(filepath.Dir(dir), "secret.yaml")); err != nil {
					t.Fatal(err)
				}
			}
			replace(t, dir, tc.file, linkTo(tc.target))
			link := filepath.Join(dir, filepath.FromSlash(tc.file))
			check(t, dir, tc.cmds, link+" links to "+tc.target, token, "hunter2", "root:x:", "/bin/bash", "nologin")
		})
	}

	// Control: the same secret as the charm's own charmcraft.yaml is read,
	// and its unknown key comes back in a warning.
	dir := t.TempDir()
	writeSpecialCharm(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "charmcraft.yaml"), []byte(secretYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, stderr := runWithin(t, 30*time.Second, "meta", "show", dir)
	if !strings.Contains(stdout+stderr, token) {
		t.Fatalf("control: meta show of a charmcraft.yaml with key %s does not echo it; the leak check above proves nothing:\n%s", token, stdout+stderr)
	}
}
