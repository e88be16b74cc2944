package emit

import (
	"fmt"

	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/charmgen/charmgen/meta"
	"github.com/dave/jennifer/jen"
)

// Relations declares the Relations accessor and one type per endpoint.
func Relations(f *jen.File, m *model.Charm) {
	f.Comment("Relations gives typed access to the charm's relation endpoints.")
	f.Type().Id("Relations").Struct(jen.Id("c").Op("*").Qual(rt, "Context"))
	for _, ep := range m.Endpoints {
		if ep.Codec != nil {
			f.ImportName(ep.Codec.Import, ep.Codec.Package)
		}
	}
	for _, ep := range m.Endpoints {
		EndpointType(f, ep)
		EndpointAccessor(f, ep)
		EndpointMethods(f, ep)
		EndpointCodecMethods(f, ep)
	}
}

func endpointDoc(ep *model.Endpoint) string {
	s := fmt.Sprintf("%s endpoint (%s, interface %s", ep.Name, ep.Role, ep.Interface)
	if ep.Limit != nil {
		s += fmt.Sprintf(", limit %d", *ep.Limit)
	}
	if ep.Scope == "container" {
		s += ", container scope"
	}
	if ep.Optional {
		s += ", optional"
	}
	return s + ")"
}

// EndpointType declares <Endpoint>Relation: one relation on the endpoint.
func EndpointType(f *jen.File, ep *model.Endpoint) {
	f.Comment(fmt.Sprintf("%s is one relation on the %s.", ep.Type, endpointDoc(ep)))
	f.Type().Id(ep.Type).Struct(
		jen.Id("ID").Qual(rt, "RelationID"),
		jen.Comment("RemoteApp is the application at the other end (this application for peers)."),
		jen.Id("RemoteApp").String(),
		jen.Comment("RemoteUnits are the remote units that have joined."),
		jen.Id("RemoteUnits").Index().String(),
		jen.Id("c").Op("*").Qual(rt, "Context"),
	)
}

// EndpointAccessor declares (Relations).<Endpoint>, listing the relations.
func EndpointAccessor(f *jen.File, ep *model.Endpoint) {
	f.Comment(fmt.Sprintf("%s returns the relations on the %s.", ep.GoName, endpointDoc(ep)))
	f.Func().Params(jen.Id("r").Id("Relations")).Id(ep.GoName).Params().Params(jen.Index().Op("*").Id(ep.Type), jen.Error()).Block(
		jen.List(jen.Id("ids"), jen.Err()).Op(":=").Id("r").Dot("c").Dot("RelationIDs").Call(jen.Lit(ep.Name)),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("out").Op(":=").Make(jen.Index().Op("*").Id(ep.Type), jen.Lit(0), jen.Len(jen.Id("ids"))),
		jen.For(jen.List(jen.Id("_"), jen.Id("id")).Op(":=").Range().Id("ids")).Block(
			jen.List(jen.Id("app"), jen.Err()).Op(":=").Id("r").Dot("c").Dot("RelationApp").Call(jen.Id("id")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.List(jen.Id("units"), jen.Err()).Op(":=").Id("r").Dot("c").Dot("RelationUnits").Call(jen.Id("id")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Id("out").Op("=").Append(jen.Id("out"), jen.Op("&").Id(ep.Type).Values(jen.Dict{
				jen.Id("ID"): jen.Id("id"), jen.Id("RemoteApp"): jen.Id("app"), jen.Id("RemoteUnits"): jen.Id("units"), jen.Id("c"): jen.Id("r").Dot("c"),
			})),
		),
		jen.Return(jen.Id("out"), jen.Nil()),
	)
}

// EndpointCodecMethods declares the typed databag accessors of an endpoint
// whose interface has a schema: decoding validates remote data (an empty
// remote bag is databag.ErrEmpty, "not written yet"), writing encodes in
// the wire format Python charms use and writes only what differs.
func EndpointCodecMethods(f *jen.File, ep *model.Endpoint) {
	c := ep.Codec
	if c == nil {
		return
	}
	recv := jen.Id("r").Op("*").Id(ep.Type)
	read := func(name, typ, doc string, app bool) {
		if typ == "" {
			return
		}
		f.Comment(fmt.Sprintf("%s decodes and validates %s (%s.%s).", name, doc, c.Package, typ))
		f.Comment("An error that matches databag.ErrEmpty (errors.Is) means the remote side")
		f.Comment("has not written its data yet: wait for it (a waiting status), the relation")
		f.Comment("is not broken. Other errors list the fields that are wrong.")
		params := []jen.Code{}
		call := jen.Id("r").Dot("c").Dot("ReadAppData").Call(jen.Id("r").Dot("ID"), jen.Id("r").Dot("RemoteApp"), jen.Op("&").Id("v"))
		if !app {
			params = append(params, jen.Id("unit").String())
			call = jen.Id("r").Dot("c").Dot("ReadUnitData").Call(jen.Id("r").Dot("ID"), jen.Id("unit"), jen.Op("&").Id("v"))
		}
		f.Func().Params(recv.Clone()).Id(name).Params(params...).Params(jen.Qual(c.Import, typ), jen.Error()).Block(
			jen.Var().Id("v").Qual(c.Import, typ),
			jen.Err().Op(":=").Add(call),
			jen.Return(jen.Id("v"), jen.Err()),
		)
	}
	write := func(name, typ, doc string, app bool) {
		if typ == "" {
			return
		}
		f.Comment(fmt.Sprintf("%s writes %s (%s.%s), only the keys that differ.", name, doc, c.Package, typ))
		method := "WriteUnitData"
		if app {
			method = "WriteAppData"
		}
		f.Func().Params(recv.Clone()).Id(name).Params(jen.Id("v").Qual(c.Import, typ)).Error().Block(
			jen.Return(jen.Id("r").Dot("c").Dot(method).Call(jen.Id("r").Dot("ID"), jen.Op("&").Id("v"))))
	}
	read("ReadRemoteApp", c.RemoteApp, "the remote application's databag", true)
	read("ReadRemoteUnit", c.RemoteUnit, "a remote unit's databag", false)
	write("WriteLocalApp", c.LocalApp, "this application's databag (leader only)", true)
	write("WriteLocalUnit", c.LocalUnit, "this unit's databag", false)
}

// EndpointMethods declares the databag accessors of a relation. Peers read
// and write their own application and unit bags; other relations read the
// remote bags and write the local ones. Application bags are written by
// the leader only (the runtime says ErrNotLeader otherwise).
func EndpointMethods(f *jen.File, ep *model.Endpoint) {
	raw := jen.Map(jen.String()).String()
	recv := jen.Id("r").Op("*").Id(ep.Type)
	if ep.Role != meta.Peers {
		f.Comment("RemoteAppData reads the remote application's databag.")
		f.Func().Params(recv.Clone()).Id("RemoteAppData").Params().Params(raw.Clone(), jen.Error()).Block(
			jen.Return(jen.Id("r").Dot("c").Dot("RelationAppData").Call(jen.Id("r").Dot("ID"), jen.Id("r").Dot("RemoteApp"))))
	}
	f.Comment("RemoteUnitData reads a remote unit's databag (a peer's, on a peer relation).")
	f.Func().Params(recv.Clone()).Id("RemoteUnitData").Params(jen.Id("unit").String()).Params(raw.Clone(), jen.Error()).Block(
		jen.Return(jen.Id("r").Dot("c").Dot("RelationData").Call(jen.Id("r").Dot("ID"), jen.Id("unit"))))
	f.Comment("LocalAppData reads this application's databag (the leader's view; on peer")
	f.Comment("relations every unit may read it).")
	f.Func().Params(recv.Clone()).Id("LocalAppData").Params().Params(raw.Clone(), jen.Error()).Block(
		jen.Return(jen.Id("r").Dot("c").Dot("RelationAppData").Call(jen.Id("r").Dot("ID"), jen.Id("r").Dot("c").Dot("Env").Call().Dot("AppName").Call())))
	f.Comment("LocalUnitData reads this unit's own databag.")
	f.Func().Params(recv.Clone()).Id("LocalUnitData").Params().Params(raw.Clone(), jen.Error()).Block(
		jen.Return(jen.Id("r").Dot("c").Dot("RelationData").Call(jen.Id("r").Dot("ID"), jen.Id("r").Dot("c").Dot("Env").Call().Dot("UnitName"))))
	f.Comment("SetLocalAppData sets keys of this application's databag; only the leader")
	f.Comment("may. Only keys whose value differs are written; \"\" deletes a key.")
	f.Func().Params(recv.Clone()).Id("SetLocalAppData").Params(jen.Id("kv").Map(jen.String()).String()).Error().Block(
		jen.Return(jen.Id("r").Dot("c").Dot("SetRelationData").Call(jen.Id("r").Dot("ID"), jen.True(), jen.Id("kv"))))
	f.Comment("SetLocalUnitData sets keys of this unit's databag, writing only what differs.")
	f.Func().Params(recv.Clone()).Id("SetLocalUnitData").Params(jen.Id("kv").Map(jen.String()).String()).Error().Block(
		jen.Return(jen.Id("r").Dot("c").Dot("SetRelationData").Call(jen.Id("r").Dot("ID"), jen.False(), jen.Id("kv"))))
}
