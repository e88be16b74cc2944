package removedjuju4

import (
	"go/ast"

	"github.com/charmgen/charmgen/lint/analyzers/internal/reach"
	"github.com/charmgen/charmgen/lint/internal/cmdline"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports hooks and hook tools Juju 4 removed.
var Analyzer = &analysis.Analyzer{
	Name:     "removedjuju4",
	Doc:      Rule.Title,
	Requires: []*analysis.Analyzer{reach.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	r := pass.ResultOf[reach.Analyzer].(*reach.Result)
	for _, h := range r.Handlers {
		for _, ev := range h.Events {
			if reach.RemovedHooks[ev] {
				pass.Reportf(h.Pos, "%s handles %s, which Juju 4 no longer runs; %s", h.Name(), ev, advice(ev))
			}
		}
	}
	reach.Calls(pass, func(call *ast.CallExpr) {
		if argv, ok := reach.Exec(pass, call); ok {
			for _, cmd := range cmdline.Split(argv, false) {
				if len(cmd) > 0 && cmdline.RemovedTools[cmd[0]] {
					pass.Reportf(call.Pos(), "%s is a hook tool Juju 4 removed; %s", cmd[0], advice(cmd[0]))
					return
				}
			}
		}
	})
	return nil, nil
}

func advice(what string) string {
	switch what {
	case "leader-settings-changed", "leader-get", "leader-set":
		return "share settings through a peer relation's application databag"
	case "pre-series-upgrade", "post-series-upgrade":
		return "Juju 4 has no series upgrades: redeploy on the new base"
	case "collect-metrics", "meter-status-changed", "add-metric":
		return "send metrics to COS instead"
	}
	return "Juju 4 runs sidecar charms only; drop pod specs and payloads"
}
