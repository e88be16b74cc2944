package charmtest_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
)

// charmcraftYAML is the metadata of the charm the tests run.
const charmcraftYAML = `
name: web
type: charm
title: Web
summary: A web server.
description: Serves pages.
base: ubuntu@24.04
platforms:
  amd64:
parts:
  charm:
    plugin: go
config:
  options:
    port:
      type: int
      default: 8080
      description: Port to serve on.
    motd:
      type: string
      description: Message of the day.
    debug:
      type: boolean
      default: false
      description: Debug logging.
    ratio:
      type: float
      default: 0.5
      description: A ratio.
requires:
  db:
    interface: mysql_client
    limit: 1
provides:
  website:
    interface: http
peers:
  cluster:
    interface: web_peers
containers:
  workload:
    resource: image
resources:
  image:
    type: oci-image
    description: The workload image.
storage:
  data:
    type: filesystem
    location: /srv/data
actions:
  greet:
    description: Greet someone.
    params:
      name:
        type: string
        description: Who to greet.
      times:
        type: integer
        default: 1
        description: How often.
    required: [name]
    additionalProperties: false
  snapshot:
    description: Take a snapshot.
`

// Secret ids used by the states below.
const (
	ownedSecret    = "secret:cpf2m2o1i3cc73d0ag10"
	consumedSecret = "secret:cpf2m2o1i3cc73d0ag20"
)

func loadMeta(t testing.TB) *meta.Charm {
	t.Helper()
	m, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(charmcraftYAML)}, nil)
	if err != nil {
		t.Fatalf("loading the test metadata: %v", err)
	}
	return m
}

// baseState is a leader web/0 with a db relation (two mysql units), a
// peer, an owned and a consumed secret and attached storage.
func baseState(t testing.TB) *jujusim.State {
	st := charmtest.StateFromMetadata(loadMeta(t), "web/0")
	st.Leader = true
	st.Config = map[string]any{"motd": "hello"}
	st.Relations = append(st.Relations,
		jujusim.Relation{
			ID: 3, Endpoint: "db", Interface: "mysql_client", RemoteApp: "mysql",
			RemoteUnits:     []string{"mysql/0", "mysql/1"},
			RemoteAppData:   map[string]string{"endpoints": "10.0.0.9:3306"},
			RemoteUnitsData: map[string]map[string]string{"mysql/0": {"ingress-address": "10.0.0.9"}, "mysql/1": {}},
		})
	st.Relations[0].RemoteUnits = []string{"web/1"} // the cluster peer
	st.Secrets = []jujusim.Secret{
		{ID: ownedSecret, Owner: "application", Label: "admin", Revisions: []jujusim.SecretRevision{
			{Revision: 1, Content: map[string]string{"password": "old-password"}},
			{Revision: 2, Content: map[string]string{"password": "new-password"}},
		}},
		{ID: consumedSecret, Label: "upstream", Revisions: []jujusim.SecretRevision{
			{Revision: 4, Content: map[string]string{"token": "tok-4"}},
		}},
	}
	st.Storage = []jujusim.Storage{{ID: "data/0", Kind: "filesystem", Location: "/srv/data"}}
	return st
}

var dbRel = charm.RelationID{Endpoint: "db", ID: 3}

// reconcile is a holistic charm: whatever the event, it reads all its
// inputs and converges the world on them, comparing before it writes.
func reconcile(c *charm.Context) error {
	cfg, err := c.Config()
	if err != nil {
		return err
	}
	port := int(cfg["port"].(float64))
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	var statuses []charm.Status
	if motd, _ := cfg["motd"].(string); motd == "" {
		statuses = append(statuses, charm.BlockedStatus("set the motd option"))
	}
	rels, err := c.RelationIDs("db")
	if err != nil {
		return err
	}
	if len(rels) == 0 {
		statuses = append(statuses, charm.WaitingStatus("waiting for a database"))
	}
	for _, r := range rels {
		if err := c.SetRelationData(r, false, map[string]string{"port": fmt.Sprint(port)}); err != nil {
			return err
		}
		if leader {
			if err := c.SetRelationData(r, true, map[string]string{"database": "shop"}); err != nil {
				return err
			}
		}
	}
	if leader {
		if _, _, err := c.EnsureSecret(map[string]string{"password": "hunter22"}, charm.SecretOptions{Label: "web-admin"}); err != nil {
			return err
		}
	}
	if err := c.SetPorts(charm.TCP(port)); err != nil {
		return err
	}
	if err := c.SetWorkloadVersion("2.4.1"); err != nil {
		return err
	}
	c.Logger().Info("reconciled", "port", port)
	statuses = append(statuses, charm.ActiveStatus("serving on %d", port))
	return c.ApplyStatuses(statuses, nil)
}

// leaky is not idempotent: it adds a new secret on every hook instead of
// looking for the one it made before.
func leaky(c *charm.Context) error {
	_, err := c.SecretAdd(map[string]string{"password": "hunter22"}, charm.SecretOptions{})
	return err
}

// envRecorder is a charm that records the environment it was given.
type envRecorder struct {
	mu  sync.Mutex
	env charm.Env
}

func (r *envRecorder) run(c *charm.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.env = c.Env()
	return nil
}

// fakeTB captures test failures so tests can check that an assertion
// fails.
type fakeTB struct {
	testing.TB
	mu     sync.Mutex
	failed bool
	msgs   []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failed = true
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Fatalf(format string, args ...any) { f.Errorf(format, args...) }

func (f *fakeTB) Logf(string, ...any) {}

var errBoom = errors.New("boom")
