package cli

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// newTree runs charmgen new in process (without go mod tidy) and returns
// the files it made, by slash path.
func newTree(t *testing.T, dir string, args ...string) map[string][]byte {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	args = append([]string{"new", "demo", "--dir", dir, "--sdk", root, "--tidy=false"}, args...)
	if code := Run(args, strings.NewReader(""), &out, &errb); code != ExitOK {
		t.Fatalf("charmgen %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	tree := map[string][]byte{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		tree[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// The same command line makes the same charm, byte for byte, wherever it
// is made.
func TestNewIsDeterministic(t *testing.T) {
	for _, kind := range []string{"machine", "kubernetes"} {
		t.Run(kind, func(t *testing.T) {
			a := newTree(t, filepath.Join(t.TempDir(), "a"), "--kind", kind)
			b := newTree(t, filepath.Join(t.TempDir(), "b"), "--kind", kind)
			if len(a) != len(b) || len(a) < 15 {
				t.Fatalf("%d files and %d files", len(a), len(b))
			}
			for p, content := range a {
				if !bytes.Equal(content, b[p]) {
					t.Errorf("%s differs between two runs", p)
				}
			}
			// The templated reconciler, not gen's stub, is charm.go.
			if !bytes.Contains(a["internal/charm/charm.go"], []byte("func upstreams(")) {
				t.Errorf("charm.go is not the templated reconciler:\n%s", a["internal/charm/charm.go"])
			}
		})
	}
}

func TestNewModuleFlag(t *testing.T) {
	tree := newTree(t, filepath.Join(t.TempDir(), "m"), "--module", "github.com/me/demo-charm")
	if !bytes.HasPrefix(tree["go.mod"], []byte("module github.com/me/demo-charm\n")) {
		t.Errorf("go.mod:\n%s", tree["go.mod"])
	}
	if !bytes.Contains(tree["cmd/demo/main.go"], []byte(`"github.com/me/demo-charm/internal/charm"`)) {
		t.Errorf("main.go:\n%s", tree["cmd/demo/main.go"])
	}
}

func TestReplacePath(t *testing.T) {
	for _, tc := range []struct {
		dir, sdk string
		relative bool
		want     string
	}{
		{"/src/charms/demo", "/src/charmgen", true, "../../charmgen"},
		{"/src/charmgen/demo", "/src/charmgen", true, ".."},
		{"/src/demo", "/src/demo/sdk", true, "./sdk"},
		{"/src/charms/demo", "/src/charmgen", false, "/src/charmgen"},
	} {
		got, err := replacePath(tc.dir, tc.sdk, tc.relative)
		if err != nil || got != tc.want {
			t.Errorf("replacePath(%q, %q, %v) = %q, %v; want %q", tc.dir, tc.sdk, tc.relative, got, err, tc.want)
		}
	}
}

func TestCheckCharmName(t *testing.T) {
	for _, ok := range []string{"demo", "my-app", "foo2", "a"} {
		if err := checkCharmName(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Demo", "foo-2", "2foo", "my_app", "a/../b", "-x", strings.Repeat("a", 41)} {
		if err := checkCharmName(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// --layout daemon makes the daemon layout's own main and reconciler, which
// gen leaves alone (no Go-layout stub or charm.Main), its script
// executable, byte for byte the same on every run.
func TestNewDaemonLayout(t *testing.T) {
	for _, kind := range []string{"machine", "kubernetes"} {
		t.Run(kind, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a")
			a := newTree(t, dir, "--kind", kind, "--layout", "daemon")
			b := newTree(t, filepath.Join(t.TempDir(), "b"), "--kind", kind, "--layout", "daemon")
			if len(a) != len(b) {
				t.Fatalf("%d files and %d files", len(a), len(b))
			}
			for p, content := range a {
				if !bytes.Equal(content, b[p]) {
					t.Errorf("%s differs between two runs", p)
				}
			}
			for _, p := range []string{"charmgen-hooks.yaml", "scripts/configure.sh", "internal/charm/config.gen.go", "internal/charm/charm_test.go"} {
				if a[p] == nil {
					t.Errorf("no %s", p)
				}
			}
			if a["tests/integration/integration_test.go"] != nil {
				t.Error("the daemon layout has an integration test")
			}
			if !bytes.Contains(a["cmd/demo/main.go"], []byte("daemon.Main(daemon.Config{")) {
				t.Errorf("main.go:\n%s", a["cmd/demo/main.go"])
			}
			if !bytes.Contains(a["internal/charm/charm.go"], []byte("func Reconcile(h *daemon.Hook)")) || bytes.Contains(a["internal/charm/charm.go"], []byte("type Charm struct")) {
				t.Errorf("charm.go is not the templated daemon reconciler:\n%s", a["internal/charm/charm.go"])
			}
			if !bytes.Contains(a["charmgen.yaml"], []byte("\nlayout: daemon\n")) {
				t.Errorf("charmgen.yaml:\n%s", a["charmgen.yaml"])
			}
			if st, err := os.Stat(filepath.Join(dir, "scripts", "configure.sh")); err != nil {
				t.Error(err)
			} else if st.Mode().Perm()&0o111 == 0 {
				t.Errorf("scripts/configure.sh is not executable: %v", st.Mode())
			}
		})
	}
}

func TestNewRefusesUnknownLayouts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	var out, errb bytes.Buffer
	code := Run([]string{"new", "demo", "--dir", dir, "--layout", "lucky", "--tidy=false"}, strings.NewReader(""), &out, &errb)
	if code != ExitUsage || !strings.Contains(errb.String(), `--layout must be go or daemon, not "lucky"`) {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("a charm was written")
	}
}

// The go part's override-build, run as charmcraft runs it (GOBIN set by the
// plugin, no craftctl needed), builds the charm's dispatch from vendor/
// when the --sdk checkout go.mod replaces charmgen with is gone.
func TestGoPartBuildsFromVendor(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("needs the go tool")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("needs bash")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	sdk := filepath.Join(tmp, "sdk")
	if err := os.Symlink(root, sdk); err != nil {
		t.Skipf("cannot make a symlink: %v", err)
	}
	dir := filepath.Join(tmp, "demo")
	var out, errb bytes.Buffer
	if code := Run([]string{"new", "demo", "--dir", dir, "--sdk", sdk, "-q"}, strings.NewReader(""), &out, &errb); code != ExitOK {
		t.Fatalf("charmgen new: exit %d\n%s", code, errb.String())
	}
	env := os.Environ()
	for k, v := range hostGoEnv() {
		env = append(env, k+"="+v)
	}
	vendor := exec.Command(goTool, "mod", "vendor")
	vendor.Dir, vendor.Env = dir, env
	if b, err := vendor.CombinedOutput(); err != nil {
		t.Fatalf("go mod vendor: %v\n%s", err, b)
	}
	if err := os.Remove(sdk); err != nil {
		t.Fatal(err)
	}
	cc, err := os.ReadFile(filepath.Join(dir, "charmcraft.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Parts map[string]struct {
			OverrideBuild string `yaml:"override-build"`
		}
	}
	if err := yaml.Unmarshal(cc, &doc); err != nil {
		t.Fatal(err)
	}
	script := doc.Parts["charm"].OverrideBuild
	if script == "" {
		t.Fatalf("the charm part has no override-build:\n%s", cc)
	}
	bin := filepath.Join(tmp, "install", "bin")
	cmd := exec.Command(bash, "-e", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(env, "GOBIN="+bin, "CRAFT_PARALLEL_BUILD_COUNT=2", "GOFLAGS=", "GOPROXY=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("override-build: %v\n%s", err, b)
	}
	if _, err := os.Stat(filepath.Join(bin, "demo")); err != nil {
		t.Errorf("override-build installed no bin/demo: %v", err)
	}
}
