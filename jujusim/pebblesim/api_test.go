package pebblesim

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/pebble"
)

// The tests in this file speak raw HTTP over the socket and compare whole
// answers, byte for byte, with the JSON Pebble writes (field order
// included). The clock is fixed, so times are 2026-01-02T03:04:05Z.

const ts = "2026-01-02T03:04:05Z"

// expect makes a request and compares the status and the exact body.
func expect(t *testing.T, c *http.Client, method, url string, body any, wantStatus int, wantBody string) {
	t.Helper()
	status, raw := callRaw(t, c, method, url, body)
	var want bytes.Buffer
	if err := json.Compact(&want, []byte(wantBody)); err != nil {
		t.Fatalf("bad expectation for %s %s: %v", method, url, err)
	}
	if status != wantStatus || string(raw) != want.String() {
		t.Errorf("%s %s:\n got %d %s\nwant %d %s", method, url, status, raw, wantStatus, want.String())
	}
}

// errorBody is Pebble's error envelope.
func errorBody(status int, message string) string {
	return mustJSONString(map[string]any{
		"type": "error", "status-code": status, "status": http.StatusText(status),
		"result": map[string]any{"message": message},
	}, []string{"type", "status-code", "status", "result"})
}

// mustJSONString writes a map with its keys in the given order.
func mustJSONString(m map[string]any, order []string) string {
	var b strings.Builder
	b.WriteString("{")
	for i, k := range order {
		if i > 0 {
			b.WriteString(",")
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(m[k])
		b.Write(kb)
		b.WriteString(":")
		b.Write(vb)
	}
	b.WriteString("}")
	return b.String()
}

func TestSystemInfoHealthAndRouting(t *testing.T) {
	_, _, c := startServer(t, newContainer(t))
	expect(t, c, "GET", "/v1/system-info", nil, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":{"boot-id":"00000000-0000-4000-8000-000000000000","version":"v1.18.0"}}`)
	expect(t, c, "GET", "/v1/health", nil, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":{"healthy":true}}`)
	expect(t, c, "GET", "/v1/health?level=bogus", nil, 400, errorBody(400, `level must be "alive" or "ready"`))
	expect(t, c, "GET", "/v1/nope", nil, 404, errorBody(404, "invalid API endpoint requested"))
	expect(t, c, "GET", "/v1/changes/1/nope", nil, 404, errorBody(404, "invalid API endpoint requested"))
	expect(t, c, "DELETE", "/v1/plan", nil, 405, errorBody(405, `method "DELETE" not allowed`))
	expect(t, c, "POST", "/v1/plan", "{}", 405, errorBody(405, `method "POST" not allowed`))
	expect(t, c, "GET", "/v1/services/web", nil, 400, errorBody(400, "not implemented"))
	expect(t, c, "GET", "/v1/warnings", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	expect(t, c, "POST", "/v1/warnings", map[string]any{"action": "okay", "timestamp": ts}, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":0}`)
}

func TestHealthWithDownCheck(t *testing.T) {
	ct := newContainer(t)
	ct.Layers = []LayerEntry{{Order: 1, Label: "base", Layer: mustParseLayer(t, "base", `
checks:
  alive:
    override: replace
    level: alive
    exec:
      command: /bin/true
  ready:
    override: replace
    level: ready
    tcp:
      port: 80
`)}}
	ct.Checks = map[string]CheckState{"alive": {Status: CheckDown, Failures: 3}}
	_, _, c := startServer(t, ct)
	unhealthy := `{"type":"sync","status-code":502,"status":"Bad Gateway","result":{"healthy":false}}`
	expect(t, c, "GET", "/v1/health", nil, 502, unhealthy)
	expect(t, c, "GET", "/v1/health?level=ready", nil, 502, unhealthy) // ready implies alive
	expect(t, c, "GET", "/v1/health?names=ready", nil, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":{"healthy":true}}`)
	expect(t, c, "GET", "/v1/checks?level=alive", nil, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":[
		 {"name":"alive","level":"alive","startup":"enabled","status":"down","successes":0,"failures":3,"threshold":3,"change-id":"1"}]}`)
	expect(t, c, "GET", "/v1/changes/1", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":{
		"id":"1","kind":"recover-check","summary":"Recover exec check \"alive\"","status":"Doing",
		"tasks":[{"id":"1","kind":"recover-check","summary":"Recover exec check \"alive\"","status":"Doing",
		  "progress":{"label":"","done":1,"total":1},"spawn-time":"`+ts+`"}],
		"ready":false,"spawn-time":"`+ts+`"}}`)
}

func mustParseLayer(t *testing.T, label, yaml string) *pebble.Layer {
	t.Helper()
	l, err := parseLayer(label, []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestLayersAndPlan(t *testing.T) {
	_, _, c := startServer(t, newContainer(t))
	expect(t, c, "GET", "/v1/plan?format=yaml", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":"{}\n"}`)
	expect(t, c, "GET", "/v1/plan", nil, 400, errorBody(400, `invalid format ""`))
	addLayer(t, c, "base", `
summary: base
services:
  web:
    override: replace
    command: /bin/web --port 80
    startup: enabled
    backoff-delay: 1m
    kill-delay: 90s
    environment:
      B: "2"
      A: "true"
checks:
  up:
    override: replace
    level: ready
    period: 1m
    tcp:
      port: 80
log-targets:
  loki:
    override: replace
    type: loki
    location: http://loki:3100/loki/api/v1/push
    services: [all]
`, false)
	addLayer(t, c, "base", "services:\n  web:\n    override: merge\n    environment:\n      C: x\n", true)
	plan := "services:\n" +
		"    web:\n" +
		"        startup: enabled\n" +
		"        override: replace\n" +
		"        command: /bin/web --port 80\n" +
		"        environment:\n" +
		"            A: \"true\"\n" +
		"            B: \"2\"\n" +
		"            C: x\n" +
		"        backoff-delay: 1m0s\n" +
		"        kill-delay: 1m30s\n" +
		"checks:\n" +
		"    up:\n" +
		"        override: replace\n" +
		"        level: ready\n" +
		"        period: 1m0s\n" +
		"        threshold: 3\n" +
		"        tcp:\n" +
		"            port: 80\n" +
		"log-targets:\n" +
		"    loki:\n" +
		"        type: loki\n" +
		"        location: http://loki:3100/loki/api/v1/push\n" +
		"        services:\n" +
		"            - all\n" +
		"        override: replace\n"
	expect(t, c, "GET", "/v1/plan?format=yaml", nil, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":`+mustJSON(t, plan)+`}`)

	layer := func(label, yaml string, combine bool) map[string]any {
		return map[string]any{"action": "add", "label": label, "format": "yaml", "layer": yaml, "combine": combine}
	}
	for _, tc := range []struct {
		body    any
		message string
	}{
		{"{", "cannot decode request body: unexpected EOF"},
		{map[string]any{"action": "remove", "label": "x", "format": "yaml"}, `invalid action "remove"`},
		{map[string]any{"action": "add", "format": "yaml"}, "label must be set"},
		{map[string]any{"action": "add", "label": "x", "format": "json"}, `invalid format "json"`},
		{layer("base", "summary: again\n", false), `layer "base" already exists`},
		{layer("x", "services: [\n", false), "cannot parse layer YAML: cannot parse layer \"x\": yaml: line 1: did not find expected node content"},
		{layer("x", "services:\n  a:\n    override: replace\n    command: a\n    colour: red\n", false),
			"cannot parse layer YAML: cannot parse layer \"x\" section \"services\": yaml: unmarshal errors:\n  line 4: field colour not found in type plan.Service"},
		{layer("x", "frobs: {}\n", false), `cannot parse layer YAML: cannot parse layer "x": unknown section "frobs"`},
		{layer("pebble-x", "summary: s\n", false), `cannot parse layer YAML: cannot use reserved label prefix "pebble-"`},
		{layer("x", "checks:\n  c:\n    override: replace\n    period: 10x\n    tcp: {port: 1}\n", false),
			`cannot parse layer YAML: cannot parse layer "x" section "checks": invalid duration "10x"`},
		{layer("x", "services:\n  a:\n    command: a\n", false), `layer "x" must define "override" for service "a"`},
		{layer("x", "services:\n  a:\n    override: replace\n", false), `plan must define "command" for service "a"`},
		{layer("x", "services:\n  a:\n    override: replace\n    command: a\n    requires: [b]\n", false), `service "b" does not exist`},
	} {
		expect(t, c, "POST", "/v1/layers", tc.body, 400, errorBody(400, tc.message))
	}
}

func TestServicesAndChanges(t *testing.T) {
	_, _, c := startServer(t, newContainer(t))
	expect(t, c, "GET", "/v1/services", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	addLayer(t, c, "base", `
services:
  web:
    override: replace
    command: /bin/web
    startup: enabled
  db:
    override: replace
    command: /bin/db
`, false)
	expect(t, c, "GET", "/v1/services", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[
		{"name":"db","startup":"disabled","current":"inactive"},
		{"name":"web","startup":"enabled","current":"inactive"}]}`)
	expect(t, c, "POST", "/v1/services", map[string]any{"action": "start", "services": []string{"web", "db"}}, 202,
		`{"type":"async","status-code":202,"status":"Accepted","change":"1"}`)
	task := func(id, kind, summary string) string {
		return `{"id":"` + id + `","kind":"` + kind + `","summary":` + mustJSON(t, summary) +
			`,"status":"Done","progress":{"label":"","done":1,"total":1},"spawn-time":"` + ts + `","ready-time":"` + ts + `"}`
	}
	change1 := `{"id":"1","kind":"start","summary":"Start service \"web\" and 1 more","status":"Done","tasks":[` +
		task("1", "start", `Start service "db"`) + `,` + task("2", "start", `Start service "web"`) +
		`],"ready":true,"spawn-time":"` + ts + `","ready-time":"` + ts + `"}`
	expect(t, c, "GET", "/v1/changes/1", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":`+change1+`}`)
	expect(t, c, "GET", "/v1/changes/1/wait?timeout=1s", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":`+change1+`}`)
	expect(t, c, "GET", "/v1/services?names=web", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[
		{"name":"web","startup":"enabled","current":"active","current-since":"`+ts+`"}]}`)

	// Starting an active service is a no-op that the task logs.
	postServices(t, c, "start", "web")
	_, body := call(t, c, "GET", "/v1/changes/2", nil)
	tasks := body["result"].(map[string]any)["tasks"].([]any)
	if got := mustJSON(t, tasks[0].(map[string]any)["log"]); got != `["`+ts+` INFO Service \"web\" already started."]` {
		t.Errorf("task log = %s", got)
	}

	expect(t, c, "GET", "/v1/changes", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	_, body = call(t, c, "GET", "/v1/changes?select=all&for=db", nil)
	if n := len(body["result"].([]any)); n != 1 {
		t.Errorf("changes for db: %d, want 1", n)
	}
	expect(t, c, "GET", "/v1/changes?select=bogus", nil, 400, errorBody(400, "select should be one of: all,in-progress,ready"))
	expect(t, c, "GET", "/v1/changes/99", nil, 404, errorBody(404, `cannot find change with id "99"`))
	expect(t, c, "GET", "/v1/changes/99/wait", nil, 404, errorBody(404, `cannot find change with id "99"`))
	expect(t, c, "GET", "/v1/changes/1/wait?timeout=x", nil, 400, errorBody(400, `invalid timeout: time: invalid duration "x"`))
	expect(t, c, "POST", "/v1/changes/1", map[string]any{"action": "abort"}, 400, errorBody(400, "cannot abort change 1 with nothing pending"))
	expect(t, c, "POST", "/v1/changes/1", map[string]any{"action": "poke"}, 400, errorBody(400, `change action "poke" is unsupported`))

	for _, tc := range []struct {
		body    any
		status  int
		message string
	}{
		{map[string]any{"action": "start"}, 400, "must specify services for start action"},
		{map[string]any{"action": "replan", "services": []string{"web"}}, 400, "replan accepts no service names"},
		{map[string]any{"action": "frob", "services": []string{"web"}}, 400, `invalid action "frob"`},
		{map[string]any{"action": "stop", "services": []string{"nope"}}, 400, `cannot stop services: service "nope" does not exist`},
		{"[", 400, "cannot decode data from request body: unexpected EOF"},
	} {
		expect(t, c, "POST", "/v1/services", tc.body, tc.status, errorBody(tc.status, tc.message))
	}

	// A replan with nothing to change still starts the enabled services.
	id := postServices(t, c, "replan")
	_, body = call(t, c, "GET", "/v1/changes/"+id, nil)
	if got := body["result"].(map[string]any)["summary"]; got != `Replan service "web"` {
		t.Errorf("replan summary = %v", got)
	}

	expect(t, c, "POST", "/v1/signals", map[string]any{"signal": "SIGUSR1", "services": []string{"web"}}, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":true}`)
	expect(t, c, "POST", "/v1/signals", map[string]any{"signal": "SIGFOO", "services": []string{"web"}}, 500,
		errorBody(500, `cannot send signal to "web": invalid signal name "SIGFOO"`))
	expect(t, c, "POST", "/v1/signals", map[string]any{"signal": "SIGHUP"}, 400, errorBody(400, "must specify one or more services"))
}

func TestAutostart(t *testing.T) {
	_, _, c := startServer(t, newContainer(t))
	expect(t, c, "POST", "/v1/services", map[string]any{"action": "autostart"}, 400,
		`{"type":"error","status-code":400,"status":"Bad Request","result":{"message":"no default services","kind":"no-default-services"}}`)
	addLayer(t, c, "base", "services:\n  a:\n    override: replace\n    command: a\n    startup: enabled\n", false)
	id := postServices(t, c, "autostart")
	_, body := call(t, c, "GET", "/v1/changes/"+id, nil)
	if got := body["result"].(map[string]any)["summary"]; got != `Autostart service "a"` {
		t.Errorf("autostart summary = %v", got)
	}
}

func TestChecksAPI(t *testing.T) {
	_, _, c := startServer(t, newContainer(t))
	expect(t, c, "GET", "/v1/checks", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	addLayer(t, c, "base", `
checks:
  http:
    override: replace
    level: alive
    threshold: 5
    http:
      url: http://localhost/
  manual:
    override: replace
    startup: disabled
    exec:
      command: check-it
`, false)
	expect(t, c, "GET", "/v1/checks", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[
		{"name":"http","level":"alive","startup":"enabled","status":"up","successes":1,"threshold":5,"change-id":"1"},
		{"name":"manual","startup":"disabled","status":"inactive","successes":0,"threshold":3}]}`)
	expect(t, c, "GET", "/v1/checks?names=manual&level=alive", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	expect(t, c, "GET", "/v1/checks?level=x", nil, 400, errorBody(400, `level must be "alive" or "ready"`))
	expect(t, c, "POST", "/v1/checks", map[string]any{"action": "start", "checks": []string{"manual", "http"}}, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":{"changed":["manual"]}}`)
	expect(t, c, "POST", "/v1/checks", map[string]any{"action": "stop", "checks": []string{"http"}}, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":{"changed":["http"]}}`)
	expect(t, c, "GET", "/v1/checks?names=http", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[
		{"name":"http","level":"alive","startup":"enabled","status":"inactive","successes":0,"threshold":5}]}`)
	expect(t, c, "GET", "/v1/changes/1", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":{
		"id":"1","kind":"perform-check","summary":"Perform HTTP check \"http\"","status":"Abort",
		"tasks":[{"id":"1","kind":"perform-check","summary":"Perform HTTP check \"http\"","status":"Abort",
		  "progress":{"label":"","done":1,"total":1},"spawn-time":"`+ts+`"}],
		"ready":false,"spawn-time":"`+ts+`"}}`)
	expect(t, c, "POST", "/v1/checks", map[string]any{"action": "start"}, 400, errorBody(400, "must specify checks for start action"))
	expect(t, c, "POST", "/v1/checks", map[string]any{"action": "poke", "checks": []string{"http"}}, 400, errorBody(400, `invalid action "poke"`))
	expect(t, c, "POST", "/v1/checks", map[string]any{"action": "stop", "checks": []string{"b", "a", "http"}}, 400,
		errorBody(400, "cannot stop checks: cannot find checks in plan: a, b"))

	// A replan starts enabled checks that are not running.
	postServices(t, c, "replan")
	_, body := call(t, c, "GET", "/v1/checks?names=http", nil)
	if got := body["result"].([]any)[0].(map[string]any)["status"]; got != "up" {
		t.Errorf("http after replan = %v, want up", got)
	}
}

func TestNoticesAPI(t *testing.T) {
	_, _, c := startServer(t, newContainer(t))
	expect(t, c, "GET", "/v1/notices", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	expect(t, c, "POST", "/v1/notices", map[string]any{"action": "add", "type": "custom", "key": "example.com/a", "data": map[string]string{"x": "1"}}, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":{"id":"1"}}`)
	notice := `{"id":"1","user-id":0,"type":"custom","key":"example.com/a","first-occurred":"` + ts +
		`","last-occurred":"` + ts + `","last-repeated":"` + ts + `","occurrences":1,"last-data":{"x":"1"},"expire-after":"168h0m0s"}`
	expect(t, c, "GET", "/v1/notices", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[`+notice+`]}`)
	expect(t, c, "GET", "/v1/notices/1", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":`+notice+`}`)
	expect(t, c, "GET", "/v1/notices?types=custom&keys=example.com/a&user-id=0", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[`+notice+`]}`)
	expect(t, c, "GET", "/v1/notices?types=bogus", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	expect(t, c, "GET", "/v1/notices?user-id=1000", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	expect(t, c, "GET", "/v1/notices?after="+ts, nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	expect(t, c, "GET", "/v1/notices?timeout=10ms&keys=example.com/none", nil, 200, `{"type":"sync","status-code":200,"status":"OK","result":[]}`)
	expect(t, c, "GET", "/v1/notices/2", nil, 404, errorBody(404, `cannot find notice with ID "2"`))
	for _, tc := range []struct {
		query, message string
	}{
		{"users=some", `invalid "users" filter: must be "all"`},
		{"select=all&user-id=0", `cannot use both "select" and "user-id" parameters`},
		{"user-id=x", `invalid "user-id" filter: strconv.ParseInt: parsing "x": invalid syntax`},
		{"after=yesterday", `invalid "after" timestamp: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`},
		{"timeout=soon", `invalid timeout: time: invalid duration "soon"`},
	} {
		expect(t, c, "GET", "/v1/notices?"+tc.query, nil, 400, errorBody(400, tc.message))
	}
	for _, tc := range []struct {
		body    map[string]any
		message string
	}{
		{map[string]any{"action": "remove"}, `invalid action "remove"`},
		{map[string]any{"action": "add", "type": "warning", "key": "a.com/b"}, `invalid type "warning" (can only add "custom" notices)`},
		{map[string]any{"action": "add", "type": "custom", "key": "UPPER.com/x"}, `invalid key "UPPER.com/x" (must be in "domain.com/key" format)`},
		{map[string]any{"action": "add", "type": "custom", "key": "a.com/b", "repeat-after": "often"}, `invalid repeat-after: time: invalid duration "often"`},
		{map[string]any{"action": "add", "type": "custom", "key": "a.com/b", "data": map[string]int{"n": 1}}, "cannot decode notice data: json: cannot unmarshal number into Go value of type string"},
	} {
		expect(t, c, "POST", "/v1/notices", tc.body, 400, errorBody(400, tc.message))
	}
}

func TestExecAPIErrors(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{{Command: "echo *", Stdout: "hi\n"}}
	_, _, c := startServer(t, ct)
	for _, tc := range []struct {
		body    any
		status  int
		message string
	}{
		{map[string]any{"command": []string{}}, 400, "must specify command"},
		{map[string]any{"command": []string{"ls"}}, 400, `cannot find executable "ls"`},
		{map[string]any{"command": []string{"echo", "x"}, "timeout": "x"}, 400, `invalid timeout: time: invalid duration "x"`},
		{map[string]any{"command": []string{"echo", "x"}, "service-context": "nope"}, 400, `context service "nope" not found`},
		{map[string]any{"command": []string{"echo", "x"}, "user-id": 1000}, 400, "must specify group, not just UID"},
		{map[string]any{"command": []string{"echo", "x"}, "interactive": true}, 500, "cannot call exec: cannot use interactive mode without a terminal"},
		{map[string]any{"command": []string{"echo", "x"}, "working-dir": "/nowhere"}, 500, `cannot call exec: working directory "/nowhere" does not exist`},
	} {
		expect(t, c, "POST", "/v1/exec", tc.body, tc.status, errorBody(tc.status, tc.message))
	}
	expect(t, c, "GET", "/v1/tasks/9/websocket/stdio", nil, 404, errorBody(404, `cannot find task with id "9"`))
	expect(t, c, "POST", "/v1/exec", map[string]any{"command": []string{"echo", "x"}, "environment": map[string]string{"K": "v"}}, 202,
		`{"type":"async","status-code":202,"status":"Accepted","change":"1","result":{
		 "environment":{"HOME":"/root","K":"v","LANG":"C.UTF-8","PATH":"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","USER":"root"},
		 "task-id":"1","working-dir":"/root"}}`)
	expect(t, c, "GET", "/v1/tasks/1/websocket/bogus", nil, 404, errorBody(404, `cannot find websocket with id "bogus"`))
	expect(t, c, "GET", "/v1/tasks/1/websocket/stderr", nil, 404, errorBody(404, `cannot find websocket with id "stderr"`))
	status, raw := callRaw(t, c, "GET", "/v1/tasks/1/websocket/stdio", nil)
	if status != 400 {
		t.Errorf("a plain GET of a websocket: %d %s, want 400", status, raw)
	}

	// Start/stop tasks have no websockets.
	addLayer(t, c, "base", "services:\n  a:\n    override: replace\n    command: a\n", false)
	postServices(t, c, "start", "a")
	_, body := call(t, c, "GET", "/v1/changes/2", nil)
	taskID := body["result"].(map[string]any)["tasks"].([]any)[0].(map[string]any)["id"].(string)
	expect(t, c, "GET", "/v1/tasks/"+taskID+"/websocket/stdio", nil, 400, errorBody(400, `"start" tasks do not have websockets`))
}

func TestFilesAPI(t *testing.T) {
	ct := newContainer(t)
	if err := os.MkdirAll(filepath.Join(ct.Root, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ct.Root, "etc", "motd"), []byte("hello\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	_, _, c := startServer(t, ct)

	// Listing; the modification time is the real one, so it is masked.
	status, raw := callRaw(t, c, "GET", "/v1/files?action=list&path=/etc", nil)
	var listing struct {
		Result []map[string]any `json:"result"`
	}
	if err := json.Unmarshal(raw, &listing); err != nil || status != 200 || len(listing.Result) != 1 {
		t.Fatalf("list /etc: %d %s", status, raw)
	}
	listing.Result[0]["last-modified"] = "T"
	if got, want := mustJSON(t, listing.Result[0]), `{"group":"root","group-id":0,"last-modified":"T","name":"motd","path":"/etc/motd","permissions":"640","size":6,"type":"file","user":"root","user-id":0}`; got != want {
		t.Errorf("list entry:\n got %s\nwant %s", got, want)
	}
	if !strings.Contains(string(raw), `"last-modified":"`) || !strings.Contains(string(raw), `{"path":"/etc/motd","name":"motd","type":"file","size":6,"permissions":"640"`) {
		t.Errorf("list field order: %s", raw)
	}
	expect(t, c, "GET", "/v1/files?action=list&path=etc", nil, 400, errorBody(400, `path must be absolute, got "etc"`))
	expect(t, c, "GET", "/v1/files?action=list", nil, 400, errorBody(400, "must specify path"))
	expect(t, c, "GET", "/v1/files?action=list&path=/etc&itself=yes", nil, 400, errorBody(400, `itself parameter must be "true" or "false"`))
	expect(t, c, "GET", "/v1/files?action=list&path=/nope", nil, 404,
		`{"type":"error","status-code":404,"status":"Not Found","result":{"message":"stat /nope: no such file or directory","kind":"not-found"}}`)
	expect(t, c, "GET", "/v1/files?action=list&path=/etc&pattern=[", nil, 400,
		`{"type":"error","status-code":400,"status":"Bad Request","result":{"message":"syntax error in pattern","kind":"generic-file-error"}}`)
	expect(t, c, "GET", "/v1/files?action=frob", nil, 400, errorBody(400, `invalid action "frob"`))
	expect(t, c, "GET", "/v1/files?action=read", nil, 400, errorBody(400, "must specify one or more paths"))
	expect(t, c, "GET", "/v1/files?action=read&path=/etc/motd", nil, 400, errorBody(400, "must accept multipart/form-data"))

	// Reading: a multipart answer, files first, then the "response" part.
	resp, mediaType, mr := getMultipart(t, c, "/v1/files?action=read&path=/etc/motd&path=/nope&path=/etc")
	defer resp.Body.Close()
	if mediaType != "multipart/form-data" || resp.StatusCode != 200 {
		t.Fatalf("read: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	part, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	content, _ := io.ReadAll(part)
	if cd := part.Header.Get("Content-Disposition"); cd != `form-data; name="files"; filename="/etc/motd"` || string(content) != "hello\n" {
		t.Errorf("file part: %q %q", cd, content)
	}
	part, err = mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	meta, _ := io.ReadAll(part)
	if part.FormName() != "response" || part.Header.Get("Content-Type") != "application/json" {
		t.Errorf("response part headers: %v", part.Header)
	}
	wantMeta := `{"type":"sync","status-code":200,"status":"OK","result":[{"path":"/etc/motd"},` +
		`{"path":"/nope","error":{"message":"stat /nope: no such file or directory","kind":"not-found"}},` +
		`{"path":"/etc","error":{"message":"can only read a regular file: \"/etc\"","kind":"generic-file-error"}}]}` + "\n"
	if string(meta) != wantMeta {
		t.Errorf("response part:\n got %s\nwant %s", meta, wantMeta)
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("after the response part: %v", err)
	}

	// Writing: metadata in "request", contents in "files" parts.
	status, raw = pushFiles(t, c, map[string]any{"action": "write", "files": []map[string]any{
		{"path": "/srv/app/a.txt", "make-dirs": true, "permissions": "600", "user-id": 1000, "user": "app", "group-id": 1000, "group": "app"},
		{"path": "/missing/b.txt"},
		{"path": "rel.txt"},
		{"path": "/etc/bad-perm", "permissions": "77"},
		{"path": "/etc/never-sent"},
	}}, map[string]string{"/srv/app/a.txt": "A", "/missing/b.txt": "B", "rel.txt": "R", "/etc/bad-perm": "P"})
	wantWrite := `{"type":"sync","status-code":200,"status":"OK","result":[{"path":"/srv/app/a.txt"},` +
		`{"path":"/missing/b.txt","error":{"message":"open /missing/b.txt: no such file or directory","kind":"not-found"}},` +
		`{"path":"rel.txt","error":{"message":"paths must be absolute, got \"rel.txt\"","kind":"generic-file-error"}},` +
		`{"path":"/etc/bad-perm","error":{"message":"permissions must be a 3-digit octal string, got \"77\"","kind":"generic-file-error"}},` +
		`{"path":"/etc/never-sent","error":{"message":"no file content for path \"/etc/never-sent\"","kind":"generic-file-error"}}]}`
	if status != 200 || string(raw) != wantWrite {
		t.Errorf("write:\n got %d %s\nwant %s", status, raw, wantWrite)
	}
	fi, err := os.Stat(filepath.Join(ct.Root, "srv", "app", "a.txt"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("written file: %v %v", fi, err)
	}
	expect(t, c, "POST", "/v1/files", map[string]any{"action": "write"}, 400, errorBody(400, `must use multipart with "write" action`))
	expect(t, c, "POST", "/v1/files", map[string]any{"action": "frob"}, 400, errorBody(400, `invalid action "frob"`))

	// Directories and removal.
	expect(t, c, "POST", "/v1/files", map[string]any{"action": "make-dirs", "dirs": []map[string]any{
		{"path": "/var/lib/x", "make-parents": true, "permissions": "700"},
		{"path": "/var/lib/x"},
		{"path": "/a/b"},
		{"path": "/var/lib/y", "group": "app"},
	}}, 200, `{"type":"sync","status-code":200,"status":"OK","result":[{"path":"/var/lib/x"},
		{"path":"/var/lib/x","error":{"message":"mkdir /var/lib/x: file exists","kind":"generic-file-error"}},
		{"path":"/a/b","error":{"message":"mkdir /a/b: no such file or directory","kind":"not-found"}},
		{"path":"/var/lib/y","error":{"message":"cannot look up user and group: must specify user, not just group","kind":"generic-file-error"}}]}`)
	expect(t, c, "POST", "/v1/files", map[string]any{"action": "remove", "paths": []map[string]any{
		{"path": "/var/lib"},
		{"path": "/var/lib", "recursive": true},
		{"path": "/var/lib"},
		{"path": "/var/lib", "recursive": true},
	}}, 200, `{"type":"sync","status-code":200,"status":"OK","result":[
		{"path":"/var/lib","error":{"message":"remove /var/lib: directory not empty","kind":"generic-file-error"}},
		{"path":"/var/lib"},
		{"path":"/var/lib","error":{"message":"remove /var/lib: no such file or directory","kind":"not-found"}},
		{"path":"/var/lib"}]}`)
	expect(t, c, "POST", "/v1/files", "x", 400, errorBody(400, `cannot decode request body: invalid character 'x' looking for beginning of value`))
}

// pushFiles posts a multipart write request.
func pushFiles(t *testing.T, c *http.Client, meta map[string]any, contents map[string]string) (int, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Disposition", `form-data; name="request"`)
	pw, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewEncoder(pw).Encode(meta); err != nil {
		t.Fatal(err)
	}
	for _, f := range meta["files"].([]map[string]any) {
		p := f["path"].(string)
		content, ok := contents[p]
		if !ok {
			continue
		}
		fw, err := mw.CreateFormFile("files", p)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", "http://localhost/v1/files", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}
