package pack

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/meta"
)

// MainPackage is a Go main package of the charm's module.
type MainPackage struct {
	ImportPath string
	Dir        string
}

// Binary is the name go install gives the package's binary: the last
// element of its import path, or the one before a major-version suffix
// (example.com/tool/v2 installs tool).
func (p MainPackage) Binary() string {
	b := path.Base(p.ImportPath)
	if majorRE.MatchString(b) {
		if d := path.Base(path.Dir(p.ImportPath)); d != "." && d != "/" {
			return d
		}
	}
	return b
}

var majorRE = regexp.MustCompile(`^v[2-9][0-9]*$`)

// BuildError is a failed go command; Output is what it printed.
type BuildError struct {
	What   string
	Output string
	Err    error
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("%s failed (%v); go's output is above", e.What, e.Err)
}

func (e *BuildError) Unwrap() error { return e.Err }

// goEnv is the environment of every go command pack runs: a static Linux
// binary for goarch, built for the oldest CPU of the architecture Go
// supports (GOAMD64=v1 and friends, which every Ubuntu release runs), so
// the host's tuning variables can neither break the charm on older
// machines nor change its bytes.
func goEnv(base []string, goarch string) []string {
	return append(append([]string(nil), base...),
		"CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch,
		"GOAMD64=v1", "GOARM64=v8.0", "GOPPC64=power8", "GORISCV64=rva20u64",
	)
}

func runGo(ctx context.Context, goCmd, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, goCmd, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, &BuildError{What: goCmd + " " + strings.Join(args, " ") + " (in " + dir + ")", Output: stderr.String(), Err: err}
	}
	return stdout.Bytes(), nil
}

// FindMain picks the charm's dispatch: the Go main package to build.
//
//   - want, when set: an import path, or a directory relative to the charm
//     (./cmd/demo);
//   - else the package a go part's organize maps to dispatch (bin/demo:
//     dispatch, as 'charmgen new' writes), which is what charmcraft's go
//     plugin would install there;
//   - else cmd/NAME (the layout 'charmgen new' makes, Go and daemon alike);
//   - else the module's only main package under the charm directory.
func FindMain(ctx context.Context, c *meta.Charm, want, goCmd string) (MainPackage, error) {
	dir := c.Dir
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return MainPackage{}, err
	}
	env := goEnv(os.Environ(), "amd64")
	gomod, err := runGo(ctx, goCmd, dir, env, "env", "GOMOD")
	if err != nil {
		return MainPackage{}, err
	}
	if m := strings.TrimSpace(string(gomod)); m == "" || m == os.DevNull {
		return MainPackage{}, fmt.Errorf("%s is not in a Go module (no go.mod here or above): charmgen pack builds Go charms, whose main package becomes dispatch; for a Python charm use charmcraft pack", dir)
	}
	out, err := runGo(ctx, goCmd, dir, env, "list", "-e", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{"\t"}}{{.Dir}}{{end}}`, "./...")
	if err != nil {
		return MainPackage{}, err
	}
	var mains []MainPackage
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if ip, d, ok := strings.Cut(line, "\t"); ok {
			mains = append(mains, MainPackage{ImportPath: ip, Dir: d})
		}
	}
	sort.Slice(mains, func(i, j int) bool { return mains[i].ImportPath < mains[j].ImportPath })
	list := func() string {
		names := make([]string, len(mains))
		for i, m := range mains {
			names[i] = m.ImportPath
		}
		return strings.Join(names, ", ")
	}
	if len(mains) == 0 {
		return MainPackage{}, fmt.Errorf("%s has no Go main package (package main with func main) to build as dispatch; 'charmgen new' puts it in cmd/%s/main.go. A Python charm is packed by charmcraft pack", dir, c.Name.V)
	}
	if want != "" {
		for _, m := range mains {
			if m.ImportPath == want || (strings.HasPrefix(want, ".") && m.Dir == filepath.Join(absDir, want)) {
				return m, nil
			}
		}
		return MainPackage{}, fmt.Errorf("--main %s is not a main package of the charm; its main packages are: %s", want, list())
	}
	if bin, pos, ok := organizedDispatch(c); ok {
		for _, m := range mains {
			if m.Binary() == bin {
				return m, nil
			}
		}
		return MainPackage{}, fmt.Errorf("%s: organize makes bin/%s the charm's dispatch, but no main package builds a binary named %s; its main packages are: %s (fix the organize entry, or name the package with --main)", pos, bin, bin, list())
	}
	cmdDir := filepath.Join(absDir, "cmd", c.Name.V)
	for _, m := range mains {
		if m.Dir == cmdDir {
			return m, nil
		}
	}
	if len(mains) == 1 {
		return mains[0], nil
	}
	return MainPackage{}, fmt.Errorf("%s has %d main packages and none is cmd/%s: name the one that is dispatch with --main (one of: %s)", dir, len(mains), c.Name.V, list())
}

// organizedDispatch finds a go part whose organize maps bin/NAME to
// dispatch, and returns NAME and where the entry is.
func organizedDispatch(c *meta.Charm) (string, meta.Pos, bool) {
	for _, p := range c.Parts {
		if p.Plugin.V != "go" {
			continue
		}
		org := p.Node.Get("organize")
		if org == nil || org.Kind != meta.KindMap {
			continue
		}
		for _, e := range org.Entries {
			if e.Value == nil || e.Value.Kind != meta.KindString || strings.Trim(e.Value.Str, "/") != "dispatch" {
				continue
			}
			if bin, ok := strings.CutPrefix(e.Key, "bin/"); ok && bin != "" && !strings.Contains(bin, "/") {
				return bin, e.KeyPos, true
			}
		}
	}
	return "", meta.Pos{}, false
}

// Build builds pkg as a static linux/goarch binary and returns its bytes.
// The flags make the bytes a function of the source and the Go toolchain
// alone: no cgo (so no dynamic loader), -trimpath (no directory names),
// -buildvcs=false (no VCS stamp, which changes with every commit and with
// a dirty tree), -ldflags="-s -w -buildid=" (no symbol table, no DWARF,
// no build ID derived from the action graph).
func Build(ctx context.Context, dir string, pkg MainPackage, goarch, goCmd, tmpDir string) ([]byte, error) {
	out := filepath.Join(tmpDir, "dispatch-"+goarch)
	if _, err := runGo(ctx, goCmd, dir, goEnv(os.Environ(), goarch),
		"build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", out, pkg.ImportPath); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return nil, err
	}
	if err := CheckStatic(b, goarch); err != nil {
		return nil, fmt.Errorf("dispatch for %s: %w", goarch, err)
	}
	return b, nil
}

var elfMachine = map[string]elf.Machine{
	"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "ppc64le": elf.EM_PPC64,
	"s390x": elf.EM_S390, "riscv64": elf.EM_RISCV,
}

// CheckStatic verifies that b is a statically linked Linux executable for
// goarch: an ELF file of that machine with no program interpreter and no
// dynamic section, so it runs on any Ubuntu of the architecture whatever
// libc it has. A GOFLAGS with -linkmode=external, or cgo forced on, would
// otherwise slip a dynamic binary into the charm.
func CheckStatic(b []byte, goarch string) error {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("not an ELF executable: %v", err)
	}
	defer f.Close()
	if want, ok := elfMachine[goarch]; ok && f.Machine != want {
		return fmt.Errorf("built for %v, not %s", f.Machine, goarch)
	}
	for _, p := range f.Progs {
		switch p.Type {
		case elf.PT_INTERP:
			return errors.New("dynamically linked (it has a program interpreter): check GOFLAGS and CGO_ENABLED")
		case elf.PT_DYNAMIC:
			return errors.New("dynamically linked (it has a dynamic section): check GOFLAGS and CGO_ENABLED")
		}
	}
	if f.Type != elf.ET_EXEC {
		return fmt.Errorf("not a fixed-address executable (type %v): check GOFLAGS for -buildmode", f.Type)
	}
	return nil
}
