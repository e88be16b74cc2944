package pebblesim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixedNow is the clock the tests stamp state with.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

// shortSocketDir returns a directory for sockets: t.TempDir paths can pass
// the 108-byte limit of Unix socket paths.
func shortSocketDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pebblesim")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// startServer serves c on a fresh socket and returns the server, the socket
// path and an HTTP client for it. The server is closed at the end of the
// test.
func startServer(t *testing.T, c *Container) (*Server, string, *http.Client) {
	t.Helper()
	sock := filepath.Join(shortSocketDir(t), "pebble.socket")
	srv, err := ListenAndServe(sock, c, WithClock(fixedClock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return srv, sock, unixClient(sock)
}

// unixClient is an HTTP client that dials the socket whatever the URL says.
func unixClient(sock string) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, "unix", sock)
			},
		},
		Timeout: 10 * time.Second,
	}
}

// newContainer returns a connectable container whose filesystem is a fresh
// directory.
func newContainer(t *testing.T) *Container {
	t.Helper()
	return &Container{Name: "web", CanConnect: true, Root: t.TempDir()}
}

// call makes a request and returns the status and the decoded JSON body.
func call(t *testing.T, c *http.Client, method, url string, body any) (int, map[string]any) {
	t.Helper()
	status, raw := callRaw(t, c, method, url, body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v\n%s", method, url, err, raw)
	}
	return status, out
}

// callRaw makes a request (a JSON body unless body is a string) and returns
// the status and the raw body.
func callRaw(t *testing.T, c *http.Client, method, url string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, "http://localhost"+url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, raw
}

// mustJSON returns v as compact JSON.
func mustJSON(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// addLayer posts a layer and fails the test unless Pebble accepts it.
func addLayer(t *testing.T, c *http.Client, label, yaml string, combine bool) {
	t.Helper()
	status, body := call(t, c, "POST", "/v1/layers", map[string]any{
		"action": "add", "label": label, "format": "yaml", "layer": yaml, "combine": combine,
	})
	if status != 200 {
		t.Fatalf("add layer %q: %d %v", label, status, body)
	}
}

// postServices posts a services action and returns the change ID.
func postServices(t *testing.T, c *http.Client, action string, services ...string) string {
	t.Helper()
	if services == nil {
		services = []string{}
	}
	status, body := call(t, c, "POST", "/v1/services", map[string]any{"action": action, "services": services})
	if status != 202 {
		t.Fatalf("%s %v: %d %v", action, services, status, body)
	}
	return body["change"].(string)
}
