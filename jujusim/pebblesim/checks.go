package pebblesim

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/charm/pebble"
)

// This file follows canonical/pebble internals/daemon/api_checks.go (the
// checks endpoints and their JSON) and internals/overlord/checkstate
// (manager.go PlanChanged, StartChecks, StopChecks, Replan, updateCheckInfo;
// request.go perform-check and recover-check changes). No check is ever
// probed: a running check stays as it started (up) or as the state preset
// it (down).

// checkInfo is the JSON of a check (api_checks.go checkInfo).
type checkInfo struct {
	Name      string `json:"name"`
	Level     string `json:"level,omitempty"`
	Startup   string `json:"startup"`
	Status    string `json:"status"`
	Successes int    `json:"successes"`
	Failures  int    `json:"failures,omitempty"`
	Threshold int    `json:"threshold"`
	ChangeID  string `json:"change-id,omitempty"`
}

// checkInfos lists the checks of the plan with their state, sorted by name
// (checkstate Checks). The caller holds s.mu.
func (s *Server) checkInfos() []checkInfo {
	infos := []checkInfo{}
	if s.plan == nil {
		return infos
	}
	for _, name := range slices.Sorted(maps.Keys(s.state.Checks)) {
		config, ok := s.plan.Checks[name]
		if !ok {
			continue
		}
		st := s.state.Checks[name]
		startup := config.Startup
		if startup == pebble.CheckStartupUnknown {
			startup = pebble.CheckStartupEnabled
		}
		threshold := config.Threshold
		if threshold == 0 {
			threshold = pebble.DefaultCheckThreshold
		}
		infos = append(infos, checkInfo{
			Name:      name,
			Level:     string(config.Level),
			Startup:   string(startup),
			Status:    st.Status,
			Successes: st.Successes,
			Failures:  st.Failures,
			Threshold: threshold,
			ChangeID:  st.ChangeID,
		})
	}
	return infos
}

// v1GetChecks follows api_checks.go v1GetChecks.
func v1GetChecks(s *Server, r *http.Request, _ map[string]string) response {
	filter, errResp := parseCheckFilter(r.URL.Query())
	if errResp != nil {
		return errResp
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.planErr != nil {
		return internalError("%v", s.planErr)
	}
	infos := []checkInfo{}
	for _, info := range s.checkInfos() {
		if filter.matches(info, false) {
			infos = append(infos, info)
		}
	}
	return syncResponse(infos)
}

// checkFilter is the level and names query of GET /v1/checks and GET
// /v1/health.
type checkFilter struct {
	level pebble.CheckLevel
	names []string
}

// parseCheckFilter reads the level and names parameters the way
// api_checks.go v1GetChecks and api_health.go v1Health do: level must be
// empty, "alive" or "ready"; names are comma-separated and may repeat.
func parseCheckFilter(query url.Values) (checkFilter, response) {
	level := pebble.CheckLevel(query.Get("level"))
	switch level {
	case pebble.UnsetLevel, pebble.AliveLevel, pebble.ReadyLevel:
	default:
		return checkFilter{}, badRequest(`level must be "alive" or "ready"`)
	}
	return checkFilter{level: level, names: multiCommaList(query["names"])}, nil
}

// matches reports whether the filter selects the check. With
// readyHasAlive, a ready-level filter also selects alive checks, as the
// health endpoint does (a ready check needs alive checks up too).
func (f checkFilter) matches(info checkInfo, readyHasAlive bool) bool {
	levelMatch := f.level == pebble.UnsetLevel || string(f.level) == info.Level ||
		readyHasAlive && f.level == pebble.ReadyLevel && info.Level == string(pebble.AliveLevel)
	namesMatch := len(f.names) == 0 || slices.Contains(f.names, info.Name)
	return levelMatch && namesMatch
}

// v1PostChecks follows api_checks.go v1PostChecks and checkstate's
// StartChecks and StopChecks: it answers the checks that did change.
func v1PostChecks(s *Server, r *http.Request, _ map[string]string) response {
	var payload struct {
		Action string   `json:"action"`
		Checks []string `json:"checks"`
	}
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode data from request body: %v", err)
	}
	if len(payload.Checks) == 0 {
		return badRequest("must specify checks for %s action", payload.Action)
	}
	if payload.Action != "start" && payload.Action != "stop" {
		return badRequest("invalid action %q", payload.Action)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.planErr != nil {
		return internalError("%v", s.planErr)
	}
	var missing []string
	for _, name := range payload.Checks {
		if _, ok := s.plan.Checks[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return badRequest("cannot %s checks: cannot find checks in plan: %s", payload.Action, strings.Join(missing, ", "))
	}
	changed := []string{}
	for _, name := range payload.Checks {
		st, ok := s.state.Checks[name]
		if !ok {
			continue
		}
		config := s.plan.Checks[name]
		switch {
		case payload.Action == "start" && st.ChangeID == "":
			s.startCheck(name, config)
			changed = append(changed, name)
		case payload.Action == "stop" && st.ChangeID != "":
			s.stopCheck(name, st.ChangeID)
			// The failures stay, so that the state of the check when it
			// was stopped can still be seen.
			s.state.Checks[name] = CheckState{Status: CheckInactive, Failures: st.Failures, Config: config.Copy()}
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	return syncResponse(map[string][]string{"changed": changed})
}

// checkType names the check's type as checkstate's checkType does.
func checkType(config *pebble.Check) string {
	switch {
	case config.HTTP != nil:
		return "HTTP"
	case config.TCP != nil:
		return "TCP"
	case config.Exec != nil:
		return "exec"
	}
	return "<unknown>"
}

// startCheck starts a check: a perform-check change drives it, and it is up
// with one success (request.go performCheckChange, updateCheckInfo). The
// caller holds s.mu.
func (s *Server) startCheck(name string, config *pebble.Check) {
	id := s.checkChange("perform-check", fmt.Sprintf("Perform %s check %q", checkType(config), name), name)
	if s.state.Checks == nil {
		s.state.Checks = map[string]CheckState{}
	}
	s.state.Checks[name] = CheckState{Status: CheckUp, Successes: 1, ChangeID: id, Config: config.Copy()}
}

// checkChange records a running check change: one task, both "Doing". The
// caller holds s.mu.
func (s *Server) checkChange(kind, summary, name string) string {
	task := s.newTask(kind, summary)
	task.Status = ChangeDoing
	id := s.addChange(kind, summary, []Task{task}, ChangeDo, map[string]string{"check-name": name})
	s.setChangeStatus(s.findChange(id), ChangeDoing)
	return id
}

// stopCheck aborts the change driving a check (StopChecks: Change.Abort,
// then SetStatus(AbortStatus)). The caller holds s.mu.
func (s *Server) stopCheck(name, changeID string) {
	ch := s.findChange(changeID)
	if ch == nil {
		return
	}
	for i := range ch.Tasks {
		if ch.Tasks[i].Status == ChangeDoing {
			ch.Tasks[i].Status = ChangeAbort
		}
	}
	s.setChangeStatus(ch, ChangeAbort)
}

// checksPlanChanged follows checkstate's PlanChanged: running checks removed
// from the plan stop; running checks whose configuration changed restart
// (unless they became startup: disabled, which leaves them running); checks
// not running start when their startup allows, and otherwise become
// inactive. The caller holds s.mu.
func (s *Server) checksPlanChanged(p *pebble.Plan) {
	if s.state.Checks == nil {
		s.state.Checks = map[string]CheckState{}
	}
	running := map[string]bool{}
	restart := map[string]bool{}
	for _, name := range slices.Sorted(maps.Keys(s.state.Checks)) {
		st := s.state.Checks[name]
		if st.ChangeID == "" {
			continue
		}
		running[name] = true
		newConfig, inNew := p.Checks[name]
		if inNew {
			if sameCheck(newConfig, st.Config) {
				continue
			}
			old := st.Config
			if newConfig.Startup == pebble.CheckStartupDisabled && old != nil &&
				(old.Startup == pebble.CheckStartupEnabled || old.Startup == pebble.CheckStartupUnknown) {
				continue
			}
			restart[name] = true
		}
		s.stopCheck(name, st.ChangeID)
		delete(s.state.Checks, name)
	}
	for _, name := range slices.Sorted(maps.Keys(p.Checks)) {
		config := p.Checks[name]
		if running[name] && !restart[name] {
			continue
		}
		if restart[name] || config.Startup != pebble.CheckStartupDisabled {
			s.startCheck(name, config)
			continue
		}
		s.state.Checks[name] = CheckState{Status: CheckInactive, Config: config.Copy()}
	}
}

// replanChecks follows checkstate's Replan: checks that are not running and
// not startup: disabled start. The caller holds s.mu.
func (s *Server) replanChecks() {
	for _, name := range slices.Sorted(maps.Keys(s.plan.Checks)) {
		config := s.plan.Checks[name]
		st, ok := s.state.Checks[name]
		if !ok || config.Startup == pebble.CheckStartupDisabled || st.ChangeID != "" {
			continue
		}
		s.startCheck(name, config)
	}
}

// sameCheck reports whether two check configurations are equal. A nil
// recorded configuration never differs.
func sameCheck(config, recorded *pebble.Check) bool {
	if recorded == nil {
		return true
	}
	a, b := config.Copy(), recorded.Copy()
	a.Name, b.Name = "", ""
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}
