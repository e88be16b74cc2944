package jujusim

import (
	"bytes"
	"reflect"
	"testing"
)

// The simulated systemctl: each step runs on the state the previous left,
// checking systemctl's output, exit codes and the recorded units.
func TestSystemctl(t *testing.T) {
	a, err := NewAgent(baseState(), HookContext{Hook: "install"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"is-active", "web"}, 3, "inactive\n", ""},
		{[]string{"start", "web"}, 5, "", "Failed to start web.service: Unit web.service not found.\n"},
		{[]string{"enable", "web"}, 1, "", "Failed to enable unit: Unit file web.service does not exist.\n"},
		{[]string{"daemon-reload"}, 0, "", ""},
		{[]string{"enable", "/srv/charm/state/web.service"}, 0, "", ""},
		{[]string{"is-enabled", "web.service"}, 0, "enabled\n", ""},
		{[]string{"restart", "web"}, 0, "", ""},
		{[]string{"is-active", "web"}, 0, "active\n", ""},
		{[]string{"start", "web"}, 0, "", ""}, // already active: no new start
		{[]string{"stop", "nothing"}, 5, "", "Failed to stop nothing.service: Unit nothing.service not loaded.\n"},
		{[]string{"frobnicate", "web"}, 1, "", "Unknown command verb 'frobnicate'.\n"},
		{[]string{"--bogus"}, 1, "", "systemctl: unrecognized option '--bogus'\n"},
		{[]string{"disable", "--now", "web"}, 0, "", ""},
		{[]string{"is-enabled", "web"}, 1, "disabled\n", ""},
		{[]string{"status", "ghost"}, 4, "", "Unit ghost.service could not be found.\n"},
	}
	for _, s := range steps {
		var out, errb bytes.Buffer
		code := a.RunTool("systemctl", s.args, nil, &out, &errb)
		if code != s.code || out.String() != s.stdout || errb.String() != s.stderr {
			t.Errorf("systemctl %q = %d %q %q, want %d %q %q", s.args, code, out.String(), errb.String(), s.code, s.stdout, s.stderr)
		}
	}
	st := a.State()
	want := SystemdUnit{Path: "/srv/charm/state/web.service", Starts: 1}
	if got := st.Systemd.Units["web.service"]; got != want {
		t.Errorf("web.service = %+v, want %+v", got, want)
	}
	if len(st.Systemd.Calls) != len(steps) || !reflect.DeepEqual(st.Systemd.Calls[4], []string{"enable", "/srv/charm/state/web.service"}) {
		t.Errorf("calls = %q", st.Systemd.Calls)
	}
	// systemctl acts at once: a failed hook keeps what it did.
	a.Discard()
	if a.State().Systemd.Units["web.service"].Path == "" {
		t.Error("a failed hook undid systemctl")
	}
}

// A failing unit fails start and restart as systemd does, and is inactive.
func TestSystemctlFailingUnit(t *testing.T) {
	st := baseState()
	st.Systemd = &Systemd{Units: map[string]SystemdUnit{"web.service": {Enabled: true, Active: true, Failing: true}}}
	a, err := NewAgent(st, HookContext{Hook: "config-changed"})
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	if code := a.RunTool("systemctl", []string{"restart", "web"}, nil, nil, &errb); code != 1 {
		t.Errorf("restart of a failing unit exited %d, want 1", code)
	}
	if want := "Job for web.service failed because the control process exited with error code.\n"; !bytes.HasPrefix(errb.Bytes(), []byte(want)) {
		t.Errorf("stderr = %q, want it to start %q", errb.String(), want)
	}
	if a.State().Systemd.Units["web.service"].Active {
		t.Error("a failed restart left the unit active")
	}
	if w := a.Writes(); len(w) != 1 || w[0].Target != "systemd" || w[0].Key != "restart web" {
		t.Errorf("writes = %+v", w)
	}
}
