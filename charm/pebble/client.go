package pebble

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Defaults for ClientOptions.
const (
	DefaultTimeout         = 30 * time.Second
	DefaultDialTimeout     = 5 * time.Second
	DefaultWaitTimeout     = 5 * time.Minute
	DefaultMaxResponseSize = 64 << 20
)

// ClientOptions configures a Client.
type ClientOptions struct {
	// Socket is the path of Pebble's Unix socket. In a Juju charm container
	// the workload container "web" is at /charm/containers/web/pebble.socket
	// (see SocketPath).
	Socket string

	// Timeout bounds each HTTP request, body included (default
	// DefaultTimeout). A context deadline that comes sooner wins.
	Timeout time.Duration

	// DialTimeout bounds connecting to the socket (default
	// DefaultDialTimeout, never more than Timeout).
	DialTimeout time.Duration

	// WaitTimeout bounds how long Start, Stop, Restart, Replan and
	// WaitChange wait for a change when the context has no earlier deadline
	// (default DefaultWaitTimeout).
	WaitTimeout time.Duration

	// MaxResponseSize is the largest response body accepted, and the most
	// output Exec captures per stream (default DefaultMaxResponseSize).
	MaxResponseSize int64

	// UserAgent, if set, is sent with every request.
	UserAgent string
}

// SocketPath returns where Juju mounts the Pebble socket of a workload
// container inside the charm container.
func SocketPath(container string) string {
	return "/charm/containers/" + container + "/pebble.socket"
}

// Client talks to one Pebble daemon over its Unix socket. It is safe for
// concurrent use.
type Client struct {
	opts ClientOptions
	http *http.Client
}

// NewClient returns a client for the Pebble at opts.Socket. It does not
// connect until the first call.
func NewClient(opts ClientOptions) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.DialTimeout <= 0 {
		opts.DialTimeout = DefaultDialTimeout
	}
	opts.DialTimeout = min(opts.DialTimeout, opts.Timeout)
	if opts.WaitTimeout <= 0 {
		opts.WaitTimeout = DefaultWaitTimeout
	}
	if opts.MaxResponseSize <= 0 {
		opts.MaxResponseSize = DefaultMaxResponseSize
	}
	c := &Client{opts: opts}
	transport := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return c.dial(ctx)
		},
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       30 * time.Second,
		DisableCompression:    true,
	}
	c.http = &http.Client{Transport: transport}
	return c
}

// Socket returns the socket path the client talks to.
func (c *Client) Socket() string { return c.opts.Socket }

// dial connects to the socket, failing fast (and with a clear message) when
// there is no socket file, which is the usual state before Pebble starts.
func (c *Client) dial(ctx context.Context) (net.Conn, error) {
	if _, err := os.Stat(c.opts.Socket); err != nil {
		return nil, err
	}
	d := net.Dialer{Timeout: c.opts.DialTimeout}
	return d.DialContext(ctx, "unix", c.opts.Socket)
}

// ErrCannotConnect is matched (errors.Is) by every *ConnectionError.
var ErrCannotConnect = errors.New("cannot connect to Pebble")

// ErrNotFound is matched (errors.Is) by an *APIError or *FileError that
// says something does not exist.
var ErrNotFound = errors.New("not found")

// ErrPermissionDenied is matched (errors.Is) by an *APIError or *FileError
// of kind "permission-denied".
var ErrPermissionDenied = errors.New("permission denied")

// ConnectionError is a failure to talk to Pebble at all: no socket file,
// connection refused, a dial or request timeout, or a connection that
// closed mid-request. Pebble may simply not be up yet; callers typically
// retry later (in a charm, on a later event).
type ConnectionError struct {
	Socket string
	Err    error
}

// Error names the socket and the cause.
func (e *ConnectionError) Error() string {
	return fmt.Sprintf("cannot communicate with Pebble at %s: %v", e.Socket, e.Err)
}

// Unwrap returns the cause, so errors.Is finds fs.ErrNotExist,
// syscall.ECONNREFUSED or context.DeadlineExceeded in it.
func (e *ConnectionError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrCannotConnect) true.
func (e *ConnectionError) Is(target error) bool { return target == ErrCannotConnect }

// APIError is an error response from Pebble's API:
// {"type":"error","status-code":...,"status":...,"result":{"message","kind","value"}}
// (canonical/pebble internals/daemon/response.go).
type APIError struct {
	StatusCode int    // HTTP status, e.g. 404
	Status     string // its text, e.g. "Not Found"
	Kind       string // Pebble's error kind, e.g. "not-found", "permission-denied"; often empty
	Message    string
	Value      any
}

// Error returns Pebble's message as it is.
func (e *APIError) Error() string { return e.Message }

// Is matches ErrNotFound for a 404 or kind "not-found", and
// ErrPermissionDenied for kind "permission-denied".
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Kind == "not-found" || e.StatusCode == http.StatusNotFound
	case ErrPermissionDenied:
		return e.Kind == "permission-denied"
	}
	return false
}

// FileError is the error Pebble reports for one path of a files request
// (the "error" of a {"path","error"} result entry, canonical/pebble
// internals/daemon/api_files.go fileErrorToResult).
type FileError struct {
	Path    string
	Kind    string // "not-found", "permission-denied" or "generic-file-error"
	Message string
	Value   any
}

// Error returns "kind - message", as ops' PathError does.
func (e *FileError) Error() string {
	if e.Kind == "" {
		return e.Message
	}
	return e.Kind + " - " + e.Message
}

// Is matches ErrNotFound and fs.ErrNotExist for kind "not-found", and
// ErrPermissionDenied and fs.ErrPermission for kind "permission-denied".
func (e *FileError) Is(target error) bool {
	switch target {
	case ErrNotFound, fs.ErrNotExist:
		return e.Kind == "not-found"
	case ErrPermissionDenied, fs.ErrPermission:
		return e.Kind == "permission-denied"
	}
	return false
}

// ChangeError is a change that finished with an error, such as a service
// that failed to start. Error includes the logs of the change's tasks, as
// ops' ChangeError does, since that is where Pebble says why.
type ChangeError struct {
	Err    string // the change's "err"
	Change *Change
}

// Error returns the change's error followed by its tasks' logs.
func (e *ChangeError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err)
	logged := false
	if e.Change != nil {
		for i, task := range e.Change.Tasks {
			if len(task.Log) == 0 {
				continue
			}
			fmt.Fprintf(&b, "\n----- Logs from task %d -----\n%s", i, strings.Join(task.Log, "\n"))
			logged = true
		}
	}
	if logged {
		b.WriteString("\n-----")
	}
	return b.String()
}

// response is Pebble's JSON envelope (internals/daemon/response.go respJSON).
type response struct {
	Type       string          `json:"type"`
	StatusCode int             `json:"status-code"`
	Status     string          `json:"status"`
	Change     string          `json:"change"`
	Result     json.RawMessage `json:"result"`
}

// apiError turns an error envelope into an *APIError.
func (r *response) apiError(httpStatus string) error {
	var result struct {
		Message string `json:"message"`
		Kind    string `json:"kind"`
		Value   any    `json:"value"`
	}
	status := r.Status
	if status == "" {
		status = httpStatus
	}
	if err := json.Unmarshal(r.Result, &result); err != nil || result.Message == "" {
		return &APIError{StatusCode: r.StatusCode, Status: status, Message: fmt.Sprintf("server error: %q", status)}
	}
	return &APIError{StatusCode: r.StatusCode, Status: status, Kind: result.Kind, Message: result.Message, Value: result.Value}
}

type request struct {
	method  string
	path    string
	query   url.Values
	headers map[string]string
	body    io.Reader
}

type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// roundTrip sends one request, bounded by the client's per-request timeout
// and ctx, and reads the whole response body (at most MaxResponseSize).
func (c *Client) roundTrip(ctx context.Context, r *request) (*rawResponse, error) {
	reqCtx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	u := url.URL{Scheme: "http", Host: "localhost", Path: r.path, RawQuery: r.query.Encode()}
	req, err := http.NewRequestWithContext(reqCtx, r.method, u.String(), r.body)
	if err != nil {
		return nil, fmt.Errorf("cannot build request %s %s: %w", r.method, r.path, err)
	}
	for k, v := range r.headers {
		req.Header.Set(k, v)
	}
	if c.opts.UserAgent != "" {
		req.Header.Set("User-Agent", c.opts.UserAgent)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, r, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxResponseSize+1))
	if err != nil {
		return nil, c.transportError(ctx, r, err)
	}
	if int64(len(body)) > c.opts.MaxResponseSize {
		return nil, fmt.Errorf("%s %s: response larger than %d bytes", r.method, r.path, c.opts.MaxResponseSize)
	}
	return &rawResponse{status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// transportError classifies a failed round trip: the caller's own
// cancellation stays a context error; everything else, our request timeout
// included, is a *ConnectionError.
func (c *Client) transportError(ctx context.Context, r *request, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s %s: %w", r.method, r.path, ctx.Err())
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("no response within %v: %w", c.opts.Timeout, context.DeadlineExceeded)
	}
	return &ConnectionError{Socket: c.opts.Socket, Err: err}
}

// doEnvelope sends a request and decodes Pebble's JSON envelope; an error
// envelope becomes an *APIError.
func (c *Client) doEnvelope(ctx context.Context, r *request) (*response, error) {
	raw, err := c.roundTrip(ctx, r)
	if err != nil {
		return nil, err
	}
	var env response
	if err := json.Unmarshal(raw.body, &env); err != nil || env.Type == "" {
		if raw.status >= 400 {
			return nil, &APIError{StatusCode: raw.status, Status: http.StatusText(raw.status),
				Message: fmt.Sprintf("server error: %q", http.StatusText(raw.status))}
		}
		return nil, fmt.Errorf("%s %s: cannot decode response %.200q", r.method, r.path, raw.body)
	}
	if env.StatusCode == 0 {
		env.StatusCode = raw.status
	}
	if env.Type == "error" {
		return nil, env.apiError(http.StatusText(raw.status))
	}
	return &env, nil
}

// doSync sends a request that Pebble answers synchronously and decodes its
// result into v (if not nil).
func (c *Client) doSync(ctx context.Context, r *request, v any) error {
	env, err := c.doEnvelope(ctx, r)
	if err != nil {
		return err
	}
	if env.Type != "sync" {
		return fmt.Errorf("%s %s: expected sync response, got %q", r.method, r.path, env.Type)
	}
	if v == nil {
		return nil
	}
	if err := json.Unmarshal(env.Result, v); err != nil {
		return fmt.Errorf("%s %s: cannot decode result: %w", r.method, r.path, err)
	}
	return nil
}

// doAsync sends a request that Pebble answers with a change, and returns
// the change ID and the response's result.
func (c *Client) doAsync(ctx context.Context, r *request) (string, json.RawMessage, error) {
	env, err := c.doEnvelope(ctx, r)
	if err != nil {
		return "", nil, err
	}
	switch {
	case env.Type != "async":
		return "", nil, fmt.Errorf("%s %s: expected async response, got %q", r.method, r.path, env.Type)
	case env.StatusCode != http.StatusAccepted:
		return "", nil, fmt.Errorf("%s %s: operation not accepted (status %d)", r.method, r.path, env.StatusCode)
	case env.Change == "":
		return "", nil, fmt.Errorf("%s %s: async response without change reference", r.method, r.path)
	}
	return env.Change, env.Result, nil
}

func jsonBody(v any) (io.Reader, map[string]string, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot encode request: %w", err)
	}
	return bytes.NewReader(data), map[string]string{"Content-Type": "application/json"}, nil
}
