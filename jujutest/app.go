package jujutest

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// DeployOptions are the optional arguments of Deploy. There is no series:
// Juju 4 takes a Base.
type DeployOptions struct {
	// App is the application name (default: the charm's name).
	App string
	// Base is the base to deploy on, --base ubuntu@24.04.
	Base Base
	// Channel is the Charmhub channel, "latest/edge".
	Channel string
	// Revision is the Charmhub revision; 0 leaves it unset (revisions
	// start at 1).
	Revision int
	// Config is application config, passed as --config k=v.
	Config map[string]string
	// Resources maps resource names to a local file or a revision.
	Resources map[string]string
	// Trust grants the application access to cloud credentials.
	Trust bool
	// NumUnits is the number of units, -n (0: juju's default, 1).
	NumUnits int
	// Constraints, "mem=4G cores=2".
	Constraints string
	// To is the placement, one directive per unit.
	To []string
	// Storage maps storage names to constraints, "ebs,10G".
	Storage map[string]string
	// Bind is the endpoint bindings, "space" or "ep=space ...".
	Bind string
	// Force bypasses checks such as the supported bases.
	Force bool
}

// Deploy runs `juju deploy`. charm is a Charmhub name ("postgresql",
// "ch:postgresql") or a packed local charm ("./build/my_ubuntu@24.04-amd64.charm");
// Juju 4 cannot deploy a charm directory, so a directory is refused with a
// hint to pack it. A transient failure is retried only when status shows
// the application was not created.
func (j *Juju) Deploy(ctx context.Context, charm string, opts DeployOptions) error {
	ref, local, err := charmRef(charm)
	if err != nil {
		return err
	}
	var cleanups []func()
	defer func() {
		for _, c := range cleanups {
			c()
		}
	}()
	if local {
		staged, done, err := j.stage(ref)
		if err != nil {
			return err
		}
		cleanups = append(cleanups, done)
		ref = staged
	}
	args := []string{"deploy", ref}
	if opts.App != "" {
		args = append(args, opts.App)
	}
	if !opts.Base.IsZero() {
		if err := opts.Base.Validate(); err != nil {
			return fmt.Errorf("jujutest: deploy %s: %w", charm, err)
		}
		args = append(args, "--base", opts.Base.String())
	}
	if opts.Channel != "" {
		args = append(args, "--channel", opts.Channel)
	}
	if opts.Revision > 0 {
		args = append(args, "--revision", strconv.Itoa(opts.Revision))
	}
	app := opts.App
	if app == "" {
		app = charmName(charm, local)
	}
	cfgArgs, done, err := j.configArgs(app, opts.Config)
	cleanups = append(cleanups, done)
	if err != nil {
		return err
	}
	args = append(args, cfgArgs...)
	if opts.NumUnits > 0 {
		args = append(args, "-n", strconv.Itoa(opts.NumUnits))
	}
	resArgs, done, err := j.resourceArgs(opts.Resources)
	cleanups = append(cleanups, done)
	if err != nil {
		return err
	}
	args = append(args, resArgs...)
	if opts.Trust {
		args = append(args, "--trust")
	}
	if opts.Constraints != "" {
		args = append(args, "--constraints", opts.Constraints)
	}
	if len(opts.To) > 0 {
		args = append(args, "--to", strings.Join(opts.To, ","))
	}
	for _, k := range sortedKeys(opts.Storage) {
		args = append(args, "--storage", k+"="+opts.Storage[k])
	}
	if opts.Bind != "" {
		args = append(args, "--bind", opts.Bind)
	}
	if opts.Force {
		args = append(args, "--force")
	}
	_, err = j.run(ctx, call{args: args, model: true, retry: retryChecked, check: j.appPresent(app, true)})
	return err
}

// appPresent returns a check that reports done when the app's presence in
// status equals want.
func (j *Juju) appPresent(app string, want bool) func(context.Context) (string, bool, error) {
	return func(ctx context.Context) (string, bool, error) {
		if app == "" {
			return "", false, fmt.Errorf("cannot tell which application to look for")
		}
		s, err := j.Status(ctx)
		if err != nil {
			return "", false, err
		}
		_, ok := s.Apps[app]
		return "", ok == want, nil
	}
}

// charmRef validates a charm argument and returns it as juju needs it:
// relative local paths get "./" so that juju does not take them for
// Charmhub names.
func charmRef(charm string) (ref string, local bool, err error) {
	if charm == "" {
		return "", false, fmt.Errorf("jujutest: deploy: no charm")
	}
	fi, statErr := os.Stat(charm)
	if statErr == nil && fi.IsDir() {
		return "", false, fmt.Errorf("jujutest: deploy %s: Juju 4 cannot deploy a charm directory; pack it into a .charm file (charmcraft pack)", charm)
	}
	if !strings.HasSuffix(charm, ".charm") && !strings.ContainsRune(charm, filepath.Separator) && !strings.ContainsRune(charm, '/') {
		return charm, false, nil // a Charmhub name
	}
	if statErr != nil {
		return "", true, fmt.Errorf("jujutest: deploy: local charm: %w", statErr)
	}
	if !filepath.IsAbs(charm) && !strings.HasPrefix(charm, "./") && !strings.HasPrefix(charm, "../") {
		charm = "./" + charm
	}
	return charm, true, nil
}

var metadataNameRe = regexp.MustCompile(`^name:\s*["']?([a-z0-9][a-z0-9-]*)`)

// charmName guesses the application name juju will use: the Charmhub
// name, or the name in a packed charm's metadata.yaml, or the file name up
// to the first "_" (charmcraft names files <name>_<platform>.charm).
func charmName(charm string, local bool) string {
	if !local {
		return strings.TrimPrefix(charm, "ch:")
	}
	if zr, err := zip.OpenReader(charm); err == nil {
		defer zr.Close()
		for _, f := range zr.File {
			if f.Name != "metadata.yaml" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				break
			}
			sc := bufio.NewScanner(rc)
			for sc.Scan() {
				if m := metadataNameRe.FindStringSubmatch(sc.Text()); m != nil {
					rc.Close()
					return m[1]
				}
			}
			rc.Close()
		}
	}
	base := strings.TrimSuffix(filepath.Base(charm), ".charm")
	name, _, _ := strings.Cut(base, "_")
	return name
}

// resourceArgs builds --resource flags, staging local files.
func (j *Juju) resourceArgs(res map[string]string) ([]string, func(), error) {
	var args []string
	var cleanups []func()
	done := func() {
		for _, c := range cleanups {
			c()
		}
	}
	for _, k := range sortedKeys(res) {
		v := res[k]
		if fi, err := os.Stat(v); err == nil && !fi.IsDir() {
			staged, c, err := j.stage(v)
			if err != nil {
				return nil, done, err
			}
			cleanups = append(cleanups, c)
			v = staged
		}
		args = append(args, "--resource", k+"="+v)
	}
	return args, done, nil
}

// RefreshOptions are the optional arguments of Refresh.
type RefreshOptions struct {
	// Path is a packed local charm to refresh to.
	Path string
	// Channel and Revision select a Charmhub charm.
	Channel  string
	Revision int
	// Switch refreshes to a different charm.
	Switch string
	// Base changes the base.
	Base Base
	// Config sets application config with the refresh.
	Config    map[string]string
	Resources map[string]string
	Trust     bool
	// ForceBase allows a base the charm does not declare (Juju 4's
	// replacement for --force-series).
	ForceBase  bool
	ForceUnits bool
	Force      bool
}

// Refresh runs `juju refresh`. It is not retried on transient failures.
func (j *Juju) Refresh(ctx context.Context, app string, opts RefreshOptions) error {
	args := []string{"refresh", app}
	var cleanups []func()
	defer func() {
		for _, c := range cleanups {
			c()
		}
	}()
	if opts.Path != "" {
		ref, _, err := charmRef(opts.Path)
		if err != nil {
			return err
		}
		staged, done, err := j.stage(ref)
		if err != nil {
			return err
		}
		cleanups = append(cleanups, done)
		ref = staged
		args = append(args, "--path", ref)
	}
	if opts.Switch != "" {
		args = append(args, "--switch", opts.Switch)
	}
	if opts.Channel != "" {
		args = append(args, "--channel", opts.Channel)
	}
	if opts.Revision > 0 {
		args = append(args, "--revision", strconv.Itoa(opts.Revision))
	}
	if !opts.Base.IsZero() {
		if err := opts.Base.Validate(); err != nil {
			return fmt.Errorf("jujutest: refresh %s: %w", app, err)
		}
		args = append(args, "--base", opts.Base.String())
	}
	cfgArgs, done, err := j.configArgs(app, opts.Config)
	cleanups = append(cleanups, done)
	if err != nil {
		return err
	}
	args = append(args, cfgArgs...)
	resArgs, done, err := j.resourceArgs(opts.Resources)
	cleanups = append(cleanups, done)
	if err != nil {
		return err
	}
	args = append(args, resArgs...)
	if opts.Trust {
		args = append(args, "--trust")
	}
	if opts.ForceBase {
		args = append(args, "--force-base")
	}
	if opts.ForceUnits {
		args = append(args, "--force-units")
	}
	if opts.Force {
		args = append(args, "--force")
	}
	_, err = j.run(ctx, call{args: args, model: true})
	return err
}

// RemoveOptions are the optional arguments of RemoveApplication and
// RemoveUnit.
type RemoveOptions struct {
	DestroyStorage bool
	Force          bool
	NoWait         bool
}

func (o RemoveOptions) args() []string {
	var a []string
	if o.DestroyStorage {
		a = append(a, "--destroy-storage")
	}
	if o.Force {
		a = append(a, "--force")
	}
	if o.NoWait {
		a = append(a, "--no-wait")
	}
	return a
}

// RemoveApplication runs `juju remove-application --no-prompt`. It returns
// once juju accepted the removal; wait for AppsAbsent to see it done.
func (j *Juju) RemoveApplication(ctx context.Context, app string, opts RemoveOptions) error {
	args := append([]string{"remove-application", "--no-prompt", app}, opts.args()...)
	_, err := j.run(ctx, call{args: args, model: true, retry: retryChecked, check: j.appPresent(app, false)})
	return err
}

// AddUnitOptions are the optional arguments of AddUnit.
type AddUnitOptions struct {
	// Num is the number of units to add (0 means 1).
	Num int
	// To is the placement, one directive per unit.
	To []string
}

// AddUnit runs `juju add-unit`. It is not retried on transient failures,
// because a lost reply cannot be told apart from an added unit.
func (j *Juju) AddUnit(ctx context.Context, app string, opts AddUnitOptions) error {
	args := []string{"add-unit", app}
	if opts.Num > 1 {
		args = append(args, "-n", strconv.Itoa(opts.Num))
	}
	if len(opts.To) > 0 {
		args = append(args, "--to", strings.Join(opts.To, ","))
	}
	_, err := j.run(ctx, call{args: args, model: true})
	return err
}

// RemoveUnit runs `juju remove-unit --no-prompt` for the named units.
func (j *Juju) RemoveUnit(ctx context.Context, units []string, opts RemoveOptions) error {
	args := append([]string{"remove-unit", "--no-prompt"}, units...)
	args = append(args, opts.args()...)
	_, err := j.run(ctx, call{args: args, model: true})
	return err
}

// ScaleDown removes n units of a Kubernetes application (`juju
// remove-unit --no-prompt <app> --num-units n`).
func (j *Juju) ScaleDown(ctx context.Context, app string, n int) error {
	args := []string{"remove-unit", "--no-prompt", app, "--num-units", strconv.Itoa(n)}
	_, err := j.run(ctx, call{args: args, model: true})
	return err
}

// Integrate relates two applications; either may be "app:endpoint". A
// transient failure is retried only when status shows no relation yet.
func (j *Juju) Integrate(ctx context.Context, app1, app2 string) error {
	_, err := j.run(ctx, call{args: []string{"integrate", app1, app2}, model: true, retry: retryChecked,
		check: j.relationPresent(app1, app2, true)})
	return err
}

// RemoveRelation removes the relation between two applications.
func (j *Juju) RemoveRelation(ctx context.Context, app1, app2 string, force bool) error {
	args := []string{"remove-relation", app1, app2}
	if force {
		args = append(args, "--force")
	}
	_, err := j.run(ctx, call{args: args, model: true, retry: retryChecked,
		check: j.relationPresent(app1, app2, false)})
	return err
}

func (j *Juju) relationPresent(app1, app2 string, want bool) func(context.Context) (string, bool, error) {
	return func(ctx context.Context) (string, bool, error) {
		s, err := j.Status(ctx)
		if err != nil {
			return "", false, err
		}
		return "", s.IsRelated(app1, app2) == want, nil
	}
}

// Config returns an application's config values (`juju config --format
// json`: settings.<key>.value). Options with no value are left out.
func (j *Juju) Config(ctx context.Context, app string) (map[string]any, error) {
	out, err := j.run(ctx, call{args: []string{"config", app, "--format", "json"}, model: true, retry: retryAlways})
	if err != nil {
		return nil, err
	}
	var doc struct {
		Settings map[string]map[string]any `json:"settings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		return nil, fmt.Errorf("jujutest: parse config of %s: %w", app, err)
	}
	values := map[string]any{}
	for k, v := range doc.Settings {
		if val, ok := v["value"]; ok {
			values[k] = val
		}
	}
	return values, nil
}

// SetConfig sets application config values (`juju config app --file F`).
// The values go through a 0600 temporary file, removed afterwards, never
// through argv, where every user of the machine can read them (ps,
// /proc/PID/cmdline); values of sensitive keys (see sensitiveKeyRe) are
// also redacted from errors and logs, juju's stderr included.
func (j *Juju) SetConfig(ctx context.Context, app string, values map[string]string) error {
	if len(values) == 0 {
		return nil
	}
	path, done, err := j.configFile(app, values)
	if err != nil {
		return err
	}
	defer done()
	_, err = j.run(ctx, call{args: []string{"config", app, "--file", path}, model: true, retry: retryAlways})
	return err
}

// configFile writes config values as the YAML that `juju config --file`
// and `juju deploy/refresh --config FILE` read ({app: {key: value}}; JSON
// is YAML) to a 0600 temporary file, and remembers the values of
// sensitive keys for redaction. Values are strings, as on the command
// line: juju coerces them to the option's type.
func (j *Juju) configFile(app string, values map[string]string) (string, func(), error) {
	j.rememberSensitive(values)
	data, err := json.Marshal(map[string]map[string]string{app: values})
	if err != nil {
		return "", nil, err
	}
	return j.tempFile("jujutest-config-*.yaml", data)
}

// configArgs returns the --config flags of deploy and refresh: values of
// sensitive keys through one file (configFile), others as --config k=v.
// The returned function removes the file.
func (j *Juju) configArgs(app string, values map[string]string) ([]string, func(), error) {
	noop := func() {}
	var args []string
	secret := map[string]string{}
	for _, k := range sortedKeys(values) {
		if sensitiveKeyRe.MatchString(k) {
			secret[k] = values[k]
			continue
		}
		args = append(args, "--config", k+"="+values[k])
	}
	if len(secret) == 0 {
		return args, noop, nil
	}
	path, done, err := j.configFile(app, secret)
	if err != nil {
		return nil, noop, err
	}
	return append(args, "--config", path), done, nil
}

// rememberSensitive adds the values of sensitive config keys to the
// values redacted from errors and logs.
func (j *Juju) rememberSensitive(values map[string]string) {
	for k, v := range values {
		if sensitiveKeyRe.MatchString(k) {
			j.secrets.add(v)
		}
	}
}

// ResetConfig resets config keys to their defaults.
func (j *Juju) ResetConfig(ctx context.Context, app string, keys ...string) error {
	args := []string{"config", app, "--reset", strings.Join(keys, ",")}
	_, err := j.run(ctx, call{args: args, model: true, retry: retryAlways})
	return err
}

// Expose runs `juju expose`.
func (j *Juju) Expose(ctx context.Context, app string) error {
	_, err := j.run(ctx, call{args: []string{"expose", app}, model: true, retry: retryAlways})
	return err
}

// Unexpose runs `juju unexpose`.
func (j *Juju) Unexpose(ctx context.Context, app string) error {
	_, err := j.run(ctx, call{args: []string{"unexpose", app}, model: true, retry: retryAlways})
	return err
}
