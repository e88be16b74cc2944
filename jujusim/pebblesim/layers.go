package pebblesim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"net/http"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/charmgen/charmgen/charm/pebble"
)

// This file follows canonical/pebble internals/daemon/api_plan.go (GET
// /v1/plan, POST /v1/layers) and internals/plan/plan.go ParseLayer. Adding a
// layer and combining the stack are charm/pebble's Layers.Add and
// Layers.Plan, which follow Pebble's planstate manager.

// v1GetPlan follows api_plan.go v1GetPlan: the combined plan as YAML.
func v1GetPlan(s *Server, r *http.Request, _ map[string]string) response {
	format := r.URL.Query().Get("format")
	if format != "yaml" {
		return badRequest("invalid format %q", format)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.planErr != nil {
		return internalError("%v", s.planErr)
	}
	out, err := planYAML(s.plan)
	if err != nil {
		return internalError("cannot serialize plan: %v", err)
	}
	return syncResponse(out)
}

// planYAML renders a plan as Pebble does: yaml.v3 Marshal, with durations
// spelled the way Pebble writes them back (time.Duration.String).
func planYAML(p *pebble.Plan) (string, error) {
	q := &pebble.Plan{
		Services:   map[string]*pebble.Service{},
		Checks:     map[string]*pebble.Check{},
		LogTargets: p.LogTargets,
	}
	for name, svc := range p.Services {
		c := svc.Copy()
		c.BackoffDelay = c.BackoffDelay.Normalize()
		c.BackoffLimit = c.BackoffLimit.Normalize()
		c.KillDelay = c.KillDelay.Normalize()
		q.Services[name] = c
	}
	for name, check := range p.Checks {
		c := check.Copy()
		c.Period = c.Period.Normalize()
		c.Timeout = c.Timeout.Normalize()
		q.Checks[name] = c
	}
	data, err := yaml.Marshal(q)
	return string(data), err
}

// v1PostLayers follows api_plan.go v1PostLayers: a parse or validation error
// is "cannot parse layer YAML: ...", a label clash or a plan that does not
// combine is a 400 with the error as it is.
func v1PostLayers(s *Server, r *http.Request, _ map[string]string) response {
	var payload struct {
		Action  string `json:"action"`
		Combine bool   `json:"combine"`
		Label   string `json:"label"`
		Format  string `json:"format"`
		Layer   string `json:"layer"`
	}
	if err := json.NewDecoder(r.Body).Decode(&payload); err != nil {
		return badRequest("cannot decode request body: %v", err)
	}
	if payload.Action != "add" {
		return badRequest("invalid action %q", payload.Action)
	}
	if payload.Label == "" {
		return badRequest("label must be set")
	}
	if payload.Format != "yaml" {
		return badRequest("invalid format %q", payload.Format)
	}
	layer, err := parseLayer(payload.Label, []byte(payload.Layer))
	if err != nil {
		return badRequest("cannot parse layer YAML: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls := s.state.layers()
	if err := ls.Add(layer, payload.Combine); err != nil {
		var exists *pebble.LabelExistsError
		var format *pebble.FormatError
		if errors.As(err, &exists) || errors.As(err, &format) {
			return badRequest("%v", err)
		}
		return internalError("%v", err)
	}
	entries := make([]LayerEntry, len(ls))
	for i, l := range ls {
		entries[i] = LayerEntry{Order: l.Order, Label: l.Label, Layer: l}
	}
	s.state.Layers = entries
	s.refreshPlan()
	if s.plan != nil {
		// The check manager hears of every plan change (planstate's change
		// listeners); the service manager only on replan.
		s.checksPlanChanged(s.plan)
	}
	return syncResponse(true)
}

// parseLayer parses layer YAML as Pebble's plan.ParseLayer does: the top
// level must only hold known sections, each section is decoded with
// KnownFields(true), names are filled in from the map keys, and the layer
// is validated.
func parseLayer(label string, data []byte) (*pebble.Layer, error) {
	layer := &pebble.Layer{Label: label}
	var sections map[string]yaml.Node
	if err := yaml.Unmarshal(data, &sections); err != nil {
		return nil, &pebble.FormatError{Message: fmt.Sprintf("cannot parse layer %q: %v", label, err)}
	}
	targets := map[string]any{
		"summary":     &layer.Summary,
		"description": &layer.Description,
		"services":    &layer.Services,
		"checks":      &layer.Checks,
		"log-targets": &layer.LogTargets,
	}
	// Sorted, so that of several bad sections the same one is reported;
	// Pebble ranges over the map.
	for _, field := range slices.Sorted(maps.Keys(sections)) {
		target, ok := targets[field]
		if !ok {
			return nil, &pebble.FormatError{Message: fmt.Sprintf("cannot parse layer %q: unknown section %q", label, field)}
		}
		// Pebble re-marshals the node so that it can decode it with
		// KnownFields (go-yaml/yaml#460).
		node := sections[field]
		raw, err := yaml.Marshal(&node)
		if err != nil {
			return nil, fmt.Errorf("internal error: cannot marshal %v section: %w", field, err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(target); err != nil {
			return nil, &pebble.FormatError{Message: fmt.Sprintf("cannot parse layer %q section %q: %s", label, field, yamlMessage(err))}
		}
	}
	for name, svc := range layer.Services {
		if svc != nil {
			svc.Name = name
			if f := svc.BackoffFactor; f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0)) {
				// NaN passes Pebble's ">= 1" test but cannot be stored as
				// JSON; refuse it with Pebble's message for a bad factor.
				return nil, &pebble.FormatError{Message: fmt.Sprintf("plan service %q backoff-factor must be 1.0 or greater, not %g", name, *f)}
			}
		}
	}
	for name, check := range layer.Checks {
		if check != nil {
			check.Name = name
		}
	}
	for name, target := range layer.LogTargets {
		if target != nil {
			target.Name = name
		}
	}
	if err := layer.Validate(); err != nil {
		return nil, err
	}
	return layer, nil
}

// pebbleTypeName matches a charm/pebble type name in a yaml.v3 error.
var pebbleTypeName = regexp.MustCompile(`\bpebble\.([A-Z])`)

// yamlMessage returns a yaml.v3 error as Pebble shows it: the Go types it
// names ("type plan.Service", "map[string]*plan.Check") are Pebble's plan
// package types, not charm/pebble's.
func yamlMessage(err error) string {
	return pebbleTypeName.ReplaceAllString(err.Error(), "plan.$1")
}

// refreshPlan recombines the layer stack. The caller holds s.mu.
func (s *Server) refreshPlan() {
	s.plan, s.planErr = s.state.Plan()
	if s.planErr != nil {
		s.plan = nil
	}
}

// prepare brings a loaded state to what a running Pebble with that state
// would hold: the plan combined, started services knowing their
// configuration, and the plan's checks running (or not) with the changes
// that drive them. The caller holds s.mu.
func (s *Server) prepare() {
	s.refreshPlan()
	if s.plan == nil {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(s.state.Services)) {
		st := s.state.Services[name]
		if config, ok := s.plan.Services[name]; ok && st.Config == nil {
			st.Config = config.Copy()
			s.state.Services[name] = st
		}
	}
	if s.state.Checks == nil {
		s.state.Checks = map[string]CheckState{}
	}
	for _, name := range slices.Sorted(maps.Keys(s.state.Checks)) {
		if _, ok := s.plan.Checks[name]; !ok {
			delete(s.state.Checks, name) // Pebble's check manager only knows the plan's checks
		}
	}
	for _, name := range slices.Sorted(maps.Keys(s.plan.Checks)) {
		config := s.plan.Checks[name]
		st, ok := s.state.Checks[name]
		switch {
		case !ok && config.Startup == pebble.CheckStartupDisabled:
			s.state.Checks[name] = CheckState{Status: CheckInactive, Config: config.Copy()}
			continue
		case !ok:
			s.startCheck(name, config)
			continue
		}
		if st.Config == nil {
			st.Config = config.Copy()
		}
		if st.Status != CheckInactive && (st.ChangeID == "" || s.findChange(st.ChangeID) == nil) {
			kind, verb := "perform-check", "Perform"
			if st.Status == CheckDown {
				kind, verb = "recover-check", "Recover"
			}
			st.ChangeID = s.checkChange(kind, fmt.Sprintf("%s %s check %q", verb, checkType(config), name), name)
		}
		if st.Status == CheckInactive {
			st.ChangeID = ""
		}
		s.state.Checks[name] = st
	}
	if len(s.state.Checks) == 0 {
		s.state.Checks = nil
	}
}
