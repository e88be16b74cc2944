package simrun

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
)

// HookRunner is a charmtest.HookRunner that runs each hook as charmgen sim
// does: the runner's dispatch, one process per hook, against a simulated
// agent (charmtest.Explore over a built charm). A hook that exits non-zero
// is a *charmtest.CharmError. Hooks counts the hooks run.
type HookRunner struct {
	R     *Runner
	Ctx   context.Context
	Hooks int
}

// RunHook runs spec on st and returns the state after it and its writes.
func (h *HookRunner) RunHook(spec string, st *jujusim.State) (*jujusim.State, []jujusim.Write, error) {
	ctx := h.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	next, step, err := h.R.Run(ctx, st, spec)
	if err != nil {
		return nil, nil, err
	}
	h.Hooks++
	if step.ExitCode != 0 {
		msg := fmt.Sprintf("exit %d", step.ExitCode)
		if step.CommitError != "" {
			msg += ": commit refused: " + step.CommitError
		} else if s := lastLine(step.Stderr); s != "" {
			msg += ": " + s
		}
		return next, step.Writes, &charmtest.CharmError{Event: spec, Err: fmt.Errorf("%s", msg)}
	}
	return next, step.Writes, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
