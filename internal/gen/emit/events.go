package emit

import (
	"strings"

	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/dave/jennifer/jen"
)

// Events declares EventKind, one constant per event, and ParseEvent.
func Events(f *jen.File, m *model.Charm) {
	EventKinds(f, m)
	EventStruct(f, m)
	ParseEventFunc(f, m)
}

// EventKinds declares the EventKind type, its constants and String.
func EventKinds(f *jen.File, m *model.Charm) {
	f.Comment("EventKind says which hook or action is running.")
	f.Type().Id("EventKind").Int()
	f.Line()
	f.Comment("The events the charm's metadata implies.")
	f.Const().DefsFunc(func(g *jen.Group) {
		g.Comment("EventUnknown is a hook the metadata does not explain.")
		g.Id("EventUnknown").Id("EventKind").Op("=").Iota()
		for _, e := range m.Events {
			g.Comment(e.Const + " " + e.Doc + ".")
			g.Id(e.Const)
		}
	})
	f.Line()
	f.Comment("String returns the hook or action name.")
	f.Func().Params(jen.Id("k").Id("EventKind")).Id("String").Params().String().Block(
		jen.Switch(jen.Id("k")).BlockFunc(func(g *jen.Group) {
			for _, e := range m.Events {
				g.Case(jen.Id(e.Const)).Block(jen.Return(jen.Lit(e.Hook)))
			}
		}),
		jen.Return(jen.Lit("unknown")),
	)
	f.Line()
	f.Comment("Repeatable reports whether the event is handled by Reconcile.")
	var repeat []jen.Code
	for _, e := range m.Events {
		if e.Handler == model.HandleReconcile {
			repeat = append(repeat, jen.Id(e.Const))
		}
	}
	f.Func().Params(jen.Id("k").Id("EventKind")).Id("Repeatable").Params().Bool().Block(
		jen.Switch(jen.Id("k")).Block(
			jen.Case(repeat...).Block(jen.Return(jen.True())),
		),
		jen.Return(jen.False()),
	)
}

// EventStruct declares Event, the typed view of the hook environment.
func EventStruct(f *jen.File, _ *model.Charm) {
	f.Comment("Event is the running hook or action with everything Juju says about it.")
	f.Type().Id("Event").Struct(
		jen.Id("Kind").Id("EventKind"),
		jen.Comment("Relation is set for relation events; RemoteUnit is empty for"),
		jen.Comment("relation-created, relation-broken and application-level changes."),
		jen.Id("Relation").Op("*").Qual(rt, "RelationID"),
		jen.Id("RemoteUnit").String(),
		jen.Id("RemoteApp").String(),
		jen.Id("DepartingUnit").String(),
		jen.Comment("Secret events."),
		jen.Id("SecretID").String(),
		jen.Id("SecretLabel").String(),
		jen.Id("SecretRevision").Int(),
		jen.Comment("Pebble events: the container, a custom notice, a check."),
		jen.Id("Workload").String(),
		jen.Id("NoticeID").String(),
		jen.Id("NoticeType").String(),
		jen.Id("NoticeKey").String(),
		jen.Id("CheckName").String(),
		jen.Comment("Storage events."),
		jen.Id("StorageID").String(),
		jen.Id("StorageLocation").String(),
		jen.Comment("Env is the whole hook environment."),
		jen.Id("Env").Qual(rt, "Env"),
	)
}

// ParseEventFunc declares ParseEvent, from the hook environment.
func ParseEventFunc(f *jen.File, m *model.Charm) {
	f.Comment("ParseEvent reads the running event from the hook environment. A hook")
	f.Comment("the metadata does not explain is EventUnknown with an error.")
	f.Func().Id("ParseEvent").Params(jen.Id("env").Qual(rt, "Env")).Params(jen.Id("Event"), jen.Error()).Block(
		jen.Id("ev").Op(":=").Id("Event").Values(jen.Dict{
			jen.Id("RemoteUnit"):      jen.Id("env").Dot("RemoteUnit"),
			jen.Id("RemoteApp"):       jen.Id("env").Dot("RemoteApp"),
			jen.Id("DepartingUnit"):   jen.Id("env").Dot("DepartingUnit"),
			jen.Id("SecretID"):        jen.Id("env").Dot("SecretID"),
			jen.Id("SecretLabel"):     jen.Id("env").Dot("SecretLabel"),
			jen.Id("SecretRevision"):  jen.Id("env").Dot("SecretRevision"),
			jen.Id("Workload"):        jen.Id("env").Dot("Workload"),
			jen.Id("NoticeID"):        jen.Id("env").Dot("NoticeID"),
			jen.Id("NoticeType"):      jen.Id("env").Dot("NoticeType"),
			jen.Id("NoticeKey"):       jen.Id("env").Dot("NoticeKey"),
			jen.Id("CheckName"):       jen.Id("env").Dot("CheckName"),
			jen.Id("StorageID"):       jen.Id("env").Dot("StorageID"),
			jen.Id("StorageLocation"): jen.Id("env").Dot("StorageLoc"),
			jen.Id("Env"):             jen.Id("env"),
		}),
		jen.If(jen.List(jen.Id("rel"), jen.Id("ok")).Op(":=").Id("env").Dot("Relation").Call(), jen.Id("ok")).Block(
			jen.Id("ev").Dot("Relation").Op("=").Op("&").Id("rel"),
		),
		actionSwitch(m),
		jen.Switch(jen.Id("env").Dot("HookName")).BlockFunc(func(g *jen.Group) {
			for _, e := range m.Events {
				if e.Kind != model.ActionEv {
					g.Case(jen.Lit(e.Hook)).Block(jen.Id("ev").Dot("Kind").Op("=").Id(e.Const))
				}
			}
			g.Default().Block(jen.Return(jen.Id("ev"), jen.Qual("fmt", "Errorf").Call(
				jen.Lit("hook %q is not one this charm's metadata implies"), jen.Id("env").Dot("HookName"))))
		}),
		jen.Return(jen.Id("ev"), jen.Nil()),
	)
}

// lowerFirst lower-cases the first letter of s.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// actionSwitch maps the running action to its event; a charm without
// actions refuses every action.
func actionSwitch(m *model.Charm) jen.Code {
	unknown := jen.Return(jen.Id("ev"), jen.Qual("fmt", "Errorf").Call(
		jen.Lit("action %q is not declared in the charm's metadata; run charmgen gen after adding it"), jen.Id("env").Dot("ActionName")))
	var cases []jen.Code
	for _, e := range m.Events {
		if e.Kind == model.ActionEv {
			cases = append(cases, jen.Case(jen.Lit(e.Hook)).Block(jen.Id("ev").Dot("Kind").Op("=").Id(e.Const), jen.Return(jen.Id("ev"), jen.Nil())))
		}
	}
	if len(cases) == 0 {
		return jen.If(jen.Id("env").Dot("IsAction").Call()).Block(unknown)
	}
	return jen.If(jen.Id("env").Dot("IsAction").Call()).Block(
		jen.Switch(jen.Id("env").Dot("ActionName")).Block(cases...),
		unknown,
	)
}
