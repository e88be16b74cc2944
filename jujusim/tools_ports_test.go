package jujusim

import (
	"reflect"
	"testing"
)

func TestPortTools(t *testing.T) {
	runCases(t, []toolCase{
		{name: "open", tool: "open-port", args: args("8080/TCP")},
		{name: "open range udp", tool: "open-port", args: args("1000-2000/udp", "--endpoints", "a,b")},
		{name: "open icmp", tool: "open-port", args: args("icmp")},
		{name: "open none", tool: "open-port", stderr: "ERROR no port or range specified\n", code: 2},
		{name: "open bad port", tool: "open-port", args: args("http"),
			stderr: "ERROR invalid port \"http\": strconv.Atoi: parsing \"http\": invalid syntax\n", code: 2},
		{name: "open bad protocol", tool: "open-port", args: args("80/sctp"),
			stderr: "ERROR invalid protocol \"sctp\", expected \"tcp\", \"udp\", or \"icmp\"\n", code: 2},
		{name: "open reversed", tool: "open-port", args: args("90-80"),
			stderr: "ERROR invalid port range 90-80/tcp\n", code: 2},
		{name: "open extra", tool: "open-port", args: args("80", "81"), stderr: "ERROR unrecognized args: [\"81\"]\n", code: 2},
		{name: "close", tool: "close-port", args: args("80")},
		{name: "opened", tool: "opened-ports", stdout: "80/tcp\n443/tcp\n1000-2000/udp\n"},
		{name: "opened endpoints", tool: "opened-ports", args: args("--endpoints"),
			stdout: "80/tcp (*)\n443/tcp (website)\n1000-2000/udp (api, dmz)\n"},
		{name: "opened json", tool: "opened-ports", args: args("--format=json"), stdout: "[\"80/tcp\",\"443/tcp\",\"1000-2000/udp\"]\n"},
		{name: "opened hides pending", before: []string{"open-port 9000"}, tool: "opened-ports", args: args("--format=json"),
			stdout: "[\"80/tcp\",\"443/tcp\",\"1000-2000/udp\"]\n"},
		{name: "opened none", setup: func(s *State) { s.OpenedPorts = nil }, tool: "opened-ports"},
	})
}

func TestPortsCommit(t *testing.T) {
	a := newTestAgent(t, baseState(), HookContext{Hook: "start"})
	run(a, "open-port 9000-9001", "")
	run(a, "close-port 80", "")
	run(a, "close-port 1000-2000/udp", "")
	run(a, "open-port icmp --endpoints dmz", "")
	if err := a.Finish(0); err != nil {
		t.Fatal(err)
	}
	want := []Port{{Protocol: "icmp", Endpoint: "dmz"}, {Protocol: "tcp", From: 443, To: 443, Endpoint: "website"}, {Protocol: "tcp", From: 9000, To: 9001}}
	if got := a.State().OpenedPorts; !reflect.DeepEqual(got, want) {
		t.Errorf("ports:\n got %+v\nwant %+v", got, want)
	}
	wantWrites := []Write{
		{"open-port", "port:*", "9000-9001/tcp"}, {"close-port", "port:*", "80/tcp"},
		{"close-port", "port:*", "1000-2000/udp"}, {"open-port", "port:dmz", "icmp"},
	}
	if !reflect.DeepEqual(a.Writes(), wantWrites) {
		t.Errorf("writes %+v", a.Writes())
	}
}

func TestNetworkTools(t *testing.T) {
	runCases(t, []toolCase{
		{name: "full yaml", tool: "network-get", args: args("db"),
			stdout: "bind-addresses:\n- mac-address: 00:16:3e:00:00:01\n  interface-name: eth0\n  addresses:\n  - hostname: \"\"\n    value: 10.0.0.1\n    cidr: 10.0.0.0/24\n    address: 10.0.0.1\n  macaddress: 00:16:3e:00:00:01\n  interfacename: eth0\negress-subnets:\n- 10.0.0.0/24\ningress-addresses:\n- 10.0.0.1\n"},
		{name: "full json", tool: "network-get", args: args("db", "--format=json"),
			stdout: `{"bind-addresses":[{"mac-address":"00:16:3e:00:00:01","interface-name":"eth0","addresses":[{"hostname":"","value":"10.0.0.1","cidr":"10.0.0.0/24"}]}],"egress-subnets":["10.0.0.0/24"],"ingress-addresses":["10.0.0.1"]}` + "\n"},
		{name: "ingress", tool: "network-get", args: args("db", "--ingress-address"), stdout: "10.0.0.1\n"},
		{name: "egress", tool: "network-get", args: args("db", "--egress-subnets"), stdout: "10.0.0.0/24\n"},
		{name: "two keys", tool: "network-get", args: args("db", "--bind-address", "--ingress-address"),
			stdout: "bind-address: 10.0.0.1\ningress-address: 10.0.0.1\n"},
		{name: "primary", tool: "network-get", args: args("db", "--primary-address"), stdout: "10.0.0.1\n"},
		{name: "primary not alone", tool: "network-get", args: args("db", "--primary-address", "--bind-address"),
			stderr: "ERROR --primary-address must be the only flag specified\n", code: 1},
		{name: "no args", tool: "network-get", stderr: "ERROR no arguments specified\n", code: 2},
		{name: "unknown binding", tool: "network-get", args: args("website"),
			stderr: "ERROR no network config found for binding \"website\"\n", code: 1},
		{name: "relation validated", tool: "network-get", args: args("db", "-r", "5"),
			stderr: "ERROR invalid value \"5\" for option -r: relation not found\n", code: 2},
		{name: "unit-get public", tool: "unit-get", args: args("public-address"), stdout: "203.0.113.7\n"},
		{name: "unit-get private missing", tool: "unit-get", args: args("private-address"),
			stderr: "ERROR private-address not found\n", code: 1},
		{name: "unit-get unknown", tool: "unit-get", args: args("hostname"), stderr: "ERROR unknown setting \"hostname\"\n", code: 2},
	})
}
