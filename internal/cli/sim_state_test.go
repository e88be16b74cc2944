package cli

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/internal/settings"
	"github.com/charmgen/charmgen/meta"
)

const simStateCharm = `name: shell
type: charm
summary: s
description: d
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: go
config:
  options:
    port: {type: int, default: 8080, description: p}
    ratio: {type: float, default: 0.5, description: r}
    api-key: {type: secret, description: k}
    motd: {type: string, description: m}
requires:
  db: {interface: pgsql}
peers:
  cluster: {interface: shell_peers}
extra-bindings:
  public:
storage:
  data: {type: filesystem, multiple: {range: 2-}}
`

// TestSimStateIsCharmtestState: `charmgen sim` and charmtest start from
// the same state for the same charm and Juju (jujusim.FromMetadata): the
// same config typing (secret options included), peer relations, storage,
// networks and relation databags. Only the leadership and the model's
// name differ, by design.
func TestSimStateIsCharmtestState(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "charmcraft.yaml"), []byte(simStateCharm), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := meta.Load(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{stdout: io.Discard, stderr: io.Discard}
	for _, juju := range []int{3, 4} {
		got, err := e.simState("", m, juju)
		if err != nil {
			t.Fatal(err)
		}
		version := "4.0.0"
		if juju == 3 {
			version = "3.6.4"
		}
		want := charmtest.StateFromMetadataFor(m, "shell/0", version)
		if !got.Leader {
			t.Errorf("Juju %d: the sim's unit is not the leader", juju)
		}
		got.Leader, got.Model.Name, got.Model.UUID = want.Leader, want.Model.Name, want.Model.UUID
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Juju %d: sim state\n%+v\ncharmtest state\n%+v", juju, got, want)
		}
		if !reflect.DeepEqual(got.ConfigOptions, charmtest.ConfigOptions(m)) {
			t.Errorf("Juju %d: config options differ: %+v", juju, got.ConfigOptions)
		}
	}
}

// TestSimJuju: --juju wins over charmgen.yaml, which wins over the
// default, Juju 4.
func TestSimJuju(t *testing.T) {
	three := &loadedCharm{settings: &settings.Settings{Juju: "3"}}
	four := &loadedCharm{settings: &settings.Settings{Juju: "4"}}
	for _, c := range []struct {
		lc   *loadedCharm
		flag string
		want int
	}{
		{four, "", 4}, {three, "", 3}, {three, "4", 4}, {four, "3", 3}, {&loadedCharm{}, "", 4},
	} {
		if got := simJuju(c.lc, &charmFlags{juju: c.flag}); got != c.want {
			t.Errorf("settings %+v, --juju %q: %d, want %d", c.lc.settings, c.flag, got, c.want)
		}
	}
}
