package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/cli"
)

// metaBadDir holds the malformed charms of package meta's tests: one
// directory per case, with want.txt holding the expected first error line
// without the directory prefix (a substring, or else a regexp).
const metaBadDir = "../../meta/testdata/bad"

// metaDiagLineRE is the path:line:col: form every error line takes.
var metaDiagLineRE = regexp.MustCompile(`^\S+:\d+:\d+: `)

// metaErrRun runs charmgen in process, turning a panic into a test failure.
func metaErrRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("charmgen %s panicked: %v", strings.Join(args, " "), r)
			}
		}()
		code = cli.Run(args, strings.NewReader(""), &out, &errb)
	}()
	return code, out.String(), errb.String()
}

// metaErrLines returns the error lines of stderr: path:line:col: lines
// that are not warnings.
func metaErrLines(stderr string) []string {
	var out []string
	for _, l := range strings.Split(stderr, "\n") {
		if metaDiagLineRE.MatchString(l) && !strings.Contains(l, ": warning: ") {
			out = append(out, l)
		}
	}
	return out
}

func metaErrMatch(rest, want string) bool {
	if strings.Contains(rest, want) {
		return true
	}
	re, err := regexp.Compile(want)
	return err == nil && re.MatchString(rest)
}

func TestMetaShowBadInputs(t *testing.T) {
	entries, err := os.ReadDir(metaBadDir)
	if err != nil {
		t.Fatalf("reading the bad cases of package meta: %v", err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		dir := filepath.Join(metaBadDir, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			wb, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSpace(string(wb))
			code, stdout, stderr := metaErrRun(t, "meta", "show", dir)
			if code != cli.ExitError {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, cli.ExitError, stdout, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty on error:\n%s", stdout)
			}
			lines := metaErrLines(stderr)
			if len(lines) == 0 {
				t.Fatalf("stderr has no path:line:col: error line:\n%s", stderr)
			}
			rest, ok := strings.CutPrefix(lines[0], filepath.Clean(dir))
			rest = strings.TrimPrefix(rest, string(filepath.Separator))
			if !ok || !metaErrMatch(rest, want) {
				t.Errorf("first error line:\n  %s\nwant (after %s/):\n  %s\nstderr:\n%s", lines[0], dir, want, stderr)
			}
		})
	}
	if n < 30 {
		t.Errorf("only %d bad cases in %s", n, metaBadDir)
	}
}

// TestMetaShowSeriesJuju3: the series charm Juju 4 rejects shows under
// --juju 3, with the warning on stderr.
func TestMetaShowSeriesJuju3(t *testing.T) {
	dir := filepath.Join(metaBadDir, "series-juju4")
	code, stdout, stderr := metaErrRun(t, "meta", "show", dir, "--juju", "3")
	if code != cli.ExitOK {
		t.Fatalf("exit %d with --juju 3\nstderr:\n%s", code, stderr)
	}
	var v struct {
		Name     string   `json:"name"`
		Series   []string `json:"series"`
		Warnings []struct {
			Code string `json:"code"`
			Line int    `json:"line"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if v.Name != "demo" || len(v.Series) != 1 || v.Series[0] != "jammy" {
		t.Errorf("view = %+v", v)
	}
	if len(v.Warnings) != 1 || v.Warnings[0].Code != "series" || v.Warnings[0].Line != 5 {
		t.Errorf("warnings = %+v; want the series warning at line 5", v.Warnings)
	}
	if !strings.Contains(stderr, "metadata.yaml:5:5: warning: series \"jammy\"") {
		t.Errorf("stderr lacks the series warning:\n%s", stderr)
	}
}

// TestMetaShowReportsEveryError: several independent errors in one file all
// come out of one run, each as path:line:col: message, with the count.
func TestMetaShowReportsEveryError(t *testing.T) {
	dir := t.TempDir()
	src := `name: Demo
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
  website:
    interface: juju-info
requires:
  juju-db: mysql
storage:
  disks:
    type: block
    location: /dev/sdb
config:
  options:
    debug:
      type: boolean
      default: "no"
`
	if err := os.WriteFile(filepath.Join(dir, "charmcraft.yaml"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := metaErrRun(t, "meta", "show", dir)
	if code != cli.ExitError || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want exit 1 and nothing on stdout", code, stdout)
	}
	wantPos := []string{":1:7: ", ":13:16: ", ":15:3: ", ":19:15: ", ":24:16: "}
	lines := metaErrLines(stderr)
	if len(lines) != len(wantPos) {
		t.Fatalf("got %d error lines, want %d:\n%s", len(lines), len(wantPos), stderr)
	}
	for i, p := range wantPos {
		if !strings.HasPrefix(lines[i], filepath.Join(dir, "charmcraft.yaml")+p) {
			t.Errorf("error %d = %s; want it at %s", i, lines[i], p)
		}
	}
	if !strings.Contains(stderr, "charmgen: 5 errors in charm metadata") {
		t.Errorf("stderr lacks the error count:\n%s", stderr)
	}
}

// TestMetaShowMissingDir: a directory that is not there is an error with a
// position, not a crash or a usage error.
func TestMetaShowMissingDir(t *testing.T) {
	code, _, stderr := metaErrRun(t, "meta", "show", filepath.Join(t.TempDir(), "nope"))
	if code != cli.ExitError {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "nope:1:1: ") {
		t.Errorf("stderr = %q", stderr)
	}
}
