package charmtest_test

import (
	"fmt"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/meta"
)

func Example() {
	m, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(charmcraftYAML)}, nil)
	if err != nil {
		panic(err)
	}
	ctx := charmtest.New(func(c *charm.Context) error {
		cfg, err := c.Config()
		if err != nil {
			return err
		}
		port := int(cfg["port"].(float64))
		rel := charm.RelationID{Endpoint: "db", ID: 3}
		if err := c.SetRelationData(rel, false, map[string]string{"port": fmt.Sprint(port)}); err != nil {
			return err
		}
		return c.ApplyStatuses([]charm.Status{charm.ActiveStatus("serving on %d", port)}, nil)
	}, charmtest.WithMetadata(m))

	st := charmtest.StateFromMetadata(m, "web/0")
	st.Relations = append(st.Relations, jujusim.Relation{
		ID: 3, Endpoint: "db", RemoteApp: "mysql", RemoteUnits: []string{"mysql/0"},
	})
	out, err := ctx.Run(charmtest.RelationJoined(3, "mysql/0"), st)
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Relation(3).LocalUnitData["port"], out.UnitStatus.Status, out.UnitStatus.Message)
	fmt.Print(charmtest.FormatWrites(ctx.Output().Writes), "\n")

	// The metadata catches what Juju could never do.
	_, err = ctx.Run(charmtest.PebbleReady("nginx"), st)
	fmt.Println(err)
	// Output:
	// 8080 active serving on 8080
	//   relation-set relation:3:unit port
	//   status-set unit-status
	// charmtest: nginx-pebble-ready cannot happen in Juju as set up:
	//   - no container "nginx" in the state; add it to State.Containers (StateFromMetadata adds every container the metadata declares)
	//   - the event is on container "nginx", which the charm does not declare (containers: workload)
}
