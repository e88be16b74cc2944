package daemon

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"

	"github.com/charmgen/charmgen/charm"
)

// stateBackend answers state-get/set/delete from a map, as Juju's
// committed charm state, and counts state-get calls.
type stateBackend struct {
	mu    sync.Mutex
	state map[string]string
	gets  int
}

func (b *stateBackend) Run(_ context.Context, tool string, args []string, stdin []byte) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch tool {
	case "state-get":
		b.gets++
		return json.Marshal(b.state)
	case "state-set":
		var kv map[string]string
		json.Unmarshal(stdin, &kv)
		for k, v := range kv {
			b.state[k] = v
		}
	case "state-delete":
		delete(b.state, args[0])
	}
	return nil, nil
}

// TestStoreCommitAndVerify: a hook's writes are pending in the cache until
// the next hook checks them against Juju's state; writes Juju discarded
// (the hook failed after state-set) are dropped, committed ones kept, and
// a trusted cache serves reads without hook tools.
func TestStoreCommitAndVerify(t *testing.T) {
	path := filepath.Join(t.TempDir(), cacheName)
	juju := &stateBackend{state: map[string]string{"other": "x"}}
	hook := func(s *store) *tx { return s.begin(charm.NewContext(context.Background(), juju, charm.Env{})) }

	s := &store{path: path}
	tx := hook(s)
	kv := &KV{tx: tx}
	kv.Set("a", "1")
	if v, ok, _ := kv.Get("a"); !ok || v != "1" {
		t.Fatalf("read own write: %q %v", v, ok)
	}
	if err := tx.commit(); err != nil {
		t.Fatal(err)
	}
	if juju.state["kv.a"] != "1" || juju.state[genKey] != "1" {
		t.Fatalf("state after commit: %v", juju.state)
	}

	// Juju discards the hook (it failed after the state-set): the next
	// daemon, reading the pending cache, must not keep kv.a.
	discarded := map[string]string{"other": "x"}
	juju.state = discarded
	s2 := &store{path: path}
	if _, ok, _ := (&KV{tx: hook(s2)}).Get("a"); ok {
		t.Error("a write Juju discarded survived in the cache")
	}

	// Committed: a new write is kept after verification, and then served
	// from the cache with no state-get.
	tx = hook(s2)
	(&KV{tx: tx}).Set("b", "2")
	tx.commit()
	s3 := &store{path: path}
	if v, _, _ := (&KV{tx: hook(s3)}).Get("b"); v != "2" {
		t.Errorf("committed write lost after restart: %q", v)
	}
	before := juju.gets
	for range 5 {
		if v, _, _ := (&KV{tx: hook(s3)}).Get("b"); v != "2" {
			t.Fatal("trusted read")
		}
	}
	if juju.gets != before {
		t.Errorf("trusted cache still ran state-get %d times", juju.gets-before)
	}
	// Deleting and a failed hook (no commit) leave the state alone.
	tx = hook(s3)
	(&KV{tx: tx}).Delete("b")
	if _, ok, _ := (&KV{tx: hook(s3)}).Get("b"); !ok {
		t.Error("an uncommitted delete leaked into another hook")
	}
}
