package jujusim

// config-get [<key>] [-a|--all] [--format]
func runConfigGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	var all bool
	c.fs.boolVar(&all, "print all keys", "a", "all")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	key := ""
	if len(pos) > 0 {
		key = pos[0]
		if key != "" && all {
			return initErrorf("cannot use argument --all together with key %q", key)
		}
		if err := checkEmpty(pos[1:]); err != nil {
			return err
		}
	}
	settings := a.configSettings()
	if key != "" {
		// Missing keys are reported as null, without an error.
		return o.write(settings[key])
	}
	if !all {
		for k, v := range settings {
			if v == nil {
				delete(settings, k)
			}
		}
	}
	return o.write(settings)
}

// configSettings merges declared defaults with the values set; options
// without a value or default are present with a nil value.
func (a *Agent) configSettings() map[string]any {
	out := map[string]any{}
	for name, opt := range a.st.ConfigOptions {
		out[name] = opt.Default
	}
	for name, v := range a.st.Config {
		out[name] = v
	}
	return out
}
