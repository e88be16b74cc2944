package jujusim

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/meta"
)

// defaultsCharm is a machine charm with a peer relation, storage of each
// count kind, an extra binding and a secret option.
const defaultsCharm = `
name: web
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
    api-key: {type: secret, description: k}
    motd: {type: string, description: m}
requires:
  db: {interface: mysql_client}
provides:
  website: {interface: http}
peers:
  cluster: {interface: web_peers}
extra-bindings:
  public:
storage:
  data:
    type: filesystem
    location: /srv/data
  logs:
    type: filesystem
    multiple: {range: 2-4}
  scratch:
    type: filesystem
    location: /scratch
    multiple: {range: 1-}
  cache:
    type: block
    multiple: {range: 0+}
`

func loadDefaultsCharm(t *testing.T) *meta.Charm {
	t.Helper()
	m, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(defaultsCharm)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFromMetadata: peer relations, storage at its minimum count with
// Juju's mount points, a default network per binding, and the relation
// keys Juju writes (scenario/state.py defaults; uniter.go EnterScope;
// domain/unitstate/types.go).
func TestFromMetadata(t *testing.T) {
	m := loadDefaultsCharm(t)
	st := FromMetadata(m, "web/0", 4)
	if st.Model.Type != "iaas" || st.Leader || st.Unit != "web/0" {
		t.Errorf("state = %+v", st)
	}
	if len(st.Relations) != 1 {
		t.Fatalf("relations = %+v", st.Relations)
	}
	peer := st.Relations[0]
	if peer.ID != 0 || peer.Endpoint != "cluster" || peer.RemoteApp != "web" || peer.Interface != "web_peers" || len(peer.RemoteUnits) != 0 {
		t.Errorf("peer relation = %+v", peer)
	}
	if want := map[string]string{"ingress-address": "192.0.2.0", "egress-subnets": "192.0.2.0"}; !reflect.DeepEqual(peer.LocalUnitData, want) {
		t.Errorf("Juju 4 local unit databag = %v, want %v (no private-address)", peer.LocalUnitData, want)
	}
	wantStorage := []Storage{
		{ID: "data/0", Kind: "filesystem", Location: "/srv/data"},
		{ID: "logs/1", Kind: "filesystem", Location: "/var/lib/juju/storage/logs/1"},
		{ID: "logs/2", Kind: "filesystem", Location: "/var/lib/juju/storage/logs/2"},
		{ID: "scratch/3", Kind: "filesystem", Location: "/scratch/scratch/3"},
	}
	if !reflect.DeepEqual(st.Storage, wantStorage) {
		t.Errorf("storage =\n%+v\nwant\n%+v", st.Storage, wantStorage)
	}
	for b, n := range st.Networks {
		if !reflect.DeepEqual(n, DefaultNetwork()) {
			t.Errorf("network %s = %+v", b, n)
		}
	}
	if got := strings.Join(sortedKeys(st.Networks), " "); got != "cluster db juju-info public website" {
		t.Errorf("bindings = %s", got)
	}
	if o := st.ConfigOptions["api-key"]; o.Type != "secret" || o.Default != nil {
		t.Errorf("secret option = %+v", o)
	}
	if o := st.ConfigOptions["port"]; o.Type != "int" || o.Default != int64(8080) {
		t.Errorf("port option = %+v", o)
	}
	if err := st.Validate(); err != nil {
		t.Errorf("the state does not validate: %v", err)
	}

	// Juju 3 writes private-address too.
	st3 := FromMetadata(m, "web/1", 3)
	if st3.Relations[0].LocalUnitData["private-address"] != "192.0.2.0" {
		t.Errorf("Juju 3 local unit databag = %v", st3.Relations[0].LocalUnitData)
	}
}

// TestDefaultNetworkGet: network-get on a state made from metadata answers
// as ops.testing's default network does, for endpoints and extra bindings.
func TestDefaultNetworkGet(t *testing.T) {
	st := FromMetadata(loadDefaultsCharm(t), "web/0", 4)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"public", "--ingress-address"}, "192.0.2.0\n"},
		{[]string{"db", "--bind-address"}, "192.0.2.0\n"},
		{[]string{"juju-info", "--egress-subnets", "--format", "json"}, "[\"192.0.2.0/24\"]\n"},
	} {
		a, err := NewAgent(st, HookContext{Hook: "install"})
		if err != nil {
			t.Fatal(err)
		}
		var out, errb strings.Builder
		if code := a.RunTool("network-get", c.args, nil, &out, &errb); code != 0 || out.String() != c.want {
			t.Errorf("network-get %v = %q (exit %d, %s), want %q", c.args, out.String(), code, errb.String(), c.want)
		}
	}
}

// TestNewRelation: a relation made for a test carries Juju's keys in the
// local unit's databag and in each remote unit's.
func TestNewRelation(t *testing.T) {
	r := NewRelation(3, "db", "mysql_client", "mysql", []string{"mysql/0", "mysql/1"}, 3)
	want := map[string]string{"ingress-address": "192.0.2.0", "egress-subnets": "192.0.2.0", "private-address": "192.0.2.0"}
	if !reflect.DeepEqual(r.LocalUnitData, want) || !reflect.DeepEqual(r.RemoteUnitsData["mysql/1"], want) || len(r.LocalAppData) != 0 {
		t.Errorf("relation = %+v", r)
	}
	r.RemoteUnitsData["mysql/0"]["x"] = "y"
	if r.RemoteUnitsData["mysql/1"]["x"] != "" {
		t.Error("the remote units share a databag")
	}
}

// TestFillFromMetadata: a hand-written state gets what it leaves out
// (options, interfaces, networks) and keeps what it says.
func TestFillFromMetadata(t *testing.T) {
	m := loadDefaultsCharm(t)
	st := &State{Unit: "web/0",
		ConfigOptions: map[string]ConfigOption{"port": {Type: "int", Default: int64(9000)}},
		Relations:     []Relation{{ID: 7, Endpoint: "db", RemoteApp: "mysql"}},
		Networks:      map[string]Network{"db": {IngressAddresses: []string{"10.0.0.1"}}},
	}
	if err := FillFromMetadata(st, m); err != nil {
		t.Fatal(err)
	}
	if st.ConfigOptions["port"].Default != int64(9000) || st.ConfigOptions["api-key"].Type != "secret" {
		t.Errorf("options = %+v", st.ConfigOptions)
	}
	if st.Relations[0].Interface != "mysql_client" || st.Relations[0].LocalUnitData != nil || len(st.Storage) != 0 {
		t.Errorf("relations %+v storage %+v", st.Relations, st.Storage)
	}
	if st.Networks["db"].IngressAddresses[0] != "10.0.0.1" || !reflect.DeepEqual(st.Networks["public"], DefaultNetwork()) {
		t.Errorf("networks = %+v", st.Networks)
	}

	// A default network ("") answers for every binding: none is added.
	st = &State{Unit: "web/0", Networks: map[string]Network{"": {IngressAddresses: []string{"10.0.0.2"}}}}
	if err := FillFromMetadata(st, m); err != nil || len(st.Networks) != 1 {
		t.Errorf("networks = %+v, %v", st.Networks, err)
	}

	st = &State{Unit: "web/0", Relations: []Relation{{ID: 1, Endpoint: "cache", RemoteApp: "redis"}}}
	if err := FillFromMetadata(st, m); err == nil || !strings.Contains(err.Error(), `relation 1 is on endpoint "cache", which the charm does not declare`) {
		t.Errorf("err = %v", err)
	}
}

func TestJujuMajor(t *testing.T) {
	for v, want := range map[string]int{"3.6.4": 3, "3": 3, "4.0.0": 4, "": 4, "latest": 4} {
		if got := JujuMajor(v); got != want {
			t.Errorf("JujuMajor(%q) = %d, want %d", v, got, want)
		}
	}
	if JujuVersionOf(3) != "3.6.4" || JujuVersionOf(0) != "4.0.0" {
		t.Error("JujuVersionOf")
	}
}
