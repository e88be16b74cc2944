package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/charmgen/charmgen/meta"
)

// corpusCharms is the shared charm corpus, relative to this package.
var corpusCharms = filepath.Join("..", "..", "..", "shared", "corpus", "charms")

// portFailures are the corpus charms that do not port, and why: their
// metadata has errors Juju would reject, which the port reports instead of
// guessing a fix.
var portFailures = map[string]string{
	"fixture--charmcraft--complex-self-contained": `container "super-app" mounts storage "logs", which is not declared`,
}

// TestNewFromCorpus ports every corpus charm (charmgen new --from) and
// builds, vets and tests the Go charm: whatever the names in its metadata
// (dashes, Go keywords, odd action names), the generated code and the
// test stubs compile against it and pass.
func TestNewFromCorpus(t *testing.T) {
	if _, err := os.Stat(corpusCharms); err != nil {
		t.Skipf("charm corpus not found at %s (it is only present in the charmgen workspace): %v", corpusCharms, err)
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go tool")
	}
	if testing.Short() {
		t.Skip("-short: porting and building every corpus charm takes a while")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(corpusCharms)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	clean, failed := []string{}, map[string]string{}
	t.Run("charms", func(t *testing.T) {
		for _, e := range ents {
			if !e.IsDir() {
				continue
			}
			dir := e.Name()
			t.Run(dir, func(t *testing.T) {
				t.Parallel()
				src := filepath.Join(corpusCharms, dir)
				c, _ := meta.Load(src, nil)
				name := c.Name.V
				if checkCharmName(name) != nil {
					name = "ported"
				}
				out := filepath.Join(t.TempDir(), name)
				var stdout, stderr bytes.Buffer
				code := Run([]string{"new", name, "--from", src, "--dir", out, "--sdk", root, "--tidy=false", "-q"}, strings.NewReader(""), &stdout, &stderr)
				if want := portFailures[dir]; want != "" {
					if code == ExitOK || !strings.Contains(stderr.String(), want) {
						t.Errorf("want the port to fail with %q; exit %d:\n%s", want, code, stderr.String())
					}
					mu.Lock()
					failed[dir] = want
					mu.Unlock()
					return
				}
				if code != ExitOK {
					t.Fatalf("charmgen new --from %s: exit %d\n%s", src, code, stderr.String())
				}
				for _, args := range [][]string{{"build", "./..."}, {"vet", "-tags", "integration", "./..."}, {"test", "-count=1", "./..."}} {
					cmd := exec.Command("go", args...)
					cmd.Dir = out
					cmd.Env = os.Environ()
					for k, v := range hostGoEnv() {
						cmd.Env = append(cmd.Env, k+"="+v)
					}
					if b, err := cmd.CombinedOutput(); err != nil {
						t.Fatalf("go %s in the port of %s: %v\n%s\n--- charmcraft.yaml\n%s", strings.Join(args, " "), dir, err, b, readFile(filepath.Join(out, "charmcraft.yaml")))
					}
				}
				mu.Lock()
				clean = append(clean, dir)
				mu.Unlock()
			})
		}
	})
	sort.Strings(clean)
	t.Logf("%d corpus charms port cleanly (generate, build, vet, test): %s", len(clean), strings.Join(clean, ", "))
	for dir, why := range failed {
		t.Logf("%s does not port: %s", dir, why)
	}
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}
