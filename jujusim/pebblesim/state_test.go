package pebblesim

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/internal/websocket"
)

func TestValidate(t *testing.T) {
	layer := func(yaml string) *pebble.Layer { return mustParseLayer(t, "x", yaml) }
	good := "services:\n  a:\n    override: replace\n    command: a\n"
	for _, tc := range []struct {
		c    Container
		want string
	}{
		{Container{}, "container: name is empty"},
		{Container{Name: "w", Root: "rel"}, `container "w": root "rel" is not an absolute path`},
		{Container{Name: "w", Layers: []LayerEntry{{Order: 1, Layer: layer(good)}}}, `container "w": layers[0] has no label`},
		{Container{Name: "w", Layers: []LayerEntry{{Order: 1, Label: "a", Layer: layer(good)}, {Order: 2, Label: "a", Layer: layer(good)}}}, `container "w": layer label "a" is used twice`},
		{Container{Name: "w", Layers: []LayerEntry{{Order: 2, Label: "a", Layer: layer(good)}, {Order: 1, Label: "b", Layer: layer(good)}}}, `container "w": layer "b" has order 1, not above the previous layer's 2`},
		{Container{Name: "w", Layers: []LayerEntry{{Order: 1, Label: "a"}}}, `container "w": layer "a" is null`},
		{Container{Name: "w", Layers: []LayerEntry{{Order: 1, Label: "a", Layer: &pebble.Layer{Services: map[string]*pebble.Service{"s": {Command: "x"}}}}}}, `container "w": layers: layer "a" must define "override" for service "s"`},
		{Container{Name: "w", Services: map[string]ServiceState{"a": {Current: "running"}}}, `container "w": service "a": current "running" is not active, inactive, error or backoff`},
		{Container{Name: "w", Checks: map[string]CheckState{"c": {Status: "ok"}}}, `container "w": check "c": status "ok" is not up, down or inactive`},
		{Container{Name: "w", Changes: []Change{{ID: "1", Status: "Done"}, {ID: "1", Status: "Done"}}}, `container "w": change ID "1" is empty or used twice`},
		{Container{Name: "w", Changes: []Change{{ID: "1", Status: "Finished"}}}, `container "w": change 1: unknown status "Finished"`},
		{Container{Name: "w", Notices: []Notice{{ID: "1", Type: "custom", Key: "a.com/b", RepeatAfter: "soon"}}}, `container "w": notice 1: time: invalid duration "soon"`},
		{Container{Name: "w", Notices: []Notice{{ID: "1", Type: "other", Key: "k"}}}, `container "w": notice 1: unknown type "other"`},
		{Container{Name: "w", Exec: []ExecRule{{Stdout: "x"}}}, `container "w": exec[0] has an empty command pattern`},
		{Container{Name: "w", FileOwners: map[string]FileOwner{"etc": {}}}, `container "w": file owner path "etc" is not absolute`},
	} {
		err := tc.c.Validate()
		if err == nil || err.Error() != tc.want {
			t.Errorf("Validate = %v, want %q", err, tc.want)
		}
	}
	ok := Container{Name: "w", Layers: []LayerEntry{{Order: 1, Label: "a", Layer: layer(good)}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate(valid) = %v", err)
	}
}

// TestStateJSONIsDeterministic runs the same requests on two servers and
// checks that they leave byte-identical state, and that the state survives
// a save and load.
func TestStateJSONIsDeterministic(t *testing.T) {
	run := func() []byte {
		ct := newContainer(t)
		ct.Exec = []ExecRule{{Command: "true"}}
		srv, sock, c := startServer(t, ct)
		addLayer(t, c, "base", `
services:
  b: {override: replace, command: b, startup: enabled}
  a: {override: replace, command: a, startup: enabled, environment: {Z: "1", A: "2"}}
checks:
  z: {override: replace, tcp: {port: 1}}
  y: {override: replace, http: {url: "http://x/"}}
`, false)
		postServices(t, c, "replan")
		call(t, c, "POST", "/v1/notices", map[string]any{"action": "add", "type": "custom", "key": "a.com/k"})
		pushFiles(t, c, map[string]any{"action": "write", "files": []map[string]any{{"path": "/f", "user": "u", "group": "g"}}}, map[string]string{"/f": "x"})
		changeID, taskID := startExec(t, c, map[string]any{"command": []string{"true"}})
		stdio := mustDial(t, sock, taskID, "stdio")
		stdio.readStream(t)
		call(t, c, "GET", "/v1/changes/"+changeID+"/wait", nil)
		state := srv.Container()
		state.Root = "/root-dir"
		data, err := json.MarshalIndent(state, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	first, second := run(), run()
	if string(first) != string(second) {
		t.Errorf("two identical runs differ:\n%s\n---\n%s", first, second)
	}
	for _, key := range []string{`"can_connect"`, `"last_change_id"`, `"exec_log"`, `"file_owners"`, `"spawn_time"`, `"first_occurred"`, `"exit_code"`} {
		if !strings.Contains(string(first), key) {
			t.Errorf("state has no %s key:\n%s", key, first)
		}
	}
	var loaded Container
	if err := json.Unmarshal(first, &loaded); err != nil {
		t.Fatal(err)
	}
	if err := loaded.Validate(); err != nil {
		t.Fatalf("loaded state: %v", err)
	}
	again, _ := json.MarshalIndent(loaded, "", "  ")
	if string(again) != string(first) {
		t.Errorf("state does not round-trip through JSON:\n%s\n---\n%s", first, again)
	}
}

func TestLoadedStateResumes(t *testing.T) {
	ct := newContainer(t)
	ct.Layers = []LayerEntry{{Order: 1, Label: "base", Layer: mustParseLayer(t, "base", `
services:
  a: {override: replace, command: a, startup: enabled}
checks:
  up: {override: replace, tcp: {port: 1}}
  down: {override: replace, tcp: {port: 2}}
  off: {override: replace, startup: disabled, tcp: {port: 3}}
`)}}
	ct.Services = map[string]ServiceState{"a": {Current: StatusActive}}
	ct.Checks = map[string]CheckState{
		"down":    {Status: CheckDown, Failures: 4},
		"stale":   {Status: CheckUp},
		"unknown": {Status: CheckInactive},
	}
	ct.LastChangeID = 7
	srv := NewServer(ct, WithClock(fixedClock))
	state := srv.Container()
	if state.Services["a"].Config == nil || state.Services["a"].Config.Command != "a" {
		t.Errorf("service a config = %+v", state.Services["a"].Config)
	}
	if _, ok := state.Checks["stale"]; ok {
		t.Error("a check that is not in the plan was kept")
	}
	down := state.Checks["down"]
	ch, ok := state.Change(down.ChangeID)
	if down.Status != CheckDown || down.Failures != 4 || !ok || ch.Kind != "recover-check" || ch.Summary != `Recover TCP check "down"` || ch.ID != "8" {
		t.Errorf("down check = %+v, change %+v", down, ch)
	}
	if up := state.Checks["up"]; up.Status != CheckUp || up.ChangeID == "" {
		t.Errorf("up check = %+v", up)
	}
	if off := state.Checks["off"]; off.Status != CheckInactive || off.ChangeID != "" {
		t.Errorf("off check = %+v", off)
	}
	// Preparing again (the next hook's server) changes nothing.
	again := NewServer(&state, WithClock(fixedClock)).Container()
	a, _ := json.Marshal(state)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Errorf("a second load changed the state:\n%s\n%s", a, b)
	}
	if err := srv.Close(); err != nil {
		t.Error(err)
	}
}

func TestCannotConnect(t *testing.T) {
	sock := filepath.Join(shortSocketDir(t), "pebble.socket")
	srv, err := ListenAndServe(sock, &Container{Name: "web"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("socket exists for a container that cannot connect: %v", err)
	}
	if _, err := net.Dial("unix", sock); err == nil {
		t.Error("connected to a container that cannot connect")
	}
	if got := srv.Container().Name; got != "web" {
		t.Errorf("Container().Name = %q", got)
	}

	// Serve with a listener closes it at once.
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv2 := Serve(ln, &Container{Name: "web"})
	// Close waits for the serving goroutine, which closed the listener
	// without accepting anything.
	if err := srv2.Close(); err != nil {
		t.Error(err)
	}
	if _, err := net.Dial("unix", sock); err == nil {
		t.Error("connected to a container that cannot connect")
	}
}

func TestSocketModeAndServeOnListener(t *testing.T) {
	dir := shortSocketDir(t)
	sock := filepath.Join(dir, "pebble.socket")
	srv, err := ListenAndServe(sock, &Container{Name: "web", CanConnect: true})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(sock)
	if err != nil || fi.Mode().Perm() != 0o600 || fi.Mode()&os.ModeSocket == 0 {
		t.Errorf("socket mode = %v, %v", fi.Mode(), err)
	}
	if err := srv.Close(); err != nil {
		t.Error(err)
	}
	if _, err := net.Dial("unix", sock); err == nil {
		t.Error("connected after Close")
	}

	ln, err := net.Listen("unix", filepath.Join(dir, "other.socket"))
	if err != nil {
		t.Fatal(err)
	}
	srv = Serve(ln, nil, WithVersion("v9.9.9"))
	defer srv.Close()
	c := unixClient(filepath.Join(dir, "other.socket"))
	expect(t, c, "GET", "/v1/system-info", nil, 200,
		`{"type":"sync","status-code":200,"status":"OK","result":{"boot-id":"00000000-0000-4000-8000-000000000000","version":"v9.9.9"}}`)
}

func TestCloseClosesWebsockets(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{{Command: "cat", ReadStdin: true}}
	srv, sock, c := startServer(t, ct)
	_, taskID := startExec(t, c, map[string]any{"command": []string{"cat"}})
	stdio := mustDial(t, sock, taskID, "stdio")
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := stdio.recv(); err == nil {
		t.Error("websocket still open after Close")
	}
}

// TestConcurrentRequests hammers the server from several goroutines (run
// with -race to check the locking).
func TestConcurrentRequests(t *testing.T) {
	ct := newContainer(t)
	ct.Exec = []ExecRule{{Command: "*", Stdout: "ok"}}
	srv, sock, c := startServer(t, ct)
	addLayer(t, c, "base", "services:\n  a: {override: replace, command: a, startup: enabled}\nchecks:\n  c: {override: replace, tcp: {port: 1}}\n", false)
	// The helpers stop the test with t.Fatal, which only the test's own
	// goroutine may call: the workers use plain requests and report errors.
	post := func(url string, body any) (map[string]any, error) {
		data, _ := json.Marshal(body)
		resp, err := c.Post("http://localhost"+url, "application/json", strings.NewReader(string(data)))
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return nil, err
		}
		if resp.StatusCode >= 300 {
			return nil, fmt.Errorf("POST %s: %d %v", url, resp.StatusCode, out)
		}
		return out, nil
	}
	worker := func(i int) error {
		for j := range 5 {
			if _, err := post("/v1/files", map[string]any{"action": "make-dirs", "dirs": []map[string]any{
				{"path": fmt.Sprintf("/d%d/e%d", i, j), "make-parents": true}}}); err != nil {
				return err
			}
			if _, err := post("/v1/services", map[string]any{"action": "replan"}); err != nil {
				return err
			}
			if _, err := c.Get("http://localhost/v1/checks"); err != nil {
				return err
			}
			if _, err := post("/v1/notices", map[string]any{"action": "add", "type": "custom", "key": fmt.Sprintf("a.com/k%d", i)}); err != nil {
				return err
			}
			out, err := post("/v1/exec", map[string]any{"command": []string{"x"}})
			if err != nil {
				return err
			}
			ws, err := dialWS(sock, "/v1/tasks/"+out["result"].(map[string]any)["task-id"].(string)+"/websocket/stdio")
			if err != nil {
				return err
			}
			for {
				op, _, err := ws.recv()
				if err != nil {
					ws.close()
					return err
				}
				if op == websocket.OpText {
					break
				}
			}
			ws.close()
			resp, err := c.Get("http://localhost/v1/changes/" + out["change"].(string) + "/wait")
			if err != nil {
				return err
			}
			resp.Body.Close()
			srv.Container()
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- worker(i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	state := srv.Container()
	if len(state.ExecLog) != 40 || len(state.Notices) == 0 {
		t.Errorf("exec log %d, notices %d", len(state.ExecLog), len(state.Notices))
	}
	if err := state.Validate(); err != nil {
		t.Error(err)
	}
}
