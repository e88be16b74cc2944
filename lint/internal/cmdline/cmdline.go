// Package cmdline knows the commands charms run: it splits a command line
// (an argument list, or a shell string) into simple commands and says what
// each does — a hook tool, a restart, an append, a command that fails
// when run twice, or one that only reads. The Go and the Python rules
// share it.
package cmdline

import (
	"regexp"
	"strings"
)

// HookTools are the hook tools Juju 3.6 and 4 share.
var HookTools = map[string]bool{
	"action-fail": true, "action-get": true, "action-log": true, "action-set": true, "application-version-set": true,
	"close-port": true, "config-get": true, "credential-get": true, "goal-state": true, "is-leader": true, "juju-log": true,
	"juju-reboot": true, "network-get": true, "open-port": true, "opened-ports": true, "relation-get": true, "relation-ids": true,
	"relation-list": true, "relation-model-get": true, "relation-set": true, "resource-get": true, "secret-add": true,
	"secret-get": true, "secret-grant": true, "secret-ids": true, "secret-info-get": true, "secret-remove": true,
	"secret-revoke": true, "secret-set": true, "state-delete": true, "state-get": true, "state-set": true, "status-get": true,
	"status-set": true, "storage-add": true, "storage-get": true, "storage-list": true, "unit-get": true,
}

// RemovedTools are the hook tools Juju 4 removed.
var RemovedTools = map[string]bool{
	"leader-get": true, "leader-set": true, "add-metric": true, "pod-spec-set": true, "pod-spec-get": true,
	"k8s-spec-set": true, "k8s-spec-get": true, "k8s-raw-set": true, "k8s-raw-get": true,
	"payload-register": true, "payload-unregister": true, "payload-status-set": true,
}

// Split returns the simple commands a command runs. words is an argument
// list, or (shell true) one shell string. sh -c and bash -c scripts are
// split too; a leading sudo and the directory of each command are dropped.
func Split(words []string, shell bool) [][]string {
	if !shell {
		if s := Script(words); s != "" {
			return Split([]string{s}, true)
		}
		return [][]string{strip(words)}
	}
	if len(words) == 0 {
		return nil
	}
	var out [][]string
	s := strings.NewReplacer("&&", ";", "||", ";", "|", ";", "\n", ";").Replace(words[0])
	for _, part := range strings.Split(s, ";") {
		if f := strings.Fields(part); len(f) > 0 {
			out = append(out, strip(f))
		}
	}
	return out
}

// Script returns the script of sh -c or bash -c, or "".
func Script(words []string) string {
	if len(words) >= 3 && (base(words[0]) == "sh" || base(words[0]) == "bash") && words[1] == "-c" {
		return words[2]
	}
	return ""
}

func base(s string) string { return s[strings.LastIndexByte(s, '/')+1:] }

func strip(w []string) []string {
	for len(w) > 0 && base(w[0]) == "sudo" {
		w = w[1:]
	}
	if len(w) > 0 {
		w = append([]string{base(w[0])}, w[1:]...)
	}
	return w
}

var (
	readOnly = map[string]bool{
		"cat": true, "ls": true, "id": true, "getent": true, "which": true, "ps": true,
		"pgrep": true, "uname": true, "df": true, "free": true, "test": true, "stat": true, "apt-cache": true,
		"relation-get": true, "relation-ids": true, "relation-list": true, "config-get": true, "is-leader": true,
		"status-get": true, "network-get": true, "secret-get": true, "secret-info-get": true, "secret-ids": true,
		"state-get": true, "action-get": true, "goal-state": true, "opened-ports": true, "unit-get": true,
		"relation-model-get": true, "storage-get": true, "storage-list": true, "credential-get": true, "resource-get": true,
	}
	readOnlySub = map[string]map[string]bool{
		"systemctl": {"is-active": true, "is-enabled": true, "is-failed": true, "status": true, "show": true, "list-units": true, "cat": true},
		"snap":      {"list": true, "info": true, "services": true, "get": true},
		"dpkg":      {"-l": true, "-s": true, "--status": true, "-L": true},
	}
)

// hostnameReads reports whether hostname with these arguments only prints:
// no name to set and no -F/--file or -b/--boot, which set it.
func hostnameReads(args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") || a == "-F" || a == "--file" || a == "-b" || a == "--boot" || strings.HasPrefix(a, "--file=") {
			return false
		}
	}
	return true
}

// readVerbs are the subcommands that, across CLIs, only print: lxc
// cluster list, juju status, kubectl get, snapd-style "<snap> status".
var readVerbs = map[string]bool{"list": true, "ls": true, "status": true, "show": true, "info": true, "get": true, "describe": true, "inspect": true}

// readVerb reports whether one of the first three words of args that are
// not flags is a read verb (the subcommand, or a command group's
// subcommand, past a flag's value: lxc --project default cluster list).
func readVerb(args []string) bool {
	n := 0
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		if readVerbs[a] {
			return true
		}
		if n++; n == 3 {
			break
		}
	}
	return false
}

// versionFlags, as a command's only argument, ask it for its version.
var versionFlags = map[string]bool{"--version": true, "-V": true, "version": true}

// ReadOnly reports whether every command only reads (a command run with
// only --version does too).
func ReadOnly(cmds [][]string) bool {
	for _, c := range cmds {
		if len(c) == 0 || readOnly[c[0]] {
			continue
		}
		if subs, ok := readOnlySub[c[0]]; ok && len(c) > 1 && subs[c[1]] {
			continue
		}
		if len(c) == 2 && versionFlags[c[1]] {
			continue // app --version
		}
		if readVerb(c[1:]) {
			continue // lxc cluster list, microk8s status, kubectl get pods
		}
		if c[0] == "hostname" && hostnameReads(c[1:]) {
			continue // hostname, hostname -f; not hostname NAME, which sets it
		}
		if c[0] == "service" && (len(c) == 3 && c[2] == "status" || len(c) == 2 && c[1] == "--status-all") {
			continue // SysV's spelling of systemctl status
		}
		return false
	}
	return true
}

var restartRE = regexp.MustCompile(`^(systemctl (.* )?(restart|try-restart|reload-or-restart|force-reload)( |$)|service \S+ restart|snap restart)`)

// Restart returns the command that restarts a service, or "".
func Restart(cmds [][]string) string {
	for _, c := range cmds {
		if line := strings.Join(c, " "); restartRE.MatchString(line) {
			return line
		}
	}
	return ""
}

var (
	parentsRE = regexp.MustCompile(`^(-\w*p\w*|--parents)$`)
	forceRE   = regexp.MustCompile(`^(-\w*f\w*|--force)$`)
)

// NonIdempotent says why a command fails when run twice, or returns "".
func NonIdempotent(cmds [][]string) string {
	for _, c := range cmds {
		if len(c) == 0 {
			continue
		}
		has := func(re *regexp.Regexp) bool {
			for _, a := range c[1:] {
				if re.MatchString(a) {
					return true
				}
			}
			return false
		}
		switch c[0] {
		case "useradd", "groupadd", "adduser", "addgroup":
			return c[0] + " fails when the user or group exists"
		case "mkdir":
			if !has(parentsRE) {
				return "mkdir without -p fails when the directory exists"
			}
		case "ln":
			if !has(forceRE) {
				return "ln without -f fails when the link exists"
			}
		}
	}
	return ""
}

// Append returns how a command appends to a file (">>" or "tee -a"), or "".
func Append(words []string, shell bool) string {
	script := Script(words)
	if shell && len(words) > 0 {
		script = words[0]
	}
	if strings.Contains(script, ">>") {
		return ">>"
	}
	for _, c := range Split(words, shell) {
		if len(c) > 0 && c[0] == "tee" {
			for _, a := range c[1:] {
				if a == "-a" || a == "--append" {
					return "tee -a"
				}
			}
		}
	}
	return ""
}
