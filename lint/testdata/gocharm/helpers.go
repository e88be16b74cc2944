//charmgen:file-ignore GO009 this file logs best-effort; dropped errors are intended

package gocharm

import (
	"os"
	"time"

	"github.com/charmgen/charmgen/charm"
)

func stamp(c *charm.Context) {
	c.SetWorkloadVersion("dev")
	rel := charm.RelationID{Endpoint: "db", ID: 1}
	c.SetRelationData(rel, false, map[string]string{"updated": time.Now().String()})
	os.WriteFile("/etc/app.conf", []byte("x"), 0o644)
}
