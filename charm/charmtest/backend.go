package charmtest

import (
	"bytes"
	"context"
	"sync"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
)

// Backend runs hook tools in process against a simulated unit agent. It is
// the same agent `charmgen sim` serves to real tool processes, so a charm
// behaves the same under both.
type Backend struct {
	mu    sync.Mutex
	agent *jujusim.Agent
}

// NewBackend returns a backend over agent.
func NewBackend(agent *jujusim.Agent) *Backend { return &Backend{agent: agent} }

// Run implements charm.Backend.
func (b *Backend) Run(_ context.Context, tool string, args []string, stdin []byte) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out, errb bytes.Buffer
	code := b.agent.RunTool(tool, args, bytes.NewReader(stdin), &out, &errb)
	if code != 0 {
		return out.Bytes(), &charm.ToolError{Tool: tool, Args: args, ExitCode: code, Stderr: errb.String()}
	}
	return out.Bytes(), nil
}
