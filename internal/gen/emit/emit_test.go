package emit

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/charmgen/charmgen/meta"
	"github.com/dave/jennifer/jen"
)

func testModel(t *testing.T) *model.Charm {
	t.Helper()
	c, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte(`name: shop
type: charm
summary: s
description: d
base: ubuntu@24.04
platforms: {amd64: }
parts: {charm: {plugin: go}}
requires:
  db: {interface: mysql_client, limit: 1}
peers:
  cluster: shop_peers
storage:
  data: {type: filesystem}
containers:
  app: {resource: img}
resources:
  img: {type: oci-image}
config:
  options:
    port: {type: int, default: 8080, description: Port.}
    motd: {type: string, description: Message.}
    token: {type: secret, description: Token.}
actions:
  refund:
    description: Refund an order.
    params:
      order: {type: integer, minimum: 1}
      reason: {type: string, enum: [damaged, late]}
      items: {type: array, items: {type: object, properties: {sku: {type: string}}}}
    required: [order]
`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Build(c, "shop", 4)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// render runs one constructor into a fresh file, checks the result parses
// as Go, and returns it.
func render(t *testing.T, build func(f *jen.File)) string {
	t.Helper()
	f := NewFile("shop")
	build(f)
	src := fmt.Sprintf("%#v", f)
	if _, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0); err != nil {
		t.Fatalf("rendered code does not parse: %v\n%s", err, src)
	}
	return src
}

func TestConstructors(t *testing.T) {
	m := testModel(t)
	var refund *model.Action
	for _, a := range m.Actions {
		refund = a
	}
	var enum, item *model.Type
	for _, ty := range m.Types {
		switch ty.Name {
		case "RefundParamsReason":
			enum = ty
		case "RefundParamsItemsItem":
			item = ty
		}
	}
	if enum == nil || item == nil {
		t.Fatalf("types = %+v", m.Types)
	}
	db, cluster := m.Endpoints[0], m.Endpoints[1]
	cases := []struct {
		name  string
		build func(f *jen.File)
		want  []string
		not   []string
	}{
		{"EventKinds", func(f *jen.File) { EventKinds(f, m) },
			[]string{"EventInstall", "EventDBRelationJoined", "EventClusterRelationBroken", "EventDataStorageAttached",
				"EventAppPebbleCheckFailed", "EventRefundAction", `return "db-relation-changed"`, "func (k EventKind) Repeatable() bool",
				// Its assumes (none) let Juju 3 deploy it: Juju 3's follower hook is taken.
				"EventLeaderSettingsChanged"},
			nil},
		{"EventStruct", func(f *jen.File) { EventStruct(f, m) }, []string{"Relation *charm.RelationID", "SecretRevision int", "Env charm.Env"}, nil},
		{"ParseEventFunc", func(f *jen.File) { ParseEventFunc(f, m) }, []string{`case "refund":`, `case "db-relation-departed":`, "ev.Kind = EventDBRelationDeparted", "is not declared in the charm's metadata"}, nil},
		{"ConfigStruct", func(f *jen.File) { ConfigStruct(f, m) }, []string{"Port int64 `json:\"port\"`", "Motd *string", "Token *string", "Token is the token option, a secret URI: Token."}, nil},
		{"LoadConfigFunc", func(f *jen.File) { LoadConfigFunc(f, m) }, []string{`param.Int("option port", m["port"])`, "cfg.Port = int64(8080)", "cfg.Motd = &v", `strings.HasPrefix(v, "secret:")`}, nil},
		{"EnumType", func(f *jen.File) { EnumType(f, enum) }, []string{"type RefundParamsReason string", `RefundParamsReasonDamaged RefundParamsReason = "damaged"`}, nil},
		{"StructType", func(f *jen.File) { StructType(f, refund.Params) }, []string{"Order int64 `json:\"order\"`", "Reason *RefundParamsReason `json:\"reason,omitempty\"`", "Items []RefundParamsItemsItem"}, nil},
		{"StructDecoder", func(f *jen.File) { StructDecoder(f, refund.Params) }, []string{`param.Required(m, path, "order")`, `param.Known(m, path, "order", "reason", "items")`, "param.Min(param.Join(path, \"order\"), float64(v0), 1.0, false)", `param.Enum(param.Join(path, "reason"), b0, "damaged", "late")`, "param.Index(param.Join(path, \"items\"), i0)"}, nil},
		{"ActionDecoder", func(f *jen.File) { ActionDecoder(f, refund) }, []string{"func decodeRefundParams(c *charm.Context) (RefundParams, error)", "c.ActionParams(&raw)"}, nil},
		{"EndpointType", func(f *jen.File) { EndpointType(f, db) }, []string{"type DBRelation struct", "requires, interface mysql_client, limit 1"}, nil},
		{"EndpointAccessor", func(f *jen.File) { EndpointAccessor(f, db) }, []string{"func (r Relations) DB() ([]*DBRelation, error)", `r.c.RelationIDs("db")`}, nil},
		{"EndpointMethodsRemote", func(f *jen.File) { EndpointMethods(f, db) }, []string{"RemoteAppData()", "SetLocalAppData(kv map[string]string) error"}, nil},
		{"EndpointMethodsPeer", func(f *jen.File) { EndpointMethods(f, cluster) }, []string{"LocalAppData()", "SetLocalUnitData"}, []string{"RemoteAppData()"}},
		{"ContextType", func(f *jen.File) { ContextType(f, m) }, []string{"*charm.Context", "ConfigErr error", "Relations Relations", "Containers Containers"}, nil},
		{"ContainersType", func(f *jen.File) { ContainersType(f, m) }, []string{"type Containers struct { c *charm.Context }"}, nil},
		{"ContainerAccessor", func(f *jen.File) { ContainerAccessor(f, m.Containers[0]) }, []string{"func (x Containers) App() *workload.Container", `return workload.New(x.c, "app")`, "(image: resource img)"}, nil},
		{"ContainerOfEvent", func(f *jen.File) { ContainerOfEvent(f, m) }, []string{"func (x Containers) Event() *workload.Container", `switch x.c.Env().Workload`, `case "app": return x.App()`, "return nil"}, nil},
		{"HandlerInterface", func(f *jen.File) { HandlerInterface(f, m) }, []string{"Reconcile(ctx *Context) ([]charm.Status, error)", "SecretRotate(ctx *Context) error", "RefundAction(ctx *Context, params RefundParams) (map[string]any, error)"}, nil},
		{"DispatchFunc", func(f *jen.File) { DispatchFunc(f, m) }, []string{"case EventStop:", "return h.Stop(ctx)", `c.FailAction("invalid params: " + err.Error())`, "charm.BlockedStatus(\"%v\", ctx.ConfigErr)", "c.ApplyStatuses(statuses, nil)", "Containers: Containers{c: c}"}, nil},
		{"MainFunc", func(f *jen.File) { MainFunc(f, m) }, []string{"charm.New(context.Background())", "os.Exit(1)"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Join(strings.Fields(render(t, c.build)), " ")
			for _, w := range c.want {
				if !strings.Contains(src, w) {
					t.Errorf("missing %q in:\n%s", w, src)
				}
			}
			for _, n := range c.not {
				if strings.Contains(src, n) {
					t.Errorf("unexpected %q in:\n%s", n, src)
				}
			}
		})
	}
}

func TestEndpointCodecMethods(t *testing.T) {
	ep := &model.Endpoint{Name: "db", GoName: "DB", Type: "DBRelation", Codec: &model.EndpointCodec{
		Import: "example.com/x/internal/charm/mysql_client/v0", Package: "mysqlclientv0",
		LocalApp: "RequirerApp", RemoteApp: "ProviderApp"}}
	src := strings.Join(strings.Fields(render(t, func(f *jen.File) {
		f.ImportName(ep.Codec.Import, ep.Codec.Package)
		EndpointCodecMethods(f, ep)
	})), " ")
	for _, w := range []string{"func (r *DBRelation) ReadRemoteApp() (mysqlclientv0.ProviderApp, error)",
		"r.c.ReadAppData(r.ID, r.RemoteApp, &v)", "func (r *DBRelation) WriteLocalApp(v mysqlclientv0.RequirerApp) error", "r.c.WriteAppData(r.ID, &v)",
		"// An error that matches databag.ErrEmpty (errors.Is) means the remote side // has not written its data yet: wait for it (a waiting status), the relation // is not broken."} {
		if !strings.Contains(src, w) {
			t.Errorf("missing %q in %s", w, src)
		}
	}
	// Databags the schema does not describe get no method.
	if strings.Contains(src, "ReadRemoteUnit") || strings.Contains(src, "WriteLocalUnit") {
		t.Errorf("methods for undescribed databags: %s", src)
	}
}

func TestJuju3AddsLeaderSettingsChanged(t *testing.T) {
	c, _ := meta.LoadFiles(map[string][]byte{"metadata.yaml": []byte("name: old\nsummary: s\ndescription: d\n")}, &meta.Options{Juju: 3})
	m, err := model.Build(c, "old", 3)
	if err != nil {
		t.Fatal(err)
	}
	if src := render(t, func(f *jen.File) { EventKinds(f, m) }); !strings.Contains(src, "EventLeaderSettingsChanged") {
		t.Errorf("Juju 3 target lacks leader-settings-changed:\n%s", src)
	}
}

func TestHandlerStubSkipsWrittenMethods(t *testing.T) {
	m := testModel(t)
	full, err := HandlerStub(m, map[string]bool{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"type Charm struct{}", "var _ Handler = (*Charm)(nil)", "func (c *Charm) RefundAction(", "ctx.Relations.DB(): the db relations", "ctx.Config.Port"} {
		if !strings.Contains(string(full), w) {
			t.Errorf("stub lacks %q:\n%s", w, full)
		}
	}
	if strings.HasPrefix(string(full), "// "+Header) {
		t.Error("the user-owned stub must not carry the generated header")
	}
	part, _ := HandlerStub(m, map[string]bool{"Charm": true, "Charm.Reconcile": true, "Charm.RefundAction": true})
	if strings.Contains(string(part), "type Charm struct") || strings.Contains(string(part), ") Reconcile(") || strings.Contains(string(part), "RefundAction") {
		t.Errorf("stub repeats what the user wrote:\n%s", part)
	}
	all := map[string]bool{"Charm": true}
	for _, n := range []string{"Reconcile", "Stop", "Remove", "SecretRotate", "SecretExpired", "SecretRemove", "RefundAction"} {
		all["Charm."+n] = true
	}
	if none, _ := HandlerStub(m, all); none != nil {
		t.Errorf("everything written, yet a stub:\n%s", none)
	}
}

func TestMainFile(t *testing.T) {
	src, err := MainFile(testModel(t), "example.com/shop/internal/charm")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "shop.Main(&shop.Charm{})") {
		t.Errorf("main.go:\n%s", src)
	}
}

// TestJuju4OnlyHasNoLeaderSettings: a charm whose assumes rule Juju 3 out
// never gets leader-settings-changed, which only Juju 3 runs.
func TestJuju4OnlyHasNoLeaderSettings(t *testing.T) {
	for _, tc := range []struct {
		assumes string
		want    bool
	}{
		{"", true},
		{"assumes: [juju >= 3.6]\n", true},
		{"assumes: [juju >= 4.0]\n", false},
	} {
		c, err := meta.LoadFiles(map[string][]byte{"charmcraft.yaml": []byte("name: n\ntype: charm\nsummary: s\ndescription: d\nbase: ubuntu@24.04\nplatforms: {amd64: }\nparts: {charm: {plugin: go}}\n" + tc.assumes)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := model.Build(c, "n", 4)
		if err != nil {
			t.Fatal(err)
		}
		src := render(t, func(f *jen.File) { EventKinds(f, m) })
		if got := strings.Contains(src, "EventLeaderSettingsChanged"); got != tc.want {
			t.Errorf("assumes %q: leader-settings-changed %v, want %v", tc.assumes, got, tc.want)
		}
	}
}
