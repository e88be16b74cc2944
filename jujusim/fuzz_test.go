package jujusim

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// FuzzRunTool runs a tool picked from the full list (plus removed and
// unknown names) with arbitrary arguments against the fixture state, in a
// relation hook and in an action: it must never panic and must exit 0, 1
// or 2.
func FuzzRunTool(f *testing.F) {
	seeds := []struct {
		tool int
		args string
	}{
		{0, "a=b"}, {3, "-r\x003\x00--app\x00-\x00postgresql"}, {7, "--format=json\x00--all"},
		{10, "80-90/udp\x00--endpoints\x00a,b"}, {20, "secret:" + secretA + "\x00password#base64"},
		{25, "--file\x00-"}, {30, "-s\x00data/0\x00kind"}, {5, "--help"}, {12, "-lr3"},
	}
	for _, s := range seeds {
		f.Add(uint8(s.tool), s.args, "a: b\n", false, true)
	}
	names := append(Tools(), RemovedTools()...)
	names = append(names, "", "nope")
	// Seeds for the limits and --file parsing (docs/conformance/limits.md).
	index := func(tool string) uint8 {
		for i, n := range names {
			if n == tool {
				return uint8(i)
			}
		}
		f.Fatalf("no tool %s", tool)
		return 0
	}
	for _, s := range []struct{ tool, args, stdin string }{
		{"relation-set", "--file\x00-", pyDoubleEscape},
		{"relation-set", "--file\x00-", pyBlockStrip + pySingleQuoted},
		{"relation-set", "--file\x00-", `{"n": 1, "z": null, "u": "a\/b"}`},
		{"state-set", "--file\x00-\x00a=", "k: \"\\x7f\"\n"},
		{"state-set", strings.Repeat("k", 257) + "=v", ""},
		{"secret-add", "--file\x00secret.yaml\x00abc#file=cert.pem", ""},
		{"open-port", "79-81\x00--endpoints\x00a,b", ""},
		{"close-port", "1500/udp", ""},
		{"state-get", "nope\x00-o\x00out\x00--format=yaml", ""},
		{"secret-ids", "--output=x\x00--format=json", ""},
	} {
		f.Add(index(s.tool), s.args, s.stdin, false, true)
	}
	// -o/--output must not reach the file system.
	old := createOutputFile
	createOutputFile = func(string) (io.WriteCloser, error) { return nopCloser{io.Discard}, nil }
	f.Cleanup(func() { createOutputFile = old })
	f.Fuzz(func(t *testing.T, tool uint8, argv string, stdin string, action, leader bool) {
		name := names[int(tool)%len(names)]
		var args []string
		if argv != "" {
			args = strings.Split(argv, "\x00")
		}
		st := baseState()
		st.Leader = leader
		hc := relHook
		if action {
			hc = actionHook
			withAction(st)
		}
		a, err := NewAgent(st, hc)
		if err != nil {
			t.Fatal(err)
		}
		a.ReadFile = func(path string) ([]byte, error) {
			if data, ok := testFiles[path]; ok {
				return []byte(data), nil
			}
			return nil, &fileError{path}
		}
		var out, errb bytes.Buffer
		code := a.RunTool(name, args, strings.NewReader(stdin), &out, &errb)
		if code != 0 && code != 1 && code != 2 {
			t.Fatalf("exit code %d", code)
		}
		if code != 0 && !strings.HasPrefix(errb.String(), "ERROR ") {
			t.Fatalf("exit %d without an ERROR line: %q", code, errb.String())
		}
		// Whatever the tool did, the result must commit (or be refused
		// as Juju's controller refuses it) to a valid State that survives
		// a JSON round trip.
		if err := a.Finish(0); err != nil {
			var ce *CommitError
			if !errors.As(err, &ce) {
				t.Fatal(err)
			}
		}
		res := a.State()
		if err := res.Validate(); err != nil {
			t.Fatalf("invalid state after %s %q: %v", name, args, err)
		}
		data, err := res.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("fuzz", data); err != nil {
			t.Fatalf("state does not reload after %s %q: %v", name, args, err)
		}
	})
}

// FuzzLoadState feeds arbitrary bytes to Parse: it must never panic, and a
// State it accepts must save and reload to the same bytes.
func FuzzLoadState(f *testing.F) {
	good, _ := baseState().Marshal()
	f.Add(good)
	f.Add([]byte(`{"unit":"a/0"}`))
	f.Add([]byte(`{"unit":"a/0","config":{"x":1e400}}`))
	f.Add([]byte(`{"unit":"a/0","bogus":1}`))
	f.Add([]byte("{\n  \"unit\": \"a/0\",\n  \"relations\": [{\"id\": \"x\"}]\n}"))
	f.Add([]byte(`{"unit":"a/0","config_options":{"f":{"type":"float","default":1}},"config":{"f":2}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := Parse("fuzz.json", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		out, err := st.Marshal()
		if err != nil {
			t.Fatalf("accepted state does not marshal: %v", err)
		}
		st2, err := Parse("again.json", out)
		if err != nil {
			t.Fatalf("saved state does not reload: %v\n%s", err, out)
		}
		out2, err := st2.Marshal()
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the state:\n%s\n---\n%s", out, out2)
		}
	})
}
