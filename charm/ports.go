package charm

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Port is an opened port or range: Protocol is tcp, udp or icmp; To is 0
// for a single port.
type Port struct {
	Protocol string
	From, To int
}

// TCP returns a single TCP port.
func TCP(port int) Port { return Port{Protocol: "tcp", From: port} }

// UDP returns a single UDP port.
func UDP(port int) Port { return Port{Protocol: "udp", From: port} }

// String renders the port as the hook tools do: 80/tcp, 8000-8080/udp, icmp.
func (p Port) String() string {
	if p.Protocol == "icmp" {
		return "icmp"
	}
	proto := p.Protocol
	if proto == "" {
		proto = "tcp"
	}
	if p.To != 0 && p.To != p.From {
		return fmt.Sprintf("%d-%d/%s", p.From, p.To, proto)
	}
	return fmt.Sprintf("%d/%s", p.From, proto)
}

// ParsePort parses 80, 80/tcp, 8000-8080/udp or icmp.
func ParsePort(s string) (Port, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "icmp" {
		return Port{Protocol: "icmp"}, nil
	}
	num, proto, ok := strings.Cut(s, "/")
	if !ok {
		proto = "tcp"
	}
	if proto != "tcp" && proto != "udp" {
		return Port{}, fmt.Errorf("invalid port %q: protocol must be tcp, udp or icmp", s)
	}
	from, to, isRange := strings.Cut(num, "-")
	p := Port{Protocol: proto}
	var err error
	if p.From, err = strconv.Atoi(from); err != nil || p.From < 1 || p.From > 65535 {
		return Port{}, fmt.Errorf("invalid port %q", s)
	}
	if isRange {
		if p.To, err = strconv.Atoi(to); err != nil || p.To < p.From || p.To > 65535 {
			return Port{}, fmt.Errorf("invalid port range %q", s)
		}
	}
	return p, nil
}

// OpenedPorts lists the ports this unit has open.
func (c *Context) OpenedPorts() ([]Port, error) {
	var raw []string
	if err := c.runJSON(&raw, "opened-ports"); err != nil {
		return nil, err
	}
	out := make([]Port, 0, len(raw))
	for _, s := range raw {
		// With --endpoints Juju appends " (ep1, ep2)"; without it, nothing.
		s, _, _ = strings.Cut(s, " ")
		p, err := ParsePort(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// SetPorts makes exactly ports open: it opens those missing and closes the
// others, and writes nothing when they already match.
func (c *Context) SetPorts(ports ...Port) error {
	cur, err := c.OpenedPorts()
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, p := range ports {
		want[p.String()] = true
	}
	have := map[string]bool{}
	for _, p := range cur {
		have[p.String()] = true
	}
	for _, s := range sortedSet(have) {
		if !want[s] {
			if err := c.write("close-port", nil, s); err != nil {
				return err
			}
		}
	}
	for _, s := range sortedSet(want) {
		if !have[s] {
			if err := c.write("open-port", nil, s); err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
