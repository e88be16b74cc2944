package charmtest_test

import (
	"strings"
	"testing"

	"github.com/charmgen/charmgen/charm/charmtest"
	"github.com/charmgen/charmgen/jujusim"
	"github.com/charmgen/charmgen/jujusim/pebblesim"
)

func TestCheckOrder(t *testing.T) {
	withDB := &jujusim.State{Unit: "web/0", Leader: true, Relations: []jujusim.Relation{
		{ID: 1, Endpoint: "db", RemoteApp: "pg", RemoteUnits: []string{"pg/0", "pg/1"}}}}
	deploy := "install leader-elected config-changed start "
	k8s := exploreState(true)
	k8s.Containers = []pebblesim.Container{{Name: "app"}}
	for _, tc := range []struct {
		order string
		start *jujusim.State
		want  string // "" for legal; else the rule
	}{
		{deploy + "config-changed", exploreState(true), ""},
		{deploy + "website-relation-created:id=5 website-relation-changed:id=5,app website-relation-joined:id=5,unit=a/0 website-relation-changed:id=5,unit=a/0", exploreState(true), ""},
		{deploy + "db-relation-departed:id=1,unit=pg/0,departing=web/0 db-relation-departed:id=1,unit=pg/1,departing=web/0 db-relation-broken:id=1", withDB, ""},
		{"config-changed install start", exploreState(true), "O3"},
		{"install start config-changed", exploreState(true), "O7"},
		{"install config-changed leader-elected start", exploreState(true), "O5"},
		{"install website-relation-joined:id=5,unit=a/0 config-changed start", exploreState(true), "before start"},
		{deploy + "upgrade-charm", exploreState(true), "O17"},
		{deploy + "website-relation-joined:id=5,unit=a/0", exploreState(true), "O9"},
		{deploy + "website-relation-created:id=5 website-relation-created:id=5", exploreState(true), "O9"},
		{deploy + "website-relation-created:id=5 website-relation-joined:id=5,unit=a/0 website-relation-changed:id=5,app", exploreState(true), "O10"},
		{deploy + "website-relation-created:id=5 website-relation-joined:id=5,unit=a/1 website-relation-joined:id=5,unit=a/0", exploreState(true), "O11"},
		{deploy + "website-relation-created:id=5 website-relation-changed:id=5,unit=a/0", exploreState(true), "O11"},
		{deploy + "db-relation-departed:id=1,unit=pg/0,departing=web/0 db-relation-broken:id=1", withDB, "O13"},
		{deploy + "db-relation-broken:id=1 db-relation-changed:id=1,unit=pg/0", withDB, "O13"},
		// Storage: before install on a machine (O1), after the leadership
		// hook and before config-changed on Kubernetes (O2).
		{"data-storage-attached:id=data/0 " + deploy, exploreState(true), ""},
		{"install data-storage-attached:id=data/0 leader-elected config-changed start", exploreState(true), "O1"},
		{"install leader-elected data-storage-attached:id=data/0 config-changed start", k8s, ""},
		{"data-storage-attached:id=data/0 " + deploy, k8s, "O3"},
		{"install leader-elected config-changed data-storage-attached:id=data/0 start", k8s, "O2"},
	} {
		err := charmtest.CheckOrder(strings.Fields(tc.order), tc.start)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want legal", tc.order, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %s", tc.order, err, tc.want)
		}
	}
}
