package jujusim

import (
	"errors"
	"fmt"
	"sort"
)

// errPermissionDenied is what the controller answers when a unit reads a
// databag it may not see.
//
// unverified: the exact text Juju returns for a denied relation read (for
// instance a non-leader reading its own application databag of a non-peer
// relation, reference §1.2 relation-get).
var errPermissionDenied = errors.New("permission denied")

// relation-get [<key>|-] [<unit-or-app>] [-r ID] [--app] [--format]
func runRelationGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	rid := c.relationFlag()
	var app bool
	c.fs.boolVar(&app, "Get the relation data for the overall application, not just a unit", "app")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if *rid == -1 {
		return initErrorf("no relation id specified")
	}
	key := ""
	if len(pos) > 0 {
		if key = pos[0]; key == "-" {
			key = ""
		}
		pos = pos[1:]
	}
	target := ""
	switch {
	case len(pos) > 0:
		target, pos = pos[0], pos[1:]
		if app {
			if !isValidApp(target) && isValidUnit(target) {
				target = unitApp(target)
			}
		} else if !isValidUnit(target) {
			if isValidApp(target) {
				return initErrorf("expected unit name, got application name %q", target)
			}
			return initErrorf("invalid unit name %q", target)
		}
	case app:
		if a.hc.RemoteApp == "" {
			return initErrorf("no unit or application specified")
		}
		target = a.hc.RemoteApp
	case a.hc.RemoteUnit != "":
		target = a.hc.RemoteUnit
	case a.hc.RemoteApp != "":
		target, app = a.hc.RemoteApp, true
	default:
		return initErrorf("no unit or application specified")
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	data, err := a.readDatabag(*rid, target, app)
	if err != nil {
		return err
	}
	if key == "" {
		return o.write(data)
	}
	if v, ok := data[key]; ok {
		return o.write(v)
	}
	return o.write(nil)
}

// readDatabag returns a copy of the databag of target (a unit, or with app
// an application) in relation id, as the local unit may see it.
func (a *Agent) readDatabag(id int, target string, app bool) (map[string]string, error) {
	r := a.st.Relation(id)
	if r == nil {
		return nil, errors.New("relation not found")
	}
	me, myApp := a.st.Unit, a.st.AppName()
	peer := r.IsPeer(myApp)
	if !app {
		switch {
		case target == me:
			if d, ok := a.pend.unitData[id]; ok {
				return copyMap(d), nil
			}
			return copyMap(r.LocalUnitData), nil
		case unitApp(target) == r.RemoteApp:
			// Departed units keep their data for the life of the relation;
			// units that never joined read as empty.
			return copyMap(r.RemoteUnitsData[target]), nil
		}
		return nil, errPermissionDenied
	}
	switch {
	case target == myApp:
		if a.st.Leader {
			if d, ok := a.pend.appData[id]; ok {
				return copyMap(d), nil
			}
			return copyMap(r.LocalAppData), nil
		}
		if peer {
			// Every peer may read the application databag; non-leaders go
			// through the controller and so see committed data only.
			return copyMap(r.LocalAppData), nil
		}
		return nil, errPermissionDenied
	case target == r.RemoteApp:
		return copyMap(r.RemoteAppData), nil
	}
	return nil, errPermissionDenied
}

// relation-set key=value ... [-r ID] [--app] [--file PATH|-]
func runRelationSet(a *Agent, c *call) error {
	rid := c.relationFlag()
	var file string
	c.fs.stringVar(&file, "", "file containing key-value pairs", "file")
	var app bool
	c.fs.boolVar(&app, `pick whether you are setting "application" settings or "unit" settings`, "app")
	format := c.deprecatedFormatFlag()
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if *rid == -1 {
		return initErrorf("no relation id specified")
	}
	settings, err := parseKeyValues(pos, true)
	if err != nil {
		return initErrorf("%v", err)
	}
	c.warnDeprecatedFormat(format)
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
	r := a.st.Relation(*rid)
	if r == nil {
		return errors.New("relation not found")
	}
	var bag map[int]map[string]string
	var current map[string]string
	target := fmt.Sprintf("relation:%d:unit", *rid)
	if app {
		if !a.st.Leader {
			return errors.New("cannot write relation settings")
		}
		if a.pend.appData == nil {
			a.pend.appData = map[int]map[string]string{}
		}
		bag, current = a.pend.appData, r.LocalAppData
		target = fmt.Sprintf("relation:%d:app", *rid)
	} else {
		if a.pend.unitData == nil {
			a.pend.unitData = map[int]map[string]string{}
		}
		bag, current = a.pend.unitData, r.LocalUnitData
	}
	data, ok := bag[*rid]
	if !ok {
		data = copyMap(current)
		bag[*rid] = data
	}
	for _, k := range sortedWriteKeys(settings) {
		if v := settings[k]; v != "" {
			data[k] = v
		} else {
			delete(data, k)
		}
		a.record(c.name, target, k)
	}
	return nil
}

// readSettingsFile reads a --file argument ("-" is stdin) as a YAML map of
// strings.
func (c *call) readSettingsFile(path string) (map[string]string, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = readLimited(c.stdin)
	} else {
		data, err = c.agent.readFile(path)
	}
	if err != nil {
		return nil, err
	}
	return parseStringMap(data)
}

// relation-ids [<endpoint>] [--format]
func runRelationIDs(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	name := a.hc.Relation
	if len(pos) > 0 {
		name = pos[0]
		if err := checkEmpty(pos[1:]); err != nil {
			return err
		}
	}
	if name == "" {
		return initErrorf("no endpoint name specified")
	}
	ids := []string{}
	for _, r := range a.st.Relations {
		if r.Endpoint == name && !r.Broken {
			ids = append(ids, fmt.Sprintf("%s:%d", r.Endpoint, r.ID))
		}
	}
	sort.Strings(ids)
	return o.write(ids)
}

// relation-list [-r ID] [--app] [--format]
func runRelationList(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	rid := c.relationFlag()
	var app bool
	c.fs.boolVar(&app, "List remote application instead of participating units", "app")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if *rid == -1 {
		return initErrorf("no relation id specified")
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	r := a.st.Relation(*rid)
	if r == nil {
		return errors.New("relation not found")
	}
	if app {
		return o.write(r.RemoteApp)
	}
	units := append([]string{}, r.RemoteUnits...)
	sort.Strings(units)
	return o.write(units)
}

// relation-model-get [-r ID] [--format]
func runRelationModelGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	rid := c.relationFlag()
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if *rid == -1 {
		return initErrorf("no relation id specified")
	}
	if err := checkEmpty(pos); err != nil {
		return err
	}
	r := a.st.Relation(*rid)
	if r == nil {
		return errors.New("relation not found")
	}
	uuid := r.RemoteModelUUID
	if uuid == "" {
		uuid = a.st.Model.UUID
	}
	return o.write(map[string]any{"uuid": uuid})
}
