package reach

import "testing"

func TestEventFromFuncName(t *testing.T) {
	for name, want := range map[string]string{
		"OnConfigChanged":         "config-changed",
		"onInstall":               "install",
		"OnDBRelationChanged":     "db-relation-changed",
		"HandleBackupAction":      "action:backup",
		"OnDataStorageAttached":   "data-storage-attached",
		"OnWebPebbleReady":        "web-pebble-ready",
		"OnLeaderSettingsChanged": "leader-settings-changed",
		"OnError":                 "",
		"Online":                  "",
		"Reconcile":               "",
		"handler":                 "",
	} {
		if got := eventFromFuncName(name); got != want {
			t.Errorf("eventFromFuncName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestRepeatable(t *testing.T) {
	for ev, want := range map[string]bool{
		"config-changed": true, "db-relation-changed": true, "update-status": true, "start": true,
		"*": true, "leader-elected": true, "install": false, "stop": false, "remove": false,
		"secret-rotate": false, "action:backup": false, "collect-metrics": false,
	} {
		if got := Repeatable(ev); got != want {
			t.Errorf("Repeatable(%q) = %v", ev, got)
		}
	}
	for _, s := range []string{"db-relation-changed", "data-storage-detaching", "app-pebble-check-failed", "install"} {
		if !IsHookName(s) {
			t.Errorf("IsHookName(%q) = false", s)
		}
	}
	for _, s := range []string{"db", "relation-changed", "Install", "greet"} {
		if IsHookName(s) {
			t.Errorf("IsHookName(%q) = true", s)
		}
	}
}
