package pack

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/meta"
)

// tinyCharm is a Go charm with no dependencies: a module, its main package
// in cmd/tiny (the layout charmgen new makes), a library package, and
// files charmcraft would copy.
var tinyCharm = map[string]string{
	"go.mod": "module example.com/tiny\n\ngo 1.25\n",
	"charmcraft.yaml": `name: tiny
type: charm
summary: A tiny Go charm.
description: A tiny Go charm for pack's tests.
base: ubuntu@24.04
platforms:
  amd64:
  arm64:
parts:
  charm:
    plugin: go
    source: .
    organize:
      bin/tiny: dispatch
config:
  options:
    port:
      type: int
      default: 8080
      description: Port.
`,
	"cmd/tiny/main.go":   "package main\n\nimport \"example.com/tiny/internal/hook\"\n\nfunc main() { hook.Run() }\n",
	"internal/hook/h.go": "package hook\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\n// Run prints the hook.\nfunc Run() { fmt.Println(os.Getenv(\"JUJU_DISPATCH_PATH\")) }\n",
	"README.md":          "# tiny\n",
	"icon.svg":           "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
	"notes.txt":          "not part of the charm\n",
}

func needGo(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds Go binaries; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("needs the go command: %v", err)
	}
}

// writeCharm writes files into a new temporary directory and loads it.
func writeCharm(t *testing.T, files map[string]string) *meta.Charm {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if strings.HasSuffix(name, ".sh") {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	c, err := meta.Load(dir, &meta.Options{Juju: 4})
	if err != nil {
		t.Fatalf("the test charm does not load: %v", err)
	}
	return c
}

func with(base map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

var stamp = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func readZip(t *testing.T, data []byte) map[string]*zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]*zip.File{}
	var names []string
	for _, f := range zr.File {
		out[f.Name] = f
		names = append(names, f.Name)
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Errorf("archive entries are not in name order: %v", names)
		}
	}
	return out
}

func content(t *testing.T, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPackGoCharm packs a Go charm for amd64 and arm64 and checks each
// .charm: its name, its files and their modes and times, a static ELF
// dispatch for the platform's machine, and the metadata stage's files.
// Then it packs again and wants the same bytes, the files left untouched.
func TestPackGoCharm(t *testing.T) {
	needGo(t)
	c := writeCharm(t, tinyCharm)
	out := filepath.Join(t.TempDir(), "dist")
	var progress []string
	opts := Options{Out: out, Time: stamp, Version: "1.2.3", Progress: func(f string, a ...any) { progress = append(progress, f) }}
	charms, err := Pack(context.Background(), c, opts)
	if err != nil {
		var be *BuildError
		if errors.As(err, &be) {
			t.Fatalf("%v\n%s", err, be.Output)
		}
		t.Fatal(err)
	}
	if len(charms) != 2 {
		t.Fatalf("packed %d charms, want 2 (amd64, arm64)", len(charms))
	}
	if len(progress) == 0 || !strings.Contains(strings.Join(progress, "\n"), "building dispatch for") {
		t.Errorf("no building progress line: %q", progress)
	}
	machines := map[string]elf.Machine{"tiny_amd64.charm": elf.EM_X86_64, "tiny_arm64.charm": elf.EM_AARCH64}
	for _, ch := range charms {
		name := filepath.Base(ch.Path)
		if filepath.Dir(ch.Path) != out {
			t.Errorf("%s written outside %s", ch.Path, out)
		}
		onDisk, err := os.ReadFile(ch.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(onDisk, ch.Data) || !ch.Written {
			t.Errorf("%s: the file on disk is not the archive Pack returned (written=%v)", name, ch.Written)
		}
		if sum := sha256.Sum256(onDisk); ch.SHA256 != bytesHex(sum[:]) {
			t.Errorf("%s: SHA256 %s is not the file's", name, ch.SHA256)
		}
		files := readZip(t, onDisk)
		want := []string{"README.md", "config.yaml", "dispatch", "icon.svg", "manifest.yaml", "metadata.yaml"}
		if strings.Join(sortedKeys(files), " ") != strings.Join(want, " ") {
			t.Errorf("%s holds %v, want %v", name, sortedKeys(files), want)
		}
		for n, f := range files {
			wantMode := os.FileMode(0o644)
			if n == "dispatch" {
				wantMode = 0o755
			}
			if f.Mode().Perm() != wantMode || !f.Mode().IsRegular() {
				t.Errorf("%s: %s has mode %v, want %v", name, n, f.Mode(), wantMode)
			}
			if !f.Modified.Equal(stamp) {
				t.Errorf("%s: %s is stamped %v, want %v", name, n, f.Modified, stamp)
			}
		}
		// dispatch: a static executable for the platform's machine.
		bin := content(t, files["dispatch"])
		ef, err := elf.NewFile(bytes.NewReader(bin))
		if err != nil {
			t.Fatalf("%s: dispatch is not ELF: %v", name, err)
		}
		if ef.Machine != machines[name] {
			t.Errorf("%s: dispatch is for %v, want %v", name, ef.Machine, machines[name])
		}
		for _, p := range ef.Progs {
			if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
				t.Errorf("%s: dispatch has a %v program header: it is dynamically linked", name, p.Type)
			}
		}
		if ef.Section(".dynamic") != nil || ef.Section(".interp") != nil {
			t.Errorf("%s: dispatch has a .dynamic or .interp section", name)
		}
		if syms, _ := ef.Symbols(); len(syms) > 0 {
			t.Errorf("%s: dispatch has %d symbols; -s should strip them", name, len(syms))
		}
		ef.Close()
		// The metadata is the metadata stage's.
		md, err := Metadata(c, ch.Target, MetadataOptions{CharmcraftVersion: "charmgen-1.2.3", Time: stamp})
		if err != nil {
			t.Fatal(err)
		}
		for n, b := range md {
			if !bytes.Equal(content(t, files[n]), b) {
				t.Errorf("%s: %s is not what the metadata stage writes", name, n)
			}
		}
		if !strings.Contains(string(md["manifest.yaml"]), "charmcraft-version: charmgen-1.2.3\ncharmcraft-started-at: '2026-01-02T03:04:05+00:00'\n") {
			t.Errorf("%s: manifest.yaml does not carry the version and time:\n%s", name, md["manifest.yaml"])
		}
	}

	// Again, from a fresh load: the same bytes, and nothing rewritten.
	info, err := os.Stat(charms[0].Path)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Pack(context.Background(), writeCharmAt(t, c.Dir), opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range charms {
		if again[i].SHA256 != charms[i].SHA256 || !bytes.Equal(again[i].Data, charms[i].Data) {
			t.Errorf("%s: a second pack gave other bytes (sha256 %s, then %s)", charms[i].Path, charms[i].SHA256, again[i].SHA256)
		}
		if again[i].Written {
			t.Errorf("%s: a second pack rewrote an identical file", charms[i].Path)
		}
	}
	if info2, err := os.Stat(charms[0].Path); err != nil || !info2.ModTime().Equal(info.ModTime()) {
		t.Errorf("the second pack touched %s", charms[0].Path)
	}
}

// writeCharmAt loads the charm in dir again.
func writeCharmAt(t *testing.T, dir string) *meta.Charm {
	t.Helper()
	c, err := meta.Load(dir, &meta.Options{Juju: 4})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func bytesHex(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// TestSameBytesElsewhere packs the same charm from two directories with
// different paths: -trimpath keeps the directory out of the binary.
func TestSameBytesElsewhere(t *testing.T) {
	needGo(t)
	opts := Options{DryRun: true, Time: stamp, Platform: "arm64"}
	a, err := Pack(context.Background(), writeCharm(t, tinyCharm), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Pack(context.Background(), writeCharm(t, tinyCharm), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 1 || len(b) != 1 {
		t.Fatalf("--platform arm64 packed %d and %d charms, want 1", len(a), len(b))
	}
	if a[0].SHA256 != b[0].SHA256 {
		t.Errorf("the same charm in two directories packs to different bytes: %s, %s", a[0].SHA256, b[0].SHA256)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	needGo(t)
	c := writeCharm(t, tinyCharm)
	out := filepath.Join(t.TempDir(), "dist")
	charms, err := Pack(context.Background(), c, Options{Out: out, DryRun: true, Time: stamp})
	if err != nil {
		t.Fatal(err)
	}
	if len(charms) != 2 || charms[0].Written || charms[0].Path != filepath.Join(out, "tiny_amd64.charm") {
		t.Errorf("dry run: %d charms, first %s written=%v", len(charms), charms[0].Path, charms[0].Written)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a dry run created %s (%v)", out, err)
	}
	entries, _ := os.ReadDir(c.Dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".charm") {
			t.Errorf("a dry run wrote %s into the charm", e.Name())
		}
	}
}

// TestPackErrors checks that each way a charm cannot be packed is an error
// that says where and what to do, before anything is written.
func TestPackErrors(t *testing.T) {
	needGo(t)
	tests := []struct {
		name    string
		changes map[string]string
		opts    Options
		want    []string
		diag    bool // a positioned meta.Diagnostics
	}{{
		name:    "no go.mod",
		changes: map[string]string{"go.mod": "", "cmd/tiny/main.go": "", "internal/hook/h.go": ""},
		want:    []string{"is not in a Go module", "charmcraft pack"},
	}, {
		name:    "no main package",
		changes: map[string]string{"cmd/tiny/main.go": ""},
		want:    []string{"has no Go main package", "cmd/tiny/main.go", "Python charm"},
	}, {
		name:    "organize names a binary no package builds",
		changes: map[string]string{"charmcraft.yaml": strings.Replace(tinyCharm["charmcraft.yaml"], "bin/tiny", "bin/other", 1)},
		want:    []string{"charmcraft.yaml:14:7: organize makes bin/other the charm's dispatch", "example.com/tiny/cmd/tiny", "--main"},
	}, {
		name: "two main packages, neither cmd/NAME",
		changes: map[string]string{
			"charmcraft.yaml":  strings.Replace(tinyCharm["charmcraft.yaml"], "    organize:\n      bin/tiny: dispatch\n", "", 1),
			"cmd/tiny/main.go": "", "cmd/a/main.go": "package main\n\nfunc main() {}\n", "cmd/b/main.go": "package main\n\nfunc main() {}\n",
		},
		want: []string{"has 2 main packages and none is cmd/tiny", "--main", "example.com/tiny/cmd/a, example.com/tiny/cmd/b"},
	}, {
		name: "--main that is not a main package",
		opts: Options{Main: "./internal/hook"},
		want: []string{"--main ./internal/hook is not a main package", "example.com/tiny/cmd/tiny"},
	}, {
		name: "a bases entry for two architectures",
		changes: map[string]string{"charmcraft.yaml": strings.Replace(tinyCharm["charmcraft.yaml"], "base: ubuntu@24.04\nplatforms:\n  amd64:\n  arm64:\n",
			"bases:\n  - build-on:\n      - {name: ubuntu, channel: \"22.04\"}\n    run-on:\n      - {name: ubuntu, channel: \"22.04\", architectures: [amd64, arm64]}\n", 1)},
		want: []string{"charmcraft.yaml:6:5: bases entry 0 runs on amd64, arm64, but a Go dispatch is a binary for one architecture"},
		diag: true,
	}, {
		name: "unknown platform",
		opts: Options{Platform: "s390x"},
		want: []string{`unknown platform "s390x"`, "amd64, arm64"},
	}, {
		name:    "a build error",
		changes: map[string]string{"cmd/tiny/main.go": "package main\n\nfunc main() { undefined() }\n"},
		want:    []string{"go build", "failed"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := writeCharm(t, with(tinyCharm, tt.changes))
			tt.opts.Out = filepath.Join(t.TempDir(), "dist")
			tt.opts.Time = stamp
			_, err := Pack(context.Background(), c, tt.opts)
			if err == nil {
				t.Fatal("Pack succeeded")
			}
			msg := err.Error()
			var be *BuildError
			if errors.As(err, &be) {
				msg += "\n" + be.Output
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error does not say %q:\n%s", w, msg)
				}
			}
			var ds meta.Diagnostics
			if errors.As(err, &ds) != tt.diag {
				t.Errorf("error is a meta.Diagnostics: %v, want %v", !tt.diag, tt.diag)
			}
			if _, err := os.Stat(tt.opts.Out); !os.IsNotExist(err) {
				t.Errorf("a failed pack created %s", tt.opts.Out)
			}
		})
	}
}

// TestMainSelection checks which main package becomes dispatch.
func TestMainSelection(t *testing.T) {
	needGo(t)
	noOrganize := strings.Replace(tinyCharm["charmcraft.yaml"], "    organize:\n      bin/tiny: dispatch\n", "", 1)
	tests := []struct {
		name    string
		changes map[string]string
		main    string
		want    string
	}{
		{"organize", map[string]string{"cmd/zz/main.go": "package main\n\nfunc main() {}\n"}, "", "example.com/tiny/cmd/tiny"},
		{"organize names a major-version package", map[string]string{
			"charmcraft.yaml":  strings.Replace(tinyCharm["charmcraft.yaml"], "bin/tiny", "bin/tool", 1),
			"cmd/tiny/main.go": "", "tool/v2/main.go": "package main\n\nfunc main() {}\n",
		}, "", "example.com/tiny/tool/v2"},
		{"cmd/NAME", map[string]string{"charmcraft.yaml": noOrganize, "cmd/zz/main.go": "package main\n\nfunc main() {}\n"}, "", "example.com/tiny/cmd/tiny"},
		{"the only one", map[string]string{"charmcraft.yaml": noOrganize, "cmd/tiny/main.go": "", "app/main.go": "package main\n\nfunc main() {}\n"}, "", "example.com/tiny/app"},
		{"--main by directory", map[string]string{"cmd/zz/main.go": "package main\n\nfunc main() {}\n"}, "./cmd/zz", "example.com/tiny/cmd/zz"},
		{"--main by import path", map[string]string{"cmd/zz/main.go": "package main\n\nfunc main() {}\n"}, "example.com/tiny/cmd/zz", "example.com/tiny/cmd/zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := writeCharm(t, with(tinyCharm, tt.changes))
			got, err := FindMain(context.Background(), c, tt.main, "go")
			if err != nil {
				t.Fatal(err)
			}
			if got.ImportPath != tt.want {
				t.Errorf("FindMain = %s, want %s", got.ImportPath, tt.want)
			}
		})
	}
}

// TestDaemonLayout packs the files the daemon layout reads at run time:
// the hooks file, scripts/ (a script the hooks file runs is executable
// even when the checkout lost the bit) and a relation schema file.
func TestDaemonLayout(t *testing.T) {
	hooks := "hooks:\n  install:\n    - script: setup.sh\n  config-changed:\n    - script: sub/configure\nrelations:\n  website:\n    schema: schemas/website.json\n"
	dir := writeCharm(t, with(tinyCharm, map[string]string{
		"charmgen-hooks.yaml":   hooks,
		"scripts/setup.sh":      "#!/bin/sh\necho setup\n",
		"scripts/sub/configure": "#!/bin/sh\necho configure\n",
		"scripts/lib.inc":       "helper() { :; }\n",
		"schemas/website.json":  `{"type": "object"}`,
	})).Dir
	files, err := charmFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]os.FileMode{}
	for _, f := range files {
		got[f.Name] = f.Mode
	}
	want := map[string]os.FileMode{
		"README.md": 0o644, "icon.svg": 0o644, "charmgen-hooks.yaml": 0o644,
		"scripts/setup.sh": 0o755, "scripts/sub/configure": 0o755, "scripts/lib.inc": 0o644,
		"schemas/website.json": 0o644,
	}
	if len(got) != len(want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	for n, m := range want {
		if got[n] != m {
			t.Errorf("%s: mode %v (present: %v), want %v", n, got[n], got[n] != 0, m)
		}
	}

	// A script the hooks file runs that is not there.
	if err := os.Remove(filepath.Join(dir, "scripts", "setup.sh")); err != nil {
		t.Fatal(err)
	}
	if _, err := charmFiles(dir); err == nil || !strings.Contains(err.Error(), "hooks.install[0] runs scripts/setup.sh") {
		t.Errorf("missing script: err = %v", err)
	}
	// A link in scripts/ is refused, not followed.
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "scripts", "setup.sh")); err != nil {
		t.Skip(err)
	}
	if _, err := charmFiles(dir); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("symlink in scripts/: err = %v", err)
	}
}

func TestZip(t *testing.T) {
	files := []File{
		{Name: "metadata.yaml", Mode: 0o644, Data: []byte("name: x\n")},
		{Name: "dispatch", Mode: 0o755, Data: []byte("#!/bin/sh\n")},
		{Name: "scripts/a.sh", Mode: 0o755, Data: []byte("echo a\n")},
	}
	a, err := Zip(files, stamp)
	if err != nil {
		t.Fatal(err)
	}
	// Another order, another time zone: the same bytes.
	b, err := Zip([]File{files[2], files[0], files[1]}, stamp.In(time.FixedZone("X", -7*3600)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same files in another order or zone give other bytes")
	}
	zf := readZip(t, a)
	if zf["dispatch"].Mode().Perm() != 0o755 || zf["metadata.yaml"].Mode().Perm() != 0o644 {
		t.Errorf("modes: dispatch %v, metadata.yaml %v", zf["dispatch"].Mode(), zf["metadata.yaml"].Mode())
	}
	// Before 1980 a zip cannot say: clamped.
	old, err := Zip(files[:1], time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if m := readZip(t, old)["metadata.yaml"].Modified; !m.Equal(DefaultTime) {
		t.Errorf("a 1970 time is stamped %v, want %v", m, DefaultTime)
	}
	for _, bad := range []string{"../x", "/abs", "a//b", "a/./b", `a\b`} {
		if _, err := Zip([]File{{Name: bad, Data: nil}}, stamp); err == nil {
			t.Errorf("Zip accepted the name %q", bad)
		}
	}
	if _, err := Zip([]File{files[0], files[0]}, stamp); err == nil {
		t.Error("Zip accepted two files of one name")
	}
}

func TestSourceDate(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "SOURCE_DATE_EPOCH" {
				return v
			}
			return ""
		}
	}
	if got, err := SourceDate(env("")); err != nil || !got.Equal(DefaultTime) {
		t.Errorf("unset: %v, %v", got, err)
	}
	if got, err := SourceDate(env("1700000000")); err != nil || !got.Equal(time.Unix(1700000000, 0)) || got.Location() != time.UTC {
		t.Errorf("1700000000: %v, %v", got, err)
	}
	if _, err := SourceDate(env("yesterday")); err == nil || !strings.Contains(err.Error(), "git log -1 --format=%ct") {
		t.Errorf("bad value: %v", err)
	}
}

// TestCheckStatic rejects a dynamically linked executable: /bin/sh on a
// Linux host.
func TestCheckStatic(t *testing.T) {
	b, err := os.ReadFile("/bin/sh")
	if err != nil {
		t.Skipf("no /bin/sh to test with: %v", err)
	}
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Skipf("/bin/sh is not ELF: %v", err)
	}
	dynamic := false
	for _, p := range f.Progs {
		dynamic = dynamic || p.Type == elf.PT_INTERP
	}
	if !dynamic {
		t.Skip("/bin/sh is statically linked here")
	}
	goarch := map[elf.Machine]string{elf.EM_X86_64: "amd64", elf.EM_AARCH64: "arm64"}[f.Machine]
	if err := CheckStatic(b, goarch); err == nil || !strings.Contains(err.Error(), "dynamically linked") {
		t.Errorf("CheckStatic(/bin/sh) = %v, want a dynamically-linked error", err)
	}
	if err := CheckStatic([]byte("#!/bin/sh\n"), "amd64"); err == nil {
		t.Error("CheckStatic accepted a shell script")
	}
}
