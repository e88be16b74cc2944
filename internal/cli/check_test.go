package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/jujusim"
)

// TestCheckRunsEveryScenario keeps check's scenarios the ones the
// simulator has: each is known to jujusim.ScenarioWith, and the list its
// error for an unknown name gives is check's list, in check's order.
func TestCheckRunsEveryScenario(t *testing.T) {
	st := &jujusim.State{Unit: "x/0"}
	for _, sc := range simScenarios {
		if _, err := jujusim.ScenarioWith(sc, st, jujusim.ScenarioOptions{}); err != nil {
			t.Errorf("scenario %s: %v", sc, err)
		}
	}
	_, err := jujusim.ScenarioWith("no-such-scenario", st, jujusim.ScenarioOptions{})
	if err == nil {
		t.Fatal("ScenarioWith accepted an unknown scenario")
	}
	m := regexp.MustCompile(`use (.*)$`).FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("cannot read the scenarios from %q", err)
	}
	known := strings.FieldsFunc(strings.ReplaceAll(m[1], " or ", ","), func(r rune) bool { return r == ',' || r == ' ' })
	if !slices.Equal(known, simScenarios) {
		t.Errorf("jujusim has the scenarios %q; charmgen check runs %q: add the new ones to simScenarios, the --skip names and check --help", known, simScenarios)
	}
}

func TestCheckExitCodes(t *testing.T) {
	badSettings := t.TempDir()
	writeCheckFiles(t, badSettings, map[string]string{
		"charmcraft.yaml": "name: bad\ntype: charm\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms:\n  amd64:\n",
		"charmgen.yaml":   "juju: \"7\"\n",
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string // a regexp stdout must match
		err  string // a regexp stderr must match
	}{
		{"unknown step", []string{"check", t.TempDir(), "--skip", "vet,bogus"}, ExitUsage, `^$`, `unknown step "bogus"`},
		{"two dirs", []string{"check", "a", "b"}, ExitUsage, `^$`, `at most one directory`},
		{"bad fail-on", []string{"check", "--fail-on", "loud"}, ExitUsage, `^$`, `--fail-on must be`},
		{"bad juju", []string{"check", "--juju", "5"}, ExitUsage, `^$`, `--juju must be 3 or 4`},
		{"not a dir", []string{"check", "/no/such/charm"}, ExitError, `^$`, `^/no/such/charm:1:1: no such file or directory; name the charm's root directory`},
		// Everything skipped: nothing failed.
		{"all skipped", []string{"check", badSettings, "-q", "--times=false", "--skip", "gen,vet,lint,test,sim,pack"}, ExitOK,
			`(?m)^gen +skipped +--skip\n(.*skipped +--skip\n){9}$`, `^$`},
		{"no charm", []string{"check", t.TempDir()}, ExitError, `^$`, `:1:1: no charmcraft.yaml or metadata.yaml here; name the charm's root directory`},
		// A charmgen.yaml lint cannot read (2) that gen and the simulator
		// also refuse (1): the worst is the exit code.
		{"bad settings", []string{"check", badSettings, "-q", "--times=false", "--skip", "vet,test,pack"}, ExitUsage,
			`(?m)^gen +FAIL +juju must be "3" or "4", not "7"\n.*\nlint +FAIL +the charm cannot be linted: juju must be .*\n.*\nsim:deploy +FAIL +the charm could not be simulated: juju must be `,
			`check failed: gen, lint, sim:deploy `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Run(tc.args, strings.NewReader(""), &stdout, &stderr)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, &stdout, &stderr)
			}
			if !regexp.MustCompile(tc.out).MatchString(stdout.String()) {
				t.Errorf("stdout does not match %q:\n%s", tc.out, &stdout)
			}
			if !regexp.MustCompile(tc.err).MatchString(stderr.String()) {
				t.Errorf("stderr does not match %q:\n%s", tc.err, &stderr)
			}
		})
	}
}

func TestIndentCapped(t *testing.T) {
	var in strings.Builder
	for i := 1; i <= 250; i++ {
		fmt.Fprintf(&in, "line %d\n", i)
	}
	got := strings.Split(strings.TrimSuffix(indentCapped(in.String(), "go test ./...", "demo"), "\n"), "\n")
	if len(got) != checkOutputHead+1+checkOutputTail {
		t.Fatalf("%d lines, want %d", len(got), checkOutputHead+1+checkOutputTail)
	}
	for i, want := range map[int]string{
		0:                   "    line 1",
		checkOutputHead - 1: "    line 80",
		checkOutputHead:     "    ... 150 lines left out; run 'go test ./...' in demo to see them all",
		len(got) - 1:        "    line 250",
	} {
		if got[i] != want {
			t.Errorf("line %d is %q, want %q", i, got[i], want)
		}
	}
	// Short output is only indented; empty lines stay empty.
	if got := indentCapped("a\n\nb\n", "x", "."); got != "    a\n\n    b\n" {
		t.Errorf("short output: %q", got)
	}
}

func TestCheckRelations(t *testing.T) {
	for endpoint, want := range map[string]string{
		"db":         "remote-db",
		"db_primary": "remote-db-primary",
		"db-2":       "remote-app", // "2" alone is not an application name segment
	} {
		if got := remoteAppName(endpoint); got != want {
			t.Errorf("remoteAppName(%q) = %q, want %q", endpoint, got, want)
		}
	}
}

// writeCheckFiles writes name → content files into dir.
func writeCheckFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
