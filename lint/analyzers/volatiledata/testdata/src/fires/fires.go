package fires

import (
	"math/rand"
	"strconv"
	"time"

	"github.com/charmgen/charmgen/charm"
)

func Reconcile(c *charm.Context) error {
	rel := charm.RelationID{Endpoint: "db", ID: 1}
	if err := c.SetRelationData(rel, false, map[string]string{"updated": time.Now().Format(time.RFC3339)}); err != nil { // want `SetRelationData writes time.Now\(\), which differs on every run \(in Reconcile\)`
		return err
	}
	data := map[string]string{"host": "x"}
	data["nonce"] = strconv.Itoa(rand.Int())
	if err := c.SetRelationData(rel, false, data); err != nil { // want `SetRelationData writes rand.Int\(\) \(through data\)`
		return err
	}
	return rotate(c)
}

func rotate(c *charm.Context) error {
	stamp := time.Now().Unix()
	_, _, err := c.EnsureSecret(map[string]string{"issued": strconv.FormatInt(stamp, 10)}, charm.SecretOptions{Label: "x"}) // want `EnsureSecret writes time.Now\(\) \(through stamp\).*\(in rotate, reached from Reconcile\)`
	return err
}
