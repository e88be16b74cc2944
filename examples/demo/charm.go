// Package demo is a small machine charm written by hand against the charm
// runtime: one holistic reconcile for every repeatable event, dedicated
// handlers only for stop, secret rotation and the greet action. It is the
// sample that `make demo`, the simulator tests and the benchmarks run.
package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/charmgen/charmgen/charm"
)

// Dispatch runs the hook the environment names.
func Dispatch(c *charm.Context) error {
	env := c.Env()
	switch {
	case env.ActionName == "greet":
		return greet(c)
	case env.IsAction():
		return fmt.Errorf("unknown action %q", env.ActionName)
	case env.HookName == "stop":
		return c.SetPorts() // close everything
	case env.HookName == "remove":
		return nil
	case env.HookName == "secret-rotate" && env.SecretLabel == adminLabel:
		if err := rotate(c); err != nil {
			return err
		}
	}
	return Reconcile(c)
}

const adminLabel = "demo-admin"

// Reconcile makes the unit match its inputs (config, relations, leadership).
// Running it twice on the same inputs writes nothing the second time.
func Reconcile(c *charm.Context) error {
	cfg, err := c.Config()
	if err != nil {
		return err
	}
	var statuses []charm.Status
	port := 8080
	if v, ok := cfg["port"].(float64); ok {
		port = int(v)
	}
	if port < 1024 || port > 65535 {
		statuses = append(statuses, charm.BlockedStatus("port %d is outside 1024-65535; set another with juju config", port))
		port = 8080
	}
	leader, err := c.IsLeader()
	if err != nil {
		return err
	}
	if leader {
		st, err := c.State()
		if err != nil {
			return err
		}
		if _, _, err := c.EnsureSecret(map[string]string{"password": password(c, st["rotation"])},
			charm.SecretOptions{Label: adminLabel, Description: "demo admin password", Rotate: "monthly"}); err != nil {
			return err
		}
	}
	if err := c.SetPorts(charm.TCP(port)); err != nil {
		return err
	}
	if err := c.SetWorkloadVersion("1.0.0"); err != nil {
		return err
	}
	dbs, err := c.RelationIDs("db")
	if err != nil {
		return err
	}
	if len(dbs) == 0 {
		statuses = append(statuses, charm.BlockedStatus("needs a database: juju integrate demo mysql"))
	}
	for _, rel := range dbs {
		if leader {
			if err := c.SetRelationData(rel, true, map[string]string{"database": "demo"}); err != nil {
				return err
			}
		}
		app, err := c.RelationApp(rel)
		if err != nil {
			return err
		}
		data, err := c.RelationAppData(rel, app)
		if err != nil {
			return err
		}
		if data["endpoints"] == "" {
			statuses = append(statuses, charm.WaitingStatus("waiting for %s to publish its endpoints", app))
		}
	}
	sites, err := c.RelationIDs("website")
	if err != nil {
		return err
	}
	host := hostname(c.Env().UnitName)
	for _, rel := range sites {
		if err := c.SetRelationData(rel, false, map[string]string{"hostname": host, "port": strconv.Itoa(port)}); err != nil {
			return err
		}
	}
	statuses = append(statuses, charm.ActiveStatus("serving on :%d", port))
	return c.ApplyStatuses(statuses, nil)
}

// rotate moves the admin password to its next value; Reconcile writes it.
func rotate(c *charm.Context) error {
	st, err := c.State()
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(st["rotation"])
	return c.SetState(map[string]string{"rotation": strconv.Itoa(n + 1)})
}

func greet(c *charm.Context) error {
	var p struct {
		Name string `json:"name"`
	}
	if err := c.ActionParams(&p); err != nil {
		return err
	}
	if p.Name == "" {
		return c.FailAction("name is required")
	}
	return c.SetActionResults(map[string]any{"greeting": "hello " + p.Name})
}

// password derives the admin password from the model, the application and
// the rotation count: deterministic, so a second reconcile finds the same
// value and writes nothing, yet different after every rotation.
func password(c *charm.Context, rotation string) string {
	env := c.Env()
	sum := sha256.Sum256([]byte(env.ModelUUID + "/" + env.AppName() + "/" + rotation))
	return hex.EncodeToString(sum[:12])
}

func hostname(unit string) string {
	b := []byte(unit)
	for i, ch := range b {
		if ch == '/' {
			b[i] = '-'
		}
	}
	return string(b) + ".demo.internal"
}
