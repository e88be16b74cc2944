package jujusim

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The conformance tests of docs/conformance/limits.md: Juju's limits, the
// parsing of --file and key=value arguments, output formats and error
// texts. Each row of that table names the test below that checks it.

// finish ends the hook with exit code 0 and returns the state after it and
// Finish's error.
func finish(t *testing.T, a *Agent) (*State, error) {
	t.Helper()
	err := a.Finish(0)
	return a.State(), err
}

// noPending checks that a tool left nothing to commit.
func noPending(t *testing.T, a *Agent) {
	t.Helper()
	if a.HasPending() {
		t.Errorf("pending changes: %+v", a.pend)
	}
}

// committedUnitData commits and returns the local unit's databag of
// relation 3.
func committedUnitData(t *testing.T, a *Agent) map[string]string {
	t.Helper()
	st, err := finish(t, a)
	if err != nil {
		t.Fatal(err)
	}
	return st.Relation(3).LocalUnitData
}

func wantUnitData(want map[string]string) func(*testing.T, *Agent) {
	return func(t *testing.T, a *Agent) {
		t.Helper()
		if got := committedUnitData(t, a); !reflect.DeepEqual(got, want) {
			t.Errorf("unit databag:\n got %q\nwant %q", got, want)
		}
	}
}

func wantCharmState(want map[string]string) func(*testing.T, *Agent) {
	return func(t *testing.T, a *Agent) {
		t.Helper()
		st, err := finish(t, a)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(st.CharmState, want) {
			t.Errorf("charm state:\n got %.200q\nwant %.200q", st.CharmState, want)
		}
	}
}

// newSecretContent commits and returns the content of the secret the hook
// added.
func newSecretContent(t *testing.T, a *Agent) map[string]string {
	t.Helper()
	st, err := finish(t, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st.Secrets {
		if id, _ := parseSecretURI(s.ID); findSecret(baseState().Secrets, id) < 0 {
			return s.Latest().Content
		}
	}
	t.Fatal("no secret added")
	return nil
}

// --- charm state quotas ------------------------------------------------------

func TestQuotaCharmStateKey(t *testing.T) {
	k256, k257 := strings.Repeat("k", 256), strings.Repeat("k", 257)
	runCases(t, []toolCase{
		{name: "256 bytes", tool: "state-set", args: args(k256 + "=v"),
			after: wantCharmState(map[string]string{"installed": "yes", k256: "v"})},
		{name: "257 bytes", tool: "state-set", args: args(k257 + "=v"),
			stderr: "ERROR max allowed key length (256): quota limit exceeded\n", code: 1},
		{name: "257 bytes from file", tool: "state-set", args: args("--file", "-"), stdin: k257 + ": v\n",
			stderr: "ERROR max allowed key length (256): quota limit exceeded\n", code: 1},
	})
}

func TestQuotaCharmStateValue(t *testing.T) {
	v64k, over := strings.Repeat("v", 64*1024), strings.Repeat("v", 64*1024+1)
	v70k := strings.Repeat("x", 70*1000)
	const refused = "ERROR max allowed value length (65536): quota limit exceeded\n"
	runCases(t, []toolCase{
		{name: "64 KiB", tool: "state-set", args: args("blob=" + v64k),
			after: wantCharmState(map[string]string{"installed": "yes", "blob": v64k})},
		{name: "64 KiB and a byte", tool: "state-set", args: args("blob=" + over), stderr: refused, code: 1},
		{name: "70 KB from a JSON file", tool: "state-set", args: args("--file", "-"), stdin: `{"blob":"` + v70k + `"}`,
			stderr: refused, code: 1},
		// Pairs go to the context one at a time: those before the refused
		// one are kept, and commit when the hook succeeds.
		{name: "earlier pairs stay set", tool: "state-set", args: args("a=1", "z="+over), stderr: refused, code: 1,
			after: wantCharmState(map[string]string{"installed": "yes", "a": "1"})},
	})
}

// stateSetLines sets n keys k00, k01, ... of size bytes each, one
// state-set call each (each under the per-value limit).
func stateSetLines(t *testing.T, a *Agent, n, size int) {
	t.Helper()
	v := strings.Repeat("v", size)
	for i := 0; i < n; i++ {
		k := string(rune('a'+i/26)) + string(rune('a'+i%26))
		if _, e, code := runArgs(a, "state-set", args(k+"="+v), ""); code != 0 {
			t.Fatalf("state-set %s: %s", k, e)
		}
	}
}

func TestQuotaCharmStateTotalAtCommit(t *testing.T) {
	// BSON size of a map[string]string: 5 bytes, and per pair the key and
	// value lengths plus 7. 31 pairs of 2-byte keys and 64 KiB values, the
	// fixture's installed=yes and a pad pair of value size n weigh
	// 5 + 31*65545 + 19 + (n+10) bytes: 2 MiB exactly for n = 65223.
	for _, tc := range []struct {
		name string
		pad  int
		err  string
	}{
		{"2 MiB", 65223, ""},
		{"2 MiB and a byte", 65224, "cannot apply changes: persisting charm state: max allowed size (2097152) exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAgent(t, baseState(), HookContext{Hook: "config-changed"})
			stateSetLines(t, a, 31, 64*1024)
			if _, e, code := runArgs(a, "state-set", args("pad="+strings.Repeat("p", tc.pad)), ""); code != 0 {
				t.Fatalf("state-set pad: %s", e)
			}
			// Another buffered change, dropped with the charm state.
			run(a, "relation-set -r 3 extra=1", "")
			st, err := finish(t, a)
			if tc.err == "" {
				if err != nil || len(st.CharmState) != 33 {
					t.Fatalf("commit: %v, %d keys", err, len(st.CharmState))
				}
				return
			}
			var ce *CommitError
			if !errors.As(err, &ce) || err.Error() != tc.err {
				t.Fatalf("Finish = %v, want %s", err, tc.err)
			}
			if !reflect.DeepEqual(st.CharmState, map[string]string{"installed": "yes"}) || st.Relation(3).LocalUnitData["extra"] != "" {
				t.Errorf("a refused commit applied changes: %d state keys, unit data %v", len(st.CharmState), st.Relation(3).LocalUnitData)
			}
		})
	}
}

func TestQuotaCharmStateEscapedKeyAtCommit(t *testing.T) {
	// 256 bytes pass state-set; at commit each '.' is escaped to a 3-byte
	// full-width dot, and the key is 258 bytes long.
	key := "a.b." + strings.Repeat("c", 252)
	a := newTestAgent(t, baseState(), HookContext{Hook: "config-changed"})
	if _, e, code := runArgs(a, "state-set", args(key+"=v"), ""); code != 0 {
		t.Fatalf("state-set: %s", e)
	}
	_, err := finish(t, a)
	if want := "cannot apply changes: persisting charm state: max allowed key length (256) exceeded"; err == nil || err.Error() != want {
		t.Errorf("Finish = %v, want %s", err, want)
	}
}

func TestCommitFailureFailsAction(t *testing.T) {
	for _, tc := range []struct {
		name, before, message string
	}{
		{"no message", "", "committing requested changes failed"},
		{"action-fail message kept", "action-fail stopped", "stopped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := baseState()
			withAction(st)
			a := newTestAgent(t, st, actionHook)
			if tc.before != "" {
				run(a, tc.before, "")
			}
			stateSetLines(t, a, 33, 64*1024)
			var ce *CommitError
			if err := a.Finish(0); !errors.As(err, &ce) {
				t.Fatalf("Finish = %v", err)
			}
			act := a.State().Action
			if act.Status != "failed" || !act.Failed || act.FailureMessage != tc.message {
				t.Errorf("action %+v", act)
			}
		})
	}
}

// --- secret sizes --------------------------------------------------------------

func TestQuotaSecretValue(t *testing.T) {
	// 750000 bytes encode to 1000000 base64 bytes, 750001 to 1000004.
	ok, big := strings.Repeat("x", 750000), strings.Repeat("x", 750001)
	runCases(t, []toolCase{
		{name: "1 MB of base64", tool: "secret-add", args: args("blob=" + ok), stdout: "secret:" + firstNewID() + "\n"},
		{name: "over 1 MB of base64", tool: "secret-add", args: args("blob=" + big),
			stderr: "ERROR base64 encoded secret content for key \"blob\" too large: 1000004 bytes\n", code: 2},
		{name: "key#base64 counted as given", tool: "secret-add", args: args("blob#base64=" + strings.Repeat("QUJD", 250001)),
			stderr: "ERROR base64 encoded secret content for key \"blob\" too large: 1000004 bytes\n", code: 2},
	})
}

func TestQuotaSecretTotal(t *testing.T) {
	v := strings.Repeat("x", 400000) // 533336 bytes of base64
	runCases(t, []toolCase{
		{name: "two values over 1 MB", tool: "secret-add", args: args("one="+v, "two="+v),
			stderr: "ERROR base64 encoded secret content too large: 1066672 bytes\n", code: 2},
		{name: "values in the file", tool: "secret-add", args: args("--file", "two.yaml"),
			files:  map[string]string{"two.yaml": "one: " + v + "\ntwo: " + v + "\n"},
			stderr: "ERROR base64 encoded secret content too large: 1066672 bytes\n", code: 2},
	})
}

func TestQuotaSecretFileArg(t *testing.T) {
	runCases(t, []toolCase{
		{name: "file over 1 MB", tool: "secret-add", args: args("blob#file=big.bin"),
			files:  map[string]string{"big.bin": strings.Repeat("b", 1000001)},
			stderr: "ERROR secret content in file \"big.bin\" too large: 1000001 bytes\n", code: 2},
		{name: "file that encodes over 1 MB", tool: "secret-add", args: args("blob#file=big.bin"),
			files:  map[string]string{"big.bin": strings.Repeat("b", 750001)},
			stderr: "ERROR base64 encoded secret content for key \"blob\" too large: 1000004 bytes\n", code: 2},
		{name: "missing file", tool: "secret-add", args: args("blob#file=nope.bin"),
			stderr: "ERROR reading content for secret key \"blob\": open nope.bin: no such file or directory\n", code: 2},
	})
}

func TestQuotaSecretFile(t *testing.T) {
	runCases(t, []toolCase{
		{name: "file over 1 MB", tool: "secret-add", args: args("--file", "big.yaml"),
			files:  map[string]string{"big.yaml": "blob: " + strings.Repeat("b", 999995)},
			stderr: "ERROR secret content in file \"big.yaml\" too large: 1000001 bytes\n", code: 2},
		{name: "value that encodes over 1 MB", tool: "secret-add", args: args("--file", "big.yaml"),
			files:  map[string]string{"big.yaml": "blob: " + strings.Repeat("b", 750001)},
			stderr: "ERROR base64 encoded secret content for key \"blob\" too large: 1000004 bytes\n", code: 2},
	})
}

func TestQuotaSecretSet(t *testing.T) {
	v := strings.Repeat("x", 400000)
	runCases(t, []toolCase{
		{name: "value", tool: "secret-set", args: args(secretA, "password="+strings.Repeat("x", 750001)),
			stderr: "ERROR base64 encoded secret content for key \"password\" too large: 1000004 bytes\n", code: 2},
		{name: "total", tool: "secret-set", args: args(secretA, "one="+v, "two="+v),
			stderr: "ERROR base64 encoded secret content too large: 1066672 bytes\n", code: 2},
	})
}

// --- ports -----------------------------------------------------------------------

func kubernetes(s *State) { s.Model.Type = "caas" }

func TestPortRangeOnKubernetes(t *testing.T) {
	const refused = "ERROR port ranges are not supported for k8s applications, please specify a single port\n"
	runCases(t, []toolCase{
		{name: "open range", setup: kubernetes, tool: "open-port", args: args("8000-8080"), stderr: refused, code: 1, after: noPending},
		{name: "close range", setup: kubernetes, tool: "close-port", args: args("1000-2000/udp"), stderr: refused, code: 1},
		{name: "open single port", setup: kubernetes, tool: "open-port", args: args("8080")},
		{name: "open icmp", setup: kubernetes, tool: "open-port", args: args("icmp")},
		{name: "machine model", tool: "open-port", args: args("8000-8080")},
		// The recorder refuses the range on each endpoint; none is kept.
		{name: "per endpoint", setup: kubernetes, tool: "open-port", args: args("8000-8080", "--endpoints", "a,b"),
			stderr: refused, code: 1, after: noPending},
	})
}

func TestPortConflictWithOpened(t *testing.T) {
	// The fixture has 80/tcp open for all endpoints, 443/tcp for website
	// and 1000-2000/udp for dmz and api.
	runCases(t, []toolCase{
		{name: "open overlapping", tool: "open-port", args: args("79-81"),
			stderr: "ERROR cannot open 79-81/tcp (unit \"web/0\"): port range conflicts with 80/tcp (unit \"web/0\")\n", code: 1},
		{name: "open inside", tool: "open-port", args: args("1500/udp", "--endpoints", "dmz"),
			stderr: "ERROR cannot open 1500/udp (unit \"web/0\"): port range conflicts with 1000-2000/udp (unit \"web/0\")\n", code: 1},
		{name: "close overlapping", tool: "close-port", args: args("80-81"),
			stderr: "ERROR cannot close 80-81/tcp (unit \"web/0\"): port range conflicts with 80/tcp (unit \"web/0\")\n", code: 1},
		{name: "other protocol", tool: "open-port", args: args("80/udp")},
		// Kubernetes: the recorder knows the application's ranges and only
		// matches them exactly.
		{name: "kubernetes does not check overlaps", setup: kubernetes, tool: "open-port", args: args("1500/udp")},
	})
}

func TestPortConflictWithPending(t *testing.T) {
	runCases(t, []toolCase{
		{name: "open", before: []string{"open-port 9000-9010"}, tool: "open-port", args: args("9005"),
			stderr: "ERROR cannot open 9005/tcp (unit \"web/0\"): port range conflicts with 9000-9010/tcp (unit \"web/0\") requested earlier\n", code: 1},
		{name: "close", before: []string{"close-port 1000-2000/udp"}, tool: "close-port", args: args("1500/udp"),
			stderr: "ERROR cannot close 1500/udp (unit \"web/0\"): port range conflicts with 1000-2000/udp (unit \"web/0\") requested earlier\n", code: 1},
		{name: "open on another endpoint", before: []string{"open-port 9000-9010 --endpoints a"}, tool: "open-port", args: args("9000-9010", "--endpoints", "b")},
	})
}

func TestPortSameRange(t *testing.T) {
	pendingOps := func(want ...portOp) func(*testing.T, *Agent) {
		return func(t *testing.T, a *Agent) {
			t.Helper()
			if !reflect.DeepEqual(a.pend.ports, want) {
				t.Errorf("pending %+v, want %+v", a.pend.ports, want)
			}
		}
	}
	p := func(from, to int, ep string) Port { return Port{Protocol: "tcp", From: from, To: to, Endpoint: ep} }
	runCases(t, []toolCase{
		{name: "already open", tool: "open-port", args: args("80"), after: noPending},
		{name: "open for another endpoint", tool: "open-port", args: args("80", "--endpoints", "website"),
			after: pendingOps(portOp{open: true, port: p(80, 80, "website")})},
		{name: "requested twice", before: []string{"open-port 9000"}, tool: "open-port", args: args("9000"),
			after: pendingOps(portOp{open: true, port: p(9000, 9000, "")})},
		{name: "open cancels close", before: []string{"close-port 80"}, tool: "open-port", args: args("80"), after: noPending},
		{name: "close cancels open", before: []string{"open-port 9000"}, tool: "close-port", args: args("9000"),
			after: pendingOps(portOp{open: false, port: p(9000, 9000, "")})},
	})
}

func TestClosePortNothingOpen(t *testing.T) {
	none := func(s *State) { s.OpenedPorts = nil }
	runCases(t, []toolCase{
		{name: "close", setup: none, tool: "close-port", args: args("80"), after: noPending},
		{name: "close after open", setup: none, before: []string{"open-port 80"}, tool: "close-port", args: args("80"), after: noPending},
	})
}

func TestPortRangeBounds(t *testing.T) {
	runCases(t, []toolCase{
		{name: "above 65535", tool: "open-port", args: args("65530-65536"),
			stderr: "ERROR port range bounds must be between 0 and 65535, got 65530-65536\n", code: 2},
		{name: "three parts", tool: "open-port", args: args("1-2-3/udp"), stderr: "ERROR invalid port range \"1-2-3\"\n", code: 2},
		{name: "icmp with a port", tool: "open-port", args: args("8/icmp"), stderr: "ERROR protocol \"icmp\" doesn't support any ports; got \"8\"\n", code: 2},
		// Juju accepts port 0; the simulator cannot hold it (divergence).
		{name: "zero", tool: "open-port", args: args("0"), stderr: "ERROR port range bounds must be between 1 and 65535, got 0-0\n", code: 2},
	})
}

// --- --file parsing (yaml.v2) ---------------------------------------------------------

// Files PyYAML 6.0.3 writes (yaml.dump, default width 80), as a Python
// charm would hand them to relation-set --file.
const (
	pyFoldedPlain  = "a: word word word word word word word word word word word word word word word word\n  word word word word word word word word word end\n"
	pySingleQuoted = "b: '  lead\n\n  second\n\n  '\n"
	pyDoubleEscape = "k: \"caf\\xE9 word word word word word word word word word word word word word word\\\n  \\ word word word word word word end\"\n"
	pyBlockKeep    = "\"b\": |2\n    lead\n  second\n"
	pyBlockStrip   = "\"b\": |2-\n    lead\n  second\n"
)

func TestFileYAMLFolded(t *testing.T) {
	runCases(t, []toolCase{
		{name: "plain scalar over two lines", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: pyFoldedPlain,
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "a": strings.Repeat("word ", 25) + "end"})},
		{name: "single-quoted with line breaks", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: pySingleQuoted,
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "b": "  lead\nsecond\n"})},
	})
}

func TestFileYAMLEscapes(t *testing.T) {
	runCases(t, []toolCase{
		{name: "PyYAML \\xE9 and line continuation", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: pyDoubleEscape,
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "k": "café " + strings.Repeat("word ", 20) + "end"})},
		{name: "escaped control character", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "k: \"\\x7f\"\n",
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "k": "\x7f"})},
		{name: "raw control character", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "k: \"a\x7fb\"\n",
			stderr: "ERROR yaml: control characters are not allowed\n", code: 1},
	})
}

func TestFileYAMLBlockIndent(t *testing.T) {
	runCases(t, []toolCase{
		{name: "|2", tool: "state-set", args: args("--file", "-"), stdin: pyBlockKeep,
			after: wantCharmState(map[string]string{"installed": "yes", "b": "  lead\nsecond\n"})},
		{name: "|2-", tool: "state-set", args: args("--file", "-"), stdin: pyBlockStrip,
			after: wantCharmState(map[string]string{"installed": "yes", "b": "  lead\nsecond"})},
	})
}

func TestFileJSONScalars(t *testing.T) {
	const doc = `{"n": 1, "f": 1.50, "e": 1e3, "b": true, "ingress": null, "s": "x\u00e9", "y": "yes"}`
	runCases(t, []toolCase{
		// Numbers and booleans keep their text; null is "", which
		// relation-set takes as a delete.
		{name: "relation-set", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: doc,
			after: wantUnitData(map[string]string{"n": "1", "f": "1.50", "e": "1e3", "b": "true", "s": "xé", "y": "yes"})},
		// state-set stores "" as a value.
		{name: "state-set", tool: "state-set", args: args("--file", "-"), stdin: `{"installed": null, "n": 2}`,
			after: wantCharmState(map[string]string{"installed": "", "n": "2"})},
		{name: "YAML words", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "y: yes\no: off\nt: 2001-12-14\nh: 0x1F\n",
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "y": "yes", "o": "off", "t": "2001-12-14", "h": "0x1F"})},
		{name: "JSON with tabs", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "{\n\t\"a\": \"b\"\n}\n",
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "a": "b"})},
	})
}

func TestFileJSONRejected(t *testing.T) {
	runCases(t, []toolCase{
		{name: "\\/ escape", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: `{"url": "http:\/\/x"}`,
			stderr: "ERROR yaml: found unknown escape character\n", code: 1},
		{name: "\\/ escape on line 2", tool: "state-set", args: args("--file", "-"), stdin: "{\n  \"url\": \"http:\\/\\/x\"\n}\n",
			stderr: "ERROR yaml: line 2: found unknown escape character\n", code: 1},
		{name: "nested object", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: `{"a": {"b": 1}}`,
			stderr: "ERROR yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into string\n", code: 1},
	})
}

func TestSecretFileJSONFirst(t *testing.T) {
	content := func(want map[string]string) func(*testing.T, *Agent) {
		return func(t *testing.T, a *Agent) {
			t.Helper()
			if got := newSecretContent(t, a); !reflect.DeepEqual(got, want) {
				t.Errorf("content %q, want %q", got, want)
			}
		}
	}
	runCases(t, []toolCase{
		// JSON decodes it; relation-set's YAML would refuse the \/.
		{name: "JSON", tool: "secret-add", args: args("--file", "s.json"), files: map[string]string{"s.json": `{"url": "http:\/\/x"}`},
			stdout: "secret:" + firstNewID() + "\n", after: content(map[string]string{"url": "http://x"})},
		// A number fails the JSON decoder; YAML keeps its text.
		{name: "JSON with a number", tool: "secret-add", args: args("--file", "s.json"), files: map[string]string{"s.json": `{"port": 8080, "pass#base64": "aGk="}`},
			stdout: "secret:" + firstNewID() + "\n", after: content(map[string]string{"port": "8080", "pass": "hi"})},
		{name: "YAML", tool: "secret-add", args: args("--file", "s.yaml"), files: map[string]string{"s.yaml": pyDoubleEscape},
			stderr: "ERROR key \"k\" not valid\n", code: 2},
		{name: "neither", tool: "secret-add", args: args("--file", "s.yaml"), files: map[string]string{"s.yaml": "- a\n"},
			stderr: "ERROR yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]string\n", code: 2},
	})
}

func TestFileNotAMap(t *testing.T) {
	runCases(t, []toolCase{
		{name: "sequence", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "- a\n",
			stderr: "ERROR yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]string\n", code: 1},
		{name: "scalar", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "hello\n",
			stderr: "ERROR yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into map[string]string\n", code: 1},
		{name: "nested", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "a:\n  b: c\n",
			stderr: "ERROR yaml: unmarshal errors:\n  line 2: cannot unmarshal !!map into string\n", code: 1},
		{name: "unterminated", tool: "state-set", args: args("--file", "-"), stdin: "a: \"open\n",
			stderr: "ERROR yaml: line 2: found unexpected end of stream\n", code: 1},
		{name: "empty", hc: relHook, tool: "relation-set", args: args("--file", "-"), after: wantUnitData(map[string]string{"ingress": "10.0.0.1"})},
		{name: "null document", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "~\n", after: wantUnitData(map[string]string{"ingress": "10.0.0.1"})},
	})
}

func TestFileDuplicateKeys(t *testing.T) {
	runCases(t, []toolCase{
		{name: "later wins", hc: relHook, tool: "relation-set", args: args("--file", "-"), stdin: "a: 1\na: 2\n",
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "a": "2"})},
		{name: "arguments override the file", hc: relHook, tool: "relation-set", args: args("--file", "-", "a=3"), stdin: "a: 1\nb: 2\n",
			after: wantUnitData(map[string]string{"ingress": "10.0.0.1", "a": "3", "b": "2"})},
	})
}

func TestKeyValueArgs(t *testing.T) {
	runCases(t, []toolCase{
		{name: "trimmed, empty skipped", hc: relHook, tool: "relation-set", args: args(" a = b ", "", "ingress="),
			after: wantUnitData(map[string]string{"a": "b"})},
		{name: "no =", hc: relHook, tool: "relation-set", args: args("a"), stderr: "ERROR expected \"key=value\", got \"a\"\n", code: 2},
		{name: "empty key", tool: "state-set", args: args(" =v"), stderr: "ERROR expected \"key=value\", got \"=v\"\n", code: 2},
		{name: "duplicate", tool: "state-set", args: args("a=1", "a =2"), stderr: "ERROR key \"a\" specified more than once\n", code: 2},
	})
}

// --- formats -------------------------------------------------------------------

func TestFormatEmptyList(t *testing.T) {
	none := func(s *State) { s.OpenedPorts, s.Storage = nil, nil }
	runCases(t, []toolCase{
		{name: "relation-ids smart", tool: "relation-ids", args: args("nope")},
		{name: "relation-ids yaml", tool: "relation-ids", args: args("nope", "--format=yaml"), stdout: "[]\n"},
		{name: "relation-ids json", tool: "relation-ids", args: args("nope", "--format=json"), stdout: "[]\n"},
		{name: "opened-ports smart", setup: none, tool: "opened-ports"},
		{name: "opened-ports json", setup: none, tool: "opened-ports", args: args("--format=json"), stdout: "[]\n"},
		{name: "storage-list smart", setup: none, tool: "storage-list"},
		{name: "relation-list smart", tool: "relation-list", args: args("-r", "12")},
		{name: "relation-list json", tool: "relation-list", args: args("-r", "12", "--format=json"), stdout: "[]\n"},
	})
}

func TestFormatSecretIDsNone(t *testing.T) {
	none := func(s *State) { s.Secrets = nil }
	runCases(t, []toolCase{
		{name: "smart", setup: none, tool: "secret-ids"},
		{name: "yaml", setup: none, tool: "secret-ids", args: args("--format=yaml"), stdout: "[]\n"},
		{name: "json", setup: none, tool: "secret-ids", args: args("--format=json"), stdout: "null\n"},
	})
}

func TestFormatStateGetMissing(t *testing.T) {
	runCases(t, []toolCase{
		{name: "smart", tool: "state-get", args: args("nope")},
		{name: "json", tool: "state-get", args: args("nope", "--format=json"), stdout: "\"\"\n"},
		{name: "yaml", tool: "state-get", args: args("nope", "--format=yaml"), stdout: "\"\"\n"},
		{name: "strict", tool: "state-get", args: args("nope", "--strict"), stderr: "ERROR \"nope\" not found\n", code: 1},
	})
}

func TestFormatStateGetEmpty(t *testing.T) {
	empty := func(s *State) { s.CharmState = nil }
	runCases(t, []toolCase{
		{name: "smart", setup: empty, tool: "state-get", stdout: "{}\n"},
		{name: "yaml", setup: empty, tool: "state-get", args: args("--format=yaml"), stdout: "{}\n"},
		{name: "json", setup: empty, tool: "state-get", args: args("--format=json"), stdout: "null\n"},
	})
}

// memFiles keeps what -o writes in memory for the length of a test.
func memFiles(t *testing.T) map[string]*bytes.Buffer {
	files := map[string]*bytes.Buffer{}
	old := createOutputFile
	createOutputFile = func(path string) (io.WriteCloser, error) {
		if strings.Contains(path, "missing/") {
			return nil, &os.PathError{Op: "open", Path: path, Err: os.ErrNotExist}
		}
		b := &bytes.Buffer{}
		files[path] = b
		return nopCloser{b}, nil
	}
	t.Cleanup(func() { createOutputFile = old })
	return files
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func TestOutputFlag(t *testing.T) {
	files := memFiles(t)
	wantFile := func(path, want string) func(*testing.T, *Agent) {
		return func(t *testing.T, a *Agent) {
			t.Helper()
			if b := files[path]; b == nil || b.String() != want {
				t.Errorf("%s holds %v, want %q", path, b, want)
			}
		}
	}
	runCases(t, []toolCase{
		{name: "-o", tool: "is-leader", args: args("-o", "/tmp/leader"), after: wantFile("/tmp/leader", "True\n")},
		{name: "--output json", tool: "state-get", args: args("--output=/tmp/state.json", "--format", "json"), after: wantFile("/tmp/state.json", "{\"installed\":\"yes\"}\n")},
		{name: "nothing to write", tool: "state-get", args: args("nope", "-o", "/tmp/empty"), after: wantFile("/tmp/empty", "")},
		{name: "cannot create", tool: "config-get", args: args("-o", "/missing/x"),
			stderr: "ERROR open /missing/x: file does not exist\n", code: 1},
		{name: "write tools have none", tool: "state-set", args: args("-o", "x", "a=b"), stderr: "ERROR option provided but not defined: -o\n", code: 2},
	})
}

func TestOutputFlagRelativeToDir(t *testing.T) {
	dir := t.TempDir()
	a := newTestAgent(t, baseState(), HookContext{Hook: "install"})
	a.Dir = dir
	if _, e, code := run(a, "relation-ids db --output ids.txt", ""); code != 0 {
		t.Fatal(e)
	}
	got, err := os.ReadFile(filepath.Join(dir, "ids.txt"))
	if err != nil || string(got) != "db:12\ndb:3\n" {
		t.Errorf("ids.txt = %q, %v", got, err)
	}
}

// --- texts -----------------------------------------------------------------------

func TestSecretAddTexts(t *testing.T) {
	emptyFile := map[string]string{"empty.json": "{}"}
	runCases(t, []toolCase{
		{name: "nothing", tool: "secret-add", stderr: "ERROR missing secret value or filename\n", code: 2},
		{name: "no =", tool: "secret-add", args: args("s3cret"), stderr: "ERROR key value \"s3cret\" not valid\n", code: 2},
		{name: "padding is not a value", tool: "secret-add", args: args("abc=="), stderr: "ERROR key value \"abc==\" not valid\n", code: 2},
		{name: "key too short", tool: "secret-add", args: args("ab=c"), stderr: "ERROR key \"ab\" not valid\n", code: 2},
		{name: "key upper case", tool: "secret-add", args: args("Abc=c"), stderr: "ERROR key \"Abc\" not valid\n", code: 2},
		{name: "key#file key", tool: "secret-add", args: args("--file", "f.yaml"), files: map[string]string{"f.yaml": "abc#file: x\n"},
			stderr: "ERROR key \"abc#file\" not valid\n", code: 2},
		{name: "owner", tool: "secret-add", args: args("--owner", "foo", "abc=d"), stderr: "ERROR secret owner \"foo\" not valid\n", code: 2},
		{name: "rotate", tool: "secret-add", args: args("--rotate", "foo", "abc=d"), stderr: "ERROR rotate policy \"foo\" not valid\n", code: 2},
		{name: "expire", tool: "secret-add", args: args("--expire", "2022-01-01", "abc=d"), stderr: "ERROR expire time or duration \"2022-01-01\" not valid\n", code: 2},
		{name: "empty value", tool: "secret-add", args: args("--file", "empty.json"), files: emptyFile, stderr: "ERROR empty secret value not valid\n", code: 1},
		// Run refuses the empty value before the context checks leadership.
		{name: "empty value before leadership", setup: notLeader, tool: "secret-add", args: args("--file", "empty.json"), files: emptyFile,
			stderr: "ERROR empty secret value not valid\n", code: 1},
		{name: "leadership", setup: notLeader, tool: "secret-add", args: args("abc=d"), stderr: "ERROR this unit is not the leader\n", code: 1},
		{name: "--file is not stdin", tool: "secret-add", args: args("--file", "-"), stdin: "abc: d\n",
			stderr: "ERROR open -: no such file or directory\n", code: 2},
	})
}

func TestUnknownCommandText(t *testing.T) {
	runCases(t, []toolCase{
		{name: "unknown", tool: "no-such-tool", args: args("x"), stderr: "ERROR bad request: unknown command: no-such-tool\n", code: 1},
		{name: "removed in 4.0", tool: "leader-get", stderr: "ERROR bad request: unknown command: leader-get\n", code: 1},
	})
}
