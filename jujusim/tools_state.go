package jujusim

import "fmt"

// charmState returns the charm state as this hook sees it (its own writes
// included).
func (a *Agent) charmState() map[string]string {
	if a.pend.charmState != nil {
		return a.pend.charmState
	}
	return a.st.CharmState
}

func (a *Agent) mutableCharmState() map[string]string {
	if a.pend.charmState == nil {
		a.pend.charmState = copyMap(a.st.CharmState)
	}
	return a.pend.charmState
}

// state-get [<key>|-] [--strict] [--format]
func runStateGet(a *Agent, c *call) error {
	c.formatFlag(formatSmart)
	var strict bool
	c.fs.boolVar(&strict, "Return an error if the requested key does not exist", "strict")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	key := ""
	if len(pos) > 0 {
		if key = pos[0]; key == "-" {
			key = ""
		}
		if err := checkEmpty(pos[1:]); err != nil {
			return err
		}
	}
	st := a.charmState()
	if key == "" {
		return c.write(copyMap(st))
	}
	v, ok := st[key]
	if !ok {
		if strict {
			// unverified: the NotFound text of GetCharmStateValue.
			return fmt.Errorf("%q not found", key)
		}
		// The reference (§1.2) says a missing key is nil (json "null"); the
		// 4.0 source writes the empty string. Smart output is empty either way.
		return c.write(nil)
	}
	return c.write(v)
}

// state-set key=value ... [--file PATH|-]
func runStateSet(a *Agent, c *call) error {
	var file string
	c.fs.stringVar(&file, "", "file containing key-value pairs", "file")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	settings, err := parseKeyValues(pos, true)
	if err != nil {
		return initErrorf("%v", err)
	}
	if file != "" {
		fromFile, err := c.readSettingsFile(file)
		if err != nil {
			return err
		}
		for k, v := range settings {
			fromFile[k] = v
		}
		settings = fromFile
	}
	st := a.mutableCharmState()
	for _, k := range sortedWriteKeys(settings) {
		// unverified: an empty value is stored, not treated as a delete.
		st[k] = settings[k]
		a.record(c.name, "state", k)
	}
	return nil
}

// state-delete <key>
func runStateDelete(a *Agent, c *call) error {
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return nil // no key: a no-op
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	delete(a.mutableCharmState(), pos[0])
	a.record(c.name, "state", pos[0])
	return nil
}
