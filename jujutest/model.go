package jujutest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmgen/charmgen/internal/atomicfile"
)

// AddModelOptions are the optional arguments of AddModel.
type AddModelOptions struct {
	// Controller to add the model to (default: the current controller).
	Controller string
	// Cloud is cloud[/region] (default: the controller's default).
	Cloud string
	// Credential to use.
	Credential string
	// Config is model config, passed as --config k=v.
	Config map[string]string
}

// AddModel runs `juju add-model --no-switch` and returns a client bound to
// the new model ("controller:name" when a controller is given). Juju 4 no
// longer adds SSH keys to new models; call AddSSHKey before using SSH.
func (j *Juju) AddModel(ctx context.Context, name string, opts AddModelOptions) (*Juju, error) {
	args := []string{"add-model", "--no-switch", name}
	if opts.Cloud != "" {
		args = append(args, opts.Cloud)
	}
	if opts.Controller != "" {
		args = append(args, "--controller", opts.Controller)
	}
	if opts.Credential != "" {
		args = append(args, "--credential", opts.Credential)
	}
	for _, k := range sortedKeys(opts.Config) {
		args = append(args, "--config", k+"="+opts.Config[k])
	}
	ref := name
	if opts.Controller != "" {
		ref = opts.Controller + ":" + name
	}
	_, err := j.run(ctx, call{args: args, retry: retryChecked, check: func(ctx context.Context) (string, bool, error) {
		exists, err := j.modelExists(ctx, ref)
		return "", exists, err
	}})
	if err != nil {
		return nil, err
	}
	return j.InModel(ref), nil
}

// modelExists asks show-model whether a model exists.
func (j *Juju) modelExists(ctx context.Context, ref string) (bool, error) {
	_, err := j.run(ctx, call{args: []string{"show-model", ref, "--format", "json"}, retry: retryAlways, quiet: true})
	if err == nil {
		return true, nil
	}
	var ce *CLIError
	if errors.As(err, &ce) && strings.Contains(strings.ToLower(ce.Stderr), "not found") {
		return false, nil
	}
	return false, err
}

// DestroyModelOptions are the optional arguments of DestroyModel.
type DestroyModelOptions struct {
	DestroyStorage bool
	ReleaseStorage bool
	Force          bool
	NoWait         bool
}

// DestroyModel runs `juju destroy-model <model> --no-prompt`. Juju has no
// overall timeout for a forced destroy; bound it with ctx.
func (j *Juju) DestroyModel(ctx context.Context, model string, opts DestroyModelOptions) error {
	args := []string{"destroy-model", model, "--no-prompt"}
	if opts.DestroyStorage {
		args = append(args, "--destroy-storage")
	}
	if opts.ReleaseStorage {
		args = append(args, "--release-storage")
	}
	if opts.Force {
		args = append(args, "--force")
	}
	if opts.NoWait {
		args = append(args, "--no-wait")
	}
	_, err := j.run(ctx, call{args: args, retry: retryChecked, check: func(ctx context.Context) (string, bool, error) {
		exists, err := j.modelExists(ctx, model)
		return "", !exists, err
	}})
	return err
}

// AddSSHKey adds a public key to the model, which Juju 4 needs before
// `juju ssh` works in a new model.
func (j *Juju) AddSSHKey(ctx context.Context, publicKey string) error {
	_, err := j.run(ctx, call{args: []string{"add-ssh-key", publicKey}, model: true})
	return err
}

// SetModelConfig sets model config values, such as
// update-status-hook-interval.
func (j *Juju) SetModelConfig(ctx context.Context, values map[string]string) error {
	args := []string{"model-config"}
	for _, k := range sortedKeys(values) {
		args = append(args, k+"="+values[k])
	}
	_, err := j.run(ctx, call{args: args, model: true, retry: retryAlways})
	return err
}

// DebugLog returns the last limit lines of the model's debug log
// (`juju debug-log --limit N`).
func (j *Juju) DebugLog(ctx context.Context, limit int) (string, error) {
	return j.run(ctx, call{args: []string{"debug-log", "--limit", fmt.Sprint(limit)}, model: true, retry: retryAlways})
}

// dumpTimeout bounds each diagnostic command run when a test fails.
const dumpTimeout = time.Minute

// Dump writes the model's status (YAML) and the last lines of its debug
// log to logf — a test's Logf — and, when $JUJUTEST_ARTIFACTS names a
// directory, to files there named after name. Errors are reported through
// logf too; Dump never fails.
func (j *Juju) Dump(ctx context.Context, name string, logf func(format string, args ...any)) {
	parts := []struct{ file, title string }{
		{"status.yaml", "juju status"},
		{"debug-log.txt", "juju debug-log"},
	}
	for i, p := range parts {
		cctx, cancel := context.WithTimeout(ctx, dumpTimeout)
		var out string
		var err error
		if i == 0 {
			out, err = j.run(cctx, call{args: []string{"status", "--format", "yaml"}, model: true, retry: retryAlways})
		} else {
			out, err = j.DebugLog(cctx, j.logLimit)
		}
		cancel()
		if err != nil {
			logf("jujutest: %s (model %s) failed: %v", p.title, j.model, err)
			if out == "" {
				continue
			}
		}
		// The model's status and logs can echo a secret the client has
		// handled (a sensitive config value, secret content): redact it
		// from what is logged and kept.
		out = j.secrets.text(out)
		logf("jujutest: %s (model %s):\n%s", p.title, j.model, out)
		if dir := os.Getenv(EnvArtifacts); dir != "" {
			path := filepath.Join(dir, sanitizeName(name)+"-"+p.file)
			// A new file renamed into place (atomicfile.Replace), never
			// os.WriteFile: the artifacts directory may be shared, and a
			// symlink planted at this predictable name must not make us
			// write the model's status and logs elsewhere.
			if err := os.MkdirAll(dir, 0o755); err == nil {
				err = atomicfile.Replace(path, []byte(out), 0o644, false)
			}
			if err != nil {
				logf("jujutest: writing %s: %v", path, err)
			}
		}
	}
}

// TempModel creates a model for the test and returns a client bound to
// it. The model is named "jt-<test name>-<8 hex>" and added with
// `add-model --no-switch`, so the user's current model does not change.
// Cleanup, registered with t.Cleanup, dumps status and debug-log into the
// test log when the test failed, then destroys the model with
// `destroy-model --no-prompt --destroy-storage --force`, bounded by
// WithDestroyTimeout; a destroy that fails or runs out of time is logged,
// not failed.
//
// $JUJUTEST_MODEL reuses an existing model instead (never destroyed);
// $JUJUTEST_KEEP_MODELS keeps created models; $JUJUTEST_CONTROLLER and
// $JUJUTEST_CLOUD choose where models are added. Unless WithLogger is
// given, CLI calls and status changes are logged as JSON to the test log.
func TempModel(t testing.TB, opts ...Option) *Juju {
	t.Helper()
	j := New(append([]Option{WithLogger(TestLogger(t, slog.LevelInfo))}, opts...)...)
	if m := os.Getenv(EnvModel); m != "" {
		mj := j.InModel(m)
		t.Logf("jujutest: reusing model %s ($%s); it will not be destroyed", m, EnvModel)
		t.Cleanup(func() {
			if t.Failed() {
				mj.Dump(context.Background(), t.Name(), t.Logf)
			}
		})
		return mj
	}
	controller := firstNonEmpty(j.controller, os.Getenv(EnvController))
	cloud := firstNonEmpty(j.cloud, os.Getenv(EnvCloud))
	prefix := j.modelPrefix
	if prefix == "" {
		prefix = "jt-" + sanitizeName(t.Name())
	}
	name := modelName(prefix)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	mj, err := j.AddModel(ctx, name, AddModelOptions{
		Controller: controller, Cloud: cloud, Credential: j.credential, Config: j.modelConfig,
	})
	if err != nil {
		t.Fatalf("jujutest: creating model %s: %v", name, err)
	}
	keep := truthy(os.Getenv(EnvKeepModels))
	t.Cleanup(func() {
		// t.Context() is already cancelled when cleanups run.
		if t.Failed() {
			mj.Dump(context.Background(), t.Name(), t.Logf)
		}
		if keep {
			t.Logf("jujutest: keeping model %s ($%s is set)", mj.model, EnvKeepModels)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), j.destroyTimeout)
		defer cancel()
		err := j.DestroyModel(ctx, mj.model, DestroyModelOptions{DestroyStorage: true, Force: true})
		if err != nil {
			t.Logf("jujutest: destroying model %s: %v (not failing the test)", mj.model, err)
		}
	})
	return mj
}

// modelName returns prefix-<8 hex>, cut to a length Juju accepts.
func modelName(prefix string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	if len(prefix) > 40 {
		prefix = strings.TrimRight(prefix[:40], "-")
	}
	return prefix + "-" + hex.EncodeToString(b[:])
}

var nonName = regexp.MustCompile(`[^a-z0-9]+`)

// sanitizeName turns a test name into a model-name fragment.
func sanitizeName(s string) string {
	return strings.Trim(nonName.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func truthy(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "y", "on":
		return true
	}
	return false
}

// TestLogger returns a logger that writes JSON records, one per line, to
// the test log.
func TestLogger(t testing.TB, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(tbWriter{t}, &slog.HandlerOptions{Level: level}))
}

type tbWriter struct{ t testing.TB }

// Write logs one record.
func (w tbWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
