package daemon

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/charmgen/charmgen/charm"
)

// Charm-state keys the daemon owns. KV keys are stored as kv.<key>, status
// slots as charmgen.status.<slot>, and charmgen.gen counts the hooks that
// wrote any of them.
const (
	kvPrefix     = "kv."
	statusPrefix = "charmgen.status."
	genKey       = "charmgen.gen"
	maxKVKey     = 256
)

func ownKey(k string) bool {
	return strings.HasPrefix(k, kvPrefix) || strings.HasPrefix(k, statusPrefix) || k == genKey
}

// snapshot is the daemon's namespace of charm state at a generation.
type snapshot struct {
	Gen  int64             `json:"gen"`
	Data map[string]string `json:"data"`
}

// cacheFile is the local cache: the last committed snapshot, and the
// snapshot a hook wrote whose commit by Juju is not yet confirmed.
type cacheFile struct {
	Committed snapshot  `json:"committed"`
	Pending   *snapshot `json:"pending,omitempty"`
}

// store is the unit's KV store and status slots. Juju's charm state is the
// truth: a hook's writes go out with state-set and are committed by Juju
// only when the hook succeeds. The cache (written atomically) lets hooks
// read without hook tools; a pending snapshot is checked against
// state-get (charmgen.gen) by the next hook that touches the store.
type store struct {
	path string

	mu      sync.Mutex
	loaded  bool // cache read from disk (or found missing)
	trusted bool // committed equals Juju's state
	cache   cacheFile
}

// tx is one hook's view of the store.
type tx struct {
	s *store
	c *charm.Context

	mu      sync.Mutex
	base    map[string]string // nil until first use
	changes map[string]*string
}

func (s *store) begin(c *charm.Context) *tx { return &tx{s: s, c: c, changes: map[string]*string{}} }

func (t *tx) load() error {
	if t.base != nil {
		return nil
	}
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.loaded {
		s.loaded = true
		if b, err := os.ReadFile(s.path); err == nil && json.Unmarshal(b, &s.cache) == nil && s.cache.Committed.Data != nil {
			s.trusted = s.cache.Pending == nil
		}
	}
	if !s.trusted {
		st, err := t.c.State()
		if err != nil {
			return fmt.Errorf("reading charm state: %w", err)
		}
		snap := snapshot{Data: map[string]string{}}
		for k, v := range st {
			if ownKey(k) && k != genKey {
				snap.Data[k] = v
			}
		}
		snap.Gen, _ = strconv.ParseInt(st[genKey], 10, 64)
		s.cache = cacheFile{Committed: snap}
		s.trusted = true
		if err := s.writeCache(); err != nil {
			return err
		}
	}
	t.base = make(map[string]string, len(s.cache.Committed.Data))
	for k, v := range s.cache.Committed.Data {
		t.base[k] = v
	}
	return nil
}

func (t *tx) get(key string) (string, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.load(); err != nil {
		return "", false, err
	}
	if v, ok := t.changes[key]; ok {
		if v == nil {
			return "", false, nil
		}
		return *v, true, nil
	}
	v, ok := t.base[key]
	return v, ok, nil
}

func (t *tx) set(key string, value *string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.load(); err != nil {
		return err
	}
	old, had := t.base[key]
	if (value == nil && !had) || (value != nil && had && old == *value) {
		delete(t.changes, key)
		return nil
	}
	t.changes[key] = value
	return nil
}

// list returns the keys with prefix, the prefix removed.
func (t *tx) list(prefix string) (map[string]string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.load(); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range t.base {
		if strings.HasPrefix(k, prefix) {
			out[k[len(prefix):]] = v
		}
	}
	for k, v := range t.changes {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if v == nil {
			delete(out, k[len(prefix):])
		} else {
			out[k[len(prefix):]] = *v
		}
	}
	return out, nil
}

func (t *tx) dirty(prefix string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k := range t.changes {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// commit sends the hook's changes to Juju (state-set, committed by Juju
// with the hook) and records them in the cache as pending.
func (t *tx) commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.changes) == 0 {
		return nil
	}
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	gen := s.cache.Committed.Gen + 1
	kv := map[string]string{genKey: strconv.FormatInt(gen, 10)}
	next := snapshot{Gen: gen, Data: map[string]string{}}
	for k, v := range t.base {
		next.Data[k] = v
	}
	keys := make([]string, 0, len(t.changes))
	for k := range t.changes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := t.changes[k]; v == nil {
			kv[k] = ""
			delete(next.Data, k)
		} else {
			kv[k] = *v
			next.Data[k] = *v
		}
	}
	if err := t.c.SetState(kv); err != nil {
		return fmt.Errorf("writing charm state: %w", err)
	}
	s.cache.Pending = &next
	s.trusted = false
	return s.writeCache()
}

// writeCache writes the cache atomically: a temporary file, fsync, rename,
// fsync of the directory.
func (s *store) writeCache() error {
	b, err := json.Marshal(s.cache)
	if err != nil {
		return err
	}
	return writeFileAtomic(s.path, b, 0o600)
}

func writeFileAtomic(path string, b []byte, mode os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// KV is the unit's key/value store as one hook sees it: reads see the
// hook's own writes; the writes reach Juju's charm state when the hook
// succeeds and are discarded when it fails.
type KV struct{ tx *tx }

func checkKVKey(key string) error {
	if key == "" || len(key) > maxKVKey || strings.ContainsAny(key, "=\x00\n") {
		return fmt.Errorf("invalid key %q: 1-%d characters, no '=' or newline", key, maxKVKey)
	}
	return nil
}

// Get returns a key's value and whether it is set.
func (kv *KV) Get(key string) (string, bool, error) {
	if err := checkKVKey(key); err != nil {
		return "", false, err
	}
	return kv.tx.get(kvPrefix + key)
}

// Set sets a key; an empty value deletes it (charm state keeps no empty
// values).
func (kv *KV) Set(key, value string) error {
	if err := checkKVKey(key); err != nil {
		return err
	}
	if value == "" {
		return kv.tx.set(kvPrefix+key, nil)
	}
	return kv.tx.set(kvPrefix+key, &value)
}

// Delete removes a key.
func (kv *KV) Delete(key string) error {
	if err := checkKVKey(key); err != nil {
		return err
	}
	return kv.tx.set(kvPrefix+key, nil)
}

// List returns every key and value.
func (kv *KV) List() (map[string]string, error) { return kv.tx.list(kvPrefix) }
