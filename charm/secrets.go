package charm

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SecretOptions are the metadata of a secret a charm creates or updates.
type SecretOptions struct {
	Label       string
	Description string
	// Expire, when not zero, is when the secret expires (secret-expired
	// fires then).
	Expire time.Time
	// Rotate is never, hourly, daily, weekly, monthly, quarterly or yearly.
	Rotate string
	// Owner is "application" (the default, leader-managed) or "unit".
	Owner string
}

func (o SecretOptions) args(withOwner bool) []string {
	var args []string
	if o.Label != "" {
		args = append(args, "--label", o.Label)
	}
	if o.Description != "" {
		args = append(args, "--description", o.Description)
	}
	if !o.Expire.IsZero() {
		args = append(args, "--expire", o.Expire.UTC().Format(time.RFC3339))
	}
	if o.Rotate != "" {
		args = append(args, "--rotate", o.Rotate)
	}
	if withOwner && o.Owner != "" {
		args = append(args, "--owner", o.Owner)
	}
	return args
}

// SecretInfo is what the owner of a secret knows about it.
type SecretInfo struct {
	ID          string `json:"-"`
	Revision    int    `json:"revision"`
	Label       string `json:"label"`
	Owner       string `json:"owner"`
	Description string `json:"description"`
	Rotation    string `json:"rotation"`
	Expiry      string `json:"expiry"`
}

// SecretAdd creates a secret and returns its id. Content keys must be
// lower-case words of at least three characters. Application-owned
// secrets can only be created by the leader.
func (c *Context) SecretAdd(content map[string]string, opts SecretOptions) (string, error) {
	if len(content) == 0 {
		return "", fmt.Errorf("secret-add: a secret needs at least one key")
	}
	c.remember(content)
	files, cleanup, err := contentFiles(content)
	if err != nil {
		return "", err
	}
	defer cleanup()
	args := append(opts.args(true), files...)
	c.mu.Lock()
	c.writes++
	c.mu.Unlock()
	out, err := c.run("secret-add", nil, args...)
	if err != nil {
		return "", err
	}
	return canonicalSecretID(strings.TrimSpace(string(out))), nil
}

// SecretGet reads a secret's content by id or, when id is empty, by label.
// peek reads the latest revision without starting to track it; refresh
// moves tracking to the latest. Values are remembered so that loggers from
// this package never print them.
func (c *Context) SecretGet(id, label string, peek, refresh bool) (map[string]string, error) {
	args := []string{}
	if id != "" {
		args = append(args, id)
	}
	if label != "" {
		args = append(args, "--label", label)
	}
	if peek {
		args = append(args, "--peek")
	}
	if refresh {
		args = append(args, "--refresh")
	}
	out := map[string]string{}
	if err := c.runJSON(&out, "secret-get", args...); err != nil {
		return nil, err
	}
	c.remember(out)
	return out, nil
}

// SecretInfoGet returns the metadata of a secret this unit or application
// owns, by id or (id empty) by label.
func (c *Context) SecretInfoGet(id, label string) (SecretInfo, error) {
	args := []string{}
	if id != "" {
		args = append(args, id)
	} else {
		args = append(args, "--label", label)
	}
	var out map[string]SecretInfo
	if err := c.runJSON(&out, "secret-info-get", args...); err != nil {
		return SecretInfo{}, err
	}
	for k, v := range out {
		v.ID = canonicalSecretID(k)
		return v, nil
	}
	return SecretInfo{}, fmt.Errorf("secret-info-get %s: %w", strings.Join(args, " "), ErrSecretNotFound)
}

// SecretIDs lists the ids of the secrets this unit or application owns.
func (c *Context) SecretIDs() ([]string, error) {
	var ids []string
	err := c.runJSON(&ids, "secret-ids")
	for i := range ids {
		ids[i] = canonicalSecretID(ids[i])
	}
	sort.Strings(ids)
	return ids, err
}

// canonicalSecretID turns a bare secret id (some tools print those) into
// the secret: URI that secret-add prints, so ids compare equal whichever
// tool they came from. Juju's tools accept both forms.
func canonicalSecretID(id string) string {
	if id == "" || strings.HasPrefix(id, "secret:") {
		return id
	}
	return "secret:" + id
}

// SecretSet updates a secret: new content (a new revision) and/or metadata.
// It does not compare; EnsureSecret does.
func (c *Context) SecretSet(id string, content map[string]string, opts SecretOptions) error {
	args := append([]string{id}, opts.args(false)...)
	if len(content) > 0 {
		c.remember(content)
		files, cleanup, err := contentFiles(content)
		if err != nil {
			return err
		}
		defer cleanup()
		args = append(args, files...)
	}
	return c.write("secret-set", nil, args...)
}

// EnsureSecret makes the secret labelled opts.Label hold content: it creates
// the secret when there is none with that label, updates it when the
// content differs, and otherwise writes nothing. It returns the secret's
// id. This is the idempotent way to own a secret: a reconciler that calls
// secret-add on every hook would create a new secret each time.
func (c *Context) EnsureSecret(content map[string]string, opts SecretOptions) (id string, changed bool, err error) {
	if opts.Label == "" {
		return "", false, fmt.Errorf("EnsureSecret needs a label to find the secret again")
	}
	info, err := c.SecretInfoGet("", opts.Label)
	if IsNotFound(err) {
		id, err := c.SecretAdd(content, opts)
		return id, err == nil, err
	}
	if err != nil {
		return "", false, err
	}
	cur, err := c.SecretGet(info.ID, "", true, false)
	if err != nil {
		return "", false, err
	}
	if equalMaps(cur, content) {
		return info.ID, false, nil
	}
	if err := c.SecretSet(info.ID, content, SecretOptions{}); err != nil {
		return "", false, err
	}
	return info.ID, true, nil
}

// SecretGrant lets the remote side of a relation (or one unit of it) read a
// secret.
func (c *Context) SecretGrant(id string, rel RelationID, unit string) error {
	args := []string{id, "-r", rel.String()}
	if unit != "" {
		args = append(args, "--unit", unit)
	}
	return c.write("secret-grant", nil, args...)
}

// SecretRevoke withdraws a grant: from a relation, an application or a unit.
func (c *Context) SecretRevoke(id string, rel *RelationID, app, unit string) error {
	args := []string{id}
	if rel != nil {
		args = append(args, "-r", rel.String())
	}
	if app != "" {
		args = append(args, "--app", app)
	}
	if unit != "" {
		args = append(args, "--unit", unit)
	}
	return c.write("secret-revoke", nil, args...)
}

// SecretRemove removes a secret, or one revision of it when revision > 0.
func (c *Context) SecretRemove(id string, revision int) error {
	args := []string{id}
	if revision > 0 {
		args = append(args, "--revision", strconv.Itoa(revision))
	}
	return c.write("secret-remove", nil, args...)
}

// IsNotFound reports whether err says a secret or relation does not exist.
func IsNotFound(err error) bool {
	return err != nil && (errors.Is(err, ErrSecretNotFound) || errors.Is(err, ErrRelationNotFound))
}

func (c *Context) remember(content map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range content {
		// Very short values would redact ordinary words; they are not
		// secrets worth the name.
		if len(v) >= 4 {
			c.secrets[v] = true
		}
	}
}

// redact replaces every secret value this hook has seen with ***.
func (c *Context) redact(s string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.secrets) == 0 {
		return s
	}
	vals := make([]string, 0, len(c.secrets))
	for v := range c.secrets {
		vals = append(vals, v)
	}
	// Longest first, so a value containing another is redacted whole.
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
	for _, v := range vals {
		s = strings.ReplaceAll(s, v, "***")
	}
	return s
}

// contentFiles writes each secret value to its own file in a private
// temporary directory and returns key#file=path arguments, as ops does:
// values never appear in argv, where any process could read them.
func contentFiles(content map[string]string) ([]string, func(), error) {
	dir, err := os.MkdirTemp("", "charm-secret-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	var args []string
	for i, k := range sortedKeys(content) {
		path := filepath.Join(dir, strconv.Itoa(i))
		if err := os.WriteFile(path, []byte(content[k]), 0o600); err != nil {
			cleanup()
			return nil, nil, err
		}
		args = append(args, k+"#file="+path)
	}
	return args, cleanup, nil
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}
