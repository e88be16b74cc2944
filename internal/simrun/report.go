package simrun

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"sync"

	"github.com/charmgen/charmgen/jujusim"
)

// What a timeline shows under an event's line, so a failing hook explains
// itself without rerunning it: the juju-log records at WARNING and above,
// the action's outcome, and for a failed hook the tool calls that failed
// and the end of what dispatch wrote to stderr (Juju logs a hook's stderr
// at WARNING in the unit log).

// Bounds on what a timeline shows.
const (
	stderrKeep       = 8 << 10 // bytes of stderr a Step keeps
	stderrLines      = 10      // lines of it a timeline shows
	logLines         = 20      // lines a timeline shows of one log message
	failedCallsShown = 5       // failed tool calls a timeline shows
)

// detailIndent starts the lines a timeline shows under an event's line:
// distinct from the "  | " charmgen sim puts before what dispatch prints,
// and never matching an event name at the start of a line.
const detailIndent = "    "

// captureOutput sends dispatch's stdout and stderr to out, as one stream,
// and keeps the end of stderr in the returned tail. Each stream keeps its
// own order; between the two, lines come in the order the two pipes'
// readers got them, which need not be the order written (stderr needs its
// own pipe for the tail).
func captureOutput(cmd *exec.Cmd, out *bytes.Buffer) *tailBuffer {
	t := &tailBuffer{max: stderrKeep}
	var mu sync.Mutex
	cmd.Stdout = lockedWriter{mu: &mu, w: out}
	cmd.Stderr = lockedWriter{mu: &mu, w: io.MultiWriter(out, t)}
	return t
}

// lockedWriter serialises the two streams' writes to the shared buffer
// (os/exec copies each pipe in its own goroutine).
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0:0], t.b[over:]...)
	}
	return len(p), nil
}

// report fills the Step's visibility fields from the states before and
// after the hook and from its agent.
func (s *Step) report(before, after *jujusim.State, agent *jujusim.Agent, stderr *tailBuffer) {
	if n := len(before.Logs); len(after.Logs) > n {
		s.Logs = append([]jujusim.LogRecord(nil), after.Logs[n:]...)
	}
	if s.Hook.IsAction() && after.Action != nil {
		a := *after.Action
		s.Action = &a
	}
	s.FailedCalls = agent.FailedCalls()
	if stderr != nil {
		s.Stderr = string(stderr.b)
	}
}

// details returns the lines a timeline shows under the step's line.
func (s Step) details() []string {
	var out []string
	add := func(label, text string) {
		lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
		more := 0
		if len(lines) > logLines {
			more = len(lines) - logLines
			lines = lines[:logLines]
		}
		out = append(out, detailIndent+label+lines[0])
		for _, l := range lines[1:] {
			out = append(out, detailIndent+strings.Repeat(" ", len(label))+l)
		}
		if more > 0 {
			out = append(out, fmt.Sprintf("%s%s(%d more lines)", detailIndent, strings.Repeat(" ", len(label)), more))
		}
	}
	for _, l := range s.Logs {
		switch strings.ToUpper(l.Level) {
		case "WARNING", "ERROR", "CRITICAL":
			add("juju-log "+strings.ToUpper(l.Level)+": ", l.Message)
		}
	}
	if a := s.Action; a != nil {
		results := strings.Join(flattenResults("", a.Results), " ")
		switch {
		case a.Status == "failed" || a.Failed:
			add("action failed: ", a.FailureMessage)
			if results != "" {
				add("results: ", results)
			}
		case results != "":
			add("action "+a.Status+": ", results)
		default:
			out = append(out, detailIndent+"action "+a.Status)
		}
	}
	if s.CommitError != "" {
		add("commit refused: ", s.CommitError)
	}
	if s.ExitCode != 0 {
		for i, c := range s.FailedCalls {
			if i == failedCallsShown {
				out = append(out, fmt.Sprintf("%s(%d more failed tool calls)", detailIndent, len(s.FailedCalls)-i))
				break
			}
			add("failed tool call: ", c.String())
		}
		if lines := lastLines(s.Stderr, stderrLines); len(lines) > 0 {
			for _, l := range lines {
				out = append(out, detailIndent+"stderr: "+l)
			}
		}
	}
	return out
}

// flattenResults formats action results as key=value, nested keys joined
// with "." as `juju run` shows them, in key order; values are JSON.
func flattenResults(prefix string, m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		if sub, ok := m[k].(map[string]any); ok {
			out = append(out, flattenResults(prefix+k+".", sub)...)
			continue
		}
		v, err := json.Marshal(m[k])
		if err != nil {
			v = []byte(fmt.Sprint(m[k]))
		}
		out = append(out, prefix+k+"="+string(v))
	}
	return out
}

// lastLines returns the last n non-blank lines of s.
func lastLines(s string, n int) []string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(l, "\r \t"); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines
}
