package daemon

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/databag/validate"
	"github.com/charmgen/charmgen/jujusim"
)

// websiteBag is the schema of the website endpoint's databag in the
// hooks file below, on one line (the hooks file's YAML reads JSON flow).
const websiteBag = `{"type": "object", "properties": {` +
	`"hostname": {"type": "string", "minLength": 1}, ` +
	`"port": {"type": "integer", "minimum": 1, "maximum": 65535}, ` +
	`"scheme": {"type": "string", "const": "https"}, ` +
	`"id": {"type": "string", "format": "uuid"}, ` +
	`"tls": {"type": "object", "properties": {"ca": {"type": "string"}, "verify": {"type": "boolean"}}, "required": ["ca"], "additionalProperties": false}}, ` +
	`"required": ["hostname", "port"], "additionalProperties": false}`

// TestRelationSetRefusesWhatDecodersRefuse: a script's `relation set` is
// checked with package validate, so it refuses what a generated decoder of
// the same schema refuses, with the decoder's message: a minimum, a const,
// a format, a nested object's required key, unknown key and type (the
// daemon's old validator took all of these), and a write that would leave
// no data where the schema requires some. Juju's own keys in the unit
// databag (ingress-address, ...) do not count as unknown keys.
//
// The expected messages come from validate.Compile reading the schema as
// a role schema's unit databag, which is how the code generator reads
// provider.json and requirer.json; internal/gen/codec's harness checks that
// generated decoders give validate's verdicts and messages.
func TestRelationSetRefusesWhatDecodersRefuse(t *testing.T) {
	valid := map[string]string{"hostname": "h1", "port": "80", "scheme": "https",
		"id": "0b6c1e2a-3f4d-4e5f-8a9b-0c1d2e3f4a5b", "tls": `{"ca":"x"}`}
	refused := []string{
		"port=0",                           // minimum
		"scheme=http",                      // const
		"id=not-a-uuid",                    // format
		`tls={"verify":true}`,              // nested: a required key
		`tls={"ca":"x","crl":"y"}`,         // nested: an unknown key
		`tls={"ca":5}`,                     // nested: a type
		"hostname= port= scheme= id= tls=", // no data left
	}
	juju := map[string]string{"ingress-address": "10.0.0.1", "private-address": "10.0.0.1", "egress-subnets": "10.0.0.1/32"}

	var script strings.Builder
	script.WriteString("tcharm relation set")
	for _, k := range []string{"hostname", "port", "scheme", "id", "tls"} {
		fmt.Fprintf(&script, " '%s=%s'", k, valid[k])
	}
	script.WriteString("\n")
	for i, kv := range refused {
		fmt.Fprintf(&script, "if tcharm relation set %s 2> refused-%d.txt; then exit %d; fi\n", quoteArgs(kv), i, 10+i)
	}
	u := newUnit(t)
	u.writeHooks("relations:\n  website:\n    schema: " + websiteBag + "\n" +
		"hooks:\n  website-relation-changed:\n    - inline: |\n" + indent(script.String(), "        "))

	st := newState()
	st.Relations = []jujusim.Relation{{ID: 1, Endpoint: "website", RemoteApp: "haproxy",
		RemoteUnits: []string{"haproxy/0"}, LocalUnitData: maps.Clone(juju)}}
	h := serveHookIn(t, u, st, jujusim.HookContext{Hook: "website-relation-changed",
		Relation: "website", RelationID: 1, RemoteUnit: "haproxy/0", RemoteApp: "haproxy"})
	st = h.run(t)

	want := maps.Clone(juju)
	maps.Copy(want, valid)
	if got := st.Relation(1).LocalUnitData; !maps.Equal(got, want) {
		t.Errorf("website databag %v, want %v", got, want)
	}
	role, _, err := validate.Compile("provider", []byte(`{"properties": {"unit": `+websiteBag+`}, "type": "object"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, kv := range refused {
		next := maps.Clone(want)
		for _, a := range strings.Fields(kv) {
			k, v, _ := strings.Cut(a, "=")
			next[k] = v
		}
		decoder := role.Validate("unit", next)
		if decoder == nil {
			t.Fatalf("%s: the decoders' validator accepts %v", kv, next)
		}
		wantMsg := "website: relation data does not match the schema: " + decoder.Error()
		if i == len(refused)-1 {
			wantMsg = "website: relation data does not match the schema: the write would leave the databag without data"
		}
		b, _ := os.ReadFile(filepath.Join(u.charmDir, fmt.Sprintf("refused-%d.txt", i)))
		if !strings.Contains(string(b), wantMsg) {
			t.Errorf("relation set %s: stderr %q, want %q", kv, b, wantMsg)
		}
	}
}

// quoteArgs single-quotes each space-separated key=value of s for sh
// (the values hold no spaces or quotes).
func quoteArgs(s string) string {
	f := strings.Fields(s)
	for i := range f {
		f[i] = "'" + f[i] + "'"
	}
	return strings.Join(f, " ")
}

func indent(s, by string) string {
	return by + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n"+by) + "\n"
}
