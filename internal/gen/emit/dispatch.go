package emit

import (
	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/dave/jennifer/jen"
)

// Dispatch declares Context, Handler, Dispatch and Main.
func Dispatch(f *jen.File, m *model.Charm) {
	ContextType(f, m)
	HandlerInterface(f, m)
	DispatchFunc(f, m)
	MainFunc(f, m)
}

// ContextType declares the Context handlers receive.
func ContextType(f *jen.File, m *model.Charm) {
	f.Comment("Context is what a handler gets: every hook tool (the embedded runtime")
	if len(m.Containers) > 0 {
		f.Comment("context), the event, the typed config, the relations and the containers.")
	} else {
		f.Comment("context), the event, the typed config and the relations.")
	}
	f.Type().Id("Context").StructFunc(func(g *jen.Group) {
		g.Op("*").Qual(rt, "Context")
		g.Id("Event").Id("Event")
		g.Id("Config").Id("Config")
		g.Comment("ConfigErr is set when the config is invalid; Reconcile is not called")
		g.Comment("then, and the charm is blocked with the error as its message.")
		g.Id("ConfigErr").Error()
		g.Id("Relations").Id("Relations")
		if len(m.Containers) > 0 {
			g.Id("Containers").Id("Containers")
		}
	})
}

// HandlerInterface declares Handler: Reconcile for every repeatable event,
// dedicated methods where ops' holistic guidance wants them, one per action.
func HandlerInterface(f *jen.File, m *model.Charm) {
	f.Comment("Handler is the charm. Reconcile handles every repeatable event; stop,")
	f.Comment("remove, the secret owner events and each action have their own method, so")
	f.Comment("a missing action handler is a compile error.")
	f.Type().Id("Handler").InterfaceFunc(func(g *jen.Group) {
		g.Comment("Reconcile makes the unit match its inputs and returns the statuses to")
		g.Comment("show; the most urgent wins (blocked > maintenance > waiting > active).")
		g.Id(model.HandleReconcile).Params(jen.Id("ctx").Op("*").Id("Context")).Params(jen.Index().Qual(rt, "Status"), jen.Error())
		g.Comment("Stop runs before the unit goes away: stop the workload.")
		g.Id(model.HandleStop).Params(jen.Id("ctx").Op("*").Id("Context")).Error()
		g.Comment("Remove runs last: clean up what the unit owns.")
		g.Id(model.HandleRemove).Params(jen.Id("ctx").Op("*").Id("Context")).Error()
		g.Comment("SecretRotate runs on the owner when a secret is due for rotation.")
		g.Id(model.HandleSecretRotate).Params(jen.Id("ctx").Op("*").Id("Context")).Error()
		g.Comment("SecretExpired runs on the owner when a secret revision expires.")
		g.Id(model.HandleSecretExpired).Params(jen.Id("ctx").Op("*").Id("Context")).Error()
		g.Comment("SecretRemove runs on the owner when a revision is no longer used.")
		g.Id(model.HandleSecretRemove).Params(jen.Id("ctx").Op("*").Id("Context")).Error()
		for _, a := range m.Actions {
			c := "runs the " + a.Name + " action"
			if a.Doc != "" {
				c += ": " + lowerFirst(oneLine(a.Doc))
			}
			g.Comment(a.Method + " " + c)
			g.Comment("Its results are set with action-set; an error fails the action.")
			g.Id(a.Method).Params(jen.Id("ctx").Op("*").Id("Context"), jen.Id("params").Id(a.Params.Name)).Params(jen.Map(jen.String()).Any(), jen.Error())
		}
	})
}

// DispatchFunc declares Dispatch: one hook, routed to its handler.
func DispatchFunc(f *jen.File, m *model.Charm) {
	f.Comment("Dispatch runs the hook the environment names on h. It has the shape")
	f.Comment("charmtest runs: func(*charm.Context) error, with h bound.")
	f.Func().Id("Dispatch").Params(jen.Id("c").Op("*").Qual(rt, "Context"), jen.Id("h").Id("Handler")).Error().BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("ev"), jen.Err()).Op(":=").Id("ParseEvent").Call(jen.Id("c").Dot("Env").Call())
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		fields := jen.Dict{
			jen.Id("Context"): jen.Id("c"), jen.Id("Event"): jen.Id("ev"), jen.Id("Relations"): jen.Id("Relations").Values(jen.Dict{jen.Id("c"): jen.Id("c")}),
		}
		if len(m.Containers) > 0 {
			fields[jen.Id("Containers")] = jen.Id("Containers").Values(jen.Dict{jen.Id("c"): jen.Id("c")})
		}
		g.Id("ctx").Op(":=").Op("&").Id("Context").Values(fields)
		g.List(jen.Id("ctx").Dot("Config"), jen.Id("ctx").Dot("ConfigErr")).Op("=").Id("LoadConfig").Call(jen.Id("c"))
		g.Switch(jen.Id("ev").Dot("Kind")).BlockFunc(func(s *jen.Group) {
			for _, e := range m.Events {
				switch e.Handler {
				case model.HandleReconcile:
					continue
				case model.HandleStop, model.HandleRemove, model.HandleSecretRotate, model.HandleSecretExpired, model.HandleSecretRemove:
					s.Case(jen.Id(e.Const)).Block(jen.Return(jen.Id("h").Dot(e.Handler).Call(jen.Id("ctx"))))
				default:
					a := e.Action
					s.Case(jen.Id(e.Const)).Block(
						jen.List(jen.Id("p"), jen.Err()).Op(":=").Id("decode"+a.Params.Name).Call(jen.Id("c")),
						jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("c").Dot("FailAction").Call(jen.Lit("invalid params: ").Op("+").Err().Dot("Error").Call()))),
						jen.List(jen.Id("res"), jen.Err()).Op(":=").Id("h").Dot(a.Method).Call(jen.Id("ctx"), jen.Id("p")),
						jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("c").Dot("FailAction").Call(jen.Err().Dot("Error").Call()))),
						jen.Return(jen.Id("c").Dot("SetActionResults").Call(jen.Id("res"))),
					)
				}
			}
		})
		g.Comment("Every other event is repeatable: reconcile, unless the config is bad.")
		g.If(jen.Id("ctx").Dot("ConfigErr").Op("!=").Nil()).Block(
			jen.Var().Id("pe").Op("*").Qual(param, "Error"),
			jen.If(jen.Qual("errors", "As").Call(jen.Id("ctx").Dot("ConfigErr"), jen.Op("&").Id("pe"))).Block(
				jen.Return(jen.Id("c").Dot("ApplyStatuses").Call(jen.Index().Qual(rt, "Status").Values(
					jen.Qual(rt, "BlockedStatus").Call(jen.Lit("%v"), jen.Id("ctx").Dot("ConfigErr"))), jen.Nil())),
			),
			jen.Return(jen.Id("ctx").Dot("ConfigErr")),
		)
		g.List(jen.Id("statuses"), jen.Err()).Op(":=").Id("h").Dot(model.HandleReconcile).Call(jen.Id("ctx"))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err()))
		g.Return(jen.Id("c").Dot("ApplyStatuses").Call(jen.Id("statuses"), jen.Nil()))
	})
}

// MainFunc declares Main, the charm's entry point.
func MainFunc(f *jen.File, _ *model.Charm) {
	f.Comment("Main runs the current hook with h and exits non-zero if it failed, so")
	f.Comment("Juju discards the hook's changes and retries it.")
	f.Func().Id("Main").Params(jen.Id("h").Id("Handler")).Block(
		jen.Id("c").Op(":=").Qual(rt, "New").Call(jen.Qual("context", "Background").Call()),
		jen.If(jen.Err().Op(":=").Id("Dispatch").Call(jen.Id("c"), jen.Id("h")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("Logger").Call().Dot("Error").Call(jen.Err().Dot("Error").Call()),
			jen.Qual("os", "Exit").Call(jen.Lit(1)),
		),
	)
}
