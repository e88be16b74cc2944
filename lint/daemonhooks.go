package lint

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/charmgen/charmgen/daemon/hooksfile"
	"github.com/charmgen/charmgen/lint/rule"
	"github.com/charmgen/charmgen/meta"
)

// Rule IDs of the daemon layout's hooks file (charmgen-hooks.yaml).
const (
	MetaHookScriptMissing = "META018"
	MetaHookScriptNotExec = "META019"
	MetaHookUnknown       = "META020"
)

var hooksFileRules = []rule.Rule{
	{
		ID: MetaHookScriptMissing, Name: "hook-script-missing", Kind: rule.Metadata, Severity: rule.Error,
		Title: "the hooks file (charmgen-hooks.yaml) runs a script that does not exist",
		Rationale: `In the daemon layout, charmgen-hooks.yaml maps hooks, actions and timers to
scripts; script: names a file under the charm's scripts/ directory. When the
file is missing (a typo, a rename, a script left out of the charm) the hook
fails at run time, on the unit, and Juju retries it. Add the script or fix
the name. Inline scripts are not checked.`,
		Bad:  "# charmgen-hooks.yaml; there is no scripts/configure.sh\nhooks:\n  install:\n    - script: configure.sh",
		Good: "# charmgen-hooks.yaml; scripts/configure.sh exists\nhooks:\n  install:\n    - script: configure.sh",
	},
	{
		ID: MetaHookScriptNotExec, Name: "hook-script-not-executable", Kind: rule.Metadata, Severity: rule.Error,
		Title: "a script the hooks file (charmgen-hooks.yaml) runs is not executable",
		Rationale: `The daemon runs a script: file directly (its #! line picks the interpreter),
so the file needs its execute bit: without it every hook that runs the script
fails with "permission denied". chmod +x the file, and check that git records
the mode (git update-index --chmod=+x). Not checked on Windows.`,
		Bad:  "# charmgen-hooks.yaml; scripts/configure.sh is -rw-r--r--\nhooks:\n  install:\n    - script: configure.sh",
		Good: "# charmgen-hooks.yaml; scripts/configure.sh is -rwxr-xr-x (chmod +x)\nhooks:\n  install:\n    - script: configure.sh",
	},
	{
		ID: MetaHookUnknown, Name: "hooks-file-unknown-event", Kind: rule.Metadata, Severity: rule.Warning,
		Title: "the hooks file (charmgen-hooks.yaml) names a hook or action the charm does not have",
		Rationale: `Juju runs only the hooks the charm's metadata implies: the lifecycle hooks,
<endpoint>-relation-{created,joined,changed,departed,broken} for its
endpoints, <storage>-storage-{attached,detaching}, <container>-pebble-{ready,
custom-notice,check-failed,check-recovered} and secret-{changed,rotate,
expired,remove}; and only the actions it declares. Scripts mapped to any
other name never run: usually a typo or an endpoint that was renamed. Juju 4
removed leader-settings-changed, pre-/post-series-upgrade, collect-metrics
and meter-status-changed, so those count as unknown unless charmgen.yaml
says juju: "3".`,
		Bad:  "# charmcraft.yaml: requires: {db: {interface: mysql_client}}\nhooks:\n  database-relation-changed:\n    - script: configure.sh",
		Good: "# charmcraft.yaml: requires: {db: {interface: mysql_client}}\nhooks:\n  db-relation-changed:\n    - script: configure.sh",
	},
}

// hooksFile checks the daemon layout's hooks file, when the charm has one.
func (m *metaCheck) hooksFile(juju int) {
	data, err := readCharmFile(m.root, filepath.Join(m.root, hooksfile.FileName))
	if err != nil {
		return
	}
	file := filepath.Join(m.display, hooksfile.FileName)
	// A hooks file that does not parse fails in the daemon, which says why;
	// the checks need its structure. The check errors (a bad timeout...)
	// leave the structure usable.
	hf, _ := hooksfile.Parse(data, hooksfile.Options{})
	if hf == nil {
		return
	}
	root, _ := meta.ParseYAML(file, data)
	at := func(p meta.Pos) meta.Pos {
		if !p.IsValid() {
			return meta.Pos{File: file, Line: 1, Col: 1}
		}
		return p
	}
	section := func(name string) *meta.Node {
		if root == nil || root.Kind != meta.KindMap {
			return nil
		}
		return root.Get(name)
	}
	// keyPos is where key starts in the mapping sec; scriptPos where the
	// i-th script's script: value is in the list under it.
	keyPos := func(sec *meta.Node, key string) meta.Pos {
		if sec != nil && sec.Kind == meta.KindMap {
			if e := sec.Entry(key); e != nil {
				return e.KeyPos
			}
		}
		return meta.Pos{}
	}
	scriptPos := func(list *meta.Node, i int) meta.Pos {
		if list == nil || list.Kind != meta.KindSeq || i >= len(list.Items) {
			return meta.Pos{}
		}
		it := list.Items[i]
		if it.Kind == meta.KindMap {
			if v := it.Get("script"); v != nil {
				return v.Pos
			}
		}
		return it.Pos
	}

	checkScripts := func(event string, scripts []hooksfile.Script, list *meta.Node, fallback meta.Pos) {
		for i, s := range scripts {
			if s.Script == "" || filepath.IsAbs(s.Script) || strings.HasPrefix(filepath.Clean(s.Script), "..") {
				continue
			}
			p := scriptPos(list, i)
			if !p.IsValid() {
				p = fallback
			}
			rel := filepath.ToSlash(filepath.Join("scripts", filepath.Clean(s.Script)))
			fi, err := os.Stat(filepath.Join(m.root, "scripts", filepath.Clean(s.Script)))
			switch {
			case err != nil:
				m.report(at(p), MetaHookScriptMissing, "%s runs script %q, but %s does not exist, so it fails when it runs", event, s.Script, rel)
			case fi.IsDir():
				m.report(at(p), MetaHookScriptMissing, "%s runs script %q, but %s is a directory", event, s.Script, rel)
			case runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0:
				m.report(at(p), MetaHookScriptNotExec, "%s runs script %q, but %s is not executable (mode %v); chmod +x it", event, s.Script, rel, fi.Mode().Perm())
			}
		}
	}

	known := knownHooks(m.c, juju)
	hooks := section("hooks")
	for _, name := range sortedNames(hf.Hooks) {
		kp := keyPos(hooks, name)
		var list *meta.Node
		if hooks != nil && hooks.Kind == meta.KindMap {
			list = hooks.Get(name)
		}
		checkScripts("hook "+name, hf.Hooks[name], list, kp)
		if known[name] {
			continue
		}
		if removedInJuju4[name] {
			m.report(at(kp), MetaHookUnknown, "hook %q never runs under Juju 4, which removed it; its scripts never run", name)
			continue
		}
		m.report(at(kp), MetaHookUnknown, "hook %q is not a hook of this charm: its metadata implies no such hook, so the scripts never run (a typo, or a renamed endpoint?)", name)
	}
	actions := section("actions")
	declared := map[string]bool{}
	for _, a := range m.c.Actions {
		declared[a.Name] = true
	}
	for _, name := range sortedNames(hf.Actions) {
		kp := keyPos(actions, name)
		var list *meta.Node
		if actions != nil && actions.Kind == meta.KindMap {
			list = actions.Get(name)
		}
		checkScripts("action "+name, hf.Actions[name], list, kp)
		if !declared[name] {
			m.report(at(kp), MetaHookUnknown, "action %q is not declared in the charm's actions, so Juju never runs it; declare it or fix the name", name)
		}
	}
	timers := section("timers")
	for i, t := range hf.Timers {
		var list *meta.Node
		var tp meta.Pos
		if timers != nil && timers.Kind == meta.KindSeq && i < len(timers.Items) {
			tn := timers.Items[i]
			tp = tn.Pos
			if tn.Kind == meta.KindMap {
				list = tn.Get("scripts")
			}
		}
		checkScripts("timer "+t.Name, t.Scripts, list, tp)
	}
}

// removedInJuju4 are the hooks Juju 3 runs and Juju 4 does not.
var removedInJuju4 = map[string]bool{
	"leader-settings-changed": true,
	"pre-series-upgrade":      true,
	"post-series-upgrade":     true,
	"collect-metrics":         true,
	"meter-status-changed":    true,
}

// knownHooks returns the hooks Juju runs for a charm with this metadata,
// under the Juju major version juju (3 adds the hooks Juju 4 removed).
func knownHooks(c *meta.Charm, juju int) map[string]bool {
	known := map[string]bool{}
	for _, h := range []string{
		"install", "start", "stop", "remove", "config-changed", "upgrade-charm",
		"update-status", "leader-elected",
		"secret-changed", "secret-rotate", "secret-expired", "secret-remove",
	} {
		known[h] = true
	}
	if juju != 0 && juju < 4 {
		for h := range removedInJuju4 {
			known[h] = true
		}
	}
	// juju-info is every charm's implicit endpoint.
	endpoints := []string{"juju-info"}
	for _, r := range c.Relations {
		endpoints = append(endpoints, r.Name)
	}
	for _, ep := range endpoints {
		for _, s := range []string{"created", "joined", "changed", "departed", "broken"} {
			known[ep+"-relation-"+s] = true
		}
	}
	for _, st := range c.Storage {
		known[st.Name+"-storage-attached"] = true
		known[st.Name+"-storage-detaching"] = true
	}
	for _, ct := range c.Containers {
		for _, s := range []string{"ready", "custom-notice", "check-failed", "check-recovered"} {
			known[ct.Name+"-pebble-"+s] = true
		}
	}
	return known
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
