package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/charmgen/charmgen/lint"
	"github.com/charmgen/charmgen/lint/rule"
	"github.com/charmgen/charmgen/meta"
	"github.com/spf13/cobra"
)

type lintOptions struct {
	format  string
	failOn  string
	explain string
	list    bool
	juju    string
	kinds   string
	sel     []string
	ign     []string
}

func newLintCmd(e *env) *cobra.Command {
	var o lintOptions
	cmd := &cobra.Command{
		Use:   "lint [PATH...]",
		Short: "Lint charms: metadata, Go and Python, for thin handlers and idempotent reconciliation",
		Long: `Lint the charms PATH names. A PATH is a charm root, or any file or directory
in a charm: then only findings in it are reported. A directory that is not
in a charm is searched for charms. With no PATH, the whole charm the current
directory is in (the nearest directory at or above it holding
charmcraft.yaml or metadata.yaml, up to the repository's top), else the
charms below the current directory.

Findings print as path:line:col: ID message. Each rule is documented:
charmgen lint --list lists them, charmgen lint --explain ID explains one.
Suppress a finding with //charmgen:ignore ID reason (Go) or
# charmgen: ignore[ID] reason (Python, YAML); configure rules in
charmgen.yaml under lint: or pyproject.toml under [tool.charmgen.lint]
(disable, severity, select, ignore, per-path-ignores). Rules are named by
ID (PY004) or name (unconditional-restart) everywhere; --select, --ignore
and the settings' select, ignore, disable and per-path-ignores also take ID
prefixes (PY, META0). --select and --ignore override the settings files'
select, ignore and disable.

Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 on a
usage or input error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return lintRun(cmd.Context(), e, &o, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "text", "output format: "+strings.Join(lint.Formats, ", "))
	f.StringVar(&o.failOn, "fail-on", "warning", "exit 1 when a finding has this severity or a higher one: error, warning, info or never")
	f.StringVar(&o.explain, "explain", "", "print the documentation of the rule of this `ID` or name (every rule of a shared name) and exit")
	f.BoolVar(&o.list, "list", false, "list the rules and exit")
	f.StringVar(&o.juju, "juju", "", "Juju major version to target: 3 or 4 (default: charmgen.yaml's juju, else 4)")
	f.StringVar(&o.kinds, "kinds", "", "run only these kinds of rules, comma-separated: metadata, go, python (default: all)")
	f.StringSliceVar(&o.sel, "select", nil, "run only these rules, comma-separated `RULES`: IDs (PY004), names (unconditional-restart) or ID prefixes (PY, META0); overrides the settings files")
	f.StringSliceVar(&o.ign, "ignore", nil, "do not run these rules, comma-separated `RULES`: IDs, names or ID prefixes; overrides the settings files")
	return cmd
}

func lintRun(ctx context.Context, e *env, o *lintOptions, args []string) error {
	if o.list || o.explain != "" {
		if len(args) > 0 {
			return usageErr("--list and --explain take no paths")
		}
		if o.explain != "" {
			ids, err := lint.Resolve(o.explain, false)
			if err != nil {
				if _, ok := lint.Lookup(strings.ToUpper(o.explain)); !ok {
					return usageErr("--explain: %v", err)
				}
				ids = []string{strings.ToUpper(o.explain)}
			}
			for i, id := range ids {
				if i > 0 {
					fmt.Fprintln(e.stdout)
				}
				r, _ := lint.Lookup(id)
				fmt.Fprint(e.stdout, r.Doc())
			}
			return nil
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tNAME\tTITLE")
		for _, r := range lint.Rules() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Name, r.Title)
		}
		return tw.Flush()
	}
	formatOK := false
	for _, f := range lint.Formats {
		formatOK = formatOK || f == o.format
	}
	if !formatOK {
		return usageErr("--format must be one of %s, not %q", strings.Join(lint.Formats, ", "), o.format)
	}
	failOn := rule.Off
	if o.failOn != "never" {
		s, err := rule.ParseSeverity(o.failOn)
		if err != nil || s == rule.Off {
			return usageErr("--fail-on must be error, warning, info or never, not %q", o.failOn)
		}
		failOn = s
	}
	opts := lint.Options{Paths: args, Notes: e.stderr, ProgressAfter: 2 * time.Second}
	if !e.quiet {
		opts.Progress = func(msg string) { e.progressf("%s", msg) }
	}
	if len(args) == 0 {
		// The whole charm the user is in, from any of its directories;
		// outside a charm, "." (the charms below it).
		if wd, err := os.Getwd(); err == nil {
			if root, _ := meta.FindRoot(wd); root != "" {
				if rel, err := filepath.Rel(wd, root); err == nil {
					opts.Paths = []string{rel}
				}
			}
		}
	}
	switch o.juju {
	case "":
	case "3", "4":
		opts.Juju = int(o.juju[0] - '0')
	default:
		return usageErr("--juju must be 3 or 4, not %q", o.juju)
	}
	if o.kinds != "" {
		for _, k := range strings.Split(o.kinds, ",") {
			switch kind := rule.Kind(strings.TrimSpace(k)); kind {
			case rule.Metadata, rule.Go, rule.Python:
				opts.Kinds = append(opts.Kinds, kind)
			default:
				return usageErr("--kinds takes metadata, go and python, not %q", k)
			}
		}
	}
	for _, l := range []struct {
		flag  string
		names []string
		to    *[]string
	}{{"--select", o.sel, &opts.Select}, {"--ignore", o.ign, &opts.Ignore}} {
		for _, n := range l.names {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			if _, err := lint.Resolve(n, true); err != nil {
				return usageErr("%s: %v", l.flag, err)
			}
			*l.to = append(*l.to, n)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := lint.Run(ctx, opts)
	if err != nil {
		var ie *lint.InputError
		if errors.As(err, &ie) {
			for _, l := range ie.Lines {
				fmt.Fprintln(e.stderr, l)
			}
			return silent(ExitUsage)
		}
		return &exitError{code: ExitUsage, err: err}
	}
	if err := lint.Write(e.stdout, o.format, res.Findings, Version); err != nil {
		return err
	}
	counts := map[rule.Severity]int{}
	failed := false
	for _, f := range res.Findings {
		counts[f.Severity]++
		if failOn != rule.Off && f.Severity >= failOn {
			failed = true
		}
	}
	if o.format == "text" {
		fmt.Fprintf(e.stderr, "charmgen lint: %s in %s (%s, %s, %s)\n",
			plural(len(res.Findings), "finding"), plural(len(res.Charms), "charm"),
			plural(counts[rule.Error], "error"), plural(counts[rule.Warning], "warning"), plural(counts[rule.Info], "info"))
	}
	if failed {
		return silent(ExitError)
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
