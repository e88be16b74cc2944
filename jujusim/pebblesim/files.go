package pebblesim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// This file follows canonical/pebble internals/daemon/api_files.go: reading
// (a multipart answer), listing, writing (multipart requests), making
// directories and removing paths, with per-path errors in Pebble's shapes.
//
// Container paths are absolute; they are resolved under Container.Root with
// os.Root, which refuses any path or symlink that would leave it (relative
// symlinks that climb out, and every absolute symlink). Such a path fails
// with kind "permission-denied". Ownership cannot be changed without
// privileges, so the owner asked for is recorded in Container.FileOwners;
// listings report it (root:root when none was recorded).

// minBoundaryLength is Pebble's shortest accepted multipart boundary.
const minBoundaryLength = 32

// errNoRoot is the error of every file operation on a container without a
// filesystem.
var errNoRoot = errors.New("container has no filesystem (root is not set)")

// openRoot opens the container's filesystem.
func openRoot(dir string) (*os.Root, error) {
	if dir == "" {
		return nil, errNoRoot
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open container filesystem: %w", err)
	}
	return root, nil
}

// relPath turns an absolute container path into a path relative to the
// container root ("." for "/"). Cleaning an absolute path drops leading
// "..", as the kernel does at "/".
func relPath(p string) (string, error) {
	if !path.IsAbs(p) {
		return "", fmt.Errorf("paths must be absolute, got %q", p)
	}
	rel := strings.TrimPrefix(path.Clean(p), "/")
	if rel == "" {
		rel = "."
	}
	return rel, nil
}

// openRootAt opens the container's filesystem (see openRoot) for the
// absolute container path p, which it returns relative to the root (see
// relPath).
func openRootAt(dir, p string) (*os.Root, string, error) {
	root, err := openRoot(dir)
	if err != nil {
		return nil, "", err
	}
	rel, err := relPath(p)
	if err != nil {
		root.Close()
		return nil, "", err
	}
	return root, rel, nil
}

// pathEscapes reports whether err is os.Root refusing a path that leaves the
// root.
func pathEscapes(err error) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && pe.Err != nil && pe.Err.Error() == "path escapes from parent"
}

// containerPathError rewrites an os.Root error to name the container path
// and the operation as Pebble's (unsandboxed) errors do, so that neither the
// host directory nor os.Root's "*at" operation names show.
func containerPathError(err error, p string) error {
	var pe *fs.PathError
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	op := strings.TrimSuffix(pe.Op, "at")
	switch op {
	case "open", "stat", "mkdir", "read", "write", "chmod", "rename", "readlink":
	case "remove", "unlink":
		op = "remove"
	default:
		op = pe.Op
	}
	return &fs.PathError{Op: op, Path: p, Err: pe.Err}
}

// fileResult is one path's outcome (api_files.go fileResult).
type fileResult struct {
	Path  string       `json:"path"`
	Error *errorResult `json:"error,omitempty"`
}

// perPath runs op on each item in the container's filesystem (rooted at
// dir) and gathers Pebble's per-path results, in order: a failing item does
// not stop the others, and a root that cannot be opened is every item's
// error.
func perPath[T any](dir string, items []T, pathOf func(T) string, op func(root *os.Root, item T) error) []fileResult {
	root, rootErr := openRoot(dir)
	if root != nil {
		defer root.Close()
	}
	result := make([]fileResult, len(items))
	for i, item := range items {
		err := rootErr
		if err == nil {
			err = op(root, item)
		}
		result[i] = fileResult{Path: pathOf(item), Error: fileErrorToResult(err)}
	}
	return result
}

// fileErrorToResult follows api_files.go fileErrorToResult; an escaping path
// is a permission error.
func fileErrorToResult(err error) *errorResult {
	if err == nil {
		return nil
	}
	kind := kindGenericFileError
	switch {
	case errors.Is(err, os.ErrPermission) || pathEscapes(err):
		kind = kindPermissionDenied
	case errors.Is(err, os.ErrNotExist):
		kind = kindNotFound
	}
	return &errorResult{Kind: kind, Message: err.Error()}
}

// fileErrorToStatus follows api_files.go fileErrorToStatus.
func fileErrorToStatus(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, os.ErrPermission) || pathEscapes(err):
		return http.StatusForbidden
	case errors.Is(err, os.ErrNotExist):
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

// v1GetFiles follows api_files.go v1GetFiles.
func v1GetFiles(s *Server, r *http.Request, _ map[string]string) response {
	query := r.URL.Query()
	switch action := query.Get("action"); action {
	case "read":
		paths := query["path"]
		if len(paths) == 0 {
			return badRequest("must specify one or more paths")
		}
		if r.Header.Get("Accept") != "multipart/form-data" {
			return badRequest("must accept multipart/form-data")
		}
		return readFilesResponse{s: s, paths: paths}
	case "list":
		p := query.Get("path")
		if p == "" {
			return badRequest("must specify path")
		}
		itself := query.Get("itself")
		if itself != "true" && itself != "false" && itself != "" {
			return badRequest(`itself parameter must be "true" or "false"`)
		}
		return s.listFilesResponse(p, query.Get("pattern"), itself == "true")
	default:
		return badRequest("invalid action %q", action)
	}
}

// readFilesResponse writes the multipart answer of a read: a "files" part
// per file read, then a "response" part with the per-path results (the
// status is always 200, as Pebble cannot know better until it has read
// every file).
type readFilesResponse struct {
	s     *Server
	paths []string
}

func (rf readFilesResponse) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	mw := multipart.NewWriter(w)
	w.Header().Set("Content-Type", mw.FormDataContentType())
	w.WriteHeader(http.StatusOK)

	result := perPath(rf.s.containerRoot(), rf.paths, func(p string) string { return p },
		func(root *os.Root, p string) error { return readFile(root, p, mw) })

	mh := textproto.MIMEHeader{}
	mh.Set("Content-Type", "application/json")
	mh.Set("Content-Disposition", `form-data; name="response"`)
	part, err := mw.CreatePart(mh)
	if err != nil {
		// The metadata cannot be written: the error on a new line is the
		// best Pebble can do too.
		fmt.Fprint(w, "\n", err)
		return
	}
	if err := json.NewEncoder(part).Encode(resp{
		Type:       typeSync,
		Status:     http.StatusOK,
		StatusText: http.StatusText(http.StatusOK),
		Result:     result,
	}); err != nil {
		fmt.Fprint(w, "\n", err)
		return
	}
	if err := mw.Close(); err != nil {
		fmt.Fprint(w, "\n", err)
	}
}

// readFile writes one regular file as a "files" part (api_files.go
// readFile).
func readFile(root *os.Root, p string, mw *multipart.Writer) error {
	rel, err := relPath(p)
	if err != nil {
		return err
	}
	info, err := root.Stat(rel)
	if err != nil {
		return containerPathError(err, p)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("can only read a regular file: %q", p)
	}
	f, err := root.Open(rel)
	if err != nil {
		return containerPathError(err, p)
	}
	defer f.Close()
	fw, err := mw.CreateFormFile("files", p)
	if err != nil {
		return err
	}
	_, err = io.Copy(fw, f)
	return containerPathError(err, p)
}

// containerRoot returns the container's root directory.
func (s *Server) containerRoot() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state.Root
}

// fileInfoResult is the JSON of a listed file (api_files.go
// fileInfoResult).
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

// fileModeToType follows api_files.go fileModeToType.
func fileModeToType(mode os.FileMode) string {
	switch {
	case mode&os.ModeType == 0:
		return "file"
	case mode&os.ModeDir != 0:
		return "directory"
	case mode&os.ModeSymlink != 0:
		return "symlink"
	case mode&os.ModeSocket != 0:
		return "socket"
	case mode&os.ModeNamedPipe != 0:
		return "named-pipe"
	case mode&os.ModeDevice != 0:
		return "device"
	}
	return "unknown"
}

// fileInfoToResult follows api_files.go fileInfoToResult, with the owner
// from FileOwners instead of the host's stat. Times are in UTC.
func fileInfoToResult(fullPath string, info os.FileInfo, owners map[string]FileOwner) fileInfoResult {
	mode := info.Mode()
	var size *int64
	if mode.IsRegular() {
		n := info.Size()
		size = &n
	}
	res := fileInfoResult{
		Path:         fullPath,
		Name:         path.Base(fullPath),
		Type:         fileModeToType(mode),
		Size:         size,
		Permissions:  fmt.Sprintf("%03o", mode.Perm()),
		LastModified: info.ModTime().UTC().Format(time.RFC3339),
	}
	owner, ok := owners[fullPath]
	if !ok {
		zero := 0
		owner = FileOwner{UserID: &zero, User: "root", GroupID: &zero, Group: "root"}
	}
	res.UserID, res.User, res.GroupID, res.Group = owner.UserID, owner.User, owner.GroupID, owner.Group
	return res
}

// listFilesResponse follows api_files.go listFilesResponse and listFiles.
func (s *Server) listFilesResponse(p, pattern string, itself bool) response {
	if !path.IsAbs(p) {
		return badRequest("path must be absolute, got %q", p)
	}
	result, err := s.listFiles(p, pattern, itself)
	if err != nil {
		return &resp{Type: typeError, Status: fileErrorToStatus(err), Result: fileErrorToResult(err)}
	}
	return syncResponse(result)
}

func (s *Server) listFiles(p, pattern string, itself bool) ([]fileInfoResult, error) {
	s.mu.Lock()
	owners := maps.Clone(s.state.FileOwners)
	dirRoot := s.state.Root
	s.mu.Unlock()
	root, rel, err := openRootAt(dirRoot, p)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	info, err := root.Stat(rel)
	if err != nil {
		return nil, containerPathError(err, p)
	}
	var infos []os.FileInfo
	dir := path.Clean(p)
	if !info.IsDir() || itself {
		infos = []os.FileInfo{info}
		dir = path.Dir(dir)
	} else {
		f, err := root.Open(rel)
		if err != nil {
			return nil, containerPathError(err, p)
		}
		entries, err := f.ReadDir(-1)
		f.Close()
		if err != nil {
			return nil, containerPathError(err, p)
		}
		// ioutil.ReadDir, which Pebble uses, sorts by name and lstats.
		slices.SortFunc(entries, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
		for _, e := range entries {
			fi, err := e.Info()
			if err != nil {
				return nil, containerPathError(err, path.Join(dir, e.Name()))
			}
			infos = append(infos, fi)
		}
	}
	result := []fileInfoResult{}
	for _, fi := range infos {
		name := fi.Name()
		if info == fi && (itself || !fi.IsDir()) {
			name = path.Base(path.Clean(p))
		}
		if pattern != "" {
			ok, err := path.Match(pattern, name)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		result = append(result, fileInfoToResult(path.Join(dir, name), fi, owners))
	}
	return result, nil
}

// v1PostFiles follows api_files.go v1PostFiles.
func v1PostFiles(s *Server, r *http.Request, _ map[string]string) response {
	contentType := r.Header.Get("Content-Type")
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return badRequest("invalid Content-Type %q", contentType)
	}
	switch mediaType {
	case "multipart/form-data":
		boundary := params["boundary"]
		if len(boundary) < minBoundaryLength {
			return badRequest("invalid boundary %q", boundary)
		}
		return s.writeFiles(r.Body, boundary)
	case "application/json":
		var payload struct {
			Action string            `json:"action"`
			Dirs   []makeDirsItem    `json:"dirs"`
			Paths  []removePathsItem `json:"paths"`
		}
		if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
			return badRequest("cannot decode request body: %v", err)
		}
		switch payload.Action {
		case "make-dirs":
			return s.makeDirs(payload.Dirs)
		case "remove":
			return s.removePaths(payload.Paths)
		case "write":
			return badRequest(`must use multipart with "write" action`)
		default:
			return badRequest("invalid action %q", payload.Action)
		}
	default:
		return badRequest("invalid media type %q", mediaType)
	}
}

// writeFilesItem is one file of a write request (api_files.go).
type writeFilesItem struct {
	Path        string `json:"path"`
	MakeDirs    bool   `json:"make-dirs"`
	Permissions string `json:"permissions"`
	UserID      *int   `json:"user-id"`
	User        string `json:"user"`
	GroupID     *int   `json:"group-id"`
	Group       string `json:"group"`
}

// writeFiles follows api_files.go writeFiles: the "request" part first,
// then one "files" part per file, named by its path.
func (s *Server) writeFiles(body io.Reader, boundary string) response {
	mr := multipart.NewReader(body, boundary)
	part, err := mr.NextPart()
	if err != nil {
		return badRequest("cannot read request metadata: %v", err)
	}
	if part.FormName() != "request" {
		return badRequest(`metadata field name must be "request", got %q`, part.FormName())
	}
	var payload struct {
		Action string           `json:"action"`
		Files  []writeFilesItem `json:"files"`
	}
	if err := json.NewDecoder(part).Decode(&payload); err != nil {
		return badRequest("cannot decode request metadata: %v", err)
	}
	if payload.Action != "write" {
		return badRequest(`multipart action must be "write", got %q`, payload.Action)
	}
	if len(payload.Files) == 0 {
		return badRequest("must specify one or more files")
	}
	infos := map[string]writeFilesItem{}
	for _, f := range payload.Files {
		infos[f.Path] = f
	}

	root, rootErr := openRoot(s.containerRoot())
	if root != nil {
		defer root.Close()
	}
	errs := map[string]error{}
	for i := 0; ; i++ {
		part, err = mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return badRequest("cannot read file part %d: %v", i, err)
		}
		if part.FormName() != "files" {
			return badRequest(`field name must be "files", got %q`, part.FormName())
		}
		p := multipartFilename(part)
		info, ok := infos[p]
		if !ok {
			return badRequest("no metadata for path %q", p)
		}
		if rootErr != nil {
			errs[p] = rootErr
		} else {
			errs[p] = s.writeFile(root, info, part)
		}
		part.Close()
	}
	result := make([]fileResult, len(payload.Files))
	for i, f := range payload.Files {
		err, ok := errs[f.Path]
		if !ok {
			err = fmt.Errorf("no file content for path %q", f.Path)
		}
		result[i] = fileResult{Path: f.Path, Error: fileErrorToResult(err)}
	}
	return syncResponse(result)
}

// multipartFilename returns the part's filename parameter unchanged (Go's
// part.FileName strips the directory, which the API needs).
func multipartFilename(part *multipart.Part) string {
	_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	return params["filename"]
}

// normalizeOwner checks an owner request as osutil.NormalizeUidGid does,
// without a user database: names are taken as given. It returns nil when no
// owner was asked for.
func normalizeOwner(uid, gid *int, user, group string) (*FileOwner, error) {
	if uid == nil && user == "" && gid == nil && group == "" {
		return nil, nil
	}
	if uid == nil && user == "" {
		return nil, errors.New("must specify user, not just group")
	}
	if user == "" && gid == nil && group == "" {
		return nil, errors.New("must specify group, not just UID")
	}
	return &FileOwner{UserID: uid, User: user, GroupID: gid, Group: group}, nil
}

// tempCounter makes the names of the temporary files atomic writes use.
var tempCounter atomic.Uint64

// writeFile follows api_files.go writeFile: parents made on request (0755),
// then an atomic write (a temporary file renamed over the path) with exact
// permissions.
func (s *Server) writeFile(root *os.Root, item writeFilesItem, source io.Reader) error {
	rel, err := relPath(item.Path)
	if err != nil {
		return err
	}
	owner, err := normalizeOwner(item.UserID, item.GroupID, item.User, item.Group)
	if err != nil {
		return fmt.Errorf("cannot look up user and group: %w", err)
	}
	if item.MakeDirs {
		if err := s.mkdirAll(root, path.Dir(path.Clean(item.Path)), 0o755, owner); err != nil {
			return fmt.Errorf("cannot create directory: %w", err)
		}
	}
	perm, err := parsePermissions(item.Permissions, 0o644)
	if err != nil {
		return err
	}
	tmp := fmt.Sprintf("%s.%d-%d~", rel, os.Getpid(), tempCounter.Add(1))
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return containerPathError(err, item.Path)
	}
	_, err = io.Copy(f, source)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Chmod(tmp, perm)
	}
	if err == nil {
		err = root.Rename(tmp, rel)
	}
	if err != nil {
		_ = root.Remove(tmp)
		return containerPathError(err, item.Path)
	}
	s.setOwner(path.Clean(item.Path), owner)
	return nil
}

// parsePermissions follows api_files.go parsePermissions.
func parsePermissions(permissions string, defaultMode os.FileMode) (os.FileMode, error) {
	if permissions == "" {
		return defaultMode, nil
	}
	perm, err := strconv.ParseUint(permissions, 8, 32)
	if err != nil || len(permissions) != 3 {
		return 0, fmt.Errorf("permissions must be a 3-digit octal string, got %q", permissions)
	}
	return os.FileMode(perm), nil
}

// setOwner records (or, for nil, forgets) the owner of a path that was just
// created: a new file or directory belongs to root unless an owner was
// asked for.
func (s *Server) setOwner(p string, owner *FileOwner) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if owner == nil {
		delete(s.state.FileOwners, p)
		return
	}
	if s.state.FileOwners == nil {
		s.state.FileOwners = map[string]FileOwner{}
	}
	s.state.FileOwners[p] = *owner
}

// mkdirAll creates dir and its missing parents with exact permissions and
// records the owner of those it creates (osutil.MkdirAllChown). An existing
// directory is not an error.
func (s *Server) mkdirAll(root *os.Root, dir string, perm os.FileMode, owner *FileOwner) error {
	rel, err := relPath(dir)
	if err != nil {
		return err
	}
	if rel == "." {
		return nil
	}
	parts := strings.Split(rel, "/")
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		info, err := root.Stat(sub)
		if err == nil {
			if !info.IsDir() {
				return &fs.PathError{Op: "mkdir", Path: "/" + sub, Err: syscall.ENOTDIR}
			}
			continue
		}
		if !errors.Is(err, os.ErrNotExist) {
			return containerPathError(err, "/"+sub)
		}
		if err := root.Mkdir(sub, perm); err != nil {
			return containerPathError(err, "/"+sub)
		}
		if err := root.Chmod(sub, perm); err != nil {
			return containerPathError(err, "/"+sub)
		}
		s.setOwner("/"+sub, owner)
	}
	return nil
}

// makeDirsItem is one directory of a make-dirs request (api_files.go).
type makeDirsItem struct {
	Path        string `json:"path"`
	MakeParents bool   `json:"make-parents"`
	Permissions string `json:"permissions"`
	UserID      *int   `json:"user-id"`
	User        string `json:"user"`
	GroupID     *int   `json:"group-id"`
	Group       string `json:"group"`
}

// makeDirs follows api_files.go makeDirs.
func (s *Server) makeDirs(dirs []makeDirsItem) response {
	return syncResponse(perPath(s.containerRoot(), dirs, func(d makeDirsItem) string { return d.Path }, s.makeDir))
}

// makeDir follows api_files.go makeDir: with make-parents, like mkdir -p;
// without, the parent must exist and the directory must not.
func (s *Server) makeDir(root *os.Root, d makeDirsItem) error {
	rel, err := relPath(d.Path)
	if err != nil {
		return err
	}
	perm, err := parsePermissions(d.Permissions, 0o755)
	if err != nil {
		return err
	}
	owner, err := normalizeOwner(d.UserID, d.GroupID, d.User, d.Group)
	if err != nil {
		return fmt.Errorf("cannot look up user and group: %w", err)
	}
	if d.MakeParents {
		return s.mkdirAll(root, d.Path, perm, owner)
	}
	if err := root.Mkdir(rel, perm); err != nil {
		return containerPathError(err, d.Path)
	}
	if err := root.Chmod(rel, perm); err != nil {
		return containerPathError(err, d.Path)
	}
	s.setOwner(path.Clean(d.Path), owner)
	return nil
}

// removePathsItem is one path of a remove request (api_files.go).
type removePathsItem struct {
	Path      string `json:"path"`
	Recursive bool   `json:"recursive"`
}

// removePaths follows api_files.go removePaths.
func (s *Server) removePaths(paths []removePathsItem) response {
	return syncResponse(perPath(s.containerRoot(), paths, func(p removePathsItem) string { return p.Path },
		func(root *os.Root, p removePathsItem) error { return s.removePath(root, p.Path, p.Recursive) }))
}

// removePath follows api_files.go removePath (os.RemoveAll or os.Remove)
// and forgets the owners of what it removed.
func (s *Server) removePath(root *os.Root, p string, recursive bool) error {
	rel, err := relPath(p)
	if err != nil {
		return err
	}
	if rel == "." {
		// Pebble would try to empty the whole container.
		return &fs.PathError{Op: "remove", Path: "/", Err: syscall.EBUSY}
	}
	if recursive {
		err = root.RemoveAll(rel)
	} else {
		err = root.Remove(rel)
	}
	if err != nil {
		return containerPathError(err, p)
	}
	clean := path.Clean(p)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range slices.Collect(maps.Keys(s.state.FileOwners)) {
		if k == clean || strings.HasPrefix(k, clean+"/") {
			delete(s.state.FileOwners, k)
		}
	}
	return nil
}
