package jujusim

import (
	"errors"
	"fmt"
	"strings"
)

var errNotInAction = errors.New("not running an action")

// reservedActionKeys may not be set with action-set.
var reservedActionKeys = []string{"stdout", "stdout-encoding", "stderr", "stderr-encoding"}

// action-get [<key>[.<key>...]] [--format]
func runActionGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	var keys []string
	if len(pos) > 0 {
		keys = strings.Split(pos[0], ".")
		pos = pos[1:]
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	act := a.action()
	if act == nil {
		return errNotInAction
	}
	params := act.Params
	if params == nil {
		params = map[string]any{}
	}
	if len(keys) == 0 {
		return o.write(params)
	}
	var cur any = params
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return o.write(nil)
		}
		if cur, ok = m[k]; !ok {
			return o.write(nil)
		}
	}
	return o.write(cur)
}

// action-set <key>=<value> ...
func runActionSet(a *Agent, c *call) error {
	pos, err := c.parse()
	if err != nil {
		return err
	}
	type pair struct {
		keys  []string
		value string
	}
	var pairs []pair
	for _, arg := range pos {
		k, v, ok := strings.Cut(arg, "=")
		if !ok {
			return initErrorf("argument %q must be of the form key...=value", arg)
		}
		keys := strings.Split(k, ".")
		for _, key := range keys {
			if !validActionKey.MatchString(key) {
				return initErrorf("key %q must start and end with lowercase alphanumeric, and contain only lowercase alphanumeric, hyphens and periods", key)
			}
			for _, r := range reservedActionKeys {
				if key == r {
					return initErrorf("cannot set reserved action key \"%s\"", key)
				}
			}
		}
		pairs = append(pairs, pair{keys, v})
	}
	for _, p := range pairs {
		act := a.action()
		if act == nil {
			return errNotInAction
		}
		if act.Results == nil {
			act.Results = map[string]any{}
		}
		m := act.Results
		for _, k := range p.keys[:len(p.keys)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		m[p.keys[len(p.keys)-1]] = p.value
		a.record(c.name, "action", strings.Join(p.keys, "."))
	}
	return nil
}

// action-fail ["<failure message>"]
func runActionFail(a *Agent, c *call) error {
	pos, err := c.parse()
	if err != nil {
		return err
	}
	msg := "action failed without reason given, check action for errors"
	if len(pos) > 0 {
		msg = pos[0]
		if err := checkEmpty(pos[1:]); err != nil {
			return err
		}
	}
	act := a.action()
	if act == nil {
		return errNotInAction
	}
	act.Failed = true
	act.FailureMessage = msg
	a.record(c.name, "action", "failed")
	return nil
}

// action-log <message...>
func runActionLog(a *Agent, c *call) error {
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return initErrorf("no message specified")
	}
	act := a.action()
	if act == nil {
		return errNotInAction
	}
	act.Logs = append(act.Logs, strings.Join(pos, " "))
	return nil
}

// juju-reboot [--now]
func runJujuReboot(a *Agent, c *call) error {
	var now bool
	c.fs.boolVar(&now, "reboot immediately, killing the invoking process", "now")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	if a.hc.IsAction() {
		return fmt.Errorf("juju-reboot is not supported when running an action.")
	}
	if now {
		a.pend.reboot = "now"
	} else if a.pend.reboot == "" {
		a.pend.reboot = "after-hook"
	}
	a.record(c.name, "reboot", "")
	return nil
}
