package emit

import (
	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/dave/jennifer/jen"
)

// Containers declares Containers: a typed accessor per workload container
// the metadata declares, so that a container name the charm does not
// declare is a compile error, and Event for the container of a Pebble
// event.
func Containers(f *jen.File, m *model.Charm) {
	ContainersType(f, m)
	for _, ct := range m.Containers {
		ContainerAccessor(f, ct)
	}
	ContainerOfEvent(f, m)
}

// ContainersType declares the Containers struct.
func ContainersType(f *jen.File, _ *model.Charm) {
	f.Comment("Containers gives typed access to the charm's workload containers,")
	f.Comment("each driven through its Pebble.")
	f.Type().Id("Containers").Struct(jen.Id("c").Op("*").Qual(rt, "Context"))
}

// ContainerAccessor declares the method that returns one container.
func ContainerAccessor(f *jen.File, ct *model.Container) {
	text := "returns the " + ct.Name + " container"
	if ct.Resource != "" {
		text += " (image: resource " + ct.Resource + ")"
	}
	f.Comment(ct.Method + " " + text + ". Check CanConnect before")
	f.Comment("using it: the container is up from its pebble-ready event on.")
	f.Func().Params(jen.Id("x").Id("Containers")).Id(ct.Method).Params().Op("*").Qual(model.WorkloadPkg, "Container").Block(
		jen.Return(jen.Qual(model.WorkloadPkg, "New").Call(jen.Id("x").Dot("c"), jen.Lit(ct.Name))),
	)
}

// ContainerOfEvent declares Containers.Event: the container a Pebble event
// is about, or nil for other events.
func ContainerOfEvent(f *jen.File, m *model.Charm) {
	f.Comment("Event returns the container of the running Pebble event (pebble-ready,")
	f.Comment("pebble-custom-notice, pebble-check-failed, pebble-check-recovered), or")
	f.Comment("nil for any other event.")
	f.Func().Params(jen.Id("x").Id("Containers")).Id("Event").Params().Op("*").Qual(model.WorkloadPkg, "Container").Block(
		jen.Switch(jen.Id("x").Dot("c").Dot("Env").Call().Dot("Workload")).BlockFunc(func(g *jen.Group) {
			for _, ct := range m.Containers {
				g.Case(jen.Lit(ct.Name)).Block(jen.Return(jen.Id("x").Dot(ct.Method).Call()))
			}
		}),
		jen.Return(jen.Nil()),
	)
}
