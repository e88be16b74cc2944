package jujusim

import "testing"

func TestConfigGet(t *testing.T) {
	runCases(t, []toolCase{
		{name: "all set or defaulted", tool: "config-get",
			stdout: "debug: true\nname: web\nport: 8080\nratio: 1.5\n"},
		{name: "--all includes nil", tool: "config-get", args: args("--all"),
			stdout: "banner: null\ndebug: true\nname: web\nport: 8080\nratio: 1.5\ntls: null\n"},
		{name: "-a", tool: "config-get", args: args("-a", "--format=json"),
			stdout: `{"banner":null,"debug":true,"name":"web","port":8080,"ratio":1.5,"tls":null}` + "\n"},
		{name: "json", tool: "config-get", args: args("--format", "json"),
			stdout: `{"debug":true,"name":"web","port":8080,"ratio":1.5}` + "\n"},
		{name: "key int", tool: "config-get", args: args("port"), stdout: "8080\n"},
		{name: "key bool smart", tool: "config-get", args: args("debug"), stdout: "True\n"},
		{name: "key bool json", tool: "config-get", args: args("debug", "--format=json"), stdout: "true\n"},
		{name: "key default", tool: "config-get", args: args("name"), stdout: "web\n"},
		{name: "key float yaml", tool: "config-get", args: args("ratio", "--format=yaml"), stdout: "1.5\n"},
		{name: "missing key smart", tool: "config-get", args: args("nope")},
		{name: "missing key json", tool: "config-get", args: args("nope", "--format=json"), stdout: "null\n"},
		{name: "nil option json", tool: "config-get", args: args("tls", "--format=json"), stdout: "null\n"},
		{name: "all with key", tool: "config-get", args: args("--all", "port"),
			stderr: "ERROR cannot use argument --all together with key \"port\"\n", code: 2},
		{name: "extra args", tool: "config-get", args: args("port", "name"),
			stderr: "ERROR unrecognized args: [\"name\"]\n", code: 2},
		{name: "bad format", tool: "config-get", args: args("--format=xml"),
			stderr: "ERROR invalid value \"xml\" for option --format: unknown format \"xml\"\n", code: 2},
		{name: "unknown flag", tool: "config-get", args: args("--bogus"),
			stderr: "ERROR option provided but not defined: --bogus\n", code: 2},
		{name: "format needs argument", tool: "config-get", args: args("--format"),
			stderr: "ERROR option needs an argument: --format\n", code: 2},
		{name: "quoted strings", tool: "config-get",
			setup:  func(s *State) { s.Config = map[string]any{"banner": "yes", "name": "a: b"} },
			stdout: "banner: \"yes\"\ndebug: false\nname: 'a: b'\nport: 80\nratio: 1.5\n"},
	})
}
