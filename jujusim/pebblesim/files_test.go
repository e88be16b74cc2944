package pebblesim

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sandbox builds a container whose root sits next to a directory it must
// never reach, with symlinks that try to: relative ones climbing out, and
// absolute ones (which os.Root refuses wherever they point).
func sandbox(t *testing.T) (ct *Container, outside string) {
	t.Helper()
	parent := t.TempDir()
	root := filepath.Join(parent, "root")
	outside = filepath.Join(parent, "outside")
	for _, d := range []string{root, outside, filepath.Join(root, "etc")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"rel":       "../outside/secret",
		"dirlink":   "../outside",
		"deep":      "etc/../../outside",
		"abs":       filepath.Join(outside, "secret"),
		"absdir":    outside,
		"absinside": "/etc", // absolute, even though /etc exists in the container
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	// A relative symlink that stays inside is fine.
	if err := os.Symlink("etc", filepath.Join(root, "etclink")); err != nil {
		t.Fatal(err)
	}
	return &Container{Name: "web", CanConnect: true, Root: root}, outside
}

// getMultipart makes a GET request that accepts multipart/form-data (as
// the files API's read wants) and returns the response, its media type and
// a reader of its parts. The caller closes the body.
func getMultipart(t *testing.T, c *http.Client, url string) (*http.Response, string, *multipart.Reader) {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://localhost"+url, nil)
	req.Header.Set("Accept", "multipart/form-data")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	mediaType, params, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return resp, mediaType, multipart.NewReader(resp.Body, params["boundary"])
}

// pull reads one path and returns the content and the per-path error.
func pull(t *testing.T, c *http.Client, p string) (string, map[string]any) {
	t.Helper()
	resp, _, mr := getMultipart(t, c, "/v1/files?action=read&path="+p)
	defer resp.Body.Close()
	var content string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(part)
		if part.FormName() == "files" {
			content += string(data)
			continue
		}
		var meta struct {
			Result []struct {
				Error map[string]any `json:"error"`
			} `json:"result"`
		}
		if err := json.Unmarshal(data, &meta); err != nil || len(meta.Result) != 1 {
			t.Fatalf("response part %s: %v", data, err)
		}
		return content, meta.Result[0].Error
	}
	t.Fatal("no response part")
	return "", nil
}

func TestFileSandboxEscapesAreRefused(t *testing.T) {
	ct, outside := sandbox(t)
	ct.Exec = []ExecRule{{Command: "x"}}
	srv, _, c := startServer(t, ct)
	denied := func(what string, e map[string]any) {
		t.Helper()
		if e == nil || e["kind"] != "permission-denied" || !strings.Contains(e["message"].(string), "path escapes from parent") {
			t.Errorf("%s: error %v, want permission-denied", what, e)
		}
		if strings.Contains(mustJSON(t, e), outside) {
			t.Errorf("%s: the error names the host directory: %v", what, e)
		}
	}

	for _, p := range []string{"/rel", "/abs", "/dirlink/secret", "/deep/secret", "/absdir/secret", "/absinside/x"} {
		content, e := pull(t, c, p)
		if content != "" {
			t.Errorf("pull %s read %q", p, content)
		}
		denied("pull "+p, e)
	}
	// ".." cannot climb above the container's "/": the path stays inside.
	for _, p := range []string{"/../outside/secret", "/etc/../../../outside/secret"} {
		content, e := pull(t, c, p)
		if content != "" || e == nil || e["kind"] != "not-found" {
			t.Errorf("pull %s: %q %v, want not-found", p, content, e)
		}
	}
	// Writes through escaping links fail and create nothing outside.
	status, raw := pushFiles(t, c, map[string]any{"action": "write", "files": []map[string]any{
		{"path": "/dirlink/evil"},
		{"path": "/absdir/evil", "make-dirs": true},
		{"path": "/dirlink/sub/evil", "make-dirs": true},
	}}, map[string]string{"/dirlink/evil": "x", "/absdir/evil": "x", "/dirlink/sub/evil": "x"})
	var res struct {
		Result []struct {
			Path  string         `json:"path"`
			Error map[string]any `json:"error"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &res); err != nil || status != 200 || len(res.Result) != 3 {
		t.Fatalf("push: %d %s", status, raw)
	}
	for _, r := range res.Result {
		denied("push "+r.Path, r.Error)
	}
	_, body := call(t, c, "POST", "/v1/files", map[string]any{"action": "make-dirs", "dirs": []map[string]any{
		{"path": "/dirlink/newdir"}, {"path": "/absdir/a/b", "make-parents": true},
	}})
	for _, r := range body["result"].([]any) {
		r := r.(map[string]any)
		e, _ := r["error"].(map[string]any)
		denied("make-dirs "+r["path"].(string), e)
	}
	_, body = call(t, c, "POST", "/v1/files", map[string]any{"action": "remove", "paths": []map[string]any{
		{"path": "/dirlink/secret"}, {"path": "/absdir/secret", "recursive": true},
	}})
	for _, r := range body["result"].([]any) {
		r := r.(map[string]any)
		e, _ := r["error"].(map[string]any)
		denied("remove "+r["path"].(string), e)
	}
	status, body = call(t, c, "GET", "/v1/files?action=list&path=/dirlink", nil)
	if status != 403 || body["result"].(map[string]any)["kind"] != "permission-denied" {
		t.Errorf("list /dirlink: %d %v", status, body)
	}
	expect(t, c, "POST", "/v1/exec", map[string]any{"command": []string{"x"}, "working-dir": "/dirlink"}, 500,
		errorBody(500, `cannot call exec: cannot stat working directory "/dirlink": stat /dirlink: path escapes from parent`))
	if _, err := srv.Container().ReadFile("/rel"); err == nil {
		t.Error("Container.ReadFile followed an escaping symlink")
	}

	// The links themselves live inside the root: listing shows them, and
	// removing one removes the link, not its target.
	status, body = call(t, c, "GET", "/v1/files?action=list&path=/", nil)
	if status != 200 {
		t.Fatalf("list /: %d %v", status, body)
	}
	var names []string
	for _, e := range body["result"].([]any) {
		e := e.(map[string]any)
		names = append(names, e["name"].(string))
		if e["name"] == "rel" && e["type"] != "symlink" {
			t.Errorf("rel is listed as %v", e["type"])
		}
	}
	if want := []string{"abs", "absdir", "absinside", "deep", "dirlink", "etc", "etclink", "rel"}; !slices.Equal(names, want) {
		t.Errorf("list / = %v, want %v", names, want)
	}
	_, body = call(t, c, "POST", "/v1/files", map[string]any{"action": "remove", "paths": []map[string]any{
		{"path": "/rel"}, {"path": "/dirlink", "recursive": true},
	}})
	if got := mustJSON(t, body["result"]); got != `[{"path":"/rel"},{"path":"/dirlink"}]` {
		t.Errorf("removing the links: %s", got)
	}

	// A relative link that stays inside works.
	status, raw = pushFiles(t, c, map[string]any{"action": "write", "files": []map[string]any{{"path": "/etclink/ok"}}},
		map[string]string{"/etclink/ok": "fine"})
	if status != 200 || !bytes.Contains(raw, []byte(`"result":[{"path":"/etclink/ok"}]`)) {
		t.Errorf("push through an inside link: %d %s", status, raw)
	}
	if data, err := os.ReadFile(filepath.Join(ct.Root, "etc", "ok")); err != nil || string(data) != "fine" {
		t.Errorf("etc/ok = %q, %v", data, err)
	}

	// Nothing outside changed.
	entries, err := os.ReadDir(outside)
	if err != nil || len(entries) != 1 || entries[0].Name() != "secret" {
		t.Errorf("outside now holds %v (%v)", entries, err)
	}
	if data, err := os.ReadFile(filepath.Join(outside, "secret")); err != nil || string(data) != "secret" {
		t.Errorf("outside/secret = %q, %v", data, err)
	}
}

func TestFilesWithoutRoot(t *testing.T) {
	_, _, c := startServer(t, &Container{Name: "web", CanConnect: true})
	status, body := call(t, c, "GET", "/v1/files?action=list&path=/", nil)
	if status != 400 || body["result"].(map[string]any)["message"] != "container has no filesystem (root is not set)" {
		t.Errorf("list without root: %d %v", status, body)
	}
	_, e := pull(t, c, "/x")
	if e["kind"] != "generic-file-error" {
		t.Errorf("pull without root: %v", e)
	}
}

func TestOwnersFollowWritesAndRemovals(t *testing.T) {
	srv, _, c := startServer(t, newContainer(t))
	uid := 1000
	pushFiles(t, c, map[string]any{"action": "write", "files": []map[string]any{
		{"path": "/srv/a/f", "make-dirs": true, "user-id": uid, "group-id": uid},
	}}, map[string]string{"/srv/a/f": "x"})
	got := srv.Container().FileOwners
	for _, p := range []string{"/srv", "/srv/a", "/srv/a/f"} {
		if o, ok := got[p]; !ok || *o.UserID != uid || *o.GroupID != uid {
			t.Errorf("owner of %s = %+v", p, o)
		}
	}
	// Rewriting without an owner gives the file back to root.
	pushFiles(t, c, map[string]any{"action": "write", "files": []map[string]any{{"path": "/srv/a/f"}}}, map[string]string{"/srv/a/f": "y"})
	if _, ok := srv.Container().FileOwners["/srv/a/f"]; ok {
		t.Error("rewritten file kept its owner")
	}
	call(t, c, "POST", "/v1/files", map[string]any{"action": "remove", "paths": []map[string]any{{"path": "/srv", "recursive": true}}})
	if got := srv.Container().FileOwners; len(got) != 0 {
		t.Errorf("owners after removal: %v", got)
	}
}
