package jujusim_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
)

// The limits as a Go charm meets them through charm.Context and the
// in-process harness (docs/conformance/limits.md).

func limitsState() *jujusim.State {
	return &jujusim.State{
		Model:      jujusim.Model{Name: "m", UUID: "11111111-2222-3333-4444-555555555555"},
		Unit:       "web/0",
		Leader:     true,
		CharmState: map[string]string{"kept": "yes"},
	}
}

// TestQuota70KBStateValueFailsHook: state-set refuses a 70 KB value at
// once, so the charm's SetState fails and with it the hook; nothing the
// hook buffered is committed.
func TestQuota70KBStateValueFailsHook(t *testing.T) {
	c := charmtest.New(func(ctx *charm.Context) error {
		if err := ctx.SetState(map[string]string{"small": "1"}); err != nil {
			return err
		}
		return ctx.SetState(map[string]string{"blob": strings.Repeat("x", 70*1000)})
	})
	out, err := c.Run(charmtest.ConfigChanged(), limitsState())
	var ce *charmtest.CharmError
	if !errors.As(err, &ce) {
		t.Fatalf("Run = %v, want a *charmtest.CharmError", err)
	}
	var te *charm.ToolError
	if !errors.As(err, &te) || te.Tool != "state-set" || te.ExitCode != 1 ||
		te.Message() != "max allowed value length (65536): quota limit exceeded" {
		t.Fatalf("error %v", err)
	}
	if got := out.CharmState; len(got) != 1 || got["kept"] != "yes" {
		t.Errorf("charm state after the failed hook: %v", got)
	}
}

// TestQuotaCharmStateTotalFailsHook: values each within the limit but over
// 2 MiB together are refused when the hook ends; the harness reports the
// refused commit (a *jujusim.CommitError) instead of a new state.
func TestQuotaCharmStateTotalFailsHook(t *testing.T) {
	c := charmtest.New(func(ctx *charm.Context) error {
		for i := 0; i < 33; i++ {
			k := fmt.Sprintf("k%02d", i)
			if err := ctx.SetState(map[string]string{k: strings.Repeat("v", 64*1024)}); err != nil {
				return err
			}
		}
		return nil
	})
	_, err := c.Run(charmtest.ConfigChanged(), limitsState())
	var ce *jujusim.CommitError
	if !errors.As(err, &ce) || !strings.HasSuffix(err.Error(), "persisting charm state: max allowed size (2097152) exceeded") {
		t.Fatalf("Run = %v, want a refused commit", err)
	}
}
