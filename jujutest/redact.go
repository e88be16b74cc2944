package jujutest

import (
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Redacted replaces secret values in logged arguments and error messages.
const Redacted = "REDACTED"

// sensitiveKeyRe matches config keys whose values are kept out of logs.
var sensitiveKeyRe = regexp.MustCompile(`(?i)(pass|secret|token|key|credential|private|cert)`)

// redactor remembers secret values the client has handled (secret content
// it wrote or revealed) and removes them, and values of sensitive keys,
// from anything it logs. It is shared by every Juju derived from one New.
type redactor struct {
	mu     sync.Mutex
	values map[string]struct{}
	sorted []string // longest first, so that overlapping values redact fully
}

func newRedactor() *redactor { return &redactor{values: map[string]struct{}{}} }

// add remembers secret values. Empty values are ignored.
func (r *redactor) add(vals ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	changed := false
	for _, v := range vals {
		if v == "" {
			continue
		}
		if _, ok := r.values[v]; !ok {
			r.values[v] = struct{}{}
			changed = true
		}
	}
	if changed {
		r.sorted = r.sorted[:0]
		for v := range r.values {
			r.sorted = append(r.sorted, v)
		}
		sort.Slice(r.sorted, func(i, j int) bool {
			if len(r.sorted[i]) != len(r.sorted[j]) {
				return len(r.sorted[i]) > len(r.sorted[j])
			}
			return r.sorted[i] < r.sorted[j]
		})
	}
}

// text replaces every known secret value in s. Values shorter than four
// bytes are only replaced where they make up a whole line or word-like
// token, to keep logs readable.
func (r *redactor) text(s string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range r.sorted {
		if len(v) >= 4 {
			s = strings.ReplaceAll(s, v, Redacted)
		} else if s == v {
			s = Redacted
		}
	}
	return s
}

// args returns a copy of a juju argument list that is safe to log: values
// of key=value secret content, values of sensitive config keys and every
// known secret value are replaced with Redacted.
func (r *redactor) args(args []string) []string {
	out := make([]string, len(args))
	sub := ""
	positional := 0
	for i, a := range args {
		out[i] = a
		if i == 0 {
			sub = a
			continue
		}
		prev := args[i-1]
		if strings.HasPrefix(a, "-") {
			if k, v, ok := strings.Cut(a, "="); ok && k == "--config" {
				out[i] = k + "=" + redactKV(v, false)
			}
			continue
		}
		if flagTakesValue(prev) {
			if prev == "--config" {
				out[i] = redactKV(a, false)
			}
			continue
		}
		positional++
		switch sub {
		case "add-secret", "update-secret":
			// add-secret <name> key=value...; every value is secret.
			if positional > 1 {
				out[i] = redactKV(a, true)
			}
		case "config", "model-config":
			out[i] = redactKV(a, false)
		}
	}
	for i := range out {
		out[i] = r.text(out[i])
	}
	return out
}

// redactKV redacts the value of "key=value" when all is set or the key
// looks sensitive.
func redactKV(kv string, all bool) string {
	k, _, ok := strings.Cut(kv, "=")
	if !ok {
		return kv
	}
	if all || sensitiveKeyRe.MatchString(k) {
		return k + "=" + Redacted
	}
	return kv
}

// valueFlags are the juju flags this package passes that take a separate
// value argument.
var valueFlags = map[string]bool{
	"-m": true, "--model": true, "--format": true, "--config": true, "--base": true,
	"--channel": true, "--revision": true, "--resource": true, "-n": true,
	"--num-units": true, "--constraints": true, "--to": true, "--storage": true,
	"--bind": true, "--file": true, "--info": true, "--name": true, "--params": true,
	"--wait": true, "--unit": true, "--machine": true, "--owner": true,
	"--controller": true, "--credential": true, "--timeout": true, "--path": true,
	"--limit": true, "--reset": true, "--via": true, "--container": true,
	"--user": true,
}

func flagTakesValue(f string) bool { return valueFlags[f] }
