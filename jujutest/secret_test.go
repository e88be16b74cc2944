package jujutest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// assertNoSecrets fails if any secret value shows up in the fake's argv
// or in the log records.
func assertNoSecrets(t *testing.T, f *fake, values ...string) {
	t.Helper()
	logs := f.logs.String()
	for _, c := range f.calls() {
		for _, a := range c.Argv {
			for _, v := range values {
				if strings.Contains(a, v) {
					t.Errorf("secret value %q in argv %q", v, c.Argv)
				}
			}
		}
	}
	for _, v := range values {
		if strings.Contains(logs, v) {
			t.Errorf("secret value %q in the logs:\n%s", v, logs)
		}
	}
}

func TestAddSecretContentThroughFile(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{out("add-secret", "secret:d0vdtqnmp25c762e7jug\n")}, nil)
	content := map[string]string{"username": "josh", "password": "hunter2-correct-horse"}
	uri, err := f.juju.AddSecret(t.Context(), "admin-account", content, "db admin")
	if err != nil {
		t.Fatal(err)
	}
	if uri != "secret:d0vdtqnmp25c762e7jug" || uri.ID() != "d0vdtqnmp25c762e7jug" {
		t.Errorf("uri = %q", uri)
	}
	calls := f.calls()
	if len(calls) != 1 {
		t.Fatalf("calls = %d", len(calls))
	}
	fileArg := calls[0].Files["--file"]
	want := []string{"add-secret", "--model", "m", "admin-account", "--file", fileArg.Path, "--info", "db admin"}
	if diff := cmp.Diff(want, calls[0].Argv); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	if fileArg.Mode != "0600" {
		t.Errorf("content file mode = %s, want 0600", fileArg.Mode)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(fileArg.Content), &got); err != nil || !cmp.Equal(got, content) {
		t.Errorf("content file = %q (%v)", fileArg.Content, err)
	}
	if _, err := os.Stat(fileArg.Path); !os.IsNotExist(err) {
		t.Errorf("content file %s left behind (%v)", fileArg.Path, err)
	}
	assertNoSecrets(t, f, "josh", "hunter2-correct-horse")
}

func TestAddSecretTransientTookEffect(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		transient("add-secret"),
		file("secrets", corpusFile(t, "juju-secrets/jubilant-multiple-secrets.json")),
	}, nil)
	uri, err := f.juju.AddSecret(t.Context(), "admin-account", map[string]string{"password": "s3cr3t-value"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if uri != "secret:d0vdtqnmp25c762e7jug" {
		t.Errorf("uri = %q, want the existing secret's", uri)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"add-secret", "secrets"}) {
		t.Errorf("calls = %v: add-secret must not run twice", got)
	}
	if got := f.clock.slept(); !slices.Equal(got, []time.Duration{time.Second}) {
		t.Errorf("backoff = %v", got)
	}
	assertNoSecrets(t, f, "s3cr3t-value")
}

func TestAddSecretTransientDidNotTakeEffect(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		transient("add-secret"),
		out("secrets", "{}"),
		out("add-secret", "secret:cq1\n"),
	}, nil)
	uri, err := f.juju.AddSecret(t.Context(), "db", map[string]string{"password": "pw-123456"}, "")
	if err != nil || uri != "secret:cq1" {
		t.Fatalf("uri, err = %q, %v", uri, err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"add-secret", "secrets", "add-secret"}) {
		t.Errorf("calls = %v", got)
	}
}

func TestAddSecretPermanentFailureNotRetried(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{failWith("add-secret", "ERROR secret with name \"db\" already exists\n")}, nil)
	_, err := f.juju.AddSecret(t.Context(), "db", map[string]string{"password": "pw-123456"}, "")
	var ce *CLIError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.calls()); n != 1 {
		t.Errorf("calls = %d", n)
	}
	if _, err := f.juju.AddSecret(t.Context(), "db", nil, ""); err == nil {
		t.Error("empty content should fail")
	}
}

func TestUpdateSecret(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{ok("update-secret"), ok("update-secret")}, nil)
	prune := true
	content := map[string]string{"password": "new-password-42"}
	err := f.juju.UpdateSecret(t.Context(), "secret:d0vdtqnmp25c762e7jug", content,
		UpdateSecretOptions{Info: "rotated", Name: "admin", AutoPrune: &prune})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.juju.UpdateSecret(t.Context(), "admin", nil, UpdateSecretOptions{Info: "just info"}); err != nil {
		t.Fatal(err)
	}
	calls := f.calls()
	path := calls[0].Files["--file"].Path
	want := [][]string{
		{"update-secret", "--model", "m", "secret:d0vdtqnmp25c762e7jug", "--file", path, "--info", "rotated", "--name", "admin", "--auto-prune=true"},
		{"update-secret", "--model", "m", "admin", "--info", "just info"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	if c := calls[0].Files["--file"]; c.Mode != "0600" || !strings.Contains(c.Content, "new-password-42") {
		t.Errorf("content file = %+v", c)
	}
	assertNoSecrets(t, f, "new-password-42")
}

func TestUpdateSecretTransientChecksContent(t *testing.T) {
	t.Parallel()
	revealed := corpusFile(t, "juju-secrets/jubilant-single-secret-with-access-revealed.json")
	// The revealed content is {password: hunter2, username: josh}: when
	// that is what we set, the update took effect.
	f := newFake(t, []step{transient("update-secret"), file("show-secret", revealed)}, nil)
	err := f.juju.UpdateSecret(t.Context(), "admin-account", map[string]string{"password": "hunter2", "username": "josh"}, UpdateSecretOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"update-secret", "show-secret"}) {
		t.Errorf("calls = %v", got)
	}
	if got := f.argvs()[1]; !slices.Contains(got, "--reveal") {
		t.Errorf("check argv = %q", got)
	}
	assertNoSecrets(t, f, "hunter2")

	// Different content: the update did not happen and is run again.
	f = newFake(t, []step{transient("update-secret"), file("show-secret", revealed), ok("update-secret")}, nil)
	err = f.juju.UpdateSecret(t.Context(), "admin-account", map[string]string{"password": "other-pass"}, UpdateSecretOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"update-secret", "show-secret", "update-secret"}) {
		t.Errorf("calls = %v", got)
	}
}

func TestGrantRevokeRemoveSecret(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		ok("grant-secret"), ok("revoke-secret"), ok("remove-secret"), ok("remove-secret"),
	}, nil)
	ctx := t.Context()
	if err := f.juju.GrantSecret(ctx, "admin-account", "app1", "app2"); err != nil {
		t.Fatal(err)
	}
	if err := f.juju.RevokeSecret(ctx, "secret:d0vdtqnmp25c762e7jug", "app2"); err != nil {
		t.Fatal(err)
	}
	if err := f.juju.RemoveSecret(ctx, "admin-account", 2); err != nil {
		t.Fatal(err)
	}
	if err := f.juju.RemoveSecret(ctx, "admin-account", 0); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"grant-secret", "--model", "m", "admin-account", "app1,app2"},
		{"revoke-secret", "--model", "m", "secret:d0vdtqnmp25c762e7jug", "app2"},
		{"remove-secret", "--model", "m", "admin-account", "--revision", "2"},
		{"remove-secret", "--model", "m", "admin-account"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	if err := f.juju.GrantSecret(ctx, "x"); err == nil {
		t.Error("grant without apps should fail")
	}
	if err := f.juju.RevokeSecret(ctx, "x"); err == nil {
		t.Error("revoke without apps should fail")
	}
}

func TestRevokeSecretRetriesTransient(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{transient("revoke-secret"), ok("revoke-secret")}, nil)
	if err := f.juju.RevokeSecret(t.Context(), "admin-account", "app1"); err != nil {
		t.Fatal(err)
	}
	if n := len(f.calls()); n != 2 {
		t.Errorf("calls = %d, want 2 (revoking is idempotent)", n)
	}
}

func TestRemoveSecretTransientChecksRevision(t *testing.T) {
	t.Parallel()
	// The revisions listing still holds revision 2: remove again.
	f := newFake(t, []step{
		transient("remove-secret"),
		file("show-secret", corpusFile(t, "juju-secrets/jubilant-single-secret-revisions.json")),
		ok("remove-secret"),
	}, nil)
	if err := f.juju.RemoveSecret(t.Context(), "secret:d1ehcifmp25c76e01vhg", 2); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"remove-secret", "--model", "m", "secret:d1ehcifmp25c76e01vhg", "--revision", "2"},
		{"show-secret", "--model", "m", "secret:d1ehcifmp25c76e01vhg", "--format", "json", "--revisions"},
		{"remove-secret", "--model", "m", "secret:d1ehcifmp25c76e01vhg", "--revision", "2"},
	}
	if diff := cmp.Diff(want, f.argvs()); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}

	// The secret is gone: the removal took effect.
	f = newFake(t, []step{
		transient("remove-secret"),
		failWith("show-secret", "ERROR secret \"admin\" not found\n"),
	}, nil)
	if err := f.juju.RemoveSecret(t.Context(), "admin", 0); err != nil {
		t.Fatal(err)
	}
	if got := f.subcommands(); !slices.Equal(got, []string{"remove-secret", "show-secret"}) {
		t.Errorf("calls = %v", got)
	}
}

func TestSecretsList(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		file("secrets", corpusFile(t, "juju-secrets/jubilant-multiple-secrets.json")),
		out("secrets", "{}"),
	}, nil)
	secrets, err := f.juju.Secrets(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Secret{
		{URI: "secret:d0vdtqeski35bidi7jug", Revision: 1, Owner: "user", Name: "admin-password",
			Created: time.Date(2025, 6, 3, 13, 39, 23, 0, time.UTC), Updated: time.Date(2025, 6, 3, 13, 39, 35, 0, time.UTC)},
		{URI: "secret:d0vdtqnmp25c762e7jug", Revision: 2, Owner: "<model>", Name: "admin-account",
			Created: time.Date(2025, 6, 3, 11, 39, 23, 0, time.UTC), Updated: time.Date(2025, 6, 3, 11, 39, 35, 0, time.UTC)},
	}
	if diff := cmp.Diff(want, secrets); diff != "" {
		t.Errorf("secrets (-want +got):\n%s", diff)
	}
	if _, err := f.juju.Secrets(t.Context(), "user"); err != nil {
		t.Fatal(err)
	}
	if got := f.argvs()[1]; !slices.Equal(got, []string{"secrets", "--model", "m", "--format", "json", "--owner", "user"}) {
		t.Errorf("argv = %q", got)
	}
}

func TestShowSecretRevealRedactsFromThenOn(t *testing.T) {
	t.Parallel()
	f := newFake(t, []step{
		file("show-secret", corpusFile(t, "juju-secrets/jubilant-single-secret-with-access-revealed.json")),
		failWith("config", "ERROR invalid value \"hunter2\" for option\n"),
	}, nil)
	s, err := f.juju.ShowSecret(t.Context(), "admin-account", ShowSecretOptions{Reveal: true, Revision: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"show-secret", "--model", "m", "admin-account", "--format", "json", "--reveal", "--revision", "2"}
	if diff := cmp.Diff(want, f.argvs()[0]); diff != "" {
		t.Errorf("argv (-want +got):\n%s", diff)
	}
	if !cmp.Equal(s.Content, map[string]string{"password": "hunter2", "username": "josh"}) {
		t.Errorf("content = %v", s.Content)
	}
	if len(s.Access) != 1 || s.Access[0].Target != "application-example-charm" || s.Access[0].Role != "view" {
		t.Errorf("access = %+v", s.Access)
	}
	// A later error message quoting the revealed value is redacted.
	_, err = f.juju.Cli(t.Context(), "config", "app", "x=1")
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), Redacted) {
		t.Errorf("err = %v, want the revealed value redacted", err)
	}
	assertNoSecrets(t, f, "hunter2")
}

// TestParseSecretsCorpus decodes every captured secrets output.
func TestParseSecretsCorpus(t *testing.T) {
	t.Parallel()
	for _, path := range corpusFiles(t, "juju-secrets") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		secrets, err := ParseSecrets(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var generic map[string]map[string]any
		if err := json.Unmarshal(data, &generic); err != nil {
			t.Fatal(err)
		}
		if len(secrets) != len(generic) {
			t.Fatalf("%s: %d secrets, want %d", path, len(secrets), len(generic))
		}
		for _, s := range secrets {
			g := generic[s.URI.ID()]
			if g == nil {
				t.Fatalf("%s: %s not in the input", path, s.URI)
			}
			if float64(s.Revision) != g["revision"] || s.Owner != g["owner"] || s.Created.IsZero() || s.Updated.IsZero() {
				t.Errorf("%s: %+v", path, s)
			}
			if c, ok := g["checksum"]; ok != (s.Checksum != "") || (ok && c != s.Checksum) {
				t.Errorf("%s: checksum %q vs %v", path, s.Checksum, c)
			}
			if e, ok := g["expires"].(string); ok && s.Expires.Format(time.RFC3339) != e {
				t.Errorf("%s: expires %v vs %s", path, s.Expires, e)
			}
			if revs, ok := g["revisions"].([]any); ok != (len(s.Revisions) > 0) || len(revs) != len(s.Revisions) {
				t.Errorf("%s: revisions %v vs %v", path, s.Revisions, revs)
			}
			if _, ok := g["content"]; ok != (s.Content != nil) {
				t.Errorf("%s: content %v", path, s.Content)
			}
		}
	}
	// Juju 3.5's revealed form has no checksum but still has content.
	data, err := os.ReadFile(corpusFile(t, "juju-secrets/jubilant-single-secret-revealed-juju35.json"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseSecrets(data)
	if err != nil || s[0].Checksum != "" || s[0].Content["username"] != "admin" || s[0].Rotation != "daily" || s[0].Label != "example-charm-secret" {
		t.Errorf("juju 3.5 revealed = %+v, %v", s, err)
	}
}

func TestSecretURI(t *testing.T) {
	t.Parallel()
	for in, want := range map[SecretURI]string{
		"secret:d0vdtqnmp25c762e7jug":                                        "d0vdtqnmp25c762e7jug",
		"secret://7fc4913e-e356-4783-8e80-f2ac9f19759e/d0vdtqnmp25c762e7jug": "d0vdtqnmp25c762e7jug",
		"d0vdtqnmp25c762e7jug":                                               "d0vdtqnmp25c762e7jug",
	} {
		if got := in.ID(); got != want {
			t.Errorf("%s.ID() = %q, want %q", in, got, want)
		}
	}
}

func TestSecretFileInStageDir(t *testing.T) {
	t.Parallel()
	stage := t.TempDir()
	f := newFake(t, []step{out("add-secret", "secret:x\n")}, nil, WithStageDir(stage))
	if _, err := f.juju.AddSecret(t.Context(), "s", map[string]string{"k": "value-1234"}, ""); err != nil {
		t.Fatal(err)
	}
	if p := f.calls()[0].Files["--file"].Path; filepath.Dir(p) != stage {
		t.Errorf("content file %s not in the stage dir %s", p, stage)
	}
}
