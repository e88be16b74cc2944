package jujusim

import (
	"errors"
	"fmt"
	"strings"
)

// errNotLeader is Juju's ErrIsNotLeader.
var errNotLeader = errors.New("this unit is not the leader")

// settableStatus lists, in Juju's order, the statuses status-set accepts.
var settableStatus = []string{"maintenance", "blocked", "waiting", "active"}

// status-set <status> [message] [--application]
func runStatusSet(a *Agent, c *call) error {
	var application bool
	c.fs.boolVar(&application, "set this status for the application to which the unit belongs if the unit is the leader", "application")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("invalid args, require <status> [message]")
	}
	valid := false
	for _, s := range settableStatus {
		if pos[0] == s {
			valid = true
		}
	}
	if !valid {
		return initErrorf("invalid status %q, expected one of [%s]", pos[0], strings.Join(settableStatus, " "))
	}
	st := Status{Status: pos[0]}
	if len(pos) > 1 {
		st.Message = pos[1]
		if err := checkEmpty(pos[2:]); err != nil {
			return err
		}
	}
	if application {
		if !a.st.Leader {
			return errNotLeader
		}
		a.st.AppStatusHistory = append(a.st.AppStatusHistory, current(a.st.AppStatus))
		a.st.AppStatus = st
		a.record(c.name, "app-status", "")
		return nil
	}
	a.st.UnitStatusHistory = append(a.st.UnitStatusHistory, current(a.st.UnitStatus))
	a.st.UnitStatus = st
	a.record(c.name, "unit-status", "")
	return nil
}

// current returns s, reading the zero status as "unknown".
func current(s Status) Status {
	if s.Status == "" {
		s.Status = "unknown"
	}
	return s
}

// status-get [--include-data] [--application] [--format]
func runStatusGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	var includeData, application bool
	c.fs.boolVar(&includeData, "print all status data", "include-data")
	c.fs.boolVar(&application, "print status for all units of this application if this unit is the leader", "application")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	details := func(s Status) map[string]any {
		s = current(s)
		d := map[string]any{"status": s.Status}
		if includeData {
			d["message"] = s.Message
			d["status-data"] = map[string]any{}
		}
		return d
	}
	if application {
		// unverified: the error a non-leader gets; Juju's context refuses the
		// application status to non-leaders with ErrIsNotLeader.
		if !a.st.Leader {
			return fmt.Errorf("finding application status: %w", errNotLeader)
		}
		if !includeData && c.format == formatSmart {
			return o.write(current(a.st.AppStatus).Status)
		}
		d := details(a.st.AppStatus)
		// unverified: only this unit is listed; the State does not model the
		// statuses of the application's other units.
		d["units"] = map[string]any{a.st.Unit: details(a.st.UnitStatus)}
		return o.write(map[string]any{"application-status": d})
	}
	if !includeData && c.format == formatSmart {
		return o.write(current(a.st.UnitStatus).Status)
	}
	return o.write(details(a.st.UnitStatus))
}

// application-version-set <version>
func runApplicationVersionSet(a *Agent, c *call) error {
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return initErrorf("no version specified")
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	if a.st.WorkloadVersion != "" {
		a.st.WorkloadVersionHistory = append(a.st.WorkloadVersionHistory, a.st.WorkloadVersion)
	}
	a.st.WorkloadVersion = pos[0]
	a.record(c.name, "workload-version", "")
	return nil
}

// is-leader [--format]
func runIsLeader(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	return o.write(a.st.Leader)
}

// logLevels maps loggo level names (upper-cased) to their canonical names.
var logLevels = map[string]string{
	"TRACE": "TRACE", "DEBUG": "DEBUG", "INFO": "INFO", "WARN": "WARNING",
	"WARNING": "WARNING", "ERROR": "ERROR", "CRITICAL": "CRITICAL",
}

// juju-log [-l LEVEL] [--debug] <message...>
func runJujuLog(a *Agent, c *call) error {
	var debug bool
	var level string
	c.fs.boolVar(&debug, "log at debug level", "debug")
	c.fs.stringVar(&level, "INFO", "Send log message at the given level", "l", "log-level")
	format := c.deprecatedFormatFlag()
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return initErrorf("no message specified")
	}
	msg := strings.Join(pos, " ")
	c.warnDeprecatedFormat(format)
	lvl := "INFO"
	if debug {
		lvl = "DEBUG"
	} else if level != "" {
		l, ok := logLevels[strings.ToUpper(strings.TrimSpace(level))]
		if !ok {
			a.st.Logs = append(a.st.Logs, LogRecord{Level: "WARNING", Message: fmt.Sprintf("Specified log level of %q is not valid", level)})
			l = "INFO"
		}
		lvl = l
	}
	if a.hc.Relation != "" {
		msg = fmt.Sprintf("%s:%d: %s", a.hc.Relation, a.hc.RelationID, msg)
	}
	a.st.Logs = append(a.st.Logs, LogRecord{Level: lvl, Message: msg})
	return nil
}
