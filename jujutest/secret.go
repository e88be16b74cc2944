package jujutest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SecretURI identifies a secret: "secret:<xid>" as add-secret prints it,
// or the long form "secret://<model-uuid>/<xid>".
type SecretURI string

// ID returns the unique identifier, the <xid> part, of either form.
func (u SecretURI) ID() string {
	s := string(u)
	if rest, ok := strings.CutPrefix(s, "secret://"); ok {
		if i := strings.LastIndex(rest, "/"); i >= 0 {
			return rest[i+1:]
		}
		return rest
	}
	return strings.TrimPrefix(s, "secret:")
}

// String returns the URI.
func (u SecretURI) String() string { return string(u) }

// Secret is one secret from `juju secrets` or `juju show-secret`. Times
// that juju leaves out, or prints in an unexpected form, are zero.
type Secret struct {
	URI         SecretURI
	Revision    int
	Checksum    string // Juju 3.6 and later
	Owner       string // "<model>" for user secrets, else an application
	Name        string // user secrets
	Label       string // charm secrets
	Description string
	Created     time.Time
	Updated     time.Time
	Expires     time.Time
	Rotation    string
	Rotates     time.Time
	Access      []SecretAccess
	Revisions   []SecretRevision
	// Content is the revealed content (show-secret --reveal), else nil.
	Content map[string]string
}

// SecretAccess is one grant of a secret.
type SecretAccess struct {
	Target string `json:"target"`
	Scope  string `json:"scope"`
	Role   string `json:"role"`
}

// SecretRevision is one revision's metadata (show-secret --revisions).
type SecretRevision struct {
	Revision int
	Backend  string
	Created  time.Time
	Updated  time.Time
	Expires  time.Time
}

type rawSecret struct {
	Revision    int            `json:"revision"`
	Checksum    string         `json:"checksum"`
	Owner       string         `json:"owner"`
	Name        string         `json:"name"`
	Label       string         `json:"label"`
	Description string         `json:"description"`
	Created     string         `json:"created"`
	Updated     string         `json:"updated"`
	Expires     string         `json:"expires"`
	Rotation    string         `json:"rotation"`
	Rotates     string         `json:"rotates"`
	Access      []SecretAccess `json:"access"`
	Revisions   []struct {
		Revision int    `json:"revision"`
		Backend  string `json:"backend"`
		Created  string `json:"created"`
		Updated  string `json:"updated"`
		Expires  string `json:"expires"`
	} `json:"revisions"`
	Content *struct {
		Data map[string]string `json:"Data"`
	} `json:"content"`
}

func parseTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ParseSecrets decodes `juju secrets --format json` or `juju show-secret
// --format json` output: an object keyed by secret id. The result is
// sorted by URI.
func ParseSecrets(data []byte) ([]Secret, error) {
	var doc map[string]rawSecret
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("jujutest: parse secrets: %w", err)
	}
	out := make([]Secret, 0, len(doc))
	for id, r := range doc {
		s := Secret{
			URI: SecretURI("secret:" + SecretURI(id).ID()), Revision: r.Revision, Checksum: r.Checksum,
			Owner: r.Owner, Name: r.Name, Label: r.Label, Description: r.Description,
			Created: parseTime(r.Created), Updated: parseTime(r.Updated), Expires: parseTime(r.Expires),
			Rotation: r.Rotation, Rotates: parseTime(r.Rotates), Access: r.Access,
		}
		for _, rv := range r.Revisions {
			s.Revisions = append(s.Revisions, SecretRevision{
				Revision: rv.Revision, Backend: rv.Backend, Created: parseTime(rv.Created),
				Updated: parseTime(rv.Updated), Expires: parseTime(rv.Expires),
			})
		}
		if r.Content != nil {
			s.Content = r.Content.Data
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URI < out[j].URI })
	return out, nil
}

// secretFile writes secret content to a 0600 temporary file and remembers
// its values for redaction.
func (j *Juju) secretFile(content map[string]string) (string, func(), error) {
	j.secrets.add(valuesOf(content)...)
	data, err := json.Marshal(content) // JSON is YAML, which --file reads
	if err != nil {
		return "", nil, err
	}
	return j.tempFile("jujutest-secret-*.yaml", data)
}

func valuesOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// AddSecret creates a user secret (`juju add-secret <name> --file <f>
// [--info <info>]`) and returns its URI. The content goes through a 0600
// temporary file, never argv, and its values are redacted from logs. A
// transient failure is retried only when `juju secrets` shows no secret
// with that name.
func (j *Juju) AddSecret(ctx context.Context, name string, content map[string]string, info string) (SecretURI, error) {
	if len(content) == 0 {
		return "", errors.New("jujutest: add-secret: no content")
	}
	path, remove, err := j.secretFile(content)
	if err != nil {
		return "", err
	}
	defer remove()
	args := []string{"add-secret", name, "--file", path}
	if info != "" {
		args = append(args, "--info", info)
	}
	out, err := j.run(ctx, call{args: args, model: true, retry: retryChecked, check: func(ctx context.Context) (string, bool, error) {
		secrets, err := j.Secrets(ctx, "")
		if err != nil {
			return "", false, err
		}
		for _, s := range secrets {
			if s.Name == name {
				return string(s.URI), true, nil
			}
		}
		return "", false, nil
	}})
	if err != nil {
		return "", err
	}
	return SecretURI(strings.TrimSpace(out)), nil
}

// UpdateSecretOptions are the optional arguments of UpdateSecret.
type UpdateSecretOptions struct {
	// Info sets the description.
	Info string
	// Name renames the secret.
	Name string
	// AutoPrune, when set, sets --auto-prune to its value.
	AutoPrune *bool
}

// UpdateSecret updates a user secret's content (a new revision, through a
// 0600 temporary file) and/or its metadata. When content is given, a
// transient failure is retried only if show-secret --reveal shows that the
// latest revision does not hold the new content yet.
func (j *Juju) UpdateSecret(ctx context.Context, id string, content map[string]string, opts UpdateSecretOptions) error {
	args := []string{"update-secret", id}
	c := call{model: true, retry: retryAlways}
	if len(content) > 0 {
		path, remove, err := j.secretFile(content)
		if err != nil {
			return err
		}
		defer remove()
		args = append(args, "--file", path)
		c.retry = retryChecked
		c.check = func(ctx context.Context) (string, bool, error) {
			s, err := j.ShowSecret(ctx, id, ShowSecretOptions{Reveal: true})
			if err != nil {
				return "", false, err
			}
			return "", maps.Equal(s.Content, content), nil
		}
	}
	if opts.Info != "" {
		args = append(args, "--info", opts.Info)
	}
	if opts.Name != "" {
		args = append(args, "--name", opts.Name)
	}
	if opts.AutoPrune != nil {
		args = append(args, "--auto-prune="+strconv.FormatBool(*opts.AutoPrune))
	}
	c.args = args
	_, err := j.run(ctx, c)
	return err
}

// GrantSecret lets applications read a user secret (`juju grant-secret
// <id> app1,app2`).
func (j *Juju) GrantSecret(ctx context.Context, id string, apps ...string) error {
	if len(apps) == 0 {
		return errors.New("jujutest: grant-secret: no applications")
	}
	_, err := j.run(ctx, call{args: []string{"grant-secret", id, strings.Join(apps, ",")}, model: true, retry: retryAlways})
	return err
}

// RevokeSecret takes back applications' access to a user secret (`juju
// revoke-secret <id> app1,app2`).
func (j *Juju) RevokeSecret(ctx context.Context, id string, apps ...string) error {
	if len(apps) == 0 {
		return errors.New("jujutest: revoke-secret: no applications")
	}
	_, err := j.run(ctx, call{args: []string{"revoke-secret", id, strings.Join(apps, ",")}, model: true, retry: retryAlways})
	return err
}

// RemoveSecret removes a user secret, or only one revision of it when
// revision > 0. A transient failure is retried only when show-secret shows
// the secret (or revision) still there.
func (j *Juju) RemoveSecret(ctx context.Context, id string, revision int) error {
	args := []string{"remove-secret", id}
	if revision > 0 {
		args = append(args, "--revision", strconv.Itoa(revision))
	}
	_, err := j.run(ctx, call{args: args, model: true, retry: retryChecked, check: func(ctx context.Context) (string, bool, error) {
		s, err := j.ShowSecret(ctx, id, ShowSecretOptions{Revisions: revision > 0})
		var ce *CLIError
		if errors.As(err, &ce) && strings.Contains(strings.ToLower(ce.Stderr), "not found") {
			return "", true, nil
		}
		if err != nil {
			return "", false, err
		}
		if revision == 0 {
			return "", false, nil
		}
		for _, r := range s.Revisions {
			if r.Revision == revision {
				return "", false, nil
			}
		}
		return "", true, nil
	}})
	return err
}

// Secrets lists the model's secrets (`juju secrets --format json`),
// optionally only those of one owner.
func (j *Juju) Secrets(ctx context.Context, owner string) ([]Secret, error) {
	args := []string{"secrets", "--format", "json"}
	if owner != "" {
		args = append(args, "--owner", owner)
	}
	out, err := j.run(ctx, call{args: args, model: true, retry: retryAlways})
	if err != nil {
		return nil, err
	}
	return ParseSecrets([]byte(out))
}

// ShowSecretOptions are the optional arguments of ShowSecret.
type ShowSecretOptions struct {
	// Reveal includes the content (model admins only).
	Reveal bool
	// Revision shows that revision instead of the latest.
	Revision int
	// Revisions includes every revision's metadata.
	Revisions bool
}

// ShowSecret shows one secret (`juju show-secret <id> --format json`).
// Revealed values are redacted from logs from then on.
func (j *Juju) ShowSecret(ctx context.Context, id string, opts ShowSecretOptions) (*Secret, error) {
	args := []string{"show-secret", id, "--format", "json"}
	if opts.Reveal {
		args = append(args, "--reveal")
	}
	if opts.Revision > 0 {
		args = append(args, "--revision", strconv.Itoa(opts.Revision))
	}
	if opts.Revisions {
		args = append(args, "--revisions")
	}
	out, err := j.run(ctx, call{args: args, model: true, retry: retryAlways})
	if err != nil {
		return nil, err
	}
	secrets, err := ParseSecrets([]byte(out))
	if err != nil {
		return nil, err
	}
	if len(secrets) != 1 {
		return nil, fmt.Errorf("jujutest: show-secret %s: want one secret, got %d", id, len(secrets))
	}
	j.secrets.add(valuesOf(secrets[0].Content)...)
	return &secrets[0], nil
}
