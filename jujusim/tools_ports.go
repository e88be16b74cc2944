package jujusim

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

const portFormat = "<port>[/<protocol>] or <from>-<to>[/<protocol>] or icmp"

// parsePortRange is core/network ParsePortRange (core/network/portrange.go)
// with PortRange.Validate: "80", "80/tcp", "8000-8080/udp", "icmp"; open-port
// lower-cases its argument first. The texts are Juju's, with one exception:
// Juju's parser accepts port 0 ("bounds must be between 0 and 65535") and
// the simulator does not, since a State holds no port 0.
func parsePortRange(s string) (Port, error) {
	proto := "tcp"
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s, proto = s[:i], s[i+1:]
	}
	var from, to int
	parts := strings.Split(s, "-")
	switch {
	case len(parts) > 2:
		return Port{}, fmt.Errorf("invalid port range %q", s)
	case len(parts) == 1 && parts[0] == "icmp":
		return Port{Protocol: "icmp"}, nil
	case len(parts) == 1:
		n, err := strconv.Atoi(parts[0])
		if err != nil {
			return Port{}, fmt.Errorf("invalid port %q: %v", s, err)
		}
		from, to = n, n
	default:
		var err error
		if from, err = strconv.Atoi(parts[0]); err != nil {
			return Port{}, fmt.Errorf("invalid port %q: %v", parts[0], err)
		}
		if to, err = strconv.Atoi(parts[1]); err != nil {
			return Port{}, fmt.Errorf("invalid port %q: %v", parts[1], err)
		}
	}
	switch proto {
	case "tcp", "udp":
	case "icmp":
		return Port{}, fmt.Errorf("protocol \"icmp\" doesn't support any ports; got \"%d\"", from)
	default:
		return Port{}, fmt.Errorf(`invalid protocol %q, expected "tcp", "udp", or "icmp"`, proto)
	}
	if from > to {
		return Port{}, fmt.Errorf("invalid port range %d-%d/%s", from, to, proto)
	}
	if from < 0 || to > 65535 {
		return Port{}, fmt.Errorf("port range bounds must be between 0 and 65535, got %d-%d", from, to)
	}
	if from == 0 {
		// unverified: Juju accepts port 0 here; the simulator's State
		// cannot hold it.
		return Port{}, fmt.Errorf("port range bounds must be between 1 and 65535, got %d-%d", from, to)
	}
	return Port{Protocol: proto, From: from, To: to}, nil
}

func runOpenPort(a *Agent, c *call) error  { return runPortCommand(a, c, true) }
func runClosePort(a *Agent, c *call) error { return runPortCommand(a, c, false) }

// open-port / close-port <port>[/<protocol>] | <from>-<to>[/<protocol>] | icmp
// [--endpoints ep1,ep2]
//
// Parsing is Init (exit 2); the request is Run, which goes through the hook
// context's port range recorder endpoint by endpoint and stops at the first
// refusal (exit 1), keeping what earlier endpoints recorded
// (jujuc/ports.go makePortRangeCommand).
func runPortCommand(a *Agent, c *call, open bool) error {
	format := c.deprecatedFormatFlag()
	var endpoints string
	c.fs.stringVar(&endpoints, "", "a comma-delimited list of application endpoints to target with this operation", "endpoints")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return initErrorf("no port or range specified")
	}
	port, err := parsePortRange(strings.ToLower(pos[0]))
	if err != nil {
		return initErrorf("%v", err)
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	c.warnDeprecatedFormat(format)
	eps := []string{""}
	if endpoints != "" {
		eps = nil
		for _, ep := range strings.Split(endpoints, ",") {
			eps = append(eps, strings.TrimSpace(ep))
		}
	}
	for _, ep := range eps {
		p := port
		p.Endpoint = ep
		target := "port:" + ep
		if ep == "" {
			target = "port:*"
		}
		a.record(c.name, target, p.String())
		if open {
			err = a.openPortRange(p)
		} else {
			err = a.closePortRange(p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// errPortRangeExists is checkForConflict's AlreadyExists: the request is a
// no-op.
var errPortRangeExists = errors.New("port range already requested")

// openPortRange is the hook context's portRangeChangeRecorder.OpenPortRange
// (internal/worker/uniter/runner/context/ports.go): Kubernetes models take
// single ports only; a pending close of the same range and endpoint is
// cancelled; a range overlapping one requested earlier in the hook, or (on
// a machine) one already open, is refused unless it is the very same range
// (the same endpoint makes it a no-op, another endpoint is allowed).
func (a *Agent) openPortRange(p Port) error {
	if err := a.validatePortRangeForCAAS(p); err != nil {
		return err
	}
	a.cancelPendingPort(false, p)
	if err := a.checkPortConflict(p, a.pendingPorts(true), true); err != nil {
		if errors.Is(err, errPortRangeExists) {
			return nil
		}
		return fmt.Errorf("cannot open %s (unit %q): %w", rangeString(p), a.st.Unit, err)
	}
	if err := a.checkCommittedPorts(p); err != nil {
		if errors.Is(err, errPortRangeExists) {
			return nil
		}
		return fmt.Errorf("cannot open %s (unit %q): %w", rangeString(p), a.st.Unit, err)
	}
	a.pend.ports = append(a.pend.ports, portOp{open: true, port: p})
	return nil
}

// closePortRange is portRangeChangeRecorder.ClosePortRange: as open, but
// an exact match with an open range is what a close is for, and with no
// port open at all the request is dropped.
func (a *Agent) closePortRange(p Port) error {
	if err := a.validatePortRangeForCAAS(p); err != nil {
		return err
	}
	a.cancelPendingPort(true, p)
	if err := a.checkPortConflict(p, a.pendingPorts(false), true); err != nil {
		if errors.Is(err, errPortRangeExists) {
			return nil
		}
		return fmt.Errorf("cannot close %s (unit %q): %w", rangeString(p), a.st.Unit, err)
	}
	if err := a.checkCommittedPorts(p); err != nil && !errors.Is(err, errPortRangeExists) {
		return fmt.Errorf("cannot close %s (unit %q): %w", rangeString(p), a.st.Unit, err)
	}
	// unverified: other units on the machine, whose open ports also make
	// the close count, are not modelled.
	if len(a.st.OpenedPorts) == 0 {
		return nil
	}
	a.pend.ports = append(a.pend.ports, portOp{open: false, port: p})
	return nil
}

// validatePortRangeForCAAS: a Kubernetes model opens single ports only.
// (Older Juju: "port ranges are not supported for CAAS, please specify a
// single port".)
func (a *Agent) validatePortRangeForCAAS(p Port) error {
	if a.st.Model.Type != "caas" || p.From == p.To {
		return nil
	}
	return errors.New("port ranges are not supported for k8s applications, please specify a single port")
}

// pendingPorts returns the ranges this hook has requested to open (or to
// close), with their endpoints.
func (a *Agent) pendingPorts(open bool) []Port {
	var out []Port
	for _, op := range a.pend.ports {
		if op.open == open {
			out = append(out, op.port)
		}
	}
	return out
}

// cancelPendingPort drops a pending request of the other kind for the same
// range and endpoint.
func (a *Agent) cancelPendingPort(open bool, p Port) {
	for i, op := range a.pend.ports {
		if op.open == open && op.port == p {
			a.pend.ports = append(a.pend.ports[:i:i], a.pend.ports[i+1:]...)
			return
		}
	}
}

// checkCommittedPorts checks p against the ranges already open. On a
// machine those are the machine's (this unit's: other units are not
// modelled) and overlaps are conflicts; on Kubernetes the recorder only
// knows the application's ranges and only an exact match (a no-op) counts.
func (a *Agent) checkCommittedPorts(p Port) error {
	if a.st.Model.Type != "caas" {
		return a.checkPortConflict(p, a.st.OpenedPorts, false)
	}
	for _, o := range a.st.OpenedPorts {
		if o == p {
			return errPortRangeExists
		}
	}
	return nil
}

// checkPortConflict is checkForConflict for ranges of this unit: an
// overlapping range is a conflict unless it is the same range, which is a
// no-op for the same endpoint and allowed for another.
func (a *Agent) checkPortConflict(p Port, existing []Port, pending bool) error {
	for _, e := range existing {
		if !portsConflict(p, e) {
			continue
		}
		if sameRange(p, e) {
			if p.Endpoint != e.Endpoint {
				continue
			}
			return errPortRangeExists
		}
		extra := ""
		if pending {
			extra = " requested earlier"
		}
		return fmt.Errorf("port range conflicts with %s (unit %q)%s", rangeString(e), a.st.Unit, extra)
	}
	return nil
}

// portsConflict is core/network PortRange.ConflictsWith.
func portsConflict(p, o Port) bool {
	return p.Protocol == o.Protocol && p.To >= o.From && o.To >= p.From
}

func sameRange(p, o Port) bool {
	return p.Protocol == o.Protocol && p.From == o.From && p.To == o.To
}

// rangeString is core/network PortRange.String (no endpoint).
func rangeString(p Port) string {
	p.Endpoint = ""
	return p.String()
}

// opened-ports [--endpoints] [--format]
func runOpenedPorts(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	var showEndpoints bool
	c.fs.boolVar(&showEndpoints, "display the list of target application endpoints for each port range", "endpoints")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	// Ports opened earlier in this hook are not shown: they are pending
	// (reference §1.2, and the tool's own help text in jujuc/opened-ports.go).
	// unverified: the newest hook context (context/ports.go
	// OpenedUnitPortRanges) merges the pending requests in.
	byRange := map[Port][]string{}
	var ranges []Port
	for _, p := range a.st.OpenedPorts {
		key := Port{Protocol: p.Protocol, From: p.From, To: p.To}
		if _, ok := byRange[key]; !ok {
			ranges = append(ranges, key)
		}
		byRange[key] = append(byRange[key], p.Endpoint)
	}
	// core/network SortPortRanges: by protocol, then from, then to.
	sortPorts(ranges)
	out := make([]string, 0, len(ranges))
	for _, r := range ranges {
		if !showEndpoints {
			out = append(out, r.String())
			continue
		}
		eps := byRange[r]
		descr := ""
		for _, ep := range eps {
			if ep == "" {
				descr = "*"
			}
		}
		if descr == "" {
			sort.Strings(eps)
			descr = strings.Join(eps, ", ")
		}
		out = append(out, fmt.Sprintf("%s (%s)", r, descr))
	}
	return o.write(out)
}
