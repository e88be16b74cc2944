package pebblesim

import (
	"encoding/json"
	"net/http"
	"time"
)

// v1SystemInfo follows canonical/pebble internals/daemon/api.go
// v1SystemInfo.
func v1SystemInfo(s *Server, _ *http.Request, _ map[string]string) response {
	return syncResponse(map[string]any{
		"version": s.version,
		"boot-id": bootID,
	})
}

// v1Health follows internals/daemon/api_health.go: unhealthy (502) when a
// matching check is down; a ready-level query also counts alive checks.
func v1Health(s *Server, r *http.Request, _ map[string]string) response {
	filter, errResp := parseCheckFilter(r.URL.Query())
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	infos := s.checkInfos()
	s.mu.Unlock()
	healthy, status := true, http.StatusOK
	for _, c := range infos {
		if filter.matches(c, true) && c.Status == CheckDown {
			healthy, status = false, http.StatusBadGateway
		}
	}
	return &resp{Type: typeSync, Status: status, Result: map[string]bool{"healthy": healthy}}
}

// warningInfo is the JSON of a warning (internals/daemon/api_warnings.go).
type warningInfo struct {
	Message     string     `json:"message"`
	FirstAdded  time.Time  `json:"first-added"`
	LastAdded   time.Time  `json:"last-added"`
	LastShown   *time.Time `json:"last-shown,omitempty"`
	ExpireAfter string     `json:"expire-after,omitempty"`
	RepeatAfter string     `json:"repeat-after,omitempty"`
}

// v1GetWarnings follows internals/daemon/api_warnings.go: warnings are the
// warning notices; the simulator never raises any unless the state holds
// some, and it does not track which were shown, so "pending" lists all.
func v1GetWarnings(s *Server, r *http.Request, _ map[string]string) response {
	switch sel := r.URL.Query().Get("select"); sel {
	case "", "all", "pending":
	default:
		return badRequest("invalid select parameter: %q", sel)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []warningInfo{}
	for _, n := range s.notices(noticeFilter{types: []string{NoticeWarning}}) {
		out = append(out, warningInfo{
			Message:     n.Key,
			FirstAdded:  n.FirstOccurred,
			LastAdded:   n.LastRepeated,
			ExpireAfter: n.ExpireAfter,
			RepeatAfter: n.RepeatAfter,
		})
	}
	return syncResponse(out)
}

// v1AckWarnings follows internals/daemon/api_warnings.go: it answers the
// number of warnings acknowledged, which the simulator does not track.
func v1AckWarnings(s *Server, r *http.Request, _ map[string]string) response {
	var payload struct {
		Action    string    `json:"action"`
		Timestamp time.Time `json:"timestamp"`
	}
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode request body into warnings operation: %v", err)
	}
	if payload.Action != "okay" {
		return badRequest("unknown warning action %q", payload.Action)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, w := range s.state.Notices {
		if w.Type == NoticeWarning && !w.LastRepeated.After(payload.Timestamp) {
			n++
		}
	}
	return syncResponse(n)
}
