package reach

import (
	"regexp"
	"strings"
)

// Hook names, as Juju spells them (config-changed, db-relation-changed).
// Actions are written "action:<name>", the default branch of a dispatch
// "*", and a branch on a pattern keeps it ("*-relation-changed").

var standardHooks = map[string]bool{
	"install": true, "start": true, "config-changed": true, "upgrade-charm": true, "stop": true,
	"remove": true, "update-status": true, "leader-elected": true, "leader-deposed": true,
	"leader-settings-changed": true, "secret-changed": true, "secret-expired": true,
	"secret-remove": true, "secret-rotate": true, "pre-series-upgrade": true,
	"post-series-upgrade": true, "collect-metrics": true, "meter-status-changed": true,
}

var hookPatternRE = regexp.MustCompile(`^[a-z0-9*][a-z0-9_*-]*-(relation-(created|joined|changed|departed|broken)|storage-(attached|detaching)|pebble-(ready|custom-notice|check-failed|check-recovered|change-updated))$`)

// IsHookName reports whether s is the name of a Juju hook (a standard one,
// or a relation, storage or Pebble hook of some endpoint).
func IsHookName(s string) bool { return standardHooks[s] || hookPatternRE.MatchString(s) }

// RemovedHooks are the hooks Juju 4 no longer runs.
var RemovedHooks = map[string]bool{
	"leader-settings-changed": true, "pre-series-upgrade": true, "post-series-upgrade": true,
	"collect-metrics": true, "meter-status-changed": true,
}

// Repeatable reports whether an event runs again and again in a unit's
// life, so that its handler should delegate to the reconciler: every hook
// but install, stop, remove, the secret owner hooks and actions (and the
// hooks Juju 4 removed, which GO012 reports).
func Repeatable(ev string) bool {
	if strings.HasPrefix(ev, "action:") || RemovedHooks[ev] {
		return false
	}
	switch ev {
	case "install", "stop", "remove", "secret-rotate", "secret-remove", "secret-expired", "leader-deposed":
		return false
	}
	return true
}

var camelRE = regexp.MustCompile(`([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])`)

// eventFromFuncName maps a handler function name (OnConfigChanged,
// onDBRelationChanged, HandleBackupAction) to its event, or "".
func eventFromFuncName(name string) string {
	var rest string
	for _, p := range []string{"On", "on", "Handle", "handle"} {
		if strings.HasPrefix(name, p) && len(name) > len(p) && name[len(p)] >= 'A' && name[len(p)] <= 'Z' {
			rest = name[len(p):]
			break
		}
	}
	if rest == "" {
		return ""
	}
	kebab := strings.ToLower(camelRE.ReplaceAllString(rest, "${1}${3}-${2}${4}"))
	kebab = strings.ReplaceAll(kebab, "_", "-")
	if strings.HasSuffix(kebab, "-action") {
		return "action:" + strings.TrimSuffix(kebab, "-action")
	}
	if IsHookName(kebab) {
		return kebab
	}
	return ""
}
