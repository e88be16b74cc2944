package emit

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/internal/gen/model"
	"github.com/dave/jennifer/jen"
)

// HandlerStub renders the user-owned charm.go: the Charm type and a stub of
// every Handler method the package does not already declare (existing holds
// "Type" and "Type.Method" names). It returns nil when nothing is missing.
// Unlike generated files it has no header: it is the user's from then on.
func HandlerStub(m *model.Charm, existing map[string]bool) ([]byte, error) {
	f := jen.NewFile(m.Package)
	f.ImportName(rt, "charm")
	f.PackageComment(fmt.Sprintf("Package %s is the %s charm. charmgen writes the *.gen.go files of this", m.Package, m.Name))
	f.PackageComment("package; this file and the others are yours: charmgen never overwrites them.")
	wrote := false
	if !existing["Charm"] {
		f.Comment("Charm implements Handler: put the charm's logic in its methods.")
		f.Type().Id("Charm").Struct()
		f.Line()
		f.Comment("A missing Handler method (after adding an action, say) is a compile error here.")
		f.Var().Id("_").Id("Handler").Op("=").Parens(jen.Op("*").Id("Charm")).Parens(jen.Nil())
		wrote = true
	}
	method := func(name string, comment []string, params []jen.Code, results jen.Code, body ...jen.Code) {
		if existing["Charm."+name] {
			return
		}
		for _, c := range comment {
			f.Comment(c)
		}
		f.Func().Params(jen.Id("c").Op("*").Id("Charm")).Id(name).Params(params...).Add(results).Block(body...)
		wrote = true
	}
	ctx := jen.Id("ctx").Op("*").Id("Context")
	method(model.HandleReconcile, reconcileDoc(m), []jen.Code{ctx},
		jen.Params(jen.Index().Qual(rt, "Status"), jen.Error()),
		jen.Return(jen.Index().Qual(rt, "Status").Values(jen.Qual(rt, "ActiveStatus").Call(jen.Lit(""))), jen.Nil()))
	simple := []struct{ name, doc string }{
		{model.HandleStop, "Stop stops the workload; the unit is going away."},
		{model.HandleRemove, "Remove cleans up what the unit owns; it is the last hook."},
		{model.HandleSecretRotate, "SecretRotate rotates a secret this charm owns (ctx.Event.SecretID)."},
		{model.HandleSecretExpired, "SecretExpired handles an expired revision of a secret this charm owns."},
		{model.HandleSecretRemove, "SecretRemove removes a revision no one tracks any more (ctx.Event.SecretRevision)."},
	}
	for _, s := range simple {
		method(s.name, []string{s.doc}, []jen.Code{ctx.Clone()}, jen.Error(), jen.Return(jen.Nil()))
	}
	for _, a := range m.Actions {
		doc := []string{fmt.Sprintf("%s runs the %s action. Return its results, or an error to fail it.", a.Method, a.Name)}
		method(a.Method, doc, []jen.Code{ctx.Clone(), jen.Id("params").Id(a.Params.Name)},
			jen.Params(jen.Map(jen.String()).Any(), jen.Error()),
			jen.Return(jen.Nil(), jen.Qual("errors", "New").Call(jen.Lit(a.Name+" is not implemented yet"))))
	}
	if !wrote {
		return nil, nil
	}
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// reconcileDoc lists, in the stub's comment, what Reconcile can read and
// what it should return.
func reconcileDoc(m *model.Charm) []string {
	out := []string{
		"Reconcile makes the unit match its inputs, for every repeatable event. It",
		"must be idempotent: the runtime writes only what differs, so a second run",
		"on the same inputs writes nothing. Inputs:",
		"  - ctx.Event: the event (ctx.Event.Kind), for logging; do not branch on it.",
	}
	if len(m.Options) > 0 {
		var fields []string
		for _, o := range m.Options {
			fields = append(fields, "ctx.Config."+o.Field)
		}
		sort.Strings(fields)
		out = append(out, "  - config: "+strings.Join(fields, ", "))
	}
	for _, ep := range m.Endpoints {
		out = append(out, fmt.Sprintf("  - ctx.Relations.%s(): the %s relations (%s, %s)", ep.GoName, ep.Name, ep.Role, ep.Interface))
	}
	out = append(out,
		"  - ctx.IsLeader(), ctx.State(), ctx.SecretGet(...), and every hook tool.",
		"Return the statuses to show; the most urgent wins:",
		"  - charm.BlockedStatus(...): a human must act (bad config, missing relation)",
		"  - charm.MaintenanceStatus(...): busy with work that will finish by itself",
		"  - charm.WaitingStatus(...): waiting for something outside the charm",
		"  - charm.ActiveStatus(...): ready",
	)
	return out
}

// MainFile renders the user-owned cmd/<name>/main.go.
func MainFile(m *model.Charm, importPath string) ([]byte, error) {
	f := jen.NewFile("main")
	f.PackageComment(fmt.Sprintf("Command %s is the charm's dispatch: Juju runs it for every hook and action.", m.Name))
	f.ImportName(importPath, m.Package)
	f.Func().Id("main").Params().Block(
		jen.Qual(importPath, "Main").Call(jen.Op("&").Qual(importPath, "Charm").Values()),
	)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
