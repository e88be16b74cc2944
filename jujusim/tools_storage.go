package jujusim

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

func (a *Agent) storage(id string) *Storage {
	for i := range a.st.Storage {
		if a.st.Storage[i].ID == id {
			return &a.st.Storage[i]
		}
	}
	return nil
}

// storage-get [<key>] [-s <storage-id>] [--format]
func runStorageGet(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	id := a.hc.StorageID
	c.fs.funcVar(func(s string) error {
		if !validStorageID.MatchString(s) {
			return fmt.Errorf("invalid storage ID %q", s)
		}
		// unverified: the text when the storage is not attached.
		if a.storage(s) == nil {
			return fmt.Errorf("storage %q not found", s)
		}
		id = s
		return nil
	}, id, "specify a storage instance by id", "s")
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if id == "" {
		return initErrorf("no storage instance specified")
	}
	key := ""
	if len(pos) > 0 {
		key = pos[0]
		if err := checkEmpty(pos[1:]); err != nil {
			return err
		}
	}
	st := a.storage(id)
	if st == nil {
		return fmt.Errorf("storage %q not found", id)
	}
	values := map[string]any{"kind": st.Kind, "location": st.Location}
	if key == "" {
		return o.write(values)
	}
	if v, ok := values[key]; ok {
		return o.write(v)
	}
	return fmt.Errorf("invalid storage attribute %q", key)
}

// storage-list [<storage-name>] [--format]
func runStorageList(a *Agent, c *call) error {
	o := c.outputFlags(formatSmart)
	pos, err := c.parse()
	if err != nil {
		return err
	}
	name := ""
	if len(pos) > 0 {
		name = pos[0]
		if !isValidApp(name) {
			return initErrorf("invalid storage name %q", name)
		}
		if err := checkEmpty(pos[1:]); err != nil {
			return err
		}
	}
	ids := []string{}
	for _, st := range a.st.Storage {
		if name == "" || storageName(st.ID) == name {
			ids = append(ids, st.ID)
		}
	}
	sort.Strings(ids)
	return o.write(ids)
}

// storage-add <name>[=<count>] ...
func runStorageAdd(a *Agent, c *call) error {
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("storage add requires a storage directive")
	}
	counts := map[string]int{}
	var names []string
	for _, arg := range pos {
		name, dir, hasDir := strings.Cut(arg, "=")
		if !isValidApp(name) {
			// unverified: storage.ParseDirectivesMap's text for a bad name.
			return initErrorf("invalid storage name %q", name)
		}
		if _, dup := counts[name]; dup {
			return initErrorf("storage %q specified more than once", name)
		}
		n := 1
		if hasDir {
			v, err := strconv.Atoi(dir)
			if err != nil || v < 1 {
				return initErrorf("only count can be specified for %q", name)
			}
			n = v
		}
		counts[name] = n
		names = append(names, name)
	}
	if a.pend.storage == nil {
		a.pend.storage = map[string]int{}
	}
	sort.Strings(names)
	for _, name := range names {
		a.pend.storage[name] += counts[name]
		a.record(c.name, "storage", name)
	}
	return nil
}

// resource-get <resource name>
func runResourceGet(a *Agent, c *call) error {
	pos, err := c.parse()
	if err != nil {
		return err
	}
	if len(pos) < 1 {
		return initErrorf("missing required resource name")
	}
	if err := checkEmpty(pos[1:]); err != nil {
		return err
	}
	path, ok := a.st.Resources[pos[0]]
	if !ok {
		// unverified: the inner error text for an unknown resource.
		return fmt.Errorf("could not download resource: %w", fmt.Errorf("resource %q not found", pos[0]))
	}
	// The path is printed without a trailing newline.
	_, err = fmt.Fprint(c.stdout, path)
	if err != nil {
		return errors.New("could not write resource path to stdout")
	}
	return nil
}
