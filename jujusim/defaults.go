package jujusim

import (
	"strconv"
	"strings"
)

// The values a simulated unit gets where a real one would get an address
// from the cloud. They are ops.testing's (scenario/state.py: _DEFAULT_IP,
// Network), from TEST-NET-1 (RFC 5737), so states made by charmgen and by
// ops.testing read alike.
const (
	// DefaultAddress is the unit's address on every binding, and the
	// ingress-address Juju writes into its relation databags.
	DefaultAddress = "192.0.2.0"
	// DefaultSubnet is the egress subnet of every binding (network-get
	// egress-subnets).
	DefaultSubnet = "192.0.2.0/24"
)

// DefaultNetwork returns the network ops.testing gives a binding it has no
// Network for (scenario/state.py Network defaults; mocking.py network_get
// falls back to Network("default")): one interface with DefaultAddress,
// that address as the ingress address and DefaultSubnet as the egress
// subnet.
func DefaultNetwork() Network {
	return Network{
		BindAddresses:    []BindAddress{{Addresses: []Address{{Value: DefaultAddress}}}},
		IngressAddresses: []string{DefaultAddress},
		EgressSubnets:    []string{DefaultSubnet},
	}
}

// JujuUnitData returns the keys Juju itself writes into a unit's databag
// when the unit enters a relation's scope, before any hook of that
// relation runs, with DefaultAddress as the address: ingress-address and
// egress-subnets, and under Juju 3 private-address as well.
//
// Juju 3.6 writes all three (apiserver/facades/agent/uniter/uniter.go,
// EnterScope: private-address and ingress-address are the ingress address,
// egress-subnets the relation's egress CIDRs). Juju 4 keeps only
// ingress-address and egress-subnets (domain/unitstate/types.go
// IngressAddressKey and EgressSubnetsKey, written from
// domain/unitstate/state/relationnetwork.go; charms cannot set them). The
// values are ops.testing's (_DEFAULT_JUJU_DATABAG), which also keeps
// private-address. juju is the Juju major version: 3 or 4 (0 means 4).
func JujuUnitData(juju int) map[string]string {
	d := map[string]string{"ingress-address": DefaultAddress, "egress-subnets": DefaultAddress}
	if juju == 3 {
		d["private-address"] = DefaultAddress
	}
	return d
}

// NewRelation returns a relation as Juju shows it to a unit once every unit
// has entered its scope, with ops.testing's defaults (scenario/state.py
// Relation and PeerRelation): the local unit's databag and each remote
// unit's hold the keys Juju writes (JujuUnitData); the application
// databags are empty. remoteApp is the local application for a peer
// relation. juju is the Juju major version (3 or 4; 0 means 4).
func NewRelation(id int, endpoint, iface, remoteApp string, remoteUnits []string, juju int) Relation {
	r := Relation{
		ID: id, Endpoint: endpoint, Interface: iface, RemoteApp: remoteApp,
		RemoteUnits:   append([]string(nil), remoteUnits...),
		LocalUnitData: JujuUnitData(juju),
	}
	for _, u := range remoteUnits {
		if r.RemoteUnitsData == nil {
			r.RemoteUnitsData = map[string]map[string]string{}
		}
		r.RemoteUnitsData[u] = JujuUnitData(juju)
	}
	return r
}

// The JUJU_VERSION the simulator reports for each Juju major version.
const (
	Juju3Version = "3.6.4"
	Juju4Version = "4.0.0"
)

// JujuVersionOf returns the JUJU_VERSION the simulator reports for a Juju
// major version: Juju3Version for 3, Juju4Version otherwise.
func JujuVersionOf(major int) string {
	if major == 3 {
		return Juju3Version
	}
	return Juju4Version
}

// JujuMajor returns the major version of a JUJU_VERSION such as 3.6.4: 3
// or 4; anything else, the empty string included, reads as 4.
func JujuMajor(version string) int {
	major, _, _ := strings.Cut(version, ".")
	if n, err := strconv.Atoi(major); err == nil && n == 3 {
		return 3
	}
	return 4
}
