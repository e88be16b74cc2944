package jujusim

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

const portFormat = "<port>[/<protocol>] or <from>-<to>[/<protocol>] or icmp"

// parsePortRange follows core/network ParsePortRange: "80", "80/tcp",
// "8000-8080/udp", "icmp". The input is lower-cased first (as open-port does).
//
// unverified: the exact error texts of core/network's port range parser.
func parsePortRange(s string) (Port, error) {
	orig := s
	proto := "tcp"
	if i := strings.IndexByte(s, '/'); i >= 0 {
		s, proto = s[:i], s[i+1:]
	}
	var from, to int
	parts := strings.Split(s, "-")
	switch {
	case len(parts) > 2:
		return Port{}, fmt.Errorf("invalid port range %q", orig)
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
	if from < 1 || to > 65535 {
		return Port{}, fmt.Errorf("port range bounds must be between 1 and 65535, got %d-%d", from, to)
	}
	return Port{Protocol: proto, From: from, To: to}, nil
}

func runOpenPort(a *Agent, c *call) error  { return runPortCommand(a, c, true) }
func runClosePort(a *Agent, c *call) error { return runPortCommand(a, c, false) }

// open-port / close-port <port>[/<protocol>] | <from>-<to>[/<protocol>] | icmp
// [--endpoints ep1,ep2]
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
		a.pend.ports = append(a.pend.ports, portOp{open: open, port: p})
		target := "port:" + ep
		if ep == "" {
			target = "port:*"
		}
		a.record(c.name, target, p.String())
	}
	return nil
}

// opened-ports [--endpoints] [--format]
func runOpenedPorts(a *Agent, c *call) error {
	c.formatFlag(formatSmart)
	var showEndpoints bool
	c.fs.boolVar(&showEndpoints, "display the list of target application endpoints for each port range", "endpoints")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	// Ports opened earlier in this hook are not shown (they are pending).
	byRange := map[Port][]string{}
	var ranges []Port
	for _, p := range a.st.OpenedPorts {
		key := Port{Protocol: p.Protocol, From: p.From, To: p.To}
		if _, ok := byRange[key]; !ok {
			ranges = append(ranges, key)
		}
		byRange[key] = append(byRange[key], p.Endpoint)
	}
	// unverified: core/network SortPortRanges order; we sort by protocol,
	// then range.
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
	return c.write(out)
}
