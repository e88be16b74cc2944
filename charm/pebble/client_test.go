package pebble

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

func TestSysInfo(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/system-info", func(w http.ResponseWriter, r *http.Request) {
		writeSync(w, map[string]any{"version": "v1.19.0", "boot-id": "0e5b4bd2-7a1b-4bd2-9a84-7e0f8b3f3b1a"})
	})
	info, err := f.client(ClientOptions{}).SysInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Version != "v1.19.0" || info.BootID == "" {
		t.Errorf("SysInfo = %+v", info)
	}
}

// TestAPIErrors checks error envelopes become *APIError with Pebble's
// message, status and kind (internals/daemon/response.go ErrorResponse).
func TestAPIErrors(t *testing.T) {
	tests := []struct {
		name     string
		respond  func(w http.ResponseWriter)
		status   int
		kind     string
		message  string
		notFound bool
	}{{
		name: "404 from v1GetChange, no kind",
		respond: func(w http.ResponseWriter) {
			writeError(w, 404, "", `cannot find change with id "42"`)
		},
		status: 404, message: `cannot find change with id "42"`, notFound: true,
	}, {
		name: "404 with kind not-found (list files)",
		respond: func(w http.ResponseWriter) {
			writeError(w, 404, "not-found", "stat /nope: no such file or directory")
		},
		status: 404, kind: "not-found", message: "stat /nope: no such file or directory", notFound: true,
	}, {
		name: "400 bad request",
		respond: func(w http.ResponseWriter) {
			writeError(w, 400, "", `layer "base" already exists`)
		},
		status: 400, message: `layer "base" already exists`,
	}, {
		name: "401 login required",
		respond: func(w http.ResponseWriter) {
			writeError(w, 401, "login-required", "access denied")
		},
		status: 401, kind: "login-required", message: "access denied",
	}, {
		name: "500 internal error",
		respond: func(w http.ResponseWriter) {
			writeError(w, 500, "", "internal error: boom")
		},
		status: 500, message: "internal error: boom",
	}, {
		name: "502 without JSON (not Pebble answering)",
		respond: func(w http.ResponseWriter) {
			w.WriteHeader(502)
			io.WriteString(w, "Bad Gateway")
		},
		status: 502, message: `server error: "Bad Gateway"`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakePebble(t)
			f.handle("GET /v1/changes/{id}", func(w http.ResponseWriter, r *http.Request) { tt.respond(w) })
			_, err := f.client(ClientOptions{}).Change(context.Background(), "42")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Kind != tt.kind || apiErr.Message != tt.message {
				t.Errorf("APIError = %+v", apiErr)
			}
			if apiErr.Error() != tt.message {
				t.Errorf("Error() = %q, want the message", apiErr.Error())
			}
			if errors.Is(err, ErrNotFound) != tt.notFound {
				t.Errorf("errors.Is(err, ErrNotFound) = %v", !tt.notFound)
			}
			if errors.Is(err, ErrCannotConnect) {
				t.Error("an API error matched ErrCannotConnect")
			}
		})
	}
}

// changeJSON is a change as v1GetChange/v1GetChangeWait return it
// (internals/daemon/api_changes.go changeInfo).
func changeJSON(id, status string, ready bool, err string, tasks ...map[string]any) map[string]any {
	c := map[string]any{
		"id": id, "kind": "start", "summary": `Start service "web"`, "status": status, "ready": ready,
		"spawn-time": "2024-04-21T01:02:03Z", "tasks": tasks,
	}
	if ready {
		c["ready-time"] = "2024-04-21T01:02:04Z"
	}
	if err != "" {
		c["err"] = err
	}
	return c
}

func taskJSON(status string, log []string, data map[string]any) map[string]any {
	t := map[string]any{
		"id": "1", "kind": "start", "summary": `Start service "web"`, "status": status,
		"progress": map[string]any{"label": "", "done": 1, "total": 1}, "spawn-time": "2024-04-21T01:02:03Z",
	}
	if log != nil {
		t["log"] = log
	}
	if data != nil {
		t["data"] = data
	}
	return t
}

func TestServiceActionsWaitForChange(t *testing.T) {
	for _, action := range []string{"start", "stop", "restart", "replan"} {
		t.Run(action, func(t *testing.T) {
			f := newFakePebble(t)
			var waits atomic.Int32
			f.handle("POST /v1/services", func(w http.ResponseWriter, r *http.Request) {
				var body struct {
					Action   string   `json:"action"`
					Services []string `json:"services"`
				}
				if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
					t.Errorf("decode: %v", err)
				}
				want := []string{"web", "db"}
				if action == "replan" {
					want = []string{}
				}
				if body.Action != action || strings.Join(body.Services, ",") != strings.Join(want, ",") || body.Services == nil {
					t.Errorf("body = %+v", body)
				}
				if r.Header.Get("Content-Type") != "application/json" {
					t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
				}
				// v1PostServices: AsyncResponse(nil, change.ID()).
				writeAsync(w, "7", nil)
			})
			f.handle("GET /v1/changes/7/wait", func(w http.ResponseWriter, r *http.Request) {
				timeout, err := time.ParseDuration(r.URL.Query().Get("timeout"))
				if err != nil || timeout <= 0 || timeout >= 2*time.Second {
					t.Errorf("timeout = %q, want a duration below the request timeout", r.URL.Query().Get("timeout"))
				}
				if waits.Add(1) == 1 {
					// v1GetChangeWait: GatewayTimeout when the change is not
					// ready in time; the client must ask again.
					writeError(w, 504, "", "timed out waiting for change after "+timeout.String())
					return
				}
				writeSync(w, changeJSON("7", "Done", true, "", taskJSON("Done", nil, nil)))
			})
			c := f.client(ClientOptions{Timeout: 2 * time.Second})
			var err error
			switch action {
			case "start":
				err = c.Start(context.Background(), "web", "db")
			case "stop":
				err = c.Stop(context.Background(), "web", "db")
			case "restart":
				err = c.Restart(context.Background(), "web", "db")
			case "replan":
				err = c.Replan(context.Background())
			}
			if err != nil {
				t.Fatal(err)
			}
			if waits.Load() != 2 {
				t.Errorf("waited %d times, want 2 (one 504, one ready)", waits.Load())
			}
		})
	}
}

func TestStartChangeError(t *testing.T) {
	f := newFakePebble(t)
	f.handle("POST /v1/services", func(w http.ResponseWriter, r *http.Request) { writeAsync(w, "8", nil) })
	const errText = "cannot perform the following tasks:\n- Start service \"web\" (cannot start service: exited quickly with code 1)"
	f.handle("GET /v1/changes/8/wait", func(w http.ResponseWriter, r *http.Request) {
		writeSync(w, changeJSON("8", "Error", true, errText,
			taskJSON("Error", []string{"2024-04-21T01:02:03Z INFO Most recent service output:\n    boom", "2024-04-21T01:02:03Z ERROR cannot start service: exited quickly with code 1"}, nil)))
	})
	err := f.client(ClientOptions{}).Start(context.Background(), "web")
	var ce *ChangeError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v (%T), want *ChangeError", err, err)
	}
	if ce.Err != errText || ce.Change.ID != "8" || ce.Change.Status != "Error" {
		t.Errorf("ChangeError = %+v", ce)
	}
	want := errText + "\n----- Logs from task 0 -----\n" +
		"2024-04-21T01:02:03Z INFO Most recent service output:\n    boom\n2024-04-21T01:02:03Z ERROR cannot start service: exited quickly with code 1\n-----"
	if err.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", err.Error(), want)
	}
}

func TestChangeAndWaitChange(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/changes/3", func(w http.ResponseWriter, r *http.Request) {
		writeSync(w, changeJSON("3", "Doing", false, "", taskJSON("Doing", nil, nil)))
	})
	f.handle("GET /v1/changes/3/wait", func(w http.ResponseWriter, r *http.Request) {
		writeSync(w, changeJSON("3", "Error", true, "boom", taskJSON("Error", []string{"x"}, map[string]any{"exit-code": 2})))
	})
	c := f.client(ClientOptions{})
	ch, err := c.Change(context.Background(), "3")
	if err != nil {
		t.Fatal(err)
	}
	if ch.Ready || ch.Status != "Doing" || ch.SpawnTime.IsZero() || !ch.ReadyTime.IsZero() || len(ch.Tasks) != 1 {
		t.Errorf("Change = %+v", ch)
	}
	// WaitChange returns a failed change as it is, not as an error.
	ch, err = c.WaitChange(context.Background(), "3")
	if err != nil {
		t.Fatal(err)
	}
	if !ch.Ready || ch.Err != "boom" || string(ch.Tasks[0].Data["exit-code"]) != "2" {
		t.Errorf("WaitChange = %+v", ch)
	}
	if _, err := c.Change(context.Background(), "../etc"); err == nil {
		t.Error("an invalid change ID was sent")
	}
}

func TestWaitChangeHonoursContext(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/changes/4/wait", func(w http.ResponseWriter, r *http.Request) {
		d, _ := time.ParseDuration(r.URL.Query().Get("timeout"))
		select {
		case <-time.After(d):
			writeError(w, 504, "", "timed out waiting for change after "+d.String())
		case <-r.Context().Done():
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := f.client(ClientOptions{Timeout: 5 * time.Second}).WaitChange(ctx, "4")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestServices(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/services", func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query()["names"]; len(got) != 1 || got[0] != "web,db" {
			t.Errorf("names = %q, want one comma-separated value", got)
		}
		writeSync(w, []map[string]any{
			{"name": "db", "startup": "enabled", "current": "active", "current-since": "2024-04-21T01:02:03Z"},
			{"name": "web", "startup": "disabled", "current": "inactive"},
		})
	})
	infos, err := f.client(ClientOptions{}).Services(context.Background(), "web", "db")
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[0].Name != "db" || !infos[0].IsRunning() || infos[0].CurrentSince.IsZero() ||
		infos[1].Startup != StartupDisabled || infos[1].Current != StatusInactive || !infos[1].CurrentSince.IsZero() {
		t.Errorf("Services = %+v", infos)
	}
}

// TestAddLayerAndPlan runs AddLayer and Plan against a server that does
// what Pebble's v1PostLayers and v1GetPlan do, with yaml.v3 on the server
// side as Pebble has it.
func TestAddLayerAndPlan(t *testing.T) {
	f := newFakePebble(t)
	var mu sync.Mutex
	var layers Layers
	f.handle("POST /v1/layers", func(w http.ResponseWriter, r *http.Request) {
		var payload struct {
			Action  string `json:"action"`
			Combine bool   `json:"combine"`
			Label   string `json:"label"`
			Format  string `json:"format"`
			Layer   string `json:"layer"`
		}
		if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
			writeError(w, 400, "", "cannot decode request body: "+err.Error())
			return
		}
		if payload.Action != "add" || payload.Format != "yaml" {
			writeError(w, 400, "", "invalid action or format")
			return
		}
		var layer Layer
		dec := yaml.NewDecoder(strings.NewReader(payload.Layer))
		dec.KnownFields(true)
		if err := dec.Decode(&layer); err != nil {
			writeError(w, 400, "", "cannot parse layer YAML: "+err.Error())
			return
		}
		layer.Label = payload.Label
		mu.Lock()
		defer mu.Unlock()
		if err := layers.Add(&layer, payload.Combine); err != nil {
			writeError(w, 400, "", err.Error())
			return
		}
		writeSync(w, true)
	})
	f.handle("GET /v1/plan", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("format") != "yaml" {
			writeError(w, 400, "", `invalid format ""`)
			return
		}
		mu.Lock()
		plan, err := layers.Plan()
		mu.Unlock()
		if err != nil {
			writeError(w, 500, "", err.Error())
			return
		}
		out, _ := yaml.Marshal(plan)
		writeSync(w, string(out))
	})
	c := f.client(ClientOptions{})
	ctx := context.Background()
	base := &Layer{Summary: "base", Services: map[string]*Service{
		"web": {Override: ReplaceOverride, Command: `/bin/web --msg "a: b #c"`, Startup: StartupEnabled,
			Environment: map[string]string{"PORT": "8080", "EMPTY": "", "YES": "yes"}},
	}}
	if err := c.AddLayer(ctx, "base", base, false); err != nil {
		t.Fatal(err)
	}
	err := c.AddLayer(ctx, "base", base, false)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Message != `layer "base" already exists` || apiErr.StatusCode != 400 {
		t.Fatalf("second add: %v", err)
	}
	merge := &Layer{Services: map[string]*Service{"web": {Override: MergeOverride, Environment: map[string]string{"PORT": "9090"}}}}
	if err := c.AddLayer(ctx, "base", merge, true); err != nil {
		t.Fatal(err)
	}
	plan, err := c.Plan(ctx)
	if err != nil {
		t.Fatal(err)
	}
	web := plan.Services["web"]
	if web == nil || web.Command != `/bin/web --msg "a: b #c"` || web.Environment["PORT"] != "9090" ||
		web.Environment["YES"] != "yes" || web.Environment["EMPTY"] != "" || web.Name != "web" {
		t.Errorf("plan = %s", canonicalYAML(t, plan))
	}
}

func TestChecksAndHealth(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/checks", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("level") != "ready" || strings.Join(q["names"], ",") != "up,db" {
			t.Errorf("query = %v", q)
		}
		writeSync(w, []map[string]any{
			{"name": "db", "level": "ready", "startup": "enabled", "status": "down", "failures": 3, "threshold": 3, "change-id": "12"},
			{"name": "up", "level": "ready", "startup": "enabled", "status": "up", "successes": 4, "threshold": 3, "change-id": "11"},
		})
	})
	f.handle("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		// v1Health answers with a sync response, 502 when unhealthy.
		if r.URL.Query().Get("level") == "alive" {
			writeResp(w, "sync", 200, "", map[string]any{"healthy": true})
			return
		}
		writeResp(w, "sync", 502, "", map[string]any{"healthy": false})
	})
	c := f.client(ClientOptions{})
	checks, err := c.Checks(context.Background(), CheckOptions{Level: ReadyLevel, Names: []string{"up", "db"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != 2 || checks[0].Status != CheckStatusDown || checks[0].Failures != 3 || checks[0].ChangeID != "12" ||
		checks[1].Successes != 4 || checks[1].Threshold != 3 || checks[1].Level != ReadyLevel {
		t.Errorf("Checks = %+v", checks)
	}
	for level, want := range map[CheckLevel]bool{AliveLevel: true, ReadyLevel: false} {
		healthy, err := c.Health(context.Background(), HealthOptions{Level: level})
		if err != nil || healthy != want {
			t.Errorf("Health(%s) = %v, %v; want %v", level, healthy, err, want)
		}
	}
}

func TestNotices(t *testing.T) {
	f := newFakePebble(t)
	// internals/overlord/state/notices.go jsonNotice: durations are strings.
	notice := `{"id":"5","user-id":1000,"type":"custom","key":"example.com/db-ready","first-occurred":"2024-04-21T01:02:03.123456789Z","last-occurred":"2024-04-21T02:02:03Z","last-repeated":"2024-04-21T02:02:03Z","occurrences":2,"last-data":{"host":"db-0"},"repeat-after":"1h0m0s","expire-after":"168h0m0s"}`
	public := `{"id":"6","user-id":null,"type":"change-update","key":"12","first-occurred":"2024-04-21T01:02:03Z","last-occurred":"2024-04-21T01:02:03Z","last-repeated":"2024-04-21T01:02:03Z","occurrences":1,"expire-after":"168h0m0s"}`
	after := time.Date(2024, 4, 21, 0, 0, 0, 500, time.UTC)
	f.handle("GET /v1/notices", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if strings.Join(q["types"], ",") != "custom,change-update" || strings.Join(q["keys"], ",") != "example.com/db-ready,12" ||
			q.Get("after") != after.Format(time.RFC3339Nano) || q.Get("user-id") != "1000" {
			t.Errorf("query = %v", q)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"type":"sync","status-code":200,"status":"OK","result":[`+notice+`,`+public+`]}`)
	})
	f.handle("GET /v1/notices/5", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"type":"sync","status-code":200,"status":"OK","result":`+notice+`}`)
	})
	c := f.client(ClientOptions{})
	uid := uint32(1000)
	ns, err := c.Notices(context.Background(), NoticesOptions{
		Types: []NoticeType{CustomNotice, ChangeUpdateNotice}, Keys: []string{"example.com/db-ready", "12"}, After: after, UserID: &uid,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 2 {
		t.Fatalf("Notices = %+v", ns)
	}
	n := ns[0]
	if n.ID != "5" || *n.UserID != 1000 || n.Type != CustomNotice || n.Occurrences != 2 || n.LastData["host"] != "db-0" ||
		n.RepeatAfter != time.Hour || n.ExpireAfter != 7*24*time.Hour || n.FirstOccurred.Nanosecond() != 123456789 {
		t.Errorf("notice = %+v", n)
	}
	if ns[1].UserID != nil || ns[1].RepeatAfter != 0 {
		t.Errorf("public notice = %+v", ns[1])
	}
	one, err := c.Notice(context.Background(), "5")
	if err != nil || one.Key != "example.com/db-ready" {
		t.Errorf("Notice = %+v, %v", one, err)
	}
	// Notice round-trips through its JSON form, for the simulator.
	data, _ := json.Marshal(n)
	var back Notice
	if err := json.Unmarshal(data, &back); err != nil || back.RepeatAfter != time.Hour || back.ID != "5" {
		t.Errorf("round trip = %+v, %v (%s)", back, err, data)
	}
}

// TestPush parses the multipart request on the server side as Pebble's
// writeFiles does (internals/daemon/api_files.go).
func TestPush(t *testing.T) {
	f := newFakePebble(t)
	type item struct {
		Path        string `json:"path"`
		MakeDirs    bool   `json:"make-dirs"`
		Permissions string `json:"permissions"`
		UserID      *int   `json:"user-id"`
		User        string `json:"user"`
		GroupID     *int   `json:"group-id"`
		Group       string `json:"group"`
	}
	var gotItem item
	var gotContent []byte
	var gotFilename string
	fail := false
	f.handle("POST /v1/files", func(w http.ResponseWriter, r *http.Request) {
		mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mediaType != "multipart/form-data" || len(params["boundary"]) < 32 {
			writeError(w, 400, "", "invalid Content-Type")
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		part, err := mr.NextPart()
		if err != nil || part.FormName() != "request" || part.Header.Get("Content-Type") != "application/json" {
			writeError(w, 400, "", `metadata field name must be "request"`)
			return
		}
		var payload struct {
			Action string `json:"action"`
			Files  []item `json:"files"`
		}
		if err := json.NewDecoder(part).Decode(&payload); err != nil || payload.Action != "write" || len(payload.Files) != 1 {
			writeError(w, 400, "", "cannot decode request metadata")
			return
		}
		gotItem = payload.Files[0]
		part, err = mr.NextPart()
		if err != nil || part.FormName() != "files" {
			writeError(w, 400, "", `field name must be "files"`)
			return
		}
		// Pebble reads the raw filename parameter (multipartFilename).
		_, dp, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		gotFilename = dp["filename"]
		gotContent, _ = io.ReadAll(part)
		if _, err := mr.NextPart(); err != io.EOF {
			writeError(w, 400, "", "extra part")
			return
		}
		if fail {
			writeSync(w, []map[string]any{{"path": gotItem.Path, "error": map[string]any{
				"message": "open /etc/app.conf.abc: permission denied", "kind": "permission-denied"}}})
			return
		}
		writeSync(w, []map[string]any{{"path": gotItem.Path}})
	})
	c := f.client(ClientOptions{})
	uid, gid := 1000, 0
	content := "key: value\n\x00binary\xff"
	err := c.Push(context.Background(), `/etc/app "x".conf`, strings.NewReader(content), PushOptions{
		MakeDirs: true, Permissions: 0o600, UserID: &uid, User: "app", GroupID: &gid, Group: "root",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := item{Path: `/etc/app "x".conf`, MakeDirs: true, Permissions: "600", UserID: &uid, User: "app", GroupID: &gid, Group: "root"}
	if gotItem.Path != want.Path || !gotItem.MakeDirs || gotItem.Permissions != "600" || *gotItem.UserID != 1000 ||
		gotItem.User != "app" || *gotItem.GroupID != 0 || gotItem.Group != "root" {
		t.Errorf("metadata = %+v", gotItem)
	}
	if gotFilename != want.Path || string(gotContent) != content {
		t.Errorf("file part = %q %q", gotFilename, gotContent)
	}
	// Default permissions are left to Pebble (empty string, server uses 644).
	if err := c.Push(context.Background(), "/a", strings.NewReader(""), PushOptions{}); err != nil || gotItem.Permissions != "" || gotItem.UserID != nil {
		t.Errorf("default push: %v, %+v", err, gotItem)
	}
	fail = true
	err = c.Push(context.Background(), "/etc/app.conf", strings.NewReader("x"), PushOptions{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != "permission-denied" || fe.Path != "/etc/app.conf" {
		t.Fatalf("err = %v (%T), want *FileError", err, err)
	}
	if !errors.Is(err, ErrPermissionDenied) || !errors.Is(err, fs.ErrPermission) || errors.Is(err, ErrNotFound) {
		t.Errorf("errors.Is mismatch for %v", err)
	}
}

// writeReadFiles answers GET /v1/files?action=read like Pebble's
// readFilesResponse: a "files" part per readable file, then "response".
func writeReadFiles(w http.ResponseWriter, path string, content []byte, fileErr map[string]any) {
	mw := multipart.NewWriter(w)
	w.Header().Set("Content-Type", mw.FormDataContentType())
	w.WriteHeader(200)
	if content != nil {
		fw, _ := mw.CreateFormFile("files", path)
		fw.Write(content)
	}
	mh := textproto.MIMEHeader{}
	mh.Set("Content-Type", "application/json")
	mh.Set("Content-Disposition", `form-data; name="response"`)
	part, _ := mw.CreatePart(mh)
	result := map[string]any{"path": path}
	if fileErr != nil {
		result["error"] = fileErr
	}
	json.NewEncoder(part).Encode(map[string]any{"type": "sync", "status-code": 200, "status": "OK", "result": []any{result}})
	mw.Close()
}

func TestPull(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/files", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("action") != "read" {
			writeError(w, 400, "", "invalid action")
			return
		}
		if r.Header.Get("Accept") != "multipart/form-data" {
			writeError(w, 400, "", "must accept multipart/form-data")
			return
		}
		switch path := q.Get("path"); path {
		case "/etc/app.conf":
			writeReadFiles(w, path, []byte("hello\x00world"), nil)
		case "/empty":
			writeReadFiles(w, path, []byte{}, nil)
		case "/nope":
			writeReadFiles(w, path, nil, map[string]any{"message": "stat /nope: no such file or directory", "kind": "not-found"})
		case "/dir":
			writeReadFiles(w, path, nil, map[string]any{"message": `can only read a regular file: "/dir"`, "kind": "generic-file-error"})
		default:
			writeError(w, 400, "", "paths must be absolute, got "+path)
		}
	})
	c := f.client(ClientOptions{})
	ctx := context.Background()
	data, err := c.Pull(ctx, "/etc/app.conf")
	if err != nil || string(data) != "hello\x00world" {
		t.Fatalf("Pull = %q, %v", data, err)
	}
	if data, err := c.Pull(ctx, "/empty"); err != nil || data == nil || len(data) != 0 {
		t.Errorf("Pull(/empty) = %#v, %v", data, err)
	}
	_, err = c.Pull(ctx, "/nope")
	var fe *FileError
	if !errors.As(err, &fe) || fe.Kind != "not-found" || !errors.Is(err, ErrNotFound) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Pull(/nope) = %v (%T)", err, err)
	}
	_, err = c.Pull(ctx, "/dir")
	if !errors.As(err, &fe) || fe.Kind != "generic-file-error" || errors.Is(err, ErrNotFound) {
		t.Errorf("Pull(/dir) = %v", err)
	}
	_, err = c.Pull(ctx, "relative")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("Pull(relative) = %v (%T)", err, err)
	}
}

func TestListFiles(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/files", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("action") != "list" {
			writeError(w, 400, "", "invalid action")
			return
		}
		if q.Get("path") == "/nope" {
			// listFilesResponse: an error response with the file error.
			writeError(w, 404, "not-found", "stat /nope: no such file or directory")
			return
		}
		if q.Get("pattern") != "*.conf" || q.Get("itself") != "true" {
			t.Errorf("query = %v", q)
		}
		writeSync(w, []map[string]any{
			{"path": "/etc/app.conf", "name": "app.conf", "type": "file", "size": 12, "permissions": "644",
				"last-modified": "2024-04-21T01:02:03Z", "user-id": 0, "user": "root", "group-id": 0, "group": "root"},
			{"path": "/etc/app.d", "name": "app.d", "type": "directory", "permissions": "755",
				"last-modified": "2024-04-21T01:02:03+02:00", "user-id": 1000, "user": "app", "group-id": 1000, "group": "app"},
		})
	})
	c := f.client(ClientOptions{})
	infos, err := c.ListFiles(context.Background(), "/etc", ListFilesOptions{Pattern: "*.conf", Itself: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[0].Name() != "app.conf" || infos[0].Size() != 12 || infos[0].Mode() != 0o644 ||
		infos[0].IsDir() || *infos[0].UserID() != 0 || infos[0].User() != "root" || infos[0].Path() != "/etc/app.conf" {
		t.Errorf("file = %+v", infos[0])
	}
	if !infos[1].IsDir() || infos[1].Mode().Perm() != 0o755 || infos[1].Group() != "app" || infos[1].ModTime().IsZero() {
		t.Errorf("dir = %+v", infos[1])
	}
	_, err = c.ListFiles(context.Background(), "/nope", ListFilesOptions{Pattern: "*.conf", Itself: true})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrNotFound) || apiErr.Kind != "not-found" {
		t.Errorf("ListFiles(/nope) = %v", err)
	}
}

func TestMakeDirAndRemovePath(t *testing.T) {
	f := newFakePebble(t)
	var got map[string]any
	f.handle("POST /v1/files", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" {
			writeError(w, 400, "", "invalid media type")
			return
		}
		got = nil
		json.NewDecoder(r.Body).Decode(&got)
		switch got["action"] {
		case "make-dirs":
			dir := got["dirs"].([]any)[0].(map[string]any)
			if dir["path"] == "/exists" {
				writeSync(w, []map[string]any{{"path": "/exists", "error": map[string]any{
					"message": "mkdir /exists: file exists", "kind": "generic-file-error"}}})
				return
			}
			writeSync(w, []map[string]any{{"path": dir["path"]}})
		case "remove":
			p := got["paths"].([]any)[0].(map[string]any)
			if p["path"] == "/gone" {
				writeSync(w, []map[string]any{{"path": "/gone", "error": map[string]any{
					"message": "remove /gone: no such file or directory", "kind": "not-found"}}})
				return
			}
			writeSync(w, []map[string]any{{"path": p["path"]}})
		default:
			writeError(w, 400, "", "invalid action")
		}
	})
	c := f.client(ClientOptions{})
	ctx := context.Background()
	uid := 7
	if err := c.MakeDir(ctx, "/srv/data", MakeDirOptions{MakeParents: true, Permissions: 0o750, UserID: &uid, Group: "app"}); err != nil {
		t.Fatal(err)
	}
	dir := got["dirs"].([]any)[0].(map[string]any)
	if dir["path"] != "/srv/data" || dir["make-parents"] != true || dir["permissions"] != "750" || dir["user-id"] != 7.0 || dir["group"] != "app" || dir["user"] != "" {
		t.Errorf("make-dirs body = %v", got)
	}
	if err := c.MakeDir(ctx, "/exists", MakeDirOptions{}); err == nil || !strings.Contains(err.Error(), "file exists") {
		t.Errorf("MakeDir(/exists) = %v", err)
	}
	if err := c.RemovePath(ctx, "/srv/data", RemovePathOptions{Recursive: true}); err != nil {
		t.Fatal(err)
	}
	p := got["paths"].([]any)[0].(map[string]any)
	if p["path"] != "/srv/data" || p["recursive"] != true {
		t.Errorf("remove body = %v", got)
	}
	err := c.RemovePath(ctx, "/gone", RemovePathOptions{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrNotFound) || fe.Path != "/gone" {
		t.Errorf("RemovePath(/gone) = %v", err)
	}
}

// TestDeadSocket: nothing listening must fail fast with ErrCannotConnect.
func TestDeadSocket(t *testing.T) {
	dir := shortSocketDir(t)

	// A socket file whose listener is gone: connection refused.
	refused := filepath.Join(dir, "refused.socket")
	l, err := net.Listen("unix", refused)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()

	// A server that hangs up on every connection: EOF.
	hangup := filepath.Join(dir, "hangup.socket")
	hl, err := net.Listen("unix", hangup)
	if err != nil {
		t.Fatal(err)
	}
	defer hl.Close()
	go func() {
		for {
			conn, err := hl.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	}()

	for name, socket := range map[string]string{"missing": filepath.Join(dir, "missing.socket"), "refused": refused, "hangup": hangup} {
		t.Run(name, func(t *testing.T) {
			c := NewClient(ClientOptions{Socket: socket, Timeout: 10 * time.Second})
			_, err := c.SysInfo(context.Background())
			var ce *ConnectionError
			if !errors.As(err, &ce) || !errors.Is(err, ErrCannotConnect) {
				t.Fatalf("err = %v (%T), want *ConnectionError matching ErrCannotConnect", err, err)
			}
			if ce.Socket != socket {
				t.Errorf("Socket = %q", ce.Socket)
			}
			if c.Socket() != socket {
				t.Errorf("Client.Socket() = %q", c.Socket())
			}
			// Every entry point goes through the same path; spot-check two.
			if err := c.Start(context.Background(), "x"); !errors.Is(err, ErrCannotConnect) {
				t.Errorf("Start: %v", err)
			}
			if _, err := c.Exec(context.Background(), ExecOptions{Command: []string{"true"}}); !errors.Is(err, ErrCannotConnect) {
				t.Errorf("Exec: %v", err)
			}
		})
	}
}

// TestServerNeverAnswers: a server that accepts and then says nothing must
// cost at most the request timeout, and a cancelled context returns at once.
func TestServerNeverAnswers(t *testing.T) {
	dir := shortSocketDir(t)
	socket := filepath.Join(dir, "pebble.socket")
	l, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, conn) // keep it open, never answer
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	}()

	c := NewClient(ClientOptions{Socket: socket, Timeout: 200 * time.Millisecond})
	_, err = c.SysInfo(context.Background())
	if !errors.Is(err, ErrCannotConnect) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("SysInfo = %v, want a connection timeout", err)
	}
	_, err = c.Exec(context.Background(), ExecOptions{Command: []string{"true"}})
	if !errors.Is(err, ErrCannotConnect) {
		t.Errorf("Exec = %v, want a connection timeout", err)
	}

	slow := NewClient(ClientOptions{Socket: socket, Timeout: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = slow.SysInfo(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrCannotConnect) {
		t.Errorf("SysInfo with cancelled ctx = %v, want context.Canceled", err)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestPushUnreadableContent(t *testing.T) {
	f := newFakePebble(t)
	f.handle("POST /v1/files", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		writeError(w, 400, "", "cannot read file part 0: unexpected EOF")
	})
	err := f.client(ClientOptions{}).Push(context.Background(), "/x", failingReader{}, PushOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot read content: disk on fire") || errors.Is(err, ErrCannotConnect) {
		t.Errorf("err = %v", err)
	}
}

func TestResponseTooLarge(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/system-info", func(w http.ResponseWriter, r *http.Request) {
		writeSync(w, map[string]any{"version": strings.Repeat("x", 4096)})
	})
	_, err := f.client(ClientOptions{MaxResponseSize: 1024}).SysInfo(context.Background())
	if err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Errorf("err = %v", err)
	}
}

func TestUnexpectedResponses(t *testing.T) {
	f := newFakePebble(t)
	f.handle("GET /v1/system-info", func(w http.ResponseWriter, r *http.Request) { writeAsync(w, "1", nil) })
	f.handle("POST /v1/services", func(w http.ResponseWriter, r *http.Request) { writeSync(w, nil) })
	f.handle("GET /v1/services", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "not json") })
	c := f.client(ClientOptions{})
	if _, err := c.SysInfo(context.Background()); err == nil || !strings.Contains(err.Error(), `expected sync response, got "async"`) {
		t.Errorf("SysInfo = %v", err)
	}
	if err := c.Start(context.Background(), "x"); err == nil || !strings.Contains(err.Error(), `expected async response, got "sync"`) {
		t.Errorf("Start = %v", err)
	}
	if _, err := c.Services(context.Background()); err == nil || !strings.Contains(err.Error(), "cannot decode response") {
		t.Errorf("Services = %v", err)
	}
}

func TestErrorTypes(t *testing.T) {
	ce := &ConnectionError{Socket: "/s", Err: fs.ErrNotExist}
	if !errors.Is(ce, ErrCannotConnect) || !errors.Is(ce, fs.ErrNotExist) || !strings.Contains(ce.Error(), "/s") {
		t.Errorf("ConnectionError: %v", ce)
	}
	ee := &ExitError{Command: []string{"ls", "-l"}, ExitCode: 2, Stderr: "  no such file\n"}
	if ee.Error() != `command ["ls" "-l"] exited with status 2: no such file` {
		t.Errorf("ExitError = %q", ee.Error())
	}
	noLogs := &ChangeError{Err: "boom", Change: &Change{Tasks: []*Task{{}}}}
	if noLogs.Error() != "boom" {
		t.Errorf("ChangeError = %q", noLogs.Error())
	}
	if (&FileError{Kind: "not-found", Message: "m"}).Error() != "not-found - m" {
		t.Error("FileError format")
	}
	if SocketPath("web") != "/charm/containers/web/pebble.socket" {
		t.Error(SocketPath("web"))
	}
}
