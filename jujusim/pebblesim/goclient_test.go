package pebblesim

import (
	"testing"

	"github.com/charmgen/charmgen/charm/pebble"
)

// TestGoClientYAMLInterop checks the simulator against charm/pebble's own
// YAML: a layer the Go client writes (Layer.YAML) is accepted as written,
// and the plan the simulator serves reads back (ParsePlan) to the plan the
// layers combine to.
func TestGoClientYAMLInterop(t *testing.T) {
	factor := 1.5
	uid := 1000
	layer := &pebble.Layer{
		Summary: "with: colons, quotes \" and unicode é",
		Services: map[string]*pebble.Service{
			"web": {
				Override:      pebble.ReplaceOverride,
				Command:       `/bin/web --name "a b" [ --port 80 ]`,
				Startup:       pebble.StartupEnabled,
				Environment:   map[string]string{"EMPTY": "", "NUM": "01", "BOOL": "true", "MULTI": "a\nb"},
				UserID:        &uid,
				User:          "app",
				After:         []string{"db"},
				BackoffDelay:  "2s",
				BackoffFactor: &factor,
				KillDelay:     "1m",
				OnCheckFailure: map[string]pebble.ServiceAction{
					"alive": pebble.ActionRestart,
				},
			},
			"db": {Override: pebble.ReplaceOverride, Command: "/bin/db"},
		},
		Checks: map[string]*pebble.Check{
			"alive": {Override: pebble.ReplaceOverride, Level: pebble.AliveLevel, Period: "10s",
				HTTP: &pebble.HTTPCheck{URL: "http://localhost:80/", Headers: map[string]string{"X": "y"}}},
		},
		LogTargets: map[string]*pebble.LogTarget{
			"loki": {Override: pebble.ReplaceOverride, Type: pebble.LokiTarget, Location: "http://loki/", Services: []string{"all", "-db"}},
		},
	}
	data, err := layer.YAML()
	if err != nil {
		t.Fatal(err)
	}
	srv, _, c := startServer(t, newContainer(t))
	addLayer(t, c, "go", string(data), false)

	_, body := call(t, c, "GET", "/v1/plan?format=yaml", nil)
	served, err := pebble.ParsePlan([]byte(body["result"].(string)))
	if err != nil {
		t.Fatalf("ParsePlan of the served plan: %v\n%s", err, body["result"])
	}
	want, err := srv.Container().Plan()
	if err != nil {
		t.Fatal(err)
	}
	// The served plan spells durations as Pebble writes them back.
	for _, s := range want.Services {
		s.BackoffDelay, s.BackoffLimit, s.KillDelay = s.BackoffDelay.Normalize(), s.BackoffLimit.Normalize(), s.KillDelay.Normalize()
	}
	for _, ch := range want.Checks {
		ch.Period, ch.Timeout = ch.Period.Normalize(), ch.Timeout.Normalize()
	}
	if got, w := mustJSON(t, served), mustJSON(t, want); got != w {
		t.Errorf("served plan reads back as\n%s\nwant\n%s", got, w)
	}
	if got := served.Services["web"].Environment["MULTI"]; got != "a\nb" {
		t.Errorf("MULTI = %q", got)
	}
}
