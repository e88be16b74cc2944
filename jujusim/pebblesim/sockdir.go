package pebblesim

import (
	"fmt"
	"os"
	"path/filepath"
)

// maxSocketPath is the longest Unix socket path Linux accepts
// (sizeof(sun_path) - 1), less a margin for the random directory suffix.
const maxSocketPath = 107

// SocketDir makes a fresh directory for the Pebble sockets of the named
// containers (<dir>/<name>/pebble.socket), under the first of bases (then
// os.TempDir(), then /tmp) where every such path fits the limit on Unix
// socket paths: test directories are often too deep for it. The caller
// removes the directory.
func SocketDir(names []string, bases ...string) (string, error) {
	longest := 0
	for _, n := range names {
		longest = max(longest, len(n))
	}
	bases = append(bases, os.TempDir(), "/tmp")
	for _, base := range bases {
		if base == "" {
			continue
		}
		// MkdirTemp adds up to 10 digits to the prefix.
		if len(filepath.Join(base, "p0123456789", "", "pebble.socket"))+longest+1 > maxSocketPath {
			continue
		}
		return os.MkdirTemp(base, "p")
	}
	return "", fmt.Errorf("no directory short enough for Pebble sockets (tried %q)", bases)
}
