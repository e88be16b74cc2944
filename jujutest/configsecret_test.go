package jujutest

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// The attack: a config value (a password) passed as `juju config app
// k=v` sits in argv, where every user of the machine can read it (ps,
// /proc/PID/cmdline). The fake juju records argv: the value must not be
// there, but in the 0600 file named by --file, removed afterwards.
func TestConfigSecretNotOnArgv(t *testing.T) {
	t.Parallel()
	const pw = "s3cret-on-argv-horse"
	f := newFake(t, []step{ok("config"), ok("deploy"), ok("refresh")}, nil)
	ctx := t.Context()
	if err := f.juju.SetConfig(ctx, "app", map[string]string{"admin-password": pw, "port": "80"}); err != nil {
		t.Fatal(err)
	}
	if err := f.juju.Deploy(ctx, "postgresql", DeployOptions{App: "db", Config: map[string]string{"admin-password": pw, "port": "80"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.juju.Refresh(ctx, "db", RefreshOptions{Config: map[string]string{"db-token": pw}}); err != nil {
		t.Fatal(err)
	}
	calls := f.calls()
	if len(calls) != 3 {
		t.Fatalf("calls = %v", f.argvs())
	}
	for _, c := range calls {
		if slices.ContainsFunc(c.Argv, func(a string) bool { return strings.Contains(a, pw) }) {
			t.Errorf("the value is on argv: %q", c.Argv)
		}
	}
	cfg := calls[0]
	file, ok := cfg.Files["--file"]
	if !ok || !strings.Contains(file.Content, pw) || file.Mode != "0600" {
		t.Errorf("juju config argv %q, --file %+v: want the value in a 0600 file", cfg.Argv, file)
	}
	if _, err := os.Stat(file.Path); !os.IsNotExist(err) {
		t.Errorf("config file %s left behind (%v)", file.Path, err)
	}
	// deploy: the non-sensitive value stays a flag, the secret goes in a
	// --config FILE keyed by the application name.
	dep := calls[1].Argv
	if !slices.Contains(dep, "port=80") {
		t.Errorf("deploy argv %q: want --config port=80", dep)
	}
	i := slices.Index(dep, "--config")
	var path string
	for j := i; j >= 0 && j+1 < len(dep); j++ {
		if dep[j] == "--config" && !strings.Contains(dep[j+1], "=") {
			path = dep[j+1]
		}
	}
	if path == "" || !strings.HasSuffix(path, ".yaml") {
		t.Errorf("deploy argv %q: no --config FILE", dep)
	} else if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("deploy config file %s left behind (%v)", path, err)
	}
	assertNoSecrets(t, f, pw)
}

// The attack: juju echoes the bad value back on stderr ("invalid value
// ..."), and the returned error (and the log) carried it unredacted to
// whoever reads the test output or CI logs.
func TestConfigSecretRedactedInErrors(t *testing.T) {
	t.Parallel()
	const pw = "s3cret-in-stderr-horse"
	f := newFake(t, []step{
		failWith("config", "ERROR option \"admin-password\": invalid value \""+pw+"\"\n"),
		failWith("deploy", "ERROR cannot deploy: bad config value "+pw+"\n"),
	}, nil)
	err := f.juju.SetConfig(t.Context(), "app", map[string]string{"admin-password": pw})
	if err == nil {
		t.Fatal("SetConfig succeeded against a failing juju")
	}
	if strings.Contains(err.Error(), pw) || !strings.Contains(err.Error(), Redacted) {
		t.Errorf("error = %q, want the value redacted", err)
	}
	err = f.juju.Deploy(t.Context(), "postgresql", DeployOptions{Config: map[string]string{"api-token": pw}})
	if err == nil {
		t.Fatal("Deploy succeeded against a failing juju")
	}
	if strings.Contains(err.Error(), pw) || !strings.Contains(err.Error(), Redacted) {
		t.Errorf("error = %q, want the value redacted", err)
	}
	assertNoSecrets(t, f, pw)
}
