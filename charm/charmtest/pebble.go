package charmtest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

// pebbleDirs holds the directories a Context gives containers whose state
// names no root: one root per container name, kept for the Context's life
// so files a hook pushed are there in the next Run.
type pebbleDirs struct {
	mu   sync.Mutex
	base string // set by WithTempDir, or made on first use (then removed with the Context)
}

// root returns the root for container name under the base directory.
func (d *pebbleDirs) root(owner *Context, name string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.base == "" {
		dir, err := os.MkdirTemp("", "charmtest-")
		if err != nil {
			return "", err
		}
		d.base = dir
		// Tests should pass t.TempDir() with WithTempDir; without it, the
		// directory goes when the Context does.
		runtime.AddCleanup(owner, func(dir string) { os.RemoveAll(dir) }, dir)
	}
	root := filepath.Join(d.base, "fs", name)
	return root, os.MkdirAll(root, 0o755)
}

// WithTempDir sets the directory where the Context keeps the simulated
// containers' filesystems (for containers whose state names no root) and
// their Pebble sockets. Pass t.TempDir(). Without it the Context makes a
// temporary directory of its own.
func WithTempDir(dir string) Option { return func(o *options) { o.tempDir = dir } }

// runPebbles serves the Pebble of every container of st on a Unix socket
// under a fresh directory, which the returned stop removes; it sets the
// root of containers that have none. stop returns the containers as the
// hook left them and the writes the charm made through them.
func (c *Context) runPebbles(st *jujusim.State) (sockDir string, stop func() ([]pebblesim.Container, []jujusim.Write), err error) {
	if len(st.Containers) == 0 {
		return "", func() ([]pebblesim.Container, []jujusim.Write) { return nil, nil }, nil
	}
	var names []string
	for _, ct := range st.Containers {
		names = append(names, ct.Name)
	}
	// Socket paths must stay under ~108 bytes: SocketDir finds a directory
	// short enough, the test's own if it can.
	sockDir, err = pebblesim.SocketDir(names, c.dirs.base)
	if err != nil {
		return "", nil, err
	}
	var servers []*pebblesim.Server
	stopAll := func() ([]pebblesim.Container, []jujusim.Write) {
		var cs []pebblesim.Container
		var ws []jujusim.Write
		for _, srv := range servers {
			srv.Close()
			ct := srv.Container()
			cs = append(cs, ct)
			for _, w := range srv.Writes() {
				ws = append(ws, jujusim.Write{Tool: "pebble", Target: "pebble:" + ct.Name, Key: w})
			}
		}
		servers = nil
		os.RemoveAll(sockDir)
		return cs, ws
	}
	var opts []pebblesim.Option
	if c.now != nil {
		opts = append(opts, pebblesim.WithClock(c.now))
	}
	for i := range st.Containers {
		ct := &st.Containers[i]
		if ct.Root == "" {
			if ct.Root, err = c.dirs.root(c, ct.Name); err != nil {
				stopAll()
				return "", nil, err
			}
		}
		dir := filepath.Join(sockDir, ct.Name)
		if err := os.Mkdir(dir, 0o700); err != nil {
			stopAll()
			return "", nil, err
		}
		srv, err := pebblesim.ListenAndServe(filepath.Join(dir, "pebble.socket"), ct, opts...)
		if err != nil {
			stopAll()
			return "", nil, fmt.Errorf("container %s: %w", ct.Name, err)
		}
		servers = append(servers, srv)
	}
	return sockDir, stopAll, nil
}
