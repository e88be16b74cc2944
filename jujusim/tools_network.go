package jujusim

import (
	"errors"
	"fmt"
)

// network-get <binding> [--bind-address] [--ingress-address]
// [--egress-subnets] [--primary-address] [-r ID] [--format]
func runNetworkGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	var primary, bind, ingress, egress bool
	c.fs.boolVar(&primary, "(deprecated) get the primary address for the binding", "primary-address")
	c.fs.boolVar(&bind, "get the address for the binding on which the unit should listen", "bind-address")
	c.fs.boolVar(&ingress, "get the ingress address for the binding", "ingress-address")
	c.fs.boolVar(&egress, "get the egress subnets for the binding", "egress-subnets")
	// The relation is validated, but networks are not modelled per relation.
	c.relationFlag()
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("no arguments specified")
	}
	binding := pos[0]
	if binding == "" {
		return initErrorf("no binding name specified")
	}
	var keys []string
	if bind {
		keys = append(keys, "bind-address")
	}
	if ingress {
		keys = append(keys, "ingress-address")
	}
	if egress {
		keys = append(keys, "egress-subnets")
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	ni, ok := a.st.Networks[binding]
	if !ok {
		ni, ok = a.st.Networks[""]
	}
	if !ok || len(ni.BindAddresses) == 0 {
		return fmt.Errorf("no network config found for binding %q", binding)
	}
	if !primary && len(keys) == 0 {
		return o.write(networkDisplay(ni, c.format))
	}
	noAddr := fmt.Errorf("no addresses attached to space for binding %q", binding)
	if primary {
		if bind || ingress || egress {
			return errors.New("--primary-address must be the only flag specified")
		}
		if len(ni.BindAddresses[0].Addresses) == 0 {
			return noAddr
		}
		return o.write(ni.BindAddresses[0].Addresses[0].Value)
	}
	values := map[string]any{}
	if egress {
		values["egress-subnets"] = append([]string{}, ni.EgressSubnets...)
	}
	if ingress {
		switch {
		case len(ni.IngressAddresses) > 0:
			values["ingress-address"] = ni.IngressAddresses[0]
		case len(ni.BindAddresses[0].Addresses) > 0:
			values["ingress-address"] = ni.BindAddresses[0].Addresses[0].Value
		default:
			return noAddr
		}
	}
	if bind {
		if len(ni.BindAddresses[0].Addresses) == 0 {
			return noAddr
		}
		values["bind-address"] = ni.BindAddresses[0].Addresses[0].Value
	}
	if len(keys) == 1 {
		return o.write(values[keys[0]])
	}
	return o.write(values)
}

// networkDisplay builds network-get's full output. YAML also carries the
// legacy duplicate keys (macaddress, interfacename, address); JSON omits
// them. Empty lists are omitted.
func networkDisplay(ni Network, format string) omap {
	yaml := format != formatJSON
	var out omap
	if len(ni.BindAddresses) > 0 {
		var infos []any
		for _, b := range ni.BindAddresses {
			addrs := []any{}
			for _, ad := range b.Addresses {
				m := omap{{"hostname", ad.Hostname}, {"value", ad.Value}, {"cidr", ad.CIDR}}
				if yaml {
					m = append(m, kv{"address", ad.Value})
				}
				addrs = append(addrs, m)
			}
			m := omap{{"mac-address", b.MACAddress}, {"interface-name", b.InterfaceName}, {"addresses", addrs}}
			if yaml {
				m = append(m, kv{"macaddress", b.MACAddress}, kv{"interfacename", b.InterfaceName})
			}
			infos = append(infos, m)
		}
		out = append(out, kv{"bind-addresses", infos})
	}
	if len(ni.EgressSubnets) > 0 {
		out = append(out, kv{"egress-subnets", append([]string{}, ni.EgressSubnets...)})
	}
	if len(ni.IngressAddresses) > 0 {
		out = append(out, kv{"ingress-addresses", append([]string{}, ni.IngressAddresses...)})
	}
	if out == nil {
		out = omap{}
	}
	return out
}

// unit-get private-address|public-address [--format]
func runUnitGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		// unverified: unit-get's text when no setting is given.
		return initErrorf("no setting specified")
	}
	key := pos[0]
	if key != "private-address" && key != "public-address" {
		return initErrorf("unknown setting %q", key)
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	addr := a.st.PublicAddress
	if key == "private-address" {
		addr = a.st.PrivateAddress
	}
	if addr == "" {
		// Fall back to the default binding's first address, as Juju derives
		// private-address from the default binding's network info.
		if ni, ok := a.st.Networks[""]; ok && len(ni.BindAddresses) > 0 && len(ni.BindAddresses[0].Addresses) > 0 {
			addr = ni.BindAddresses[0].Addresses[0].Value
		}
	}
	if addr == "" {
		// unverified: the error text when the unit has no such address.
		return fmt.Errorf("%s not found", key)
	}
	return o.write(addr)
}
