package jujusim

import (
	"regexp"
	"strconv"
	"strings"
)

// Name rules from juju/names (application, unit, storage) and core/secrets.
const (
	appSnippet    = `(?:[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*)`
	numberSnippet = `(?:0|[1-9][0-9]*)`
)

var (
	validApp       = regexp.MustCompile(`^` + appSnippet + `$`)
	validUnit      = regexp.MustCompile(`^` + appSnippet + `/` + numberSnippet + `$`)
	validStorageID = regexp.MustCompile(`^` + appSnippet + `/` + numberSnippet + `$`)
	validSecretID  = regexp.MustCompile(`^[0-9a-z]{20}$`)
	validUUID      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	// validSecretKey is core/secrets' key rule: at least 3 characters.
	validSecretKey = regexp.MustCompile(`^([a-z](?:-?[a-z0-9]){2,})$`)
	// validActionKey is the action-set key segment rule (charm action names).
	validActionKey = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
)

func isValidApp(s string) bool  { return validApp.MatchString(s) }
func isValidUnit(s string) bool { return validUnit.MatchString(s) }

// unitApp returns the application part of a unit name ("" if there is none).
func unitApp(unit string) string {
	if i := strings.IndexByte(unit, '/'); i >= 0 {
		return unit[:i]
	}
	return ""
}

// storageName returns the storage name part of a storage id "name/N".
func storageName(id string) string { return unitApp(id) }

func itoa(n int) string { return strconv.Itoa(n) }

// parseSecretURI accepts secret:<id>, secret://<uuid>/<id> and a bare id and
// returns the bare id. ok is false when s is not a valid secret URI.
func parseSecretURI(s string) (id string, ok bool) {
	switch {
	case strings.HasPrefix(s, "secret://"):
		rest := strings.TrimPrefix(s, "secret://")
		i := strings.IndexByte(rest, '/')
		if i < 0 || !validUUID.MatchString(rest[:i]) {
			return "", false
		}
		id = rest[i+1:]
	case strings.HasPrefix(s, "secret:"):
		id = strings.TrimPrefix(s, "secret:")
	default:
		id = s
	}
	if !validSecretID.MatchString(id) {
		return "", false
	}
	return id, true
}

// secretURI formats a bare id as the URI the tools print.
//
// unverified: whether Juju 3.6/4.0 prints secret:<id> or
// secret://<model-uuid>/<id> from secret-add; ops accepts both. We print the
// short form.
func secretURI(id string) string { return "secret:" + id }
