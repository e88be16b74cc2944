package pebblesim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmgen/charmgen/charm/pebble"
	"github.com/charmgen/charmgen/internal/websocket"
)

// DefaultVersion is the Pebble version GET /v1/system-info reports, as
// canonical/pebble cmd/version.go spells it.
const DefaultVersion = "v1.18.0"

// bootID is the boot ID GET /v1/system-info reports. Pebble reads the
// kernel's; a fixed one keeps answers deterministic.
const bootID = "00000000-0000-4000-8000-000000000000"

// Request body limits. Pebble reads bodies unbounded; the simulator bounds
// them so that a runaway client cannot exhaust the test process.
const (
	maxJSONBody  = 16 << 20
	maxFilesBody = 256 << 20
)

// Option configures a Server.
type Option func(*Server)

// WithClock sets the clock the server stamps changes, notices and service
// statuses with (time.Now by default); a fixed clock makes the state
// deterministic.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithVersion sets the version GET /v1/system-info reports.
func WithVersion(v string) Option {
	return func(s *Server) { s.version = v }
}

// Server is a simulated Pebble serving one Container. It is safe for
// concurrent requests: one mutex guards the container.
type Server struct {
	now     func() time.Time
	version string

	mu      sync.Mutex
	state   Container
	writes  []string     // Writes
	plan    *pebble.Plan // the combined plan; nil when planErr is set
	planErr error
	notify  chan struct{} // closed and replaced whenever waiters should look again
	execs   map[string]*execution
	conns   map[*websocket.Conn]bool
	closed  bool
	done    chan struct{}
	http    *http.Server
	wg      sync.WaitGroup
}

// NewServer returns a Server for a deep copy of c (nil means an empty
// container named "workload" that can connect). The server owns its copy:
// read the state with Server.Container. It does not serve until Serve.
//
// NewServer does not validate c (call Container.Validate when loading a
// state); a layer stack that does not combine makes the plan, service and
// check endpoints answer 500 with the error. It does bring c to what a
// running Pebble would hold: see Container.Checks and ServiceState.Config.
func NewServer(c *Container, opts ...Option) *Server {
	s := &Server{
		now:     time.Now,
		version: DefaultVersion,
		notify:  make(chan struct{}),
		execs:   map[string]*execution{},
		conns:   map[*websocket.Conn]bool{},
		done:    make(chan struct{}),
	}
	for _, opt := range opts {
		opt(s)
	}
	if c != nil {
		s.state = c.Clone()
	} else {
		s.state = Container{Name: "workload", CanConnect: true}
	}
	s.mu.Lock()
	s.prepare()
	s.mu.Unlock()
	return s
}

// Serve starts serving c on ln in the background and returns the server.
// When c cannot connect (CanConnect false), ln is closed at once, so that
// connecting fails as it does on Juju. See NewServer for options.
func Serve(ln net.Listener, c *Container, opts ...Option) *Server {
	s := NewServer(c, opts...)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.Serve(ln)
	}()
	return s
}

// ListenAndServe creates a Unix socket at socketPath (mode 0600, replacing a
// stale socket file) and serves c on it in the background. When c cannot
// connect (CanConnect false) no socket is created: the returned server
// serves nothing, and clients fail to connect as they do on Juju.
func ListenAndServe(socketPath string, c *Container, opts ...Option) (*Server, error) {
	s := NewServer(c, opts...)
	if !s.state.CanConnect {
		return s, nil
	}
	if fi, err := os.Lstat(socketPath); err == nil && fi.Mode()&os.ModeSocket != 0 {
		if err := os.Remove(socketPath); err != nil {
			return nil, fmt.Errorf("cannot remove stale socket: %w", err)
		}
	}
	ln, err := net.Listen("unix", socketPath)
	if err != nil {
		return nil, fmt.Errorf("cannot listen for container %q: %w", s.state.Name, err)
	}
	if err := os.Chmod(socketPath, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("cannot restrict socket mode: %w", err)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.Serve(ln)
	}()
	return s, nil
}

// Serve serves the API on ln until Close; it returns nil after Close. When
// the container cannot connect it closes ln and returns at once.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if s.closed || !s.state.CanConnect {
		s.mu.Unlock()
		return ln.Close()
	}
	if s.http != nil {
		s.mu.Unlock()
		return errors.New("pebblesim: server is already serving")
	}
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
	srv, name := s.http, s.state.Name
	s.mu.Unlock()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("pebblesim: serving container %q: %w", name, err)
	}
	return nil
}

// Close stops serving: it closes the listener and every connection, open
// websockets included, and waits for running execs to stop. The state stays
// readable with Container.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.done)
	srv := s.http
	var conns []*websocket.Conn
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	var err error
	if srv != nil {
		err = srv.Close()
	}
	for _, c := range conns {
		c.Abort()
	}
	s.wg.Wait()
	return err
}

// Container returns a deep copy of the current state.
func (s *Server) Container() Container {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Clone()
}

// changed wakes every request waiting for a change or a notice. The caller
// holds s.mu.
func (s *Server) changed() {
	close(s.notify)
	s.notify = make(chan struct{})
}

// What ends a waitFor early.
var (
	errWaitTimeout   = errors.New("timed out")
	errWaitCancelled = errors.New("request cancelled")
)

// waitFor calls ready, under s.mu, until it reports true, once now and
// again after each state change (see changed). It gives up with
// errWaitTimeout once timeout has elapsed (zero waits as long as it takes)
// and with errWaitCancelled when the request goes away or the server
// closes.
func (s *Server) waitFor(r *http.Request, timeout time.Duration, ready func() bool) error {
	var timer <-chan time.Time
	if timeout != 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		timer = t.C
	}
	for {
		s.mu.Lock()
		done := ready()
		notify := s.notify
		s.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-notify:
		case <-timer:
			return errWaitTimeout
		case <-r.Context().Done():
			return errWaitCancelled
		case <-s.done:
			return errWaitCancelled
		}
	}
}

// trackConn registers (or, with add false, forgets) a hijacked websocket
// connection, so that Close can close it. It reports false when the server
// is closing and the connection must not be used.
func (s *Server) trackConn(c *websocket.Conn, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !add {
		delete(s.conns, c)
		return true
	}
	if s.closed {
		return false
	}
	s.conns[c] = true
	return true
}

// nowUTC returns the server clock's time in UTC, as Pebble stamps state.
func (s *Server) nowUTC() time.Time {
	return s.now().UTC()
}

// handlerFunc handles one method of one route; vars holds the path's
// {placeholders}.
type handlerFunc func(s *Server, r *http.Request, vars map[string]string) response

// route is one entry of Pebble's API table (internals/daemon/api.go).
type route struct {
	path      string
	get, post handlerFunc
	bodyLimit int64
}

// api is Pebble's API table, from canonical/pebble internals/daemon/api.go
// (plus POST /v1/checks from api_checks.go). /v1/logs, /v1/identities and
// the metrics endpoints are not simulated.
var api = []route{
	{path: "/v1/system-info", get: v1SystemInfo},
	{path: "/v1/health", get: v1Health},
	{path: "/v1/warnings", get: v1GetWarnings, post: v1AckWarnings},
	{path: "/v1/changes", get: v1GetChanges},
	{path: "/v1/changes/{id}", get: v1GetChange, post: v1PostChange},
	{path: "/v1/changes/{id}/wait", get: v1GetChangeWait},
	{path: "/v1/services", get: v1GetServices, post: v1PostServices},
	{path: "/v1/services/{name}", get: v1GetService, post: v1PostService},
	{path: "/v1/plan", get: v1GetPlan},
	{path: "/v1/layers", post: v1PostLayers},
	{path: "/v1/files", get: v1GetFiles, post: v1PostFiles, bodyLimit: maxFilesBody},
	{path: "/v1/exec", post: v1PostExec},
	{path: "/v1/tasks/{task-id}/websocket/{websocket-id}", get: v1GetTaskWebsocket},
	{path: "/v1/signals", post: v1PostSignals},
	{path: "/v1/checks", get: v1GetChecks, post: v1PostChecks},
	{path: "/v1/notices", get: v1GetNotices, post: v1PostNotices},
	{path: "/v1/notices/{id}", get: v1GetNotice},
}

// match reports whether urlPath matches the route's path, and its
// placeholders.
func (rt route) match(urlPath string) (map[string]string, bool) {
	want := strings.Split(rt.path, "/")
	got := strings.Split(urlPath, "/")
	if len(want) != len(got) {
		return nil, false
	}
	vars := map[string]string{}
	for i, w := range want {
		if strings.HasPrefix(w, "{") && strings.HasSuffix(w, "}") {
			if got[i] == "" {
				return nil, false
			}
			vars[w[1:len(w)-1]] = got[i]
			continue
		}
		if w != got[i] {
			return nil, false
		}
	}
	return vars, true
}

// ServeHTTP routes a request as Pebble's daemon does (daemon.go's
// Command.ServeHTTP and addRoutes): an unknown path is a 404 "invalid API
// endpoint requested", a known path without a handler for the method a 405.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, rt := range api {
		vars, ok := rt.match(r.URL.Path)
		if !ok {
			continue
		}
		var h handlerFunc
		switch r.Method {
		case http.MethodGet:
			h = rt.get
		case http.MethodPost:
			h = rt.post
		}
		if h == nil {
			errorResponse(http.StatusMethodNotAllowed, "method %q not allowed", r.Method).ServeHTTP(w, r)
			return
		}
		limit := rt.bodyLimit
		if limit == 0 {
			limit = maxJSONBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if r.Method != http.MethodPost {
			h(s, r, vars).ServeHTTP(w, r)
			return
		}
		what := s.describeWrite(r)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h(s, r, vars).ServeHTTP(sw, r)
		if sw.status < 400 {
			s.mu.Lock()
			s.writes = append(s.writes, what)
			s.mu.Unlock()
		}
		return
	}
	notFound("invalid API endpoint requested").ServeHTTP(w, r)
}

// Writes returns what the clients changed through this server, oldest
// first: one line per POST that succeeded, such as "layers add web",
// "services replan", "files write /etc/web.conf" or "exec python3 -V". A
// reconciler that runs twice on the same inputs should add none the second
// time; the simulator's timeline and charmtest's idempotency check read it.
func (s *Server) Writes() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.writes...)
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader implements http.ResponseWriter.
func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// Hijack lets the exec websockets take the connection over.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("pebblesim: connection cannot be hijacked")
	}
	return h.Hijack()
}

// describeWrite names a POST for Writes: the endpoint, the action and what
// it acts on, read from a JSON body (which is put back for the handler) or
// from a multipart file push's request part.
func (s *Server) describeWrite(r *http.Request) string {
	what := strings.TrimPrefix(r.URL.Path, "/v1/")
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return what
	}
	var p struct {
		Action   string   `json:"action"`
		Label    string   `json:"label"`
		Services []string `json:"services"`
		Checks   []string `json:"checks"`
		Command  []string `json:"command"`
		Key      string   `json:"key"`
		Signal   string   `json:"signal"`
		Paths    []struct {
			Path string `json:"path"`
		} `json:"paths"`
		Dirs []struct {
			Path string `json:"path"`
		} `json:"dirs"`
		Files []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	if mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
		if part, err := mr.NextPart(); err == nil && part.FormName() == "request" {
			json.NewDecoder(io.LimitReader(part, maxJSONBody)).Decode(&p)
		}
	} else {
		json.Unmarshal(body, &p)
	}
	words := []string{what}
	if p.Action != "" {
		words = append(words, p.Action)
	}
	words = append(words, p.Label, p.Key, p.Signal)
	words = append(words, p.Services...)
	words = append(words, p.Checks...)
	words = append(words, p.Command...)
	for _, l := range [][]struct {
		Path string `json:"path"`
	}{p.Paths, p.Dirs, p.Files} {
		for _, f := range l {
			words = append(words, f.Path)
		}
	}
	return strings.Join(strings.Fields(strings.Join(words, " ")), " ")
}

// multiCommaList splits each value on commas, trims spaces and drops empty
// items (canonical/x-go strutil.MultiCommaSeparatedList).
func multiCommaList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

// parseOptionalDuration parses a Go duration; empty means zero (Pebble's
// internals/daemon parseOptionalDuration).
func parseOptionalDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, fmt.Errorf("duration must be positive, got %q", s)
	}
	return d, nil
}
