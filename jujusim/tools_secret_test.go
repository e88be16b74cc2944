package jujusim

import (
	"reflect"
	"strings"
	"testing"
)

func TestSecretTools(t *testing.T) {
	runCases(t, []toolCase{
		{name: "add app-owned", tool: "secret-add", args: args("password=hunter2"), stdout: "secret:" + firstNewID() + "\n"},
		{name: "add unit-owned non-leader", setup: notLeader, tool: "secret-add", args: args("--owner", "unit", "password=x"),
			stdout: "secret:" + firstNewID() + "\n"},
		{name: "add app-owned non-leader", setup: notLeader, tool: "secret-add", args: args("password=x"),
			stderr: "ERROR this unit is not the leader\n", code: 1},
		{name: "add nothing", tool: "secret-add", stderr: "ERROR missing secret value or filename\n", code: 2},
		{name: "add bad owner", tool: "secret-add", args: args("--owner=model", "a=b"), stderr: "ERROR secret owner \"model\" not valid\n", code: 2},
		{name: "add bad rotate", tool: "secret-add", args: args("--rotate=sometimes", "abc=b"), stderr: "ERROR rotate policy \"sometimes\" not valid\n", code: 2},
		{name: "add bad expire", tool: "secret-add", args: args("--expire=soon", "abc=b"), stderr: "ERROR expire time or duration \"soon\" not valid\n", code: 2},
		{name: "add negative expire", tool: "secret-add", args: args("--expire=-1h", "abc=b"), stderr: "ERROR negative expire duration \"-1h\" not valid\n", code: 2},
		{name: "add expire before year 1", tool: "secret-add", args: args("--expire", "0000-01-01T00:00:00+01:00", "abc=b"),
			stderr: "ERROR expire time or duration \"0000-01-01T00:00:00+01:00\" not valid\n", code: 2},
		{name: "add missing file", tool: "secret-add", args: args("--file", "nope.yaml"),
			stderr: "ERROR open nope.yaml: no such file or directory\n", code: 2},
		{name: "add base64", tool: "secret-add", args: args("key#base64=aGk="), stdout: "secret:" + firstNewID() + "\n"},
		{name: "add bad base64", tool: "secret-add", args: args("key#base64=!!"), stderr: "ERROR base64 value for key \"key\" not valid\n", code: 2},
		{name: "add empty value", tool: "secret-add", args: args("abc="), stderr: "ERROR key value \"abc=\" not valid\n", code: 2},
		{name: "add short key", tool: "secret-add", args: args("ab=c"), stderr: "ERROR key \"ab\" not valid\n", code: 2},
		{name: "add duplicate label", tool: "secret-add", args: args("--label", "mine", "abc=d"),
			stderr: "ERROR secret with label \"mine\" already exists\n", code: 1},
		{name: "get by id", tool: "secret-get", args: args(secretA), stdout: "password: two\n"},
		{name: "get by uri json", tool: "secret-get", args: args("secret:"+secretA, "--format=json"), stdout: "{\"password\":\"two\"}\n"},
		{name: "get long uri", tool: "secret-get", args: args("secret://"+testModelUUID+"/"+secretU, "token"), stdout: "t1\n"},
		{name: "get key base64", tool: "secret-get", args: args(secretA, "password#base64"), stdout: "dHdv\n"},
		{name: "get missing key", tool: "secret-get", args: args(secretA, "user"), stderr: "ERROR secret key \"user\" not found\n", code: 1},
		{name: "get by label", tool: "secret-get", args: args("--label", "mine"), stdout: "token: t1\n"},
		{name: "get consumer tracked", tool: "secret-get", args: args(secretC), stdout: "key: old\n"},
		{name: "get consumer peek", tool: "secret-get", args: args(secretC, "--peek"), stdout: "key: new\n"},
		{name: "get consumer refresh", tool: "secret-get", args: args(secretC, "--refresh"), stdout: "key: new\n"},
		{name: "get after refresh", before: []string{"secret-get " + secretC + " --refresh"}, tool: "secret-get", args: args(secretC), stdout: "key: new\n"},
		{name: "get missing", tool: "secret-get", args: args("cpf2m2o1i3cc73d0ag99"), stderr: "ERROR secret \"cpf2m2o1i3cc73d0ag99\" not found\n", code: 1},
		{name: "get missing label", tool: "secret-get", args: args("--label", "nope"),
			stderr: "ERROR secret owned by \"web/0\" with label \"nope\" not found\n", code: 1},
		{name: "get no id", tool: "secret-get", stderr: "ERROR require either a secret URI or label\n", code: 2},
		{name: "get bad uri", tool: "secret-get", args: args("secret:nope"), stderr: "ERROR secret URI \"secret:nope\" not valid\n", code: 2},
		{name: "get peek and refresh", tool: "secret-get", args: args(secretC, "--peek", "--refresh"),
			stderr: "ERROR specify one of --peek or --refresh but not both\n", code: 2},
		{name: "get smart rejected", tool: "secret-get", args: args(secretC, "--format=smart"),
			stderr: "ERROR invalid value \"smart\" for option --format: unknown format \"smart\"\n", code: 2},
		{name: "get pending create", before: []string{"secret-add --label fresh abc=123"}, tool: "secret-get", args: args("--label", "fresh"), stdout: "abc: \"123\"\n"},
		{name: "owner does not see pending update", before: []string{"secret-set " + secretA + " password=three"}, tool: "secret-get", args: args(secretA), stdout: "password: two\n"},
		{name: "owner peeks pending update", before: []string{"secret-set " + secretA + " password=three"}, tool: "secret-get", args: args(secretA, "--peek"), stdout: "password: three\n"},
		{name: "set", tool: "secret-set", args: args(secretA, "password=three")},
		{name: "set metadata only", tool: "secret-set", args: args(secretA, "--description", "d")},
		{name: "set nothing", tool: "secret-set", args: args(secretA), stderr: "ERROR at least one attribute to update must be specified\n", code: 1},
		{name: "set missing uri", tool: "secret-set", stderr: "ERROR missing secret URI\n", code: 2},
		{name: "set non-leader app secret", setup: notLeader, tool: "secret-set", args: args(secretA, "password=x"),
			stderr: "ERROR this unit is not the leader\n", code: 1},
		{name: "set non-leader unit secret", setup: notLeader, tool: "secret-set", args: args(secretU, "token=x")},
		{name: "set consumer secret", tool: "secret-set", args: args(secretC, "key=x"), stderr: "ERROR permission denied\n", code: 1},
		{name: "set missing secret", tool: "secret-set", args: args("cpf2m2o1i3cc73d0ag99", "key=x"),
			stderr: "ERROR secret \"cpf2m2o1i3cc73d0ag99\" not found\n", code: 1},
		{name: "ids", tool: "secret-ids", stdout: secretA + "\n" + secretU + "\n"},
		{name: "ids non-leader", setup: notLeader, tool: "secret-ids", args: args("--format=json"), stdout: "[\"" + secretU + "\"]\n"},
		{name: "info", tool: "secret-info-get", args: args(secretA),
			stdout: secretA + ":\n  revision: 2\n  label: db-creds\n  owner: application\n  description: creds\n  access:\n  - target: application-postgresql\n    scope: relation-web.db#postgresql.db\n    role: view\n"},
		{name: "info by label json", tool: "secret-info-get", args: args("--label", "mine", "--format=json"),
			stdout: `{"` + secretU + `":{"revision":1,"label":"mine","owner":"unit"}}` + "\n"},
		{name: "info consumer not found", tool: "secret-info-get", args: args(secretC), stderr: "ERROR secret \"" + secretC + "\" not found\n", code: 1},
		{name: "info both", tool: "secret-info-get", args: args(secretA, "--label", "x"),
			stderr: "ERROR specify either a secret URI or label but not both\n", code: 2},
		{name: "info neither", tool: "secret-info-get", stderr: "ERROR require either a secret URI or label\n", code: 2},
		{name: "info pending create", before: []string{"secret-add --label fresh --rotate daily --expire 1h abc=1"}, tool: "secret-info-get", args: args("--label", "fresh"),
			stdout: firstNewID() + ":\n  revision: 1\n  label: fresh\n  owner: application\n  rotation: daily\n  expiry: 2025-01-02T04:04:05Z\n"},
		{name: "grant", tool: "secret-grant", args: args(secretU, "-r", "3")},
		{name: "grant unit", tool: "secret-grant", args: args(secretU, "-r", "3", "--unit", "postgresql/1")},
		{name: "grant no relation", tool: "secret-grant", args: args(secretU), stderr: "ERROR no relation id specified\n", code: 2},
		{name: "grant default relation", hc: relHook, tool: "secret-grant", args: args(secretU)},
		{name: "grant wrong unit", tool: "secret-grant", args: args(secretU, "-r", "3", "--unit", "mysql/0"),
			stderr: "ERROR cannot specify unit \"mysql/0\" in relation to application \"postgresql\"\n", code: 2},
		{name: "grant missing uri", tool: "secret-grant", stderr: "ERROR missing secret URI\n", code: 2},
		{name: "grant missing secret", tool: "secret-grant", args: args("cpf2m2o1i3cc73d0ag99", "-r", "3"),
			stderr: "ERROR secret \"cpf2m2o1i3cc73d0ag99\" not found\n", code: 1},
		{name: "grant non-leader", setup: notLeader, tool: "secret-grant", args: args(secretA, "-r", "3"),
			stderr: "ERROR this unit is not the leader\n", code: 1},
		{name: "revoke relation", tool: "secret-revoke", args: args(secretA, "-r", "3")},
		{name: "revoke app", tool: "secret-revoke", args: args(secretA, "--app", "postgresql")},
		{name: "revoke nothing", tool: "secret-revoke", args: args(secretA), stderr: "ERROR missing relation or application or unit\n", code: 2},
		{name: "revoke app and unit", tool: "secret-revoke", args: args(secretA, "--app", "a", "--unit", "a/0"),
			stderr: "ERROR specify only one of application or unit\n", code: 2},
		{name: "revoke relation and app", tool: "secret-revoke", args: args(secretA, "-r", "3", "--application", "a"),
			stderr: "ERROR do not specify both relation and app\n", code: 2},
		{name: "revoke non-leader", setup: notLeader, tool: "secret-revoke", args: args(secretA, "--app", "postgresql"),
			stderr: "ERROR this unit is not the leader\n", code: 1},
		{name: "remove", tool: "secret-remove", args: args(secretA)},
		{name: "remove revision", tool: "secret-remove", args: args(secretA, "--revision", "1")},
		{name: "remove bad revision", tool: "secret-remove", args: args(secretA, "--revision=x"),
			stderr: "ERROR invalid value \"x\" for option --revision: strconv.ParseInt: parsing \"x\": invalid syntax\n", code: 2},
		{name: "remove unknown revision", tool: "secret-remove", args: args(secretA, "--revision", "7"),
			stderr: "ERROR secret \"" + secretA + "\" revision 7 not found\n", code: 1},
		{name: "remove missing", tool: "secret-remove", args: args("cpf2m2o1i3cc73d0ag99"),
			stderr: "ERROR secret \"cpf2m2o1i3cc73d0ag99\" not found\n", code: 1},
		{name: "remove non-leader", setup: notLeader, tool: "secret-remove", args: args(secretA),
			stderr: "ERROR this unit is not the leader\n", code: 1},
	})
}

// firstNewID is the id the agent gives the first secret added in the
// fixture's config-changed hook.
func firstNewID() string {
	a, _ := NewAgent(baseState(), HookContext{Hook: "config-changed"})
	return a.newSecretID()
}

func TestSecretAddFromFilesAndCommit(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{Hook: "install"})
	out, errOut, code := run(a, "secret-add --file secret.yaml --label creds --description d tls-cert#file=cert.pem", "")
	if code != 0 {
		t.Fatalf("secret-add: %d %s", code, errOut)
	}
	id := strings.TrimPrefix(strings.TrimSpace(out), "secret:")
	got, _, _ := run(a, "secret-get "+id+" --format=json", "")
	want := `{"password":"hunter2","tls-cert":"-----BEGIN-----\nabc\n-----END-----\n","username":"admin"}` + "\n"
	if got != want {
		t.Errorf("content %q want %q", got, want)
	}
	if n := len(a.State().Secrets); n != 3 {
		t.Fatalf("secret committed before Commit: %d secrets", n)
	}
	a.Finish(0)
	st := a.State()
	if len(st.Secrets) != 4 || st.Secrets[3].ID != id || st.Secrets[3].Label != "creds" || st.Secrets[3].Owner != "application" {
		t.Errorf("committed secrets %+v", st.Secrets)
	}
}

func TestSecretLifecycleCommit(t *testing.T) {
	a := newTestAgent(t, baseState(), relHook)
	for _, line := range []string{
		"secret-set " + secretA + " password=three --label renamed",
		"secret-set " + secretU + " token=t1", // identical content: no new revision
		"secret-grant " + secretU + " --unit postgresql/0",
		"secret-revoke " + secretA, // the hook relation picks postgresql
		"secret-get " + secretC + " --refresh",
	} {
		if _, e, code := run(a, line, ""); code != 0 {
			t.Fatalf("%s: %s", line, e)
		}
	}
	a.Finish(0)
	st := a.State()
	if s := st.Secrets[0]; s.Label != "renamed" || len(s.Revisions) != 3 || s.Latest().Content["password"] != "three" || len(s.Grants) != 0 {
		t.Errorf("app secret %+v", s)
	}
	if s := st.Secrets[1]; len(s.Revisions) != 1 || !reflect.DeepEqual(s.Grants, []SecretGrant{{RelationID: 3, App: "postgresql", Unit: "postgresql/0"}}) {
		t.Errorf("unit secret %+v", s)
	}
	if s := st.Secrets[2]; s.TrackedRevision != 5 {
		t.Errorf("consumer secret %+v", s)
	}
	wantWrites := []Write{
		{"secret-set", "secret:" + secretA, "content"}, {"secret-set", "secret:" + secretA, "label"},
		{"secret-set", "secret:" + secretU, "content"},
		{"secret-grant", "secret:" + secretU, "grant:postgresql/0"},
		{"secret-revoke", "secret:" + secretA, "revoke:postgresql"},
		{"secret-get", "secret:" + secretC, "tracked-revision"},
	}
	if !reflect.DeepEqual(a.Writes(), wantWrites) {
		t.Errorf("writes:\n got %+v\nwant %+v", a.Writes(), wantWrites)
	}

	a = newTestAgent(t, st, HookContext{Hook: "remove"})
	run(a, "secret-remove "+secretA, "")
	run(a, "secret-remove "+secretC, "")
	a.Finish(0)
	if got := a.State().Secrets; len(got) != 2 || got[0].Label != "mine" {
		t.Errorf("after remove: %+v", got)
	}
}

func TestSecretFirstReadPins(t *testing.T) {
	st := baseState()
	st.Secrets[2].TrackedRevision = 0
	a := newTestAgent(t, st, HookContext{Hook: "secret-changed", SecretID: "secret:" + secretC})
	if out, _, _ := run(a, "secret-get "+secretC, ""); out != "key: new\n" {
		t.Errorf("first read %q", out)
	}
	if len(a.Writes()) != 0 {
		t.Errorf("pinning recorded as a write: %+v", a.Writes())
	}
	a.Finish(0)
	if got := a.State().Secrets[2].TrackedRevision; got != 5 {
		t.Errorf("tracked %d", got)
	}
}
