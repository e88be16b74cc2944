package daemon

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Bounds on what a peer may send.
const (
	maxFrame   = 1 << 20 // one request or reply frame
	maxEnv     = 1024    // environment variables in a hook request
	maxArgs    = 256     // arguments of a CLI request
	maxArgSize = 64 << 10
)

// request is what a client sends: one per connection.
type request struct {
	// Op is "hook" (run a hook), "cli" (a script's command), "ping" or
	// "stats".
	Op string `json:"op"`
	// Env is the hook's environment (op hook).
	Env map[string]string `json:"env,omitempty"`
	// Exe identifies the client's binary (size and mtime); a daemon built
	// from another binary (after upgrade-charm) restarts.
	Exe string `json:"exe,omitempty"`
	// Token is the per-hook token of the script (op cli).
	Token string `json:"token,omitempty"`
	// Script is the script's id, the default status slot (op cli).
	Script string `json:"script,omitempty"`
	// Args are the command's arguments after NAME (op cli).
	Args []string `json:"args,omitempty"`
	// Stdin is the command's standard input, when it reads one (op cli).
	Stdin string `json:"stdin,omitempty"`
}

// reply is one frame the daemon sends back. A hook gets Accepted first,
// then output frames, then one frame with Exit set.
type reply struct {
	Accepted bool   `json:"accepted,omitempty"`
	Restart  bool   `json:"restart,omitempty"`
	Stdout   string `json:"stdout,omitempty"`
	Stderr   string `json:"stderr,omitempty"`
	Exit     *int   `json:"exit,omitempty"`
	Stats    *Stats `json:"stats,omitempty"`
}

// Stats are the daemon's resource figures, for tests and operators.
type Stats struct {
	PID        int    `json:"pid"`
	Hooks      int64  `json:"hooks"`
	Goroutines int    `json:"goroutines"`
	OpenFiles  int    `json:"open_files"`
	HeapAlloc  uint64 `json:"heap_alloc"`
	HeapSys    uint64 `json:"heap_sys"`
}

func writeFrame(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if len(b) > maxFrame {
		return fmt.Errorf("frame of %d bytes exceeds %d", len(b), maxFrame)
	}
	buf := make([]byte, 4+len(b))
	binary.BigEndian.PutUint32(buf, uint32(len(b)))
	copy(buf[4:], b)
	_, err = w.Write(buf)
	return err
}

func readFrame(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxFrame {
		return nil, fmt.Errorf("frame of %d bytes exceeds %d", n, maxFrame)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	return b, nil
}

// decodeRequest parses and validates one request frame. It never panics:
// anything malformed is an error.
func decodeRequest(b []byte) (*request, error) {
	var req request
	if err := json.Unmarshal(b, &req); err != nil {
		return nil, fmt.Errorf("malformed request: %v", err)
	}
	switch req.Op {
	case "hook":
		if len(req.Env) == 0 || len(req.Env) > maxEnv {
			return nil, errors.New("hook request: environment missing or too large")
		}
		for k := range req.Env {
			if k == "" || strings.ContainsAny(k, "=\x00") {
				return nil, fmt.Errorf("hook request: bad variable name %q", k)
			}
		}
		for _, k := range []string{"JUJU_UNIT_NAME", "JUJU_CONTEXT_ID", "JUJU_CHARM_DIR"} {
			if req.Env[k] == "" {
				return nil, fmt.Errorf("hook request: %s is not set", k)
			}
		}
		if hookKey(req.Env) == "" {
			return nil, errors.New("hook request: neither JUJU_DISPATCH_PATH, JUJU_HOOK_NAME nor CHARMGEN_TIMER names an event")
		}
	case "cli":
		if req.Token == "" {
			return nil, errors.New("cli request: no token")
		}
		if len(req.Args) == 0 || len(req.Args) > maxArgs {
			return nil, errors.New("cli request: no command or too many arguments")
		}
		for _, a := range req.Args {
			if len(a) > maxArgSize {
				return nil, errors.New("cli request: argument too long")
			}
		}
	case "ping", "stats":
	default:
		return nil, fmt.Errorf("unknown op %q", req.Op)
	}
	return &req, nil
}

// hookKey names the event of a hook environment: the hook name, "action:"
// and the action name, or "timer:" and a timer's name.
func hookKey(env map[string]string) string {
	if t := env["CHARMGEN_TIMER"]; t != "" {
		return "timer:" + t
	}
	p := env["JUJU_DISPATCH_PATH"]
	switch {
	case strings.HasPrefix(p, "hooks/"):
		return strings.TrimPrefix(p, "hooks/")
	case strings.HasPrefix(p, "actions/"):
		return "action:" + strings.TrimPrefix(p, "actions/")
	case env["JUJU_ACTION_NAME"] != "":
		return "action:" + env["JUJU_ACTION_NAME"]
	}
	return env["JUJU_HOOK_NAME"]
}
