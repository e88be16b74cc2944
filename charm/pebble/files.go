package pebble

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The files API follows canonical/pebble client/files.go and
// internals/daemon/api_files.go.

// fileResult is one entry of a files response: {"path", "error"}.
type fileResult struct {
	Path  string `json:"path"`
	Error *struct {
		Message string `json:"message"`
		Kind    string `json:"kind"`
		Value   any    `json:"value"`
	} `json:"error,omitempty"`
}

// singleFileError checks a files result that must hold exactly one entry
// and returns its error as a *FileError.
func singleFileError(results []fileResult, path string) error {
	if len(results) != 1 {
		return fmt.Errorf("expected exactly one result from API, got %d", len(results))
	}
	if e := results[0].Error; e != nil {
		p := results[0].Path
		if p == "" {
			p = path
		}
		return &FileError{Path: p, Kind: e.Kind, Message: e.Message, Value: e.Value}
	}
	return nil
}

// formatPermissions writes permissions as Pebble wants them: three octal
// digits, or empty for the server's default.
func formatPermissions(perm fs.FileMode) string {
	if perm == 0 {
		return ""
	}
	return fmt.Sprintf("%03o", perm.Perm())
}

// PushOptions are the options of Push.
type PushOptions struct {
	// MakeDirs creates missing parent directories (mode 0755).
	MakeDirs bool
	// Permissions of the file; 0 means Pebble's default, 0644.
	Permissions fs.FileMode
	// Owner of the file (and of directories MakeDirs creates). User and
	// group names must match the IDs when both are given.
	UserID  *int
	User    string
	GroupID *int
	Group   string
}

// Push writes content to path in the container, atomically (POST /v1/files
// with a multipart body: a "request" part with the JSON metadata and a
// "files" part named after the path). A per-path failure is a *FileError.
func (c *Client) Push(ctx context.Context, path string, content io.Reader, opts PushOptions) error {
	type writeItem struct {
		Path        string `json:"path"`
		MakeDirs    bool   `json:"make-dirs"`
		Permissions string `json:"permissions"`
		UserID      *int   `json:"user-id"`
		User        string `json:"user"`
		GroupID     *int   `json:"group-id"`
		Group       string `json:"group"`
	}
	payload := struct {
		Action string      `json:"action"`
		Files  []writeItem `json:"files"`
	}{"write", []writeItem{{path, opts.MakeDirs, formatPermissions(opts.Permissions), opts.UserID, opts.User, opts.GroupID, opts.Group}}}

	// The header and footer are built in memory and the content streamed
	// between them, as Pebble's client does, so large files are not held
	// in memory twice.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":        {"application/json"},
		"Content-Disposition": {`form-data; name="request"`},
	})
	if err != nil {
		return fmt.Errorf("cannot push %s: %w", path, err)
	}
	if err := json.NewEncoder(part).Encode(&payload); err != nil {
		return fmt.Errorf("cannot push %s: %w", path, err)
	}
	_, err = mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":        {"application/octet-stream"},
		"Content-Disposition": {fmt.Sprintf(`form-data; name="files"; filename="%s"`, escapeQuotes(path))},
	})
	if err != nil {
		return fmt.Errorf("cannot push %s: %w", path, err)
	}
	header := bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := mw.Close(); err != nil {
		return fmt.Errorf("cannot push %s: %w", path, err)
	}
	footer := bytes.Clone(buf.Bytes())
	if content == nil {
		content = bytes.NewReader(nil)
	}
	src := &readRecorder{r: content}
	var results []fileResult
	err = c.doSync(ctx, &request{
		method:  "POST",
		path:    "/v1/files",
		headers: map[string]string{"Content-Type": mw.FormDataContentType()},
		body:    io.MultiReader(bytes.NewReader(header), src, bytes.NewReader(footer)),
	}, &results)
	if src.err != nil {
		// The request failed because the content could not be read, not
		// because of Pebble.
		return fmt.Errorf("cannot push %s: cannot read content: %w", path, src.err)
	}
	if err == nil {
		err = singleFileError(results, path)
	}
	if err != nil {
		return fmt.Errorf("cannot push %s: %w", path, err)
	}
	return nil
}

// readRecorder remembers the first read error other than io.EOF.
type readRecorder struct {
	r   io.Reader
	err error
}

func (r *readRecorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && r.err == nil {
		r.err = err
	}
	return n, err
}

var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// escapeQuotes escapes a path for a Content-Disposition filename, as
// Pebble's client does.
func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

// Pull reads the file at path from the container (GET
// /v1/files?action=read). Pebble answers with a multipart body: the file's
// content in a "files" part, if it could be read, and a "response" part
// whose result says, per path, what went wrong. A missing file is a
// *FileError matching ErrNotFound and fs.ErrNotExist. The file must fit in
// MaxResponseSize.
func (c *Client) Pull(ctx context.Context, path string) ([]byte, error) {
	data, err := c.pull(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("cannot pull %s: %w", path, err)
	}
	return data, nil
}

func (c *Client) pull(ctx context.Context, path string) ([]byte, error) {
	r := &request{
		method:  "GET",
		path:    "/v1/files",
		query:   url.Values{"action": {"read"}, "path": {path}},
		headers: map[string]string{"Accept": "multipart/form-data"},
	}
	raw, err := c.roundTrip(ctx, r)
	if err != nil {
		return nil, err
	}
	mediaType, params, err := mime.ParseMediaType(raw.header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		// Not multipart: most likely an error envelope (bad request).
		var env response
		if json.Unmarshal(raw.body, &env) == nil && env.Type == "error" {
			if env.StatusCode == 0 {
				env.StatusCode = raw.status
			}
			return nil, env.apiError("")
		}
		return nil, fmt.Errorf("expected a multipart response, got %q", raw.header.Get("Content-Type"))
	}
	mr := multipart.NewReader(bytes.NewReader(raw.body), params["boundary"])
	var content []byte
	var gotContent bool
	var env *response
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("cannot decode multipart response: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, fmt.Errorf("cannot decode multipart response: %w", err)
		}
		switch part.FormName() {
		case "files":
			if gotContent {
				return nil, fmt.Errorf("multipart response has more than one file")
			}
			content, gotContent = data, true
		case "response":
			env = &response{}
			if err := json.Unmarshal(data, env); err != nil {
				return nil, fmt.Errorf("cannot decode response part: %w", err)
			}
		default:
			return nil, fmt.Errorf("unexpected multipart field %q", part.FormName())
		}
	}
	if env == nil {
		return nil, fmt.Errorf(`multipart response has no "response" part`)
	}
	if env.Type == "error" {
		return nil, env.apiError("")
	}
	var results []fileResult
	if err := json.Unmarshal(env.Result, &results); err != nil {
		return nil, fmt.Errorf("cannot decode response result: %w", err)
	}
	if err := singleFileError(results, path); err != nil {
		return nil, err
	}
	if !gotContent {
		return nil, fmt.Errorf("multipart response has no file content")
	}
	if content == nil {
		content = []byte{}
	}
	return content, nil
}

// ListFilesOptions are the options of ListFiles.
type ListFilesOptions struct {
	// Pattern, if set, keeps only entries whose name matches this glob.
	Pattern string
	// Itself lists a directory itself instead of its entries.
	Itself bool
}

// FileInfo describes one file as GET /v1/files?action=list reports it. It
// implements fs.FileInfo.
type FileInfo struct {
	path    string
	name    string
	size    int64
	mode    fs.FileMode
	modTime time.Time
	userID  *int
	groupID *int
	user    string
	group   string
}

var _ fs.FileInfo = (*FileInfo)(nil)

// Name returns the base name of the file.
func (fi *FileInfo) Name() string { return fi.name }

// Size returns the length in bytes of a regular file (0 for others).
func (fi *FileInfo) Size() int64 { return fi.size }

// Mode returns the file's type and permission bits.
func (fi *FileInfo) Mode() fs.FileMode { return fi.mode }

// ModTime returns the last modification time.
func (fi *FileInfo) ModTime() time.Time { return fi.modTime }

// IsDir reports whether the file is a directory.
func (fi *FileInfo) IsDir() bool { return fi.mode.IsDir() }

// Sys returns nil.
func (fi *FileInfo) Sys() any { return nil }

// Path returns the absolute path of the file.
func (fi *FileInfo) Path() string { return fi.path }

// UserID returns the owner's user ID, if known.
func (fi *FileInfo) UserID() *int { return fi.userID }

// GroupID returns the owner's group ID, if known.
func (fi *FileInfo) GroupID() *int { return fi.groupID }

// User returns the owner's user name, if known.
func (fi *FileInfo) User() string { return fi.user }

// Group returns the owner's group name, if known.
func (fi *FileInfo) Group() string { return fi.group }

type fileInfoResult struct {
	Path         string `json:"path"`
	Name         string `json:"name"`
	Type         string `json:"type"`
	Size         *int64 `json:"size,omitempty"`
	Permissions  string `json:"permissions"`
	LastModified string `json:"last-modified"`
	UserID       *int   `json:"user-id"`
	User         string `json:"user"`
	GroupID      *int   `json:"group-id"`
	Group        string `json:"group"`
}

func (r fileInfoResult) fileInfo() (*FileInfo, error) {
	perm, err := strconv.ParseUint(r.Permissions, 8, 32)
	if err != nil {
		return nil, fmt.Errorf("remote file %q has invalid permission bits: %q", r.Name, r.Permissions)
	}
	mode := fs.FileMode(perm) & fs.ModePerm
	switch r.Type {
	case "file":
	case "directory":
		mode |= fs.ModeDir
	case "symlink":
		mode |= fs.ModeSymlink
	case "socket":
		mode |= fs.ModeSocket
	case "named-pipe":
		mode |= fs.ModeNamedPipe
	case "device":
		mode |= fs.ModeDevice
	default:
		mode |= fs.ModeIrregular
	}
	modTime, err := time.Parse(time.RFC3339, r.LastModified)
	if err != nil {
		return nil, fmt.Errorf("remote file %q has invalid last modified time: %q", r.Name, r.LastModified)
	}
	fi := &FileInfo{path: r.Path, name: r.Name, mode: mode, modTime: modTime,
		userID: r.UserID, groupID: r.GroupID, user: r.User, group: r.Group}
	if r.Size != nil {
		fi.size = *r.Size
	}
	return fi, nil
}

// ListFiles lists the directory at path, or describes the file at path.
// A missing path is an *APIError matching ErrNotFound: Pebble answers the
// list action with an error response rather than a per-path result.
func (c *Client) ListFiles(ctx context.Context, path string, opts ListFilesOptions) ([]*FileInfo, error) {
	q := url.Values{"action": {"list"}, "path": {path}}
	if opts.Pattern != "" {
		q.Set("pattern", opts.Pattern)
	}
	if opts.Itself {
		q.Set("itself", "true")
	}
	var results []fileInfoResult
	if err := c.doSync(ctx, &request{method: "GET", path: "/v1/files", query: q}, &results); err != nil {
		return nil, fmt.Errorf("cannot list %s: %w", path, err)
	}
	infos := make([]*FileInfo, 0, len(results))
	for _, r := range results {
		fi, err := r.fileInfo()
		if err != nil {
			return nil, fmt.Errorf("cannot list %s: %w", path, err)
		}
		infos = append(infos, fi)
	}
	return infos, nil
}

// MakeDirOptions are the options of MakeDir.
type MakeDirOptions struct {
	// MakeParents creates missing parents too, and makes an existing
	// directory not an error.
	MakeParents bool
	// Permissions of the new directories; 0 means Pebble's default, 0755.
	Permissions fs.FileMode
	UserID      *int
	User        string
	GroupID     *int
	Group       string
}

// MakeDir creates a directory (POST /v1/files {"action":"make-dirs"}). A
// per-path failure is a *FileError.
func (c *Client) MakeDir(ctx context.Context, path string, opts MakeDirOptions) error {
	type dirItem struct {
		Path        string `json:"path"`
		MakeParents bool   `json:"make-parents"`
		Permissions string `json:"permissions"`
		UserID      *int   `json:"user-id"`
		User        string `json:"user"`
		GroupID     *int   `json:"group-id"`
		Group       string `json:"group"`
	}
	payload := struct {
		Action string    `json:"action"`
		Dirs   []dirItem `json:"dirs"`
	}{"make-dirs", []dirItem{{path, opts.MakeParents, formatPermissions(opts.Permissions), opts.UserID, opts.User, opts.GroupID, opts.Group}}}
	if err := c.filesAction(ctx, payload, path); err != nil {
		return fmt.Errorf("cannot make directory %s: %w", path, err)
	}
	return nil
}

// RemovePathOptions are the options of RemovePath.
type RemovePathOptions struct {
	// Recursive removes a directory and everything in it.
	Recursive bool
}

// RemovePath removes a file or directory (POST /v1/files
// {"action":"remove"}). A per-path failure is a *FileError.
func (c *Client) RemovePath(ctx context.Context, path string, opts RemovePathOptions) error {
	type pathItem struct {
		Path      string `json:"path"`
		Recursive bool   `json:"recursive"`
	}
	payload := struct {
		Action string     `json:"action"`
		Paths  []pathItem `json:"paths"`
	}{"remove", []pathItem{{path, opts.Recursive}}}
	if err := c.filesAction(ctx, payload, path); err != nil {
		return fmt.Errorf("cannot remove %s: %w", path, err)
	}
	return nil
}

func (c *Client) filesAction(ctx context.Context, payload any, path string) error {
	body, headers, err := jsonBody(payload)
	if err != nil {
		return err
	}
	var results []fileResult
	if err := c.doSync(ctx, &request{method: "POST", path: "/v1/files", body: body, headers: headers}, &results); err != nil {
		return err
	}
	return singleFileError(results, path)
}
