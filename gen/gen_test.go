package gen_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/gen"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/internal/simrun"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
)

// TestMain lets the test binary answer as the hook tools under simrun.
func TestMain(m *testing.M) {
	jujusim.RunAsTool()
	os.Exit(m.Run())
}

func repoRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

func needGo(t testing.TB) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go toolchain not found: these tests compile generated code")
	}
}

// newModule makes a Go module in a temp dir that uses this checkout of
// charmgen, and copies charmcraft.yaml into it.
func newModule(t testing.TB, module, charmcraft string) string {
	dir := t.TempDir()
	gomod := "module " + module + "\n\ngo 1.24\n\nrequire github.com/charmgen/charmgen v0.0.0\n\nreplace github.com/charmgen/charmgen => " + repoRoot(t) + "\n"
	write(t, filepath.Join(dir, "go.mod"), gomod)
	if charmcraft != "" {
		write(t, filepath.Join(dir, "charmcraft.yaml"), charmcraft)
	}
	return dir
}

func write(t testing.TB, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t testing.TB, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func generate(t testing.TB, dir string) []string {
	t.Helper()
	c, err := meta.Load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := settings.Load(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	files, err := gen.Plan(gen.Options{Dir: dir, Settings: s, Charm: c})
	if err != nil {
		t.Fatal(err)
	}
	changed, err := gen.Write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	return changed
}

const shopCharm = `name: shop
type: charm
summary: s
description: d
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: go
    source: .
requires:
  db:
    interface: mysql_client
config:
  options:
    port:
      type: int
      default: 8080
      description: Port.
actions:
  refund:
    description: Refund an order.
    params:
      order:
        type: integer
        minimum: 1
      reason:
        type: string
        enum: [damaged, late]
    required: [order]
`

// shopHandler replaces the generated stub with a small real charm: it
// publishes the port to its database relation, refunds orders, and reports
// active.
const shopHandler = `package charm

import (
	"fmt"
	"strconv"

	"github.com/charmgen/charmgen/charm"
)

type Charm struct{}

var _ Handler = (*Charm)(nil)

func (c *Charm) Reconcile(ctx *Context) ([]charm.Status, error) {
	dbs, err := ctx.Relations.DB()
	if err != nil {
		return nil, err
	}
	for _, r := range dbs {
		if err := r.SetLocalUnitData(map[string]string{"port": strconv.FormatInt(ctx.Config.Port, 10)}); err != nil {
			return nil, err
		}
	}
	if len(dbs) == 0 {
		return []charm.Status{charm.BlockedStatus("needs a db relation")}, nil
	}
	return []charm.Status{charm.ActiveStatus("port %d", ctx.Config.Port)}, nil
}
func (c *Charm) Stop(ctx *Context) error          { return nil }
func (c *Charm) Remove(ctx *Context) error        { return nil }
func (c *Charm) SecretRotate(ctx *Context) error  { return nil }
func (c *Charm) SecretExpired(ctx *Context) error { return nil }
func (c *Charm) SecretRemove(ctx *Context) error  { return nil }
func (c *Charm) RefundAction(ctx *Context, p RefundParams) (map[string]any, error) {
	reason := "none"
	if p.Reason != nil {
		reason = string(*p.Reason)
	}
	return map[string]any{"refunded": fmt.Sprint(p.Order), "reason": reason}, nil
}
`

// TestGeneratedCharmRuns generates a charm, builds it with go build, and
// runs it under the simulator: typed config, relations, action params with
// their validation, and a blocked status for invalid config.
func TestGeneratedCharmRuns(t *testing.T) {
	needGo(t)
	dir := newModule(t, "example.com/shop", shopCharm)
	write(t, filepath.Join(dir, "internal/charm/charm.go"), shopHandler)
	changed := generate(t, dir)
	if len(changed) == 0 || !contains(changed, "cmd/shop/main.go") || contains(changed, "internal/charm/charm.go") {
		t.Fatalf("changed = %v: want the generated files and main.go, and the user's charm.go untouched", changed)
	}
	run(t, dir, "go", "vet", "./...")
	r := buildAndStart(t, dir)
	st := &jujusim.State{Unit: "shop/0", Leader: true,
		ConfigOptions: map[string]jujusim.ConfigOption{"port": {Type: "int", Default: int64(8080)}},
		Relations:     []jujusim.Relation{{ID: 4, Endpoint: "db", RemoteApp: "mysql", RemoteUnits: []string{"mysql/0"}}}}
	step := func(ev string) {
		t.Helper()
		next, s, err := r.Run(context.Background(), st, ev)
		if err != nil {
			t.Fatalf("%s: %v", ev, err)
		}
		if s.ExitCode != 0 {
			t.Fatalf("%s exited %d: %+v", ev, s.ExitCode, next.Logs)
		}
		st = next
	}
	for _, ev := range []string{"install", "config-changed", "start", "db-relation-joined"} {
		step(ev)
	}
	if st.UnitStatus.Status != "active" || st.UnitStatus.Message != "port 8080" || st.Relation(4).LocalUnitData["port"] != "8080" {
		t.Errorf("after deploy: status %+v, db data %v", st.UnitStatus, st.Relation(4).LocalUnitData)
	}
	// Bad config blocks, naming the option, without failing the hook.
	st.Config = map[string]any{"port": "eighty"}
	st.ConfigOptions["port"] = jujusim.ConfigOption{Type: "string"}
	step("config-changed")
	if st.UnitStatus.Status != "blocked" || !strings.Contains(st.UnitStatus.Message, "option port: must be a whole number") {
		t.Errorf("bad config: %+v", st.UnitStatus)
	}
	st.Config = nil
	st.ConfigOptions["port"] = jujusim.ConfigOption{Type: "int", Default: int64(8080)}
	// Actions: typed params, validated before the handler runs.
	step("actions/refund:order=7,reason=late")
	if st.Action.Status != "completed" || st.Action.Results["refunded"] != "7" || st.Action.Results["reason"] != "late" {
		t.Errorf("refund: %+v", st.Action)
	}
	step("actions/refund:order=0")
	if st.Action.Status != "failed" || !strings.Contains(st.Action.FailureMessage, "order: must be at least 1") {
		t.Errorf("refund order=0: %+v", st.Action)
	}
	step("actions/refund:order=3,reason=bored")
	if st.Action.Status != "failed" || !strings.Contains(st.Action.FailureMessage, "reason: must be one of damaged, late") {
		t.Errorf("refund with a bad reason: %+v", st.Action)
	}
	step("actions/refund:order=3,extra=1")
	if st.Action.Status != "failed" || !strings.Contains(st.Action.FailureMessage, "extra: unknown") {
		t.Errorf("Juju 4 rejects unknown params by default: %+v", st.Action)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// In the daemon layout, charm.go and cmd/<name>/main.go are the user's in
// another shape (a daemon.Reconciler and daemon.Main): gen plans only the
// generated files, even when those two are missing.
func TestPlanDaemonLayoutMakesNoGoLayoutStubs(t *testing.T) {
	dir := newModule(t, "example.com/dd", "name: dd\ntype: charm\nsummary: s\ndescription: d\n")
	c, err := meta.Load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := settings.Default()
	s.Layout = "daemon"
	files, err := gen.Plan(gen.Options{Dir: dir, Settings: s, Charm: c})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no files planned")
	}
	for _, f := range files {
		if !f.Generated {
			t.Errorf("the daemon layout planned the user-owned %s", f.Path)
		}
	}
}

// TestTypedRelationRuns: with a schema tree in charmgen.yaml, the db
// endpoint gets typed databags; the built charm writes its request through
// the codec and rejects remote data that breaks the schema.
func TestTypedRelationRuns(t *testing.T) {
	needGo(t)
	dir := newModule(t, "example.com/shop", shopCharm)
	write(t, filepath.Join(dir, "charmgen.yaml"), "schemas: [schemas]\n")
	for _, f := range []string{"requirer.json", "provider.json"} {
		b, err := os.ReadFile(filepath.Join(repoRoot(t), "golden/typed-relations/schemas/mysql_client/v0", f))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "schemas/mysql_client/v0", f), string(b))
	}
	write(t, filepath.Join(dir, "internal/charm/charm.go"), `package charm

import (
	"github.com/charmgen/charmgen/charm"
	mysql "example.com/shop/internal/charm/mysql_client/v0"
)

type Charm struct{}

func (c *Charm) Reconcile(ctx *Context) ([]charm.Status, error) {
	dbs, err := ctx.Relations.DB()
	if err != nil || len(dbs) == 0 {
		return []charm.Status{charm.BlockedStatus("needs db")}, err
	}
	r := dbs[0]
	if err := r.WriteLocalApp(mysql.RequirerApp{Database: "orders"}); err != nil {
		return nil, err
	}
	remote, err := r.ReadRemoteApp()
	if err != nil {
		return []charm.Status{charm.WaitingStatus("db: %v", err)}, nil
	}
	return []charm.Status{charm.ActiveStatus("db at %s", remote.Endpoints)}, nil
}
func (c *Charm) Stop(ctx *Context) error          { return nil }
func (c *Charm) Remove(ctx *Context) error        { return nil }
func (c *Charm) SecretRotate(ctx *Context) error  { return nil }
func (c *Charm) SecretExpired(ctx *Context) error { return nil }
func (c *Charm) SecretRemove(ctx *Context) error  { return nil }
func (c *Charm) RefundAction(ctx *Context, p RefundParams) (map[string]any, error) { return nil, nil }
`)
	changed := generate(t, dir)
	if !contains(changed, "internal/charm/mysql_client/v0/mysqlclientv0.go") && !containsPrefix(changed, "internal/charm/mysql_client/v0/") {
		t.Fatalf("no codec package generated: %v", changed)
	}
	run(t, dir, "go", "vet", "./...")
	r := buildAndStart(t, dir)
	st := &jujusim.State{Unit: "shop/0", Leader: true,
		ConfigOptions: map[string]jujusim.ConfigOption{"port": {Type: "int", Default: int64(8080)}},
		Relations: []jujusim.Relation{{ID: 4, Endpoint: "db", RemoteApp: "mysql", RemoteUnits: []string{"mysql/0"},
			RemoteAppData: map[string]string{"version": "8.0"}}}}
	next, s, err := r.Run(context.Background(), st, "db-relation-changed:app")
	if err != nil || s.ExitCode != 0 {
		t.Fatalf("exit %d, %v: %+v", s.ExitCode, err, next.Logs)
	}
	if next.Relation(4).LocalAppData["database"] != "orders" {
		t.Errorf("app databag = %v", next.Relation(4).LocalAppData)
	}
	if next.UnitStatus.Status != "waiting" || !strings.Contains(next.UnitStatus.Message, "endpoints: required") {
		t.Errorf("remote data without endpoints: status %+v", next.UnitStatus)
	}
	next.Relation(4).RemoteAppData["endpoints"] = "10.0.0.3:3306"
	next, s, err = r.Run(context.Background(), next, "db-relation-changed:app")
	if err != nil || s.ExitCode != 0 || next.UnitStatus.Message != "db at 10.0.0.3:3306" {
		t.Errorf("valid remote data: exit %d %v status %+v", s.ExitCode, err, next.UnitStatus)
	}
}

func containsPrefix(list []string, p string) bool {
	for _, x := range list {
		if strings.HasPrefix(x, p) {
			return true
		}
	}
	return false
}

// buildAndStart builds the shop charm in dir and returns a simulator
// running it, closed when the test ends.
func buildAndStart(t *testing.T, dir string) *simrun.Runner {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dispatch")
	run(t, dir, "go", "build", "-o", bin, "./cmd/shop")
	exe, _ := os.Executable()
	r := &simrun.Runner{Dispatch: bin, CharmDir: dir, ToolBinary: exe, Timeout: time.Minute}
	if err := r.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
