package pebblesim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/charmgen/charmgen/charm/pebble"
)

// This file follows canonical/pebble internals/daemon/api_services.go (the
// services endpoints, change summaries), internals/overlord/servstate
// (manager.go Services and Replan, handlers.go doStart/doStop and their task
// logs, request.go Start/Stop task sets) and internals/plan/plan.go
// (StartOrder, StopOrder, createLanes).

// serviceInfo is the JSON of a service (api_services.go serviceInfo).
type serviceInfo struct {
	Name         string     `json:"name"`
	Startup      string     `json:"startup"`
	Current      string     `json:"current"`
	CurrentSince *time.Time `json:"current-since,omitempty"`
}

// v1GetServices follows api_services.go v1GetServices and servstate's
// Services: every service of the plan, sorted by name.
func v1GetServices(s *Server, r *http.Request, _ map[string]string) response {
	names := multiCommaList(r.URL.Query()["names"])
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.planErr != nil {
		return internalError("%v", s.planErr)
	}
	infos := []serviceInfo{}
	for _, name := range slices.Sorted(maps.Keys(s.plan.Services)) {
		if len(names) > 0 && !slices.Contains(names, name) {
			continue
		}
		info := serviceInfo{Name: name, Startup: string(pebble.StartupDisabled), Current: StatusInactive}
		if s.plan.Services[name].Startup == pebble.StartupEnabled {
			info.Startup = string(pebble.StartupEnabled)
		}
		if st, ok := s.state.Services[name]; ok {
			info.Current = st.Current
			if !st.Since.IsZero() {
				since := st.Since
				info.CurrentSince = &since
			}
		}
		infos = append(infos, info)
	}
	return syncResponse(infos)
}

// v1GetService and v1PostService are Pebble's placeholders.
func v1GetService(*Server, *http.Request, map[string]string) response {
	return badRequest("not implemented")
}

func v1PostService(*Server, *http.Request, map[string]string) response {
	return badRequest("not implemented")
}

// v1PostServices follows api_services.go v1PostServices. The tasks run at
// once, so the change is Done before the 202 answer leaves.
func v1PostServices(s *Server, r *http.Request, _ map[string]string) response {
	var payload struct {
		Action   string   `json:"action"`
		Services []string `json:"services"`
	}
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode data from request body: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.planErr != nil {
		return internalError("%v", s.planErr)
	}
	p := s.plan
	switch payload.Action {
	case "replan":
		if len(payload.Services) != 0 {
			return badRequest("%s accepts no service names", payload.Action)
		}
	case "autostart":
		if len(payload.Services) != 0 {
			return badRequest("%s accepts no service names", payload.Action)
		}
		services, err := defaultServiceNames(p)
		if err != nil {
			return internalError("%v", err)
		}
		if len(services) == 0 {
			return &resp{
				Type:   typeError,
				Status: http.StatusBadRequest,
				Result: &errorResult{Kind: kindNoDefaultServices, Message: "no default services"},
			}
		}
		payload.Services = services
	default:
		if len(payload.Services) == 0 {
			return badRequest("must specify services for %s action", payload.Action)
		}
	}

	var (
		lanes    [][]string
		services []string
		ops      []serviceOp
		err      error
	)
	switch payload.Action {
	case "start", "autostart":
		lanes, err = startLanes(p, payload.Services)
		ops = laneOps("start", lanes)
	case "stop":
		lanes, err = stopLanes(p, payload.Services)
		ops = laneOps("stop", lanes)
	case "restart":
		lanes, err = stopLanes(p, payload.Services)
		if err != nil {
			break
		}
		lanes = intersectOrdered(payload.Services, lanes)
		ops = laneOps("stop", lanes)
		lanes, err = startLanes(p, payload.Services)
		ops = append(ops, laneOps("start", lanes)...)
	case "replan":
		var stop, start [][]string
		stop, start, err = s.replan(p)
		if err != nil {
			break
		}
		ops = append(laneOps("stop", stop), laneOps("start", start)...)
		replanned := map[string]bool{}
		for _, op := range ops {
			replanned[op.service] = true
		}
		services = slices.Sorted(maps.Keys(replanned))
		payload.Services = services
		// api_services.go: checks are replanned with the services.
		s.replanChecks()
	default:
		return badRequest("invalid action %q", payload.Action)
	}
	if err != nil {
		return badRequest("cannot %s services: %v", payload.Action, err)
	}

	// The summary names the first requested service and counts the
	// resolved ones.
	for _, row := range lanes {
		services = append(services, row...)
	}
	action := strings.ToUpper(payload.Action[:1]) + payload.Action[1:]
	var summary string
	switch {
	case len(ops) == 0:
		// A replan with nothing to do: a change with no tasks, marked Done
		// by hand as Pebble does.
		summary = fmt.Sprintf("%s - no services", action)
		id := s.addChange(payload.Action, summary, nil, ChangeDo, nil)
		s.setChangeStatus(s.findChange(id), ChangeDone)
		return asyncResponse(nil, id)
	case len(services) == 1:
		summary = fmt.Sprintf("%s service %q", action, payload.Services[0])
	default:
		summary = fmt.Sprintf("%s service %q and %d more", action, payload.Services[0], len(services)-1)
	}
	tasks := make([]Task, len(ops))
	for i, op := range ops {
		tasks[i] = s.newTask(op.kind, fmt.Sprintf("%s service %q", strings.ToUpper(op.kind[:1])+op.kind[1:], op.service))
	}
	id := s.addChange(payload.Action, summary, tasks, ChangeDo, nil)
	ch := s.findChange(id)
	ch.ServiceNames = slices.Clone(payload.Services)
	s.setChangeStatus(ch, ChangeDoing)
	for i, op := range ops {
		if msg := s.runServiceOp(op, p); msg != "" {
			ch.Tasks[i].Log = append(ch.Tasks[i].Log, taskLog(s.nowUTC(), "INFO", msg))
		}
	}
	s.finishTasks(ch.Tasks)
	s.setChangeStatus(ch, ChangeDone)
	return asyncResponse(nil, id)
}

// serviceOp is one start or stop task.
type serviceOp struct {
	kind    string // "start" or "stop"
	service string
}

// laneOps lists the tasks for lanes in order (servstate request.go Start and
// Stop make one task per service, lane after lane).
func laneOps(kind string, lanes [][]string) []serviceOp {
	var ops []serviceOp
	for _, lane := range lanes {
		for _, name := range lane {
			ops = append(ops, serviceOp{kind: kind, service: name})
		}
	}
	return ops
}

// runServiceOp starts or stops a service as servstate's doStart and doStop
// do, without a process: starting marks it active with the plan's
// configuration, stopping marks it inactive. It returns the message the
// task logs, if any. The caller holds s.mu.
func (s *Server) runServiceOp(op serviceOp, p *pebble.Plan) string {
	if s.state.Services == nil {
		s.state.Services = map[string]ServiceState{}
	}
	st, known := s.state.Services[op.service]
	now := s.nowUTC()
	switch op.kind {
	case "start":
		config := p.Services[op.service]
		if config == nil {
			return "" // doStart fails "cannot find service in plan"; StartOrder already refused it
		}
		// serviceForStart: the config is refreshed from the plan on every
		// start request, running or not.
		st.Config = config.Copy()
		if known && st.Current == StatusActive {
			s.state.Services[op.service] = st
			return fmt.Sprintf("Service %q already started.", op.service)
		}
		st.Current, st.Since = StatusActive, now
		s.state.Services[op.service] = st
	case "stop":
		if !known {
			return fmt.Sprintf("Service %q has never been started.", op.service)
		}
		switch st.Current {
		case StatusInactive:
			return fmt.Sprintf("Service %q already stopped.", op.service)
		case StatusError:
			st.Current, st.Since = StatusInactive, now
			s.state.Services[op.service] = st
			return fmt.Sprintf("Service %q had already exited.", op.service)
		}
		st.Current, st.Since = StatusInactive, now
		s.state.Services[op.service] = st
	}
	return ""
}

// replan returns the lanes of services to stop and to start, as servstate's
// ServiceManager.Replan does: every service the manager knows whose plan
// configuration differs from the one it started with is stopped and started
// again (its recorded configuration is updated, running or not); every
// startup: enabled service is started (a no-op when active). A known service
// no longer in the plan is also stopped, which Pebble's StopOrder refuses:
// "service %q does not exist". The caller holds s.mu.
func (s *Server) replan(p *pebble.Plan) (stop, start [][]string, err error) {
	needsRestart := map[string]bool{}
	var stopNames []string
	for _, name := range slices.Sorted(maps.Keys(s.state.Services)) {
		st := s.state.Services[name]
		if config, ok := p.Services[name]; ok {
			if sameService(config, st.Config) {
				continue
			}
			st.Config = config.Copy()
			s.state.Services[name] = st
		}
		needsRestart[name] = true
		stopNames = append(stopNames, name)
	}
	var startNames []string
	for _, name := range slices.Sorted(maps.Keys(p.Services)) {
		if needsRestart[name] || p.Services[name].Startup == pebble.StartupEnabled {
			startNames = append(startNames, name)
		}
	}
	if stop, err = stopLanes(p, stopNames); err != nil {
		return nil, nil, err
	}
	if start, err = startLanes(p, startNames); err != nil {
		return nil, nil, err
	}
	return stop, start, nil
}

// sameService reports whether two service configurations are equal, as
// plan.Service.Equal does. A nil recorded configuration never differs.
func sameService(config, recorded *pebble.Service) bool {
	if recorded == nil {
		return true
	}
	// JSON holds everything that is configuration (the name is the map key
	// and is left out), and makes nil and empty lists compare equal, which
	// they are once a state has been saved and loaded.
	a, errA := json.Marshal(config)
	b, errB := json.Marshal(recorded)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// defaultServiceNames returns the startup: enabled services in start order,
// lane after lane (servstate manager.go DefaultServiceNames).
func defaultServiceNames(p *pebble.Plan) ([]string, error) {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(p.Services)) {
		if p.Services[name].Startup == pebble.StartupEnabled {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	lanes, err := startLanes(p, names)
	if err != nil {
		return nil, err
	}
	var result []string
	for _, lane := range lanes {
		result = append(result, lane...)
	}
	return result, nil
}

// startLanes returns the services to start for names, dependencies first,
// in lanes (plan.go Plan.StartOrder and createLanes).
func startLanes(p *pebble.Plan, names []string) ([][]string, error) {
	order, err := p.StartOrder(names)
	if err != nil {
		return nil, err
	}
	return createLanes(order, p.Services), nil
}

// stopLanes returns the services to stop for names, dependants first, in
// lanes (plan.go Plan.StopOrder). Pebble orders a stop like a start over the
// reversed graph: what requires a service must stop with it, and before and
// after swap. charm/pebble only orders starts, so the reversed graph is
// built here and ordered by it.
func stopLanes(p *pebble.Plan, names []string) ([][]string, error) {
	reversed := &pebble.Plan{Services: map[string]*pebble.Service{}}
	for name, svc := range p.Services {
		reversed.Services[name] = &pebble.Service{Name: name, After: svc.Before, Before: svc.After}
	}
	for _, name := range slices.Sorted(maps.Keys(p.Services)) {
		for _, req := range p.Services[name].Requires {
			if r, ok := reversed.Services[req]; ok {
				r.Requires = append(r.Requires, name)
			}
		}
	}
	order, err := reversed.StartOrder(names)
	if err != nil {
		return nil, err
	}
	return createLanes(order, p.Services), nil
}

// createLanes puts ordered services into lanes: a service shares the lane of
// the services it requires (plan.go createLanes).
func createLanes(names []string, services map[string]*pebble.Service) [][]string {
	laneOf := map[string]int{}
	assign := func(name string, lane int) {
		laneOf[name] = lane
		for _, dep := range services[name].Requires {
			laneOf[dep] = lane
		}
	}
	lane, maxLane := -1, 0
	for _, name := range names {
		l, ok := laneOf[name]
		if !ok {
			for _, dep := range services[name].Requires {
				if dl, found := laneOf[dep]; found {
					l, ok = dl, true
					break
				}
			}
		}
		if !ok {
			l = lane + 1
		}
		assign(name, l)
		lane = l
		maxLane = max(maxLane, l)
	}
	lanes := make([][]string, maxLane+1)
	for _, name := range names {
		lanes[laneOf[name]] = append(lanes[laneOf[name]], name)
	}
	return lanes
}

// intersectOrdered keeps the services of orderedRight that are in left, in
// orderedRight's order (api_services.go intersectOrdered).
func intersectOrdered(left []string, orderedRight [][]string) [][]string {
	var out [][]string
	for _, lane := range orderedRight {
		var keep []string
		for _, v := range lane {
			if slices.Contains(left, v) {
				keep = append(keep, v)
			}
		}
		if len(keep) > 0 {
			out = append(out, keep)
		}
	}
	return out
}

// v1PostSignals follows internals/daemon/api_signals.go and servstate's
// SendSignal: every named service must be running; the signal is recorded
// in ServiceState.Signals.
func v1PostSignals(s *Server, r *http.Request, _ map[string]string) response {
	var payload struct {
		Signal   string   `json:"signal"`
		Services []string `json:"services"`
	}
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode request body: %v", err)
	}
	if len(payload.Services) == 0 {
		return badRequest("must specify one or more services")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []string
	for _, name := range payload.Services {
		st, ok := s.state.Services[name]
		if !ok || (st.Current != StatusActive && st.Current != StatusBackoff) {
			errs = append(errs, fmt.Sprintf("cannot send signal to %q: service is not running", name))
			continue
		}
		if !validSignal(payload.Signal) {
			errs = append(errs, fmt.Sprintf("cannot send signal to %q: invalid signal name %q", name, payload.Signal))
			continue
		}
		st.Signals = append(st.Signals, payload.Signal)
		s.state.Services[name] = st
	}
	if len(errs) > 0 {
		return internalError("%s", strings.Join(errs, "; "))
	}
	return syncResponse(true)
}

// validSignal reports whether name is a Linux signal name, as
// unix.SignalNum accepts them.
func validSignal(name string) bool {
	switch name {
	case "SIGABRT", "SIGALRM", "SIGBUS", "SIGCHLD", "SIGCONT", "SIGFPE", "SIGHUP", "SIGILL",
		"SIGINT", "SIGIO", "SIGIOT", "SIGKILL", "SIGPIPE", "SIGPOLL", "SIGPROF", "SIGPWR",
		"SIGQUIT", "SIGSEGV", "SIGSTKFLT", "SIGSTOP", "SIGSYS", "SIGTERM", "SIGTRAP", "SIGTSTP",
		"SIGTTIN", "SIGTTOU", "SIGURG", "SIGUSR1", "SIGUSR2", "SIGVTALRM", "SIGWINCH", "SIGXCPU",
		"SIGXFSZ":
		return true
	}
	return false
}
