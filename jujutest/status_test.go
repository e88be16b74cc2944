package jujutest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// unmodelled lists, per fixture, the JSON paths that the Status types do
// not model, and so drop on a decode/encode round trip. Every other key
// must survive with its value.
var unmodelled = map[string][]string{
	"unknown-keys.json": {
		"model.meter-status",
		"model.model-status.future-field",
		"machines.0.series",
		"applications.ubuntu.series",
		"applications.ubuntu.os",
		"applications.ubuntu.units.ubuntu/0.meter-status",
		"branches",
		"a-key-from-the-future",
	},
}

// TestStatusRoundTrip decodes every captured status (and the hand-written
// fixtures) into Status, encodes it again, and compares the result with a
// generic decode of the original: nothing the types model may be lost or
// changed, and only the listed unmodelled keys may go missing.
func TestStatusRoundTrip(t *testing.T) {
	files := corpusFiles(t, "juju-status")
	own, _ := filepath.Glob(filepath.Join("testdata", "status", "*.json"))
	files = append(files, own...)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := ParseStatus(raw)
			if err != nil {
				t.Fatal(err)
			}
			var orig map[string]any
			if err := json.Unmarshal(raw, &orig); err != nil {
				t.Fatal(err)
			}
			re, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			var back map[string]any
			if err := json.Unmarshal(re, &back); err != nil {
				t.Fatal(err)
			}
			for _, p := range unmodelled[filepath.Base(path)] {
				if !deletePath(orig, p) {
					t.Errorf("expected unmodelled key %s is not in the fixture", p)
				}
			}
			if diff := cmp.Diff(orig, back); diff != "" {
				t.Errorf("round trip lost or changed modelled fields (-original +re-encoded):\n%s", diff)
			}
		})
	}
}

// deletePath removes a dotted path ("a.b.c"; map keys may contain "/")
// from a generic JSON value.
func deletePath(m map[string]any, path string) bool {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if i == len(parts)-1 {
			_, ok := m[p]
			delete(m, p)
			return ok
		}
		next, ok := m[p].(map[string]any)
		if !ok {
			return false
		}
		m = next
	}
	return false
}

func loadStatus(t testing.TB, path string) *Status {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ParseStatus(raw)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStatusSubordinates(t *testing.T) {
	s := loadStatus(t, corpusFile(t, "juju-status/jubilant-subordinates.json"))
	if s.Model.Type != "iaas" || s.Model.SLA != "unsupported" {
		t.Errorf("model = %+v", s.Model)
	}
	nrpe := s.Apps["nrpe"]
	if len(nrpe.Units) != 0 {
		t.Errorf("subordinate app has units of its own: %v", nrpe.Units)
	}
	if !slices.Equal(nrpe.SubordinateTo, []string{"ubun2", "ubuntu"}) {
		t.Errorf("subordinate-to = %v", nrpe.SubordinateTo)
	}
	units := s.Units("nrpe")
	if got := sortedKeys(units); !slices.Equal(got, []string{"nrpe/1", "nrpe/2"}) {
		t.Fatalf("Units(nrpe) = %v", got)
	}
	if u := units["nrpe/1"]; !u.Leader || u.Machine != "" || u.PublicAddress != "10.103.56.99" ||
		u.Workload().Current != StatusBlocked || u.Agent().Current != StatusIdle {
		t.Errorf("nrpe/1 = %+v", u)
	}
	if got := sortedKeys(s.Units("ubuntu")); !slices.Equal(got, []string{"ubuntu/1"}) {
		t.Errorf("Units(ubuntu) = %v (subordinates must not count for the principal)", got)
	}
	if _, ok := s.Unit("nrpe/2"); !ok {
		t.Error("Unit(nrpe/2) not found")
	}
	m := s.Machines["1"]
	if m.Base == nil || *m.Base != Ubuntu2404 || !m.NetworkInterfaces["eth0"].IsUp ||
		m.Agent().Current != "started" || m.Hardware != "arch=amd64 cores=0 mem=0M virt-type=container" {
		t.Errorf("machine 1 = %+v", m)
	}
	if !s.IsRelated("nrpe", "ubuntu") || !s.IsRelated("ubuntu:juju-info", "nrpe:general-info") {
		t.Error("nrpe and ubuntu should be related")
	}
	if s.IsRelated("ubuntu", "ubun2") || s.IsRelated("ubuntu:nope", "nrpe") {
		t.Error("unexpected relation")
	}
}

func TestStatusRelationForms(t *testing.T) {
	s := loadStatus(t, corpusFile(t, "juju-status/jubilant-database-webapp.json"))
	want := []Relation{
		{RelatedApp: "webapp", Interface: "dbi", Scope: "global"},
		{RelatedApp: "dummy", Interface: "xyz", Scope: "foobar"},
	}
	if diff := cmp.Diff(want, s.Apps["database"].Relations["db"]); diff != "" {
		t.Errorf("object-form relations (-want +got):\n%s", diff)
	}
	if !s.IsRelated("database", "webapp") {
		t.Error("database and webapp should be related")
	}

	full := loadStatus(t, fixture(t, "status/full-iaas.json"))
	if diff := cmp.Diff([]Relation{{RelatedApp: "postgresql"}}, full.Apps["app"].Relations["db"]); diff != "" {
		t.Errorf("plain-name relations (-want +got):\n%s", diff)
	}
	if !full.IsRelated("app:db", "postgresql:database") {
		t.Error("app should be related to the remote postgresql")
	}
	var r Relation
	if err := json.Unmarshal([]byte(`42`), &r); err == nil {
		t.Error("a number is not a relation")
	}
}

func TestStatusErrors(t *testing.T) {
	s := loadStatus(t, corpusFile(t, "juju-status/jubilant-status-errors.json"))
	if got := s.Model.ModelStatus.Effective(); got.Current != StatusFailed || got.Message != "model status error!" {
		t.Errorf("model status = %+v", got)
	}
	if got := s.Machines["machine-failed"].Agent(); got.Current != StatusFailed || got.Message != "machine status error!" {
		t.Errorf("machine = %+v", got)
	}
	if got := s.Apps["app-failed"].Status(); got.Current != StatusFailed || got.Message != "app status error!" {
		t.Errorf("app = %+v", got)
	}
	u := s.Apps["unit-failed"].Units["unit-failed/0"]
	if u.Workload().Current != StatusFailed || u.Agent().Message != "unit status error!" {
		t.Errorf("unit = %+v", u)
	}
	if s.Offers["offer-failed"].StatusError != "offer status error!" {
		t.Errorf("offer = %+v", s.Offers["offer-failed"])
	}
	if got := s.AppEndpoints["remote-app-failed"].Status(); got.Current != StatusFailed {
		t.Errorf("remote app = %+v", got)
	}
	// A status-error is not an error status: waits must not abort on it.
	if AnyError().Holds(s) {
		t.Error("AnyError holds for status-errors")
	}
	wantBusy := []string{
		"app-failed (app) failed: app status error!",
		"unit-failed (app) -",
		"unit-failed/0 [failed] failed: unit status error!",
		"machine machine-failed failed: machine status error!",
	}
	if diff := cmp.Diff(wantBusy, BusyEntities(s)); diff != "" {
		t.Errorf("BusyEntities (-want +got):\n%s", diff)
	}
	ok, busy := AllActive("unit-failed").Eval(s)
	if ok || !slices.Contains(busy, "unit-failed/0 [failed] failed: unit status error!") {
		t.Errorf("AllActive(unit-failed) = %v %q", ok, busy)
	}
}

func TestStatusFullFixture(t *testing.T) {
	s := loadStatus(t, fixture(t, "status/full-iaas.json"))
	m := s.Machines["0"]
	if c := m.Containers["0/lxd/1"]; c.Agent().Current != StatusFailed {
		t.Errorf("container status-error = %+v", c)
	}
	if m.Containers["0/lxd/0"].MachineStatus.Current != "provisioning" || !m.HAPrimary || m.HAStatus != "has-vote" {
		t.Errorf("machine 0 = %+v", m)
	}
	if got := m.LXDProfiles["juju-full-app-3"].Devices["kvm"]["type"]; got != "unix-char" {
		t.Errorf("lxd profile device type = %q", got)
	}
	app := s.Apps["app"]
	if !app.Exposed || app.ExposedEndpoints[""].ExposeToCIDRs[1] != "::/0" || app.CanUpgradeTo != "ch:app-4" {
		t.Errorf("app = %+v", app)
	}
	if got := sortedKeys(s.Units("app")); !slices.Equal(got, []string{"app/0", "app/10"}) {
		t.Errorf("unit order = %v", got)
	}
	if s.Offers["app-admin"].ActiveConnectedCount != 1 || s.AppEndpoints["postgresql"].URL != "other:admin/db.postgresql" {
		t.Errorf("offers/endpoints = %+v %+v", s.Offers, s.AppEndpoints)
	}
	st := s.Storage
	if st == nil || st.Storage["data/0"].Attachments.Units["app/0"].Location != "/srv/data" ||
		!st.Filesystems["0/0"].Attachments.Containers["0/lxd/0"].ReadOnly ||
		st.Volumes["0/1"].Attachments.Machines["0"].BusAddress != "scsi@0:0.1.0" || st.Volumes["0/1"].Size != 2048 {
		t.Errorf("storage = %+v", st)
	}
}

func TestStatusEqualIgnoresTimestamp(t *testing.T) {
	path := corpusFile(t, "juju-status/jubilant-snappass.json")
	a, b := loadStatus(t, path), loadStatus(t, path)
	b.Controller.Timestamp = "23:59:59Z"
	if !a.Equal(b) {
		t.Error("statuses differing only in the controller timestamp should be equal")
	}
	u := b.Apps["snappass-test"].Units["snappass-test/0"]
	u.WorkloadStatus.Message = "changed"
	b.Apps["snappass-test"].Units["snappass-test/0"] = u
	if a.Equal(b) {
		t.Error("statuses with different unit messages should differ")
	}
}

func TestParseStatusErrors(t *testing.T) {
	if _, err := ParseStatus([]byte(`{"model": `)); err == nil {
		t.Error("truncated JSON should fail")
	}
	if _, err := ParseStatus([]byte(`{"applications": {"a": {"charm-rev": "x"}}}`)); err == nil {
		t.Error("a string charm-rev should fail")
	}
}
