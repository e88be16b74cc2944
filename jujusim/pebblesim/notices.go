package pebblesim

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// This file follows canonical/pebble internals/daemon/api_notices.go (the
// notices endpoints) and internals/overlord/state/notices.go (AddNotice,
// filters, the notice JSON).

// requestUID is the UID every request is treated as coming from: root, as a
// charm's requests to Pebble are on Juju.
const requestUID uint32 = 0

// customKeyRegexp is Pebble's check that custom keys look like
// "domain.com/key".
var customKeyRegexp = regexp.MustCompile(
	`^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+(/[a-z0-9]+(-[a-z0-9]+)*)+$`)

const (
	maxNoticeKeyLength       = 256
	maxNoticeDataSize        = 4 * 1024
	defaultNoticeExpireAfter = 7 * 24 * time.Hour
)

// noticeJSON is the JSON of a notice (state/notices.go jsonNotice).
type noticeJSON struct {
	ID            string            `json:"id"`
	UserID        *uint32           `json:"user-id"`
	Type          string            `json:"type"`
	Key           string            `json:"key"`
	FirstOccurred time.Time         `json:"first-occurred"`
	LastOccurred  time.Time         `json:"last-occurred"`
	LastRepeated  time.Time         `json:"last-repeated"`
	Occurrences   int               `json:"occurrences"`
	LastData      map[string]string `json:"last-data,omitempty"`
	RepeatAfter   string            `json:"repeat-after,omitempty"`
	ExpireAfter   string            `json:"expire-after,omitempty"`
}

// noticeToJSON renders a notice as the API does. Notice and noticeJSON
// differ only in their tags (the state's snake_case, the API's kebab-case),
// so the conversion keeps them in step field for field.
func noticeToJSON(n *Notice) noticeJSON { return noticeJSON(*n) }

// addNotice records an occurrence of a notice (Container.AddNotice) at the
// server's clock. The caller holds s.mu.
func (s *Server) addNotice(userID *uint32, typ, key string, data map[string]string, repeatAfter time.Duration) string {
	id := s.state.AddNotice(userID, typ, key, data, repeatAfter, s.nowUTC())
	s.changed()
	return id
}

// AddNotice records an occurrence of a notice at now, as Pebble's
// State.AddNotice does: a new (user, type, key) gets the next ID; a repeat
// counts another occurrence and moves last-repeated when repeatAfter has
// elapsed (or is zero). It returns the notice ID. The simulator calls it
// for the notice behind a pebble-custom-notice event.
func (c *Container) AddNotice(userID *uint32, typ, key string, data map[string]string, repeatAfter time.Duration, now time.Time) string {
	var n *Notice
	for i := range c.Notices {
		m := &c.Notices[i]
		if m.Type == typ && m.Key == key && sameUser(m.UserID, userID) {
			n = m
			break
		}
	}
	if n == nil {
		used := func(id string) bool {
			for _, m := range c.Notices {
				if m.ID == id {
					return true
				}
			}
			return false
		}
		id := nextID(&c.LastNoticeID, used)
		var uid *uint32
		if userID != nil {
			v := *userID
			uid = &v
		}
		c.Notices = append(c.Notices, Notice{
			ID:            id,
			UserID:        uid,
			Type:          typ,
			Key:           key,
			FirstOccurred: now,
			LastRepeated:  now,
			Occurrences:   1,
			ExpireAfter:   defaultNoticeExpireAfter.String(),
		})
		n = &c.Notices[len(c.Notices)-1]
	} else {
		n.Occurrences++
		if repeatAfter == 0 || now.After(n.LastRepeated.Add(repeatAfter)) {
			n.LastRepeated = now
		}
	}
	n.LastOccurred = now
	n.LastData = data
	n.RepeatAfter = ""
	if repeatAfter != 0 {
		n.RepeatAfter = repeatAfter.String()
	}
	return n.ID
}

func sameUser(a, b *uint32) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// findNotice returns the notice with the given ID, or nil. The caller holds
// s.mu.
func (s *Server) findNotice(id string) *Notice {
	for i := range s.state.Notices {
		if s.state.Notices[i].ID == id {
			return &s.state.Notices[i]
		}
	}
	return nil
}

// noticeFilter is Pebble's state.NoticeFilter.
type noticeFilter struct {
	userID *uint32
	types  []string
	keys   []string
	after  time.Time
}

func (f noticeFilter) matches(n *Notice) bool {
	if f.userID != nil && n.UserID != nil && *f.userID != *n.UserID {
		return false
	}
	if len(f.types) > 0 && !slices.Contains(f.types, n.Type) {
		return false
	}
	if len(f.keys) > 0 && !slices.Contains(f.keys, n.Key) {
		return false
	}
	if !f.after.IsZero() && !n.LastRepeated.After(f.after) {
		return false
	}
	return true
}

// notices returns the matching notices ordered by last-repeated time (then
// by ID, so that notices stamped by a fixed clock keep a stable order). The
// caller holds s.mu.
func (s *Server) notices(f noticeFilter) []noticeJSON {
	var ns []*Notice
	for i := range s.state.Notices {
		if f.matches(&s.state.Notices[i]) {
			ns = append(ns, &s.state.Notices[i])
		}
	}
	slices.SortStableFunc(ns, func(a, b *Notice) int {
		if c := a.LastRepeated.Compare(b.LastRepeated); c != 0 {
			return c
		}
		ai, _ := strconv.Atoi(a.ID)
		bi, _ := strconv.Atoi(b.ID)
		return ai - bi
	})
	out := make([]noticeJSON, len(ns)) // [] rather than null when empty
	for i, n := range ns {
		out[i] = noticeToJSON(n)
	}
	return out
}

// v1GetNotices follows api_notices.go v1GetNotices. The filter that selects
// every user's notices is "users=all" in the Pebble ops talks to and
// "select=all" in later ones; both are accepted.
func v1GetNotices(s *Server, r *http.Request, _ map[string]string) response {
	query := r.URL.Query()
	uid := requestUID
	userID := &uid
	if len(query["user-id"]) > 0 {
		// Admin only; every request here is root's.
		ids := multiCommaList(query["user-id"])
		if len(ids) != 1 {
			return badRequest(`invalid "user-id" filter: %v`, errors.New(`must only include one "user-id"`))
		}
		v, err := strconv.ParseInt(ids[0], 10, 64)
		if err != nil {
			return badRequest(`invalid "user-id" filter: %v`, err)
		}
		if v < 0 || v > math.MaxUint32 {
			return badRequest(`invalid "user-id" filter: %v`, fmt.Errorf("user ID is not a valid uint32: %d", v))
		}
		u := uint32(v)
		userID = &u
	}
	for _, param := range []string{"users", "select"} {
		if len(query[param]) == 0 {
			continue
		}
		if len(query["user-id"]) > 0 {
			return badRequest(`cannot use both %q and "user-id" parameters`, param)
		}
		if query.Get(param) != "all" {
			return badRequest(`invalid %q filter: must be "all"`, param)
		}
		userID = nil
	}
	typeStrs := multiCommaList(query["types"])
	var types []string
	for _, t := range typeStrs {
		switch t {
		case NoticeCustom, NoticeChangeUpdate, NoticeWarning:
			types = append(types, t)
		}
		// Unknown types are ignored, so that newer clients still work.
	}
	if len(types) == 0 && len(typeStrs) > 0 {
		// Every requested type is invalid: no notices, not all of them.
		return syncResponse([]noticeJSON{})
	}
	f := noticeFilter{userID: userID, types: types, keys: multiCommaList(query["keys"])}
	if a := query.Get("after"); a != "" {
		t, err := time.Parse(time.RFC3339, a)
		if err != nil {
			return badRequest(`invalid "after" timestamp: %v`, err)
		}
		f.after = t
	}
	timeout, err := parseOptionalDuration(query.Get("timeout"))
	if err != nil {
		return badRequest("invalid timeout: %v", err)
	}
	// Wait for a matching notice; when the timeout elapses the answer is
	// an empty list, not an error.
	var ns []noticeJSON
	if err := s.waitFor(r, timeout, func() bool {
		ns = s.notices(f)
		return len(ns) > 0 || timeout == 0
	}); err == errWaitCancelled {
		return badRequest("request canceled")
	}
	return syncResponse(ns)
}

// v1PostNotices follows api_notices.go v1PostNotices: only custom notices
// may be added, with the requester's UID.
func v1PostNotices(s *Server, r *http.Request, _ map[string]string) response {
	var payload struct {
		Action      string          `json:"action"`
		Type        string          `json:"type"`
		Key         string          `json:"key"`
		RepeatAfter string          `json:"repeat-after"`
		DataJSON    json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode request body: %v", err)
	}
	if payload.Action != "add" {
		return badRequest("invalid action %q", payload.Action)
	}
	if payload.Type != NoticeCustom {
		return badRequest(`invalid type %q (can only add "custom" notices)`, payload.Type)
	}
	if !customKeyRegexp.MatchString(payload.Key) {
		return badRequest(`invalid key %q (must be in "domain.com/key" format)`, payload.Key)
	}
	if len(payload.Key) > maxNoticeKeyLength {
		return badRequest("key must be %d bytes or less", maxNoticeKeyLength)
	}
	repeatAfter, err := parseOptionalDuration(payload.RepeatAfter)
	if err != nil {
		return badRequest("invalid repeat-after: %v", err)
	}
	if len(payload.DataJSON) > maxNoticeDataSize {
		return badRequest("total size of data must be %d bytes or less", maxNoticeDataSize)
	}
	var data map[string]string
	if len(payload.DataJSON) > 0 {
		if err := json.Unmarshal(payload.DataJSON, &data); err != nil {
			return badRequest("cannot decode notice data: %v", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	uid := requestUID
	id := s.addNotice(&uid, NoticeCustom, payload.Key, data, repeatAfter)
	return syncResponse(map[string]string{"id": id})
}

// v1GetNotice follows api_notices.go v1GetNotice. Root may see every notice.
func v1GetNotice(s *Server, _ *http.Request, vars map[string]string) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.findNotice(vars["id"])
	if n == nil {
		return notFound("cannot find notice with ID %q", vars["id"])
	}
	return syncResponse(noticeToJSON(n))
}
