package jujusim

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// Systemd is the simulated machine's systemd, as a machine charm drives it
// with systemctl: the units it knows and every call the charm made. A
// machine charm's reconciler is judged by these calls — a second run on
// the same inputs should make none — so the simulator records them all.
//
// Unlike hook tools, systemctl acts at once: its effects stay even when
// the hook fails, as they do on a real machine.
type Systemd struct {
	// Units maps a unit name ("web.service") to its state.
	Units map[string]SystemdUnit `json:"units,omitempty"`
	// Calls holds the argv of every systemctl call, oldest first.
	Calls [][]string `json:"calls,omitempty"`
}

// SystemdUnit is one unit systemd knows.
type SystemdUnit struct {
	// Path is the unit file (systemctl enable /path/to/x.service links it).
	Path string `json:"path,omitempty"`
	// Enabled says whether the unit starts at boot.
	Enabled bool `json:"enabled,omitempty"`
	// Active says whether the unit runs.
	Active bool `json:"active,omitempty"`
	// Starts counts the times the unit was started or restarted.
	Starts int `json:"starts,omitempty"`
	// Failing makes start and restart fail as a unit whose process exits
	// with an error does; tests set it to see how a charm copes.
	Failing bool `json:"failing,omitempty"`
}

// MachineCommands returns the commands besides hook tools that the
// simulated machine answers: systemctl.
func MachineCommands() []string { return []string{"systemctl"} }

// systemctlUnit turns a systemctl argument into a unit name: a path's base
// name, and ".service" added to a name without a unit type.
func systemctlUnit(arg string) string {
	name := arg
	if strings.HasPrefix(arg, "/") {
		name = path.Base(arg)
	}
	if !strings.Contains(name, ".") {
		name += ".service"
	}
	return name
}

// runSystemctl answers systemctl as systemd does for the verbs charms use,
// with systemctl's exit codes: 0, 1 for failures, 3 for is-active of an
// inactive unit (and status of one), 4 for a unit that does not exist.
// Only recorded state changes: nothing is started for real.
func (a *Agent) runSystemctl(args []string, stdout, stderr io.Writer) int {
	sd := a.st.Systemd
	if sd == nil {
		sd = &Systemd{}
		a.st.Systemd = sd
	}
	if sd.Units == nil {
		sd.Units = map[string]SystemdUnit{}
	}
	sd.Calls = append(sd.Calls, append([]string(nil), args...))
	a.record("systemctl", "systemd", strings.Join(args, " "))

	var verb string
	var units []string
	now := false
	for _, arg := range args {
		switch {
		case arg == "--now":
			now = true
		case arg == "--quiet" || arg == "-q" || arg == "--no-block" || arg == "--no-pager" || arg == "--system":
		case strings.HasPrefix(arg, "-"):
			fmt.Fprintf(stderr, "systemctl: unrecognized option '%s'\n", arg)
			return 1
		case verb == "":
			verb = arg
		default:
			units = append(units, arg)
		}
	}
	known := func(u string) (SystemdUnit, bool) {
		s, ok := sd.Units[u]
		return s, ok
	}
	switch verb {
	case "":
		fmt.Fprintln(stderr, "systemctl: the simulator needs a verb (daemon-reload, enable, disable, start, stop, restart, is-active, is-enabled)")
		return 1
	case "daemon-reload":
		return 0
	case "enable", "disable":
		if len(units) == 0 {
			fmt.Fprintf(stderr, "Too few arguments.\n")
			return 1
		}
		for _, arg := range units {
			u := systemctlUnit(arg)
			s, ok := known(u)
			if !ok && !strings.HasPrefix(arg, "/") {
				fmt.Fprintf(stderr, "Failed to %s unit: Unit file %s does not exist.\n", verb, u)
				return 1
			}
			if strings.HasPrefix(arg, "/") {
				s.Path = arg
			}
			s.Enabled = verb == "enable"
			if now {
				if verb == "enable" && !s.Active {
					s.Active = true
					s.Starts++
				} else if verb == "disable" {
					s.Active = false
				}
			}
			sd.Units[u] = s
		}
		return 0
	case "start", "stop", "restart", "reload-or-restart", "try-restart", "reload":
		if len(units) == 0 {
			fmt.Fprintf(stderr, "Too few arguments.\n")
			return 1
		}
		for _, arg := range units {
			u := systemctlUnit(arg)
			s, ok := known(u)
			if !ok {
				if verb == "stop" {
					fmt.Fprintf(stderr, "Failed to stop %s: Unit %s not loaded.\n", u, u)
				} else {
					fmt.Fprintf(stderr, "Failed to %s %s: Unit %s not found.\n", verb, u, u)
				}
				return 5
			}
			if s.Failing && verb != "stop" && verb != "reload" && (verb != "try-restart" || s.Active) {
				s.Active = false
				sd.Units[u] = s
				fmt.Fprintf(stderr, "Job for %s failed because the control process exited with error code.\nSee \"systemctl status %s\" and \"journalctl -xeu %s\" for details.\n", u, u, u)
				return 1
			}
			switch verb {
			case "start":
				if !s.Active {
					s.Active = true
					s.Starts++
				}
			case "stop":
				s.Active = false
			case "try-restart":
				if s.Active {
					s.Starts++
				}
			case "reload":
				if !s.Active {
					fmt.Fprintf(stderr, "Failed to reload %s: Unit %s is not active.\n", u, u)
					return 1
				}
			default:
				s.Active = true
				s.Starts++
			}
			sd.Units[u] = s
		}
		return 0
	case "is-active", "is-enabled", "status":
		if len(units) == 0 {
			fmt.Fprintf(stderr, "Too few arguments.\n")
			return 1
		}
		code := 0
		for _, arg := range units {
			u := systemctlUnit(arg)
			s, ok := known(u)
			switch verb {
			case "is-active":
				if s.Active {
					fmt.Fprintln(stdout, "active")
				} else {
					fmt.Fprintln(stdout, "inactive")
					code = 3
				}
			case "is-enabled":
				switch {
				case !ok:
					fmt.Fprintf(stderr, "Failed to get unit file state for %s: No such file or directory\n", u)
					code = 1
				case s.Enabled:
					fmt.Fprintln(stdout, "enabled")
				default:
					fmt.Fprintln(stdout, "disabled")
					code = 1
				}
			default:
				if !ok {
					fmt.Fprintf(stderr, "Unit %s could not be found.\n", u)
					code = 4
					continue
				}
				state := "inactive (dead)"
				if s.Active {
					state = "active (running)"
				}
				fmt.Fprintf(stdout, "● %s\n     Loaded: loaded (%s)\n     Active: %s\n", u, s.Path, state)
				if !s.Active && code == 0 {
					code = 3
				}
			}
		}
		return code
	}
	fmt.Fprintf(stderr, "Unknown command verb '%s'.\n", verb)
	return 1
}

// SystemdUnits returns the names of the units the simulated machine knows,
// sorted.
func (s *Systemd) SystemdUnits() []string {
	if s == nil {
		return nil
	}
	names := make([]string, 0, len(s.Units))
	for n := range s.Units {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
