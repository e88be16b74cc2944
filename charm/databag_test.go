package charm_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/jujusim"
)

// endpoint is a hand-written Databag of the kind the generator emits.
type endpoint struct {
	Host string
	Port int
}

func (e *endpoint) UnmarshalDatabag(m map[string]string) error {
	e.Host = m["host"]
	if e.Host == "" {
		return errors.New("host: required")
	}
	p, err := strconv.Atoi(m["port"])
	if err != nil {
		return errors.New("port: not an integer")
	}
	e.Port = p
	return nil
}

func (e *endpoint) MarshalDatabag() (map[string]string, error) {
	return map[string]string{"host": e.Host, "port": strconv.Itoa(e.Port)}, nil
}

func TestTypedDatabags(t *testing.T) {
	st := baseState()
	st.Relations[0].LocalUnitData = map[string]string{"stale": "x", "ingress-address": "10.0.0.1"}
	rel := charm.RelationID{Endpoint: "db", ID: 3}
	write := func(c *charm.Context) error {
		return c.WriteUnitData(rel, &endpoint{Host: "web-0", Port: 80})
	}
	out, _, err := hook(t, st, jujusim.HookContext{Hook: "update-status"}, write)
	if err != nil {
		t.Fatal(err)
	}
	got := out.Relations[0].LocalUnitData
	if got["host"] != "web-0" || got["port"] != "80" || got["stale"] != "" || got["ingress-address"] != "10.0.0.1" {
		t.Errorf("unit databag = %v: want exactly the encoded keys plus Juju's own", got)
	}
	if _, writes, _ := hook(t, out, jujusim.HookContext{Hook: "update-status"}, write); len(writes) != 0 {
		t.Errorf("second write of the same value wrote %v", writes)
	}
	out.Relations[0].RemoteUnitsData["mysql/0"] = map[string]string{"host": "db-0", "port": "3306"}
	out.Relations[0].RemoteAppData = map[string]string{"port": "many"}
	_, _, err = hook(t, out, jujusim.HookContext{Hook: "update-status"}, func(c *charm.Context) error {
		var e endpoint
		if err := c.ReadUnitData(rel, "mysql/0", &e); err != nil || e != (endpoint{"db-0", 3306}) {
			t.Errorf("read unit = %+v, %v", e, err)
		}
		err := c.ReadAppData(rel, "mysql", &e)
		if err == nil || err.Error() != "relation db:3, mysql application databag: host: required" {
			t.Errorf("bad remote data: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
