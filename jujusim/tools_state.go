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
	o := c.outputFlags(formatSmart)
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
		// GetCharmState returns a nil map when the state is empty: JSON
		// prints null, YAML and smart {}.
		if len(st) == 0 {
			return o.write(map[string]string(nil))
		}
		return o.write(copyMap(st))
	}
	v, ok := st[key]
	if !ok && strict {
		// GetCharmStateValue's errors.NotFoundf("%q", key).
		return fmt.Errorf("%q not found", key)
	}
	// A missing key writes the empty string GetCharmStateValue returned
	// with its NotFound (jujuc/state-get.go): nothing in smart, "" in JSON
	// and YAML. (The reference, §1.2, says nil; the source says "".)
	return o.write(v)
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
	// Each pair goes through SetCharmStateValue, which checks the key and
	// value sizes at once (before anything reaches the controller) and
	// stores an empty value as it is. Juju ranges over a map; the pairs are
	// taken in key order here, and those before a refused one stay set.
	st := a.mutableCharmState()
	for _, k := range sortedWriteKeys(settings) {
		a.record(c.name, "state", k)
		if err := checkCharmStateTuple(k, settings[k]); err != nil {
			return err
		}
		st[k] = settings[k]
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
