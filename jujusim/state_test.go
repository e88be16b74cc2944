package jujusim

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

func TestStateRoundTrip(t *testing.T) {
	st := baseState()
	withAction(st)
	st.GoalState = &GoalState{Units: map[string]GoalStatus{"web/0": {Status: "active"}}}
	st.Credential = &CloudSpec{Type: "lxd", Credential: &CloudCredential{AuthType: "certificate"}}
	st.Logs = []LogRecord{{"INFO", "x <y> & z"}}
	first, err := st.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := Parse("state.json", first)
	if err != nil {
		t.Fatal(err)
	}
	second, err := loaded.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("Save(Load(x)) != x:\n%s\n---\n%s", first, second)
	}
	if !bytes.Contains(first, []byte("x <y> & z")) {
		t.Error("HTML characters escaped")
	}
	// The golden file is canonical too.
	golden, err := os.ReadFile(filepath.Join("testdata", "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	g, err := Parse("testdata/state.json", golden)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := g.Marshal()
	if !bytes.Equal(out, golden) {
		t.Errorf("testdata/state.json does not round-trip byte for byte:\n%s", out)
	}
}

func TestSaveAndLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	if err := baseState().Save(path); err != nil {
		t.Fatal(err)
	}
	st, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Relation(3).RemoteApp != "postgresql" || st.Config["port"] != int64(8080) {
		t.Errorf("loaded %+v", st)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Error("temporary file left behind")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "s.json: empty file, expected a JSON object"},
		{"{\n  \"unit\": \"a/0\",\n  \"leader\": tru\n}", "s.json: line 3 col 16: invalid character '\\n' in literal true (expecting 'e')"},
		{"{\n  \"unit\": \"a/0\",\n  \"bogus\": 1\n}", "s.json: line 3 col 3: unknown field \"bogus\""},
		{"{\"unit\": \"a/0\", \"relations\": [{\"id\": \"x\"}]}", "s.json: line 1 col 40: relations.id: cannot use JSON string as int"},
		{"{\"unit\": \"a/0\"", "s.json: line 1 col 15: unexpected end of JSON input"},
		{"{\"unit\": \"a/0\"} {}", "s.json: line 1 col 17: unexpected data after the state object ({)"},
		{"[]", "s.json: line 1 col 1: value: cannot use JSON array as jujusim.State"},
		{`{"unit": "A/0"}`, `s.json: unit: invalid unit name "A/0" (want <app>/<n>)`},
		{`{"unit": "a/0", "app": "b"}`, `s.json: app: "b" does not match unit "a/0"`},
		{`{"unit": "a/0", "relations": [{"id": 1, "endpoint": "x", "remote_app": "b"}, {"id": 1, "endpoint": "y", "remote_app": "c"}]}`, `s.json: relations[1].id: duplicate relation id 1`},
		{`{"unit": "a/0", "relations": [{"id": 1, "endpoint": "x", "remote_app": "b", "remote_units": ["c/0"]}]}`, `s.json: relations[0].remote_units[0]: "c/0" is not a unit of "b"`},
		{`{"unit": "a/0", "secrets": [{"id": "nope", "revisions": [{"revision": 1, "content": {}}]}]}`, `s.json: secrets[0].id: invalid secret id "nope"`},
		{`{"unit": "a/0", "secrets": [{"id": "` + secretA + `", "revisions": []}]}`, `s.json: secrets[0].revisions: a secret needs at least one revision`},
		{`{"unit": "a/0", "secrets": [{"id": "` + secretA + `", "owner": "model", "revisions": [{"revision": 1, "content": {}}]}]}`, `s.json: secrets[0].owner: "model" is not application, unit or empty`},
		{`{"unit": "a/0", "config_options": {"p": {"type": "int", "default": "x"}}}`, `s.json: config_options["p"].default: x is not of type int`},
		{`{"unit": "a/0", "config_options": {"p": {"type": "int"}}, "config": {"p": 1.5}}`, `s.json: config["p"]: 1.5 is not of type int`},
		{`{"unit": "a/0", "config": {"p": [1]}}`, `s.json: config["p"]: option values are strings, numbers or booleans`},
		{`{"unit": "a/0", "opened_ports": [{"protocol": "tcp", "from": 90, "to": 80}]}`, `s.json: opened_ports[0]: invalid port range 90-80`},
		{`{"unit": "a/0", "unit_status": {"status": "happy"}}`, `s.json: unit_status.status: unknown status "happy"`},
		{`{"unit": "a/0", "storage": [{"id": "data", "kind": "filesystem"}]}`, `s.json: storage[0].id: invalid storage id "data" (want <name>/<n>)`},
		{`{"unit": "a/0", "reboot_requested": "later"}`, `s.json: reboot_requested: "later" is not after-hook or now`},
	} {
		_, err := Parse("s.json", []byte(tc.in))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%q):\n got %v\nwant %s", tc.in, err, tc.want)
		}
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestParseNormalizesNumbers(t *testing.T) {
	st, err := Parse("s", []byte(`{"unit":"a/0","config_options":{"f":{"type":"float","default":2}},"config":{"f":3,"i":4,"g":1.25,"huge":1e400}}`))
	if err != nil {
		t.Fatal(err)
	}
	if st.Config["f"] != float64(3) || st.Config["i"] != int64(4) || st.Config["g"] != 1.25 || st.ConfigOptions["f"].Default != float64(2) {
		t.Errorf("config %#v options %#v", st.Config, st.ConfigOptions)
	}
	if _, err := st.Marshal(); err != nil {
		t.Errorf("out-of-range number does not save: %v", err)
	}
}

func TestValidateContainerNames(t *testing.T) {
	for _, name := range []string{"", "../up", "Web", "a/b", "-x", "x-"} {
		st := &State{Unit: "web/0", Containers: []pebblesim.Container{{Name: name}}}
		if err := st.Validate(); err == nil || !strings.Contains(err.Error(), "containers[0].name") {
			t.Errorf("container %q: err = %v", name, err)
		}
	}
	st := &State{Unit: "web/0", Containers: []pebblesim.Container{{Name: "web"}, {Name: "web"}}}
	if err := st.Validate(); err == nil || !strings.Contains(err.Error(), "duplicate container") {
		t.Errorf("duplicate container: err = %v", err)
	}
	st = &State{Unit: "web/0", Containers: []pebblesim.Container{{Name: "web-2"}}}
	if err := st.Validate(); err != nil {
		t.Errorf("web-2: %v", err)
	}
}
