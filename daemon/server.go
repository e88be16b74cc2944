package daemon

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Defaults of the daemon's bounds.
const (
	defaultIdle        = 30 * time.Minute
	defaultHookTimeout = time.Hour
	defaultQueue       = 10 * time.Minute
	maxQueued          = 16               // hooks waiting behind the running one
	requestDeadline    = 10 * time.Second // to send a request
	cliTimeout         = 5 * time.Minute  // one script command
)

// server is the daemon of one unit.
type server struct {
	cfg   Config
	dir   string
	uid   int
	exeID string
	ln    *net.UnixListener
	store *store
	hooks hooksCache

	sem     chan struct{} // one hook at a time
	queued  atomic.Int32
	conns   sync.WaitGroup
	active  atomic.Int32 // connections being served
	lastUse atomic.Int64 // unix nanos of the last request
	nhooks  atomic.Int64

	mu      sync.Mutex
	cur     *hookRun // the running hook, for script tokens
	tools   map[string]string
	stopped bool
	quit    chan struct{}
	timers  *timerSet
}

// runDaemon is the daemon role: serve dir's socket until idle, removed or
// signalled. Another daemon already holding the lock makes it exit 0.
func runDaemon(cfg Config, dir string, logw io.Writer) int {
	if err := ensurePrivateDir(dir); err != nil {
		fmt.Fprintln(logw, "daemon:", err)
		return 1
	}
	lock, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		fmt.Fprintln(logw, "daemon:", err)
		return 1
	}
	defer lock.Close()
	if err := lockFile(lock.Fd()); err != nil {
		return 0 // another daemon runs (or is starting) for this unit
	}
	s, err := newServer(cfg, dir)
	if err != nil {
		fmt.Fprintln(logw, "daemon:", err)
		return 1
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		select {
		case <-sig:
			s.shutdown()
		case <-s.quit:
		}
	}()
	fmt.Fprintf(logw, "%s daemon %d serving %s\n", time.Now().UTC().Format(time.RFC3339), os.Getpid(), dir)
	s.serve()
	signal.Stop(sig)
	os.Remove(filepath.Join(dir, pidName))
	fmt.Fprintf(logw, "%s daemon %d stopped after %d hooks\n", time.Now().UTC().Format(time.RFC3339), os.Getpid(), s.nhooks.Load())
	return 0
}

func newServer(cfg Config, dir string) (*server, error) {
	cfg = cfg.withDefaults()
	os.Remove(filepath.Join(dir, sockName)) // stale: we hold the lock
	ln, err := listenDaemon(dir)
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(filepath.Join(dir, pidName), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	s := &server{
		cfg: cfg, dir: dir, uid: os.Getuid(), exeID: exeID(), ln: ln,
		store: &store{path: filepath.Join(dir, cacheName)},
		sem:   make(chan struct{}, 1),
		tools: map[string]string{},
		quit:  make(chan struct{}),
	}
	s.timers = &timerSet{s: s}
	s.lastUse.Store(time.Now().UnixNano())
	return s, nil
}

func (s *server) serve() {
	go s.idleLoop()
	for {
		conn, err := s.ln.AcceptUnix()
		if err != nil {
			if s.isStopped() {
				break
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		s.conns.Add(1)
		s.active.Add(1)
		go func() {
			defer s.conns.Done()
			defer s.active.Add(-1)
			s.serveConn(conn)
		}()
	}
	s.conns.Wait()
	s.timers.stop()
}

func (s *server) isStopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopped
}

// shutdown stops accepting; serve returns once in-flight requests are done.
func (s *server) shutdown() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.stopped = true
	close(s.quit)
	os.Remove(filepath.Join(s.dir, sockName))
	s.ln.Close()
}

func (s *server) idleLoop() {
	tick := s.cfg.IdleTimeout / 4
	if tick > time.Second {
		tick = time.Second
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
		}
		idle := time.Since(time.Unix(0, s.lastUse.Load()))
		if idle > s.cfg.IdleTimeout && len(s.sem) == 0 && s.queued.Load() == 0 && !s.timers.active() {
			s.shutdown()
			return
		}
	}
}

func (s *server) serveConn(conn *net.UnixConn) {
	defer conn.Close()
	uid, pid, err := peerCred(conn)
	if err := checkPeer(uid, s.uid, err); err != nil {
		fmt.Fprintf(os.Stderr, "%s refused a connection from pid %d: %v\n", time.Now().UTC().Format(time.RFC3339), pid, err)
		writeFrame(conn, errorReply(1, "permission denied"))
		return
	}
	conn.SetReadDeadline(time.Now().Add(requestDeadline))
	b, err := readFrame(conn)
	if err != nil {
		writeFrame(conn, errorReply(2, "reading request: "+err.Error()))
		return
	}
	conn.SetReadDeadline(time.Time{})
	req, err := decodeRequest(b)
	if err != nil {
		writeFrame(conn, errorReply(2, err.Error()))
		return
	}
	switch req.Op {
	case "ping":
		writeFrame(conn, reply{Exit: intp(0)})
	case "stats":
		st := s.stats()
		writeFrame(conn, reply{Stats: &st, Exit: intp(0)})
	case "cli":
		code, out, errOut := s.handleCLI(req)
		writeFrame(conn, reply{Stdout: out, Stderr: errOut, Exit: &code})
	case "hook":
		// Only hooks (and their scripts' commands) keep the daemon alive.
		s.lastUse.Store(time.Now().UnixNano())
		s.handleHook(conn, req)
		s.lastUse.Store(time.Now().UnixNano())
	}
}

// checkPeer admits only processes of the daemon's own user.
func checkPeer(peerUID, ownUID int, credErr error) error {
	if credErr != nil {
		return fmt.Errorf("cannot read peer credentials: %w", credErr)
	}
	if peerUID != ownUID {
		return fmt.Errorf("peer uid %d is not the unit's user (uid %d)", peerUID, ownUID)
	}
	return nil
}

func errorReply(code int, msg string) reply {
	return reply{Stderr: "ERROR " + msg + "\n", Exit: &code}
}

func intp(i int) *int { return &i }

func (s *server) handleHook(conn *net.UnixConn, req *request) {
	if req.Exe != "" && req.Exe != s.exeID {
		// The charm was upgraded: the client runs a new binary. Restart so
		// the new code serves this hook.
		writeFrame(conn, reply{Restart: true})
		go s.shutdown()
		return
	}
	if s.queued.Add(1) > maxQueued {
		s.queued.Add(-1)
		writeFrame(conn, errorReply(1, "daemon busy: too many hooks waiting"))
		return
	}
	timer := time.NewTimer(s.cfg.QueueTimeout)
	select {
	case s.sem <- struct{}{}:
		timer.Stop()
	case <-timer.C:
		s.queued.Add(-1)
		writeFrame(conn, errorReply(1, "timed out waiting for the running hook"))
		return
	case <-s.quit:
		s.queued.Add(-1)
		timer.Stop()
		return // the client sees no accepted frame and retries
	}
	s.queued.Add(-1)
	defer func() { <-s.sem }()
	if s.isStopped() {
		return
	}
	out := &stream{conn: conn}
	if err := out.frame(reply{Accepted: true}); err != nil {
		return
	}
	code := s.runHook(req.Env, out)
	s.nhooks.Add(1)
	out.frame(reply{Exit: &code})
	if hookKey(req.Env) == "remove" && code == 0 {
		go s.shutdown()
	}
}

// stream sends output frames to a hook's client; once the client is gone
// it drops them.
type stream struct {
	mu     sync.Mutex
	conn   net.Conn
	broken bool
}

func (o *stream) frame(r reply) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.broken {
		return io.ErrClosedPipe
	}
	o.conn.SetWriteDeadline(time.Now().Add(30 * time.Second))
	if err := writeFrame(o.conn, r); err != nil {
		o.broken = true
		return err
	}
	return nil
}

// writer returns an io.Writer that streams to stdout (fd 1) or stderr.
func (o *stream) writer(fd int) io.Writer { return streamWriter{o, fd} }

type streamWriter struct {
	o  *stream
	fd int
}

func (w streamWriter) Write(p []byte) (int, error) {
	for off := 0; off < len(p); off += maxFrame / 2 {
		chunk := p[off:min(len(p), off+maxFrame/2)]
		r := reply{Stdout: string(chunk)}
		if w.fd == 2 {
			r = reply{Stderr: string(chunk)}
		}
		w.o.frame(r) // a vanished client must not fail the hook's scripts
	}
	return len(p), nil
}

func (s *server) stats() Stats {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fds, _ := os.ReadDir("/proc/self/fd")
	return Stats{
		PID: os.Getpid(), Hooks: s.nhooks.Load(), Goroutines: runtime.NumGoroutine(),
		OpenFiles: len(fds), HeapAlloc: ms.HeapAlloc, HeapSys: ms.HeapSys,
	}
}

// newToken returns a random per-hook token.
func newToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// hookFor returns the running hook if token is its token, and registers
// a command in flight so the hook does not end under it.
func (s *server) hookFor(token string) (*hookRun, bool) {
	s.mu.Lock()
	h := s.cur
	s.mu.Unlock()
	if h == nil || subtle.ConstantTimeCompare([]byte(h.token), []byte(token)) != 1 {
		return nil, false
	}
	return h, h.enter()
}

// toolsDir finds the directory of the hook tools on a hook's PATH: exec
// looks names up on the daemon's own PATH, never the hook's, so the
// runtime is given the directory.
func (s *server) toolsDir(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.tools[path]; ok {
		return d
	}
	d := ""
	for _, dir := range filepath.SplitList(path) {
		if fi, err := os.Stat(filepath.Join(dir, "is-leader")); err == nil && !fi.IsDir() {
			d = dir
			break
		}
	}
	if len(s.tools) > 64 {
		clear(s.tools)
	}
	s.tools[path] = d
	return d
}

// hookContext bounds a hook's work.
func (s *server) hookContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.cfg.HookTimeout)
}

func envList(env map[string]string) []string {
	keys := sortedKeys(env)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, k+"="+env[k])
	}
	return out
}

func withoutPrefix(env []string, prefix string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, prefix) {
			out = append(out, kv)
		}
	}
	return out
}
