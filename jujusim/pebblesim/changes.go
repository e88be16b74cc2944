package pebblesim

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file follows canonical/pebble internals/daemon/api_changes.go (the
// change and task JSON, the changes endpoints) and
// internals/overlord/state/change.go and task.go (statuses, readiness,
// errors, task logs, change-update notices).

// changeInfo is the JSON of a change (api_changes.go changeInfo).
type changeInfo struct {
	ID        string                     `json:"id"`
	Kind      string                     `json:"kind"`
	Summary   string                     `json:"summary"`
	Status    string                     `json:"status"`
	Tasks     []*taskInfo                `json:"tasks,omitempty"`
	Ready     bool                       `json:"ready"`
	Err       string                     `json:"err,omitempty"`
	SpawnTime time.Time                  `json:"spawn-time,omitempty"`
	ReadyTime *time.Time                 `json:"ready-time,omitempty"`
	Data      map[string]json.RawMessage `json:"data,omitempty"`
}

// taskInfo is the JSON of a task (api_changes.go taskInfo).
type taskInfo struct {
	ID        string                     `json:"id"`
	Kind      string                     `json:"kind"`
	Summary   string                     `json:"summary"`
	Status    string                     `json:"status"`
	Log       []string                   `json:"log,omitempty"`
	Progress  taskInfoProgress           `json:"progress"`
	SpawnTime time.Time                  `json:"spawn-time,omitempty"`
	ReadyTime *time.Time                 `json:"ready-time,omitempty"`
	Data      map[string]json.RawMessage `json:"data,omitempty"`
}

type taskInfoProgress struct {
	Label string `json:"label"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// changeToInfo renders a change as Pebble's change2changeInfo does.
func changeToInfo(ch *Change) *changeInfo {
	info := &changeInfo{
		ID:        ch.ID,
		Kind:      ch.Kind,
		Summary:   ch.Summary,
		Status:    ch.Status,
		Ready:     ch.Ready(),
		Err:       ch.Err(),
		SpawnTime: ch.SpawnTime,
		Tasks:     make([]*taskInfo, len(ch.Tasks)),
	}
	if !ch.ReadyTime.IsZero() {
		t := ch.ReadyTime
		info.ReadyTime = &t
	}
	for i, t := range ch.Tasks {
		// Task.Progress: without explicit progress, 0/1 while "Do" and 1/1
		// otherwise.
		done := 1
		if t.Status == ChangeDo {
			done = 0
		}
		ti := &taskInfo{
			ID:        t.ID,
			Kind:      t.Kind,
			Summary:   t.Summary,
			Status:    t.Status,
			Log:       t.Log,
			Progress:  taskInfoProgress{Done: done, Total: 1},
			SpawnTime: t.SpawnTime,
		}
		if !t.ReadyTime.IsZero() {
			rt := t.ReadyTime
			ti.ReadyTime = &rt
		}
		if t.ExitCode != nil {
			// cmdstate/handlers.go setExitCode: api-data {"exit-code": N}.
			ti.Data = map[string]json.RawMessage{"exit-code": json.RawMessage(strconv.Itoa(*t.ExitCode))}
		}
		info.Tasks[i] = ti
	}
	return info
}

// logError returns the message of an ERROR task log line (Pebble's
// stripErrorMsg).
func logError(line string) (string, bool) {
	i := strings.Index(line, " ")
	if i >= 0 && strings.HasPrefix(line[i:], " ERROR ") {
		return line[i+len(" ERROR "):], true
	}
	return "", false
}

// taskLog formats a task log line as Pebble's Task.addLog: RFC 3339 time,
// kind ("INFO" or "ERROR"), message.
func taskLog(now time.Time, kind, msg string) string {
	return now.Format(time.RFC3339) + " " + kind + " " + msg
}

// findChange returns a pointer to the change with the given ID, or nil. The
// caller holds s.mu.
func (s *Server) findChange(id string) *Change {
	for i := range s.state.Changes {
		if s.state.Changes[i].ID == id {
			return &s.state.Changes[i]
		}
	}
	return nil
}

// findTask returns the change and index of the task with the given ID. The
// caller holds s.mu.
func (s *Server) findTask(id string) (*Change, int) {
	for i := range s.state.Changes {
		for j := range s.state.Changes[i].Tasks {
			if s.state.Changes[i].Tasks[j].ID == id {
				return &s.state.Changes[i], j
			}
		}
	}
	return nil, -1
}

// newTask returns a task with a fresh ID in status "Do". The caller holds
// s.mu.
func (s *Server) newTask(kind, summary string) Task {
	id := nextID(&s.state.LastTaskID, func(id string) bool {
		ch, _ := s.findTask(id)
		return ch != nil
	})
	return Task{ID: id, Kind: kind, Summary: summary, Status: ChangeDo, SpawnTime: s.nowUTC()}
}

// addChange records a new change holding tasks and its first change-update
// notice, and returns its ID. The caller holds s.mu.
func (s *Server) addChange(kind, summary string, tasks []Task, status string, noticeData map[string]string) string {
	id := nextID(&s.state.LastChangeID, func(id string) bool { return s.findChange(id) != nil })
	ch := Change{ID: id, Kind: kind, Summary: summary, Status: status, SpawnTime: s.nowUTC(), Tasks: tasks}
	if noticeData != nil {
		ch.CheckName = noticeData["check-name"]
	}
	s.state.Changes = append(s.state.Changes, ch)
	s.changeNotice(&s.state.Changes[len(s.state.Changes)-1])
	return id
}

// setChangeStatus moves a change to status, stamping the ready time and
// recording a change-update notice as Pebble's Change.SetStatus does. The
// caller holds s.mu.
func (s *Server) setChangeStatus(ch *Change, status string) {
	if ch.Status == status {
		return
	}
	ch.Status = status
	if ch.Ready() && ch.ReadyTime.IsZero() {
		ch.ReadyTime = s.nowUTC()
	}
	s.changeNotice(ch)
	s.changed()
}

// changeNotice records an occurrence of the change's change-update notice:
// public, keyed by the change ID, with the change kind (and check name) as
// data (state/change.go addNotice).
func (s *Server) changeNotice(ch *Change) {
	data := map[string]string{"kind": ch.Kind}
	if ch.CheckName != "" {
		data["check-name"] = ch.CheckName
	}
	s.addNotice(nil, NoticeChangeUpdate, ch.ID, data, 0)
}

// finishTasks marks every task of a change done at once (the simulator's
// service tasks finish as soon as they are created).
func (s *Server) finishTasks(tasks []Task) {
	now := s.nowUTC()
	for i := range tasks {
		tasks[i].Status = ChangeDone
		tasks[i].ReadyTime = now
	}
}

// v1GetChanges follows api_changes.go v1GetChanges. Changes are listed by
// ascending ID (Pebble lists them in map order).
func v1GetChanges(s *Server, r *http.Request, _ map[string]string) response {
	query := r.URL.Query()
	sel := query.Get("select")
	if sel == "" {
		sel = "in-progress"
	}
	var filter func(*Change) bool
	switch sel {
	case "all":
		filter = func(*Change) bool { return true }
	case "in-progress":
		filter = func(ch *Change) bool { return !ch.Ready() }
	case "ready":
		filter = func(ch *Change) bool { return ch.Ready() }
	default:
		return badRequest("select should be one of: all,in-progress,ready")
	}
	if wanted := query.Get("for"); wanted != "" {
		outer := filter
		filter = func(ch *Change) bool {
			return outer(ch) && slices.Contains(ch.ServiceNames, wanted)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	infos := make([]*changeInfo, 0, len(s.state.Changes))
	for i := range s.state.Changes {
		if filter(&s.state.Changes[i]) {
			infos = append(infos, changeToInfo(&s.state.Changes[i]))
		}
	}
	return syncResponse(infos)
}

// v1GetChange follows api_changes.go v1GetChange.
func v1GetChange(s *Server, _ *http.Request, vars map[string]string) response {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.findChange(vars["id"])
	if ch == nil {
		return notFound("cannot find change with id %q", vars["id"])
	}
	return syncResponse(changeToInfo(ch))
}

// v1GetChangeWait follows api_changes.go v1GetChangeWait: it waits until the
// change is ready, the timeout elapses (504) or the request goes away.
func v1GetChangeWait(s *Server, r *http.Request, vars map[string]string) response {
	id := vars["id"]
	s.mu.Lock()
	exists := s.findChange(id) != nil
	s.mu.Unlock()
	if !exists {
		return notFound("cannot find change with id %q", id)
	}
	timeout, err := parseOptionalDuration(r.URL.Query().Get("timeout"))
	if err != nil {
		return badRequest("invalid timeout: %v", err)
	}
	var info *changeInfo
	err = s.waitFor(r, timeout, func() bool {
		if ch := s.findChange(id); ch.Ready() {
			info = changeToInfo(ch)
			return true
		}
		return false
	})
	switch err {
	case errWaitTimeout:
		return errorResponse(http.StatusGatewayTimeout, "timed out waiting for change after %s", timeout)
	case errWaitCancelled:
		return internalError("request cancelled")
	}
	return syncResponse(info)
}

// v1PostChange follows api_changes.go v1PostChange (abort). Only a running
// exec can still be aborted in the simulator; aborting it ends it at once.
func v1PostChange(s *Server, r *http.Request, vars map[string]string) response {
	id := vars["id"]
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.findChange(id)
	if ch == nil {
		return notFound("cannot find change with id %q", id)
	}
	var payload struct {
		Action string `json:"action"`
	}
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode data from request body: %v", err)
	}
	if payload.Action != "abort" {
		return badRequest("change action %q is unsupported", payload.Action)
	}
	if ch.Ready() {
		return badRequest("cannot abort change %s with nothing pending", id)
	}
	// Change.Abort: tasks not started are held, running ones aborted.
	now := s.nowUTC()
	for i := range ch.Tasks {
		t := &ch.Tasks[i]
		switch t.Status {
		case ChangeDo:
			t.Status = ChangeHold
			t.ReadyTime = now
		case ChangeDoing:
			t.Status = ChangeAbort
		}
	}
	for _, t := range ch.Tasks {
		if e := s.execs[t.ID]; e != nil {
			e.abort()
		}
	}
	status := ChangeHold
	for _, t := range ch.Tasks {
		if t.Status == ChangeAbort {
			status = ChangeAbort
		}
	}
	s.setChangeStatus(ch, status)
	return syncResponse(changeToInfo(ch))
}
