package jujutest

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDeployCharmhubArgv(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{ok("deploy")}, nil)
	err := f.juju.Deploy(t.Context(), "postgresql", DeployOptions{
		App:         "db",
		Base:        Ubuntu2404,
		Channel:     "14/stable",
		Revision:    468,
		Config:      map[string]string{"profile": "testing", "admin-password": "pw-do-not-log"},
		Resources:   map[string]string{"snap": "12"},
		Trust:       true,
		NumUnits:    3,
		Constraints: "mem=4G",
		To:          []string{"0", "lxd:1", "2"},
		Storage:     map[string]string{"pgdata": "rootfs,10G"},
		Bind:        "alpha",
		Force:       true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"deploy", "--model", "m", "postgresql", "db",
		"--base", "ubuntu@24.04", "--channel", "14/stable", "--revision", "468",
		"--config", "profile=testing", "--config", "<config file>",
		"-n", "3", "--resource", "snap=12", "--trust", "--constraints", "mem=4G",
		"--to", "0,lxd:1,2", "--storage", "pgdata=rootfs,10G", "--bind", "alpha", "--force",
	}
	// The sensitive value goes through a file (its name varies), keyed by
	// the application name, never on argv.
	got := f.argvs()[0]
	if len(got) > 14 {
		got[14] = "<config file>"
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	// Nothing logged holds the sensitive config value.
	recs := recordsWith(f.records(), "juju")
	args, _ := recs[0]["args"].([]any)
	if !slices.Contains(args, any("profile=testing")) || strings.Contains(f.logs.String(), "pw-do-not-log") {
		t.Errorf("logged args = %v", args)
	}
	if recs[0]["level"] != "INFO" || recs[0]["cmd"] != "deploy" || recs[0]["attempt"].(float64) != 1 {
		t.Errorf("record = %v", recs[0])
	}
}

func TestDeployLocalCharm(t *testing.T) {
	t.Parallel()
	res := filepath.Join(t.TempDir(), "workload.tar")
	if err := os.WriteFile(res, []byte("image"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := newFake(t, []step{ok("deploy")}, nil)
	err := f.juju.Deploy(t.Context(), "testdata/tiny.charm", DeployOptions{
		Base: MustParseBase("ubuntu@22.04"), Resources: map[string]string{"image": res},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"deploy", "--model", "m", "./testdata/tiny.charm", "--base", "ubuntu@22.04", "--resource", "image=" + res}
	if diff := cmp.Diff(want, f.argvs()[0]); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
}

func TestDeployStagesFilesForSnap(t *testing.T) {
	t.Parallel()
	stage := t.TempDir()
	f := newFake(t, []step{ok("deploy")}, nil, WithStageDir(stage))
	if err := f.juju.Deploy(t.Context(), "testdata/tiny.charm", DeployOptions{}); err != nil {
		t.Fatal(err)
	}
	charm := f.argvs()[0][3]
	if filepath.Dir(charm) != stage || !strings.HasSuffix(charm, "tiny.charm") {
		t.Errorf("charm argument %q not staged in %s", charm, stage)
	}
	if _, err := os.Stat(charm); !os.IsNotExist(err) {
		t.Errorf("staged copy %s left behind", charm)
	}
}

func TestDeployRefusesSeriesAndDirectories(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, nil)
	ctx := t.Context()
	err := f.juju.Deploy(ctx, "ubuntu", DeployOptions{Base: Base{Name: "jammy"}})
	var se *SeriesError
	if !errors.As(err, &se) || se.Base != "ubuntu@22.04" || !strings.Contains(err.Error(), `use base "ubuntu@22.04"`) {
		t.Errorf("series in Base: %v", err)
	}
	err = f.juju.Deploy(ctx, "ubuntu", DeployOptions{Base: Base{Name: "ubuntu", Channel: "noble"}})
	if !errors.As(err, &se) || se.Base != "ubuntu@24.04" {
		t.Errorf("series as channel: %v", err)
	}
	if err := f.juju.Deploy(ctx, "testdata", DeployOptions{}); err == nil || !strings.Contains(err.Error(), "pack it") {
		t.Errorf("directory deploy: %v", err)
	}
	if err := f.juju.Deploy(ctx, "./missing.charm", DeployOptions{}); err == nil {
		t.Error("a missing local charm should fail")
	}
	err = f.juju.Refresh(ctx, "app", RefreshOptions{Base: Base{Name: "focal"}})
	if !errors.As(err, &se) || se.Base != "ubuntu@20.04" {
		t.Errorf("series in refresh: %v", err)
	}
	if n := len(f.calls()); n != 0 {
		t.Errorf("juju ran %d times for refused deploys", n)
	}
}

func TestCliRefusesRemovedCommands(t *testing.T) {
	t.Parallel()
	f := newFake(t, nil, nil)
	ctx := t.Context()
	for _, args := range [][]string{
		{"wait-for", "application", "app"},
		{"status", "--watch", "5s"},
		{"deploy", "ubuntu", "--series", "jammy"},
		{"deploy", "ubuntu", "--series=focal"},
		{"refresh", "app", "--force-series"},
		{"upgrade-machine", "0", "prepare", "noble"},
	} {
		_, err := f.juju.Cli(ctx, args...)
		if err == nil {
			t.Errorf("%q: no error", args)
			continue
		}
		var se *SeriesError
		if !errors.Is(err, ErrRemovedInJuju4) && !errors.As(err, &se) {
			t.Errorf("%q: %v", args, err)
		}
	}
	_, err := f.juju.Cli(ctx, "deploy", "ubuntu", "--series", "jammy")
	var se *SeriesError
	if !errors.As(err, &se) || se.Base != "ubuntu@22.04" {
		t.Errorf("--series jammy: %v, want a SeriesError naming ubuntu@22.04", err)
	}
	_, err = f.juju.Cli(ctx, "refresh", "app", "--force-series")
	if err == nil || !strings.Contains(err.Error(), "--force-base") {
		t.Errorf("--force-series: %v, want a hint at --force-base", err)
	}
	if n := len(f.calls()); n != 0 {
		t.Errorf("juju ran %d times for refused commands", n)
	}
}

func TestDeployTransientChecksStatus(t *testing.T) {
	t.Parallel()
	snappass := corpusFile(t, "juju-status/jubilant-snappass.json")
	minimal := corpusFile(t, "juju-status/jubilant-minimal.json")

	// The deploy went through despite the error: do not deploy twice.
	f := newFake(t, []step{transient("deploy"), statusFile(snappass)}, nil)
	if err := f.juju.Deploy(t.Context(), "snappass-test", DeployOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"deploy", "status"}) {
		t.Errorf("calls = %v", got)
	}

	// The application is absent: deploy again.
	f = newFake(t, []step{transient("deploy"), statusFile(minimal), ok("deploy")}, nil)
	if err := f.juju.Deploy(t.Context(), "snappass-test", DeployOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"deploy", "status", "deploy"}) {
		t.Errorf("calls = %v", got)
	}
	checks := recordsWith(f.records(), "juju checked transient failure")
	if len(checks) != 1 || checks[0]["took_effect"] != false {
		t.Errorf("check records = %v", checks)
	}

	// Local charm: the app name comes from the charm's metadata.
	f = newFake(t, []step{transient("deploy"), statusFile(minimal), transient("deploy"), statusFile(minimal), transient("deploy")}, nil,
		WithRetry(RetryPolicy{Attempts: 3}))
	err := f.juju.Deploy(t.Context(), "testdata/tiny.charm", DeployOptions{})
	var ce *CLIError
	if !errors.As(err, &ce) || ce.Attempts != 3 {
		t.Fatalf("err = %v, want a CLIError after 3 attempts", err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"deploy", "status", "deploy", "status", "deploy"}) {
		t.Errorf("calls = %v", got)
	}
}

func TestCharmName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		charm string
		local bool
		want  string
	}{
		{"ch:postgresql", false, "postgresql"},
		{"ubuntu", false, "ubuntu"},
		{"testdata/tiny.charm", true, "tiny"},
		{"/nowhere/my-app_ubuntu@24.04-amd64.charm", true, "my-app"},
	} {
		if got := charmName(c.charm, c.local); got != c.want {
			t.Errorf("charmName(%q) = %q, want %q", c.charm, got, c.want)
		}
	}
}

func TestRefreshArgv(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{ok("refresh"), transient("refresh")}, nil)
	err := f.juju.Refresh(t.Context(), "app", RefreshOptions{
		Path: "testdata/tiny.charm", Base: Ubuntu2404, ForceBase: true, ForceUnits: true,
		Config: map[string]string{"a": "1"}, Resources: map[string]string{"r": "3"}, Trust: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"refresh", "--model", "m", "app", "--path", "./testdata/tiny.charm", "--base", "ubuntu@24.04",
		"--config", "a=1", "--resource", "r=3", "--trust", "--force-base", "--force-units"}
	if diff := cmp.Diff(want, f.argvs()[0]); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	// Refresh cannot be checked, so a transient failure is not retried.
	if err := f.juju.Refresh(t.Context(), "app", RefreshOptions{Channel: "latest/edge", Revision: 5}); !IsTransient(err) {
		t.Errorf("err = %v", err)
	}
	if got := f.argvs()[1]; !slices.Equal(got, []string{"refresh", "--model", "m", "app", "--channel", "latest/edge", "--revision", "5"}) {
		t.Errorf("argv = %q", got)
	}
	if n := len(f.calls()); n != 2 {
		t.Errorf("calls = %d", n)
	}
}

func TestApplicationCommandsArgv(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		ok("remove-application"), ok("add-unit"), ok("remove-unit"), ok("remove-unit"),
		ok("integrate"), ok("remove-relation"), ok("config"), ok("config"), ok("expose"), ok("unexpose"),
		ok("model-config"), ok("add-ssh-key"),
	}, nil)
	ctx := t.Context()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.juju.RemoveApplication(ctx, "db", RemoveOptions{DestroyStorage: true, Force: true, NoWait: true}))
	must(f.juju.AddUnit(ctx, "db", AddUnitOptions{Num: 2, To: []string{"1", "2"}}))
	must(f.juju.RemoveUnit(ctx, []string{"db/1", "db/2"}, RemoveOptions{DestroyStorage: true}))
	must(f.juju.ScaleDown(ctx, "db", 2))
	must(f.juju.Integrate(ctx, "db:database", "app"))
	must(f.juju.RemoveRelation(ctx, "db", "app", true))
	must(f.juju.SetConfig(ctx, "app", map[string]string{"b": "2", "a": "x y"}))
	must(f.juju.ResetConfig(ctx, "app", "a", "b"))
	must(f.juju.Expose(ctx, "app"))
	must(f.juju.Unexpose(ctx, "app"))
	must(f.juju.SetModelConfig(ctx, map[string]string{"update-status-hook-interval": "10s"}))
	must(f.juju.AddSSHKey(ctx, "ssh-ed25519 AAAA test"))
	want := [][]string{
		{"remove-application", "--model", "m", "--no-prompt", "db", "--destroy-storage", "--force", "--no-wait"},
		{"add-unit", "--model", "m", "db", "-n", "2", "--to", "1,2"},
		{"remove-unit", "--model", "m", "--no-prompt", "db/1", "db/2", "--destroy-storage"},
		{"remove-unit", "--model", "m", "--no-prompt", "db", "--num-units", "2"},
		{"integrate", "--model", "m", "db:database", "app"},
		{"remove-relation", "--model", "m", "db", "app", "--force"},
		{"config", "--model", "m", "app", "--file", "<config file>"},
		{"config", "--model", "m", "app", "--reset", "a,b"},
		{"expose", "--model", "m", "app"},
		{"unexpose", "--model", "m", "app"},
		{"model-config", "--model", "m", "update-status-hook-interval=10s"},
		{"add-ssh-key", "--model", "m", "ssh-ed25519 AAAA test"},
	}
	calls := f.calls()
	got := f.argvs()
	// SetConfig's values go through a temporary file (its name varies).
	if cfg := calls[6]; len(cfg.Argv) == 6 {
		if file := cfg.Files["--file"]; file.Content != `{"app":{"a":"x y","b":"2"}}` || file.Mode != "0600" {
			t.Errorf("config file = %+v", file)
		}
		got[6][5] = "<config file>"
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
}

func TestIntegrateTransientChecksRelation(t *testing.T) {
	t.Parallel()
	related := corpusFile(t, "juju-status/jubilant-database-webapp.json")
	f := newFake(t, []step{transient("integrate"), statusFile(related)}, nil)
	if err := f.juju.Integrate(t.Context(), "database", "webapp:db"); err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"integrate", "status"}) {
		t.Errorf("calls = %v", got)
	}
	// remove-relation: still related after the failure, so run it again.
	f = newFake(t, []step{transient("remove-relation"), statusFile(related), ok("remove-relation")}, nil)
	if err := f.juju.RemoveRelation(t.Context(), "database", "webapp", false); err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"remove-relation", "status", "remove-relation"}) {
		t.Errorf("calls = %v", got)
	}
}

func TestAddUnitNotRetried(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{transient("add-unit")}, nil)
	err := f.juju.AddUnit(t.Context(), "db", AddUnitOptions{})
	if !IsTransient(err) {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("calls = %d: add-unit must not be retried blindly", n)
	}
}

func TestConfigRead(t *testing.T) {
	t.Parallel()
	const cfg = `{"application": "app", "charm": "app", "settings": {
		"port": {"default": 8080, "description": "port", "source": "default", "type": "int", "value": 8080},
		"name": {"description": "name", "source": "user", "type": "string", "value": "x"},
		"unset": {"description": "no value", "source": "unset", "type": "string"}},
		"application-config": {"trust": {"value": false}}}`
	f := newFake(t, []step{transient("config"), out("config", cfg)}, nil)
	values, err := f.juju.Config(t.Context(), "app")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"port": float64(8080), "name": "x"}, values); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	if got := f.argvs()[1]; !slices.Equal(got, []string{"config", "--model", "m", "app", "--format", "json"}) {
		t.Errorf("argv = %q", got)
	}
}

func TestParseBase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]Base{
		"ubuntu@24.04":        Ubuntu2404,
		"ubuntu@22.04/stable": {Name: "ubuntu", Channel: "22.04/stable"},
		"centos@7":            {Name: "centos", Channel: "7"},
	} {
		got, err := ParseBase(in)
		if err != nil || got != want || got.String() != in {
			t.Errorf("ParseBase(%q) = %v, %v", in, got, err)
		}
	}
	for series, base := range map[string]string{
		"jammy": "ubuntu@22.04", "noble": "ubuntu@24.04", "focal": "ubuntu@20.04",
		"bionic": "ubuntu@18.04", "ubuntu@jammy": "ubuntu@22.04",
	} {
		_, err := ParseBase(series)
		var se *SeriesError
		if !errors.As(err, &se) || se.Base != base || !strings.Contains(err.Error(), base) {
			t.Errorf("ParseBase(%q) = %v, want an error naming %s", series, err, base)
		}
	}
	for _, bad := range []string{"", "ubuntu", "ubuntu@", "@24.04", "Ubuntu@24.04", "ubuntu@24.04@1", "ubuntu@ 24.04"} {
		if b, err := ParseBase(bad); err == nil {
			t.Errorf("ParseBase(%q) = %v, want an error", bad, b)
		}
	}
	if (Base{}).String() != "" || !(Base{}).IsZero() {
		t.Error("zero Base")
	}
}
