package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strconv"
	"strings"

	"github.com/charmgen/charmgen/charm"
	"github.com/charmgen/charmgen/charm/databag"
)

// cliUsage is the script CLI's help; NAME is the charm's name.
const cliUsage = `usage: NAME <command> ...   (from a script that a hook started)

  NAME status set [--name SLOT] <active|blocked|maintenance|waiting> [message...]
  NAME status clear [--name SLOT]
  NAME kv get <key>            NAME kv set <key>=<value>...
  NAME kv delete <key>...      NAME kv list
  NAME relation get [-r ID] [--app] [--unit UNIT] [key]
  NAME relation set [-r ID] [--app] <key>=<value>...
  NAME config get [key]
  NAME leader is
  NAME port open|close <port>[/tcp|/udp]|<from-to>[/proto]|icmp...
  NAME secret get [--peek|--refresh] <id|--label L> [key]
  NAME secret add [--label L] [--description D] <key>=-|<key>@FILE|<key>=<value>...
  NAME secret set <id> <key>=-|<key>@FILE|<key>=<value>...
  NAME secret grant <id> -r ID [--unit UNIT]
  NAME secret revoke <id> [-r ID] [--app APP] [--unit UNIT]
  NAME secret remove <id> [--revision N]
  NAME log [--level debug|info|warning|error] message...

Secret values: key=- reads the value from stdin (one trailing newline
removed; one key per command), key@FILE from a regular file (verbatim);
at most 32 KiB each. A value given as key=value is on the command line,
which other processes on the machine can read (/proc/PID/cmdline) while
the command runs: avoid it for anything secret (it warns).
`

// usageError is a bad invocation: exit 2, as Juju's tools do.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// handleCLI runs one script command in the hook that owns token.
func (s *server) handleCLI(req *request) (code int, stdout, stderr string) {
	h, ok := s.hookFor(req.Token)
	if !ok {
		return 1, "", "ERROR token not valid: the hook that started this script has ended\n"
	}
	defer h.leave()
	var out bytes.Buffer
	err := s.command(h, req.Script, req.Args, &out)
	var ue usageError
	switch {
	case err == nil:
		return 0, out.String(), ""
	case errors.As(err, &ue):
		return 2, out.String(), "ERROR " + err.Error() + "\n"
	default:
		return 1, out.String(), "ERROR " + err.Error() + "\n"
	}
}

func (s *server) command(h *hookRun, script string, args []string, out io.Writer) error {
	if len(args) < 2 && args[0] != "help" && args[0] != "log" {
		return usagef("%s: missing subcommand\n%s", args[0], strings.ReplaceAll(cliUsage, "NAME", s.cfg.Name))
	}
	c := h.c
	sub, rest := "", args[1:]
	if len(args) > 1 {
		sub = args[1]
		rest = args[2:]
	}
	kv := &KV{tx: h.tx}
	switch args[0] + " " + sub {
	case "status set":
		fs, name := newFlags("status set"), new(string)
		fs.StringVar(name, "name", script, "status slot")
		if err := fs.Parse(rest); err != nil || fs.NArg() < 1 {
			return usagef("status set [--name SLOT] <state> [message...]")
		}
		st := charm.Status{Name: charm.StatusName(fs.Arg(0)), Message: strings.Join(fs.Args()[1:], " ")}
		if _, ok := charm.Highest(st); !ok {
			return usagef("status %q: use active, blocked, maintenance or waiting", fs.Arg(0))
		}
		return h.setSlot(slotName(*name), []charm.Status{st})
	case "status clear":
		fs, name := newFlags("status clear"), new(string)
		fs.StringVar(name, "name", script, "status slot")
		if err := fs.Parse(rest); err != nil {
			return usagef("status clear [--name SLOT]")
		}
		return h.setSlot(slotName(*name), nil)
	case "kv get":
		if len(rest) != 1 {
			return usagef("kv get <key>")
		}
		v, _, err := kv.Get(rest[0])
		if err != nil {
			return err
		}
		fmt.Fprintln(out, v)
		return nil
	case "kv set":
		if len(rest) == 0 {
			return usagef("kv set <key>=<value>...")
		}
		for _, a := range rest {
			k, v, ok := strings.Cut(a, "=")
			if !ok {
				return usagef("kv set: %q is not key=value", a)
			}
			if err := kv.Set(k, v); err != nil {
				return err
			}
		}
		return nil
	case "kv delete":
		for _, k := range rest {
			if err := kv.Delete(k); err != nil {
				return err
			}
		}
		return nil
	case "kv list":
		m, err := kv.List()
		if err != nil {
			return err
		}
		return printJSON(out, m)
	case "relation get":
		return s.relationGet(h, rest, out)
	case "relation set":
		return s.relationSet(h, rest)
	case "config get":
		cfg, err := c.Config()
		if err != nil {
			return err
		}
		if len(rest) == 0 {
			return printJSON(out, cfg)
		}
		if v, ok := cfg[rest[0]]; ok {
			return printValue(out, v)
		}
		return nil
	case "leader is":
		ok, err := c.IsLeader()
		if err != nil {
			return err
		}
		fmt.Fprintln(out, ok)
		return nil
	case "port open", "port close":
		return portCommand(c, sub, rest)
	case "secret get", "secret grant", "secret revoke", "secret remove":
		return secretCommand(c, sub, rest, out)
	case "secret add", "secret set":
		// Values never appear in what the daemon returns or logs.
		return redactSecrets(secretCommand(c, sub, rest, out), rest)
	}
	if args[0] == "log" {
		return logCommand(c, args[1:])
	}
	if args[0] == "help" {
		fmt.Fprint(out, strings.ReplaceAll(cliUsage, "NAME", s.cfg.Name))
		return nil
	}
	return usagef("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
}

func slotName(s string) string {
	if s == "" {
		return "script"
	}
	return s
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func printJSON(out io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s\n", b)
	return nil
}

// printValue prints strings raw and anything else as JSON.
func printValue(out io.Writer, v any) error {
	if s, ok := v.(string); ok {
		fmt.Fprintln(out, s)
		return nil
	}
	return printJSON(out, v)
}

// relationFlags are -r, --app and --unit, defaulting to the hook's relation.
func relationFlags(h *hookRun, name string, args []string) (*flag.FlagSet, charm.RelationID, bool, string, error) {
	fs := newFlags(name)
	env := h.c.Env()
	rel := fs.String("r", env.RelationID, "relation id (endpoint:id)")
	app := fs.Bool("app", false, "the application databag")
	unit := fs.String("unit", "", "unit (or app with --app) to read")
	if err := fs.Parse(args); err != nil {
		return nil, charm.RelationID{}, false, "", usagef("%s: %v", name, err)
	}
	if *rel == "" {
		return nil, charm.RelationID{}, false, "", usagef("%s: no relation id: give -r endpoint:id outside a relation hook", name)
	}
	id, err := charm.ParseRelationID(*rel)
	if err != nil {
		// A bare id: find its endpoint as the hook tools would.
		n, nerr := strconv.Atoi(*rel)
		if nerr != nil {
			return nil, charm.RelationID{}, false, "", usagef("%s: %v", name, err)
		}
		id = charm.RelationID{ID: n}
	}
	return fs, id, *app, *unit, nil
}

func (s *server) relationGet(h *hookRun, args []string, out io.Writer) error {
	fs, rel, app, who, err := relationFlags(h, "relation get", args)
	if err != nil {
		return err
	}
	c, env := h.c, h.c.Env()
	var data map[string]string
	switch {
	case app:
		if who == "" {
			if who, err = c.RelationApp(rel); err != nil {
				return err
			}
		}
		data, err = c.RelationAppData(rel, who)
	default:
		if who == "" {
			who = env.RemoteUnit
		}
		if who == "" {
			who = env.UnitName
		}
		data, err = c.RelationData(rel, who)
	}
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(out, data[fs.Arg(0)])
		return nil
	}
	return printJSON(out, data)
}

func (s *server) relationSet(h *hookRun, args []string) error {
	fs, rel, app, _, err := relationFlags(h, "relation set", args)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("relation set [-r ID] [--app] <key>=<value>...")
	}
	kv := map[string]string{}
	for _, a := range fs.Args() {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			return usagef("relation set: %q is not key=value", a)
		}
		kv[k] = v
	}
	c := h.c
	endpoint := rel.Endpoint
	if endpoint == "" {
		endpoint = c.Env().RelationName
	}
	if sch := h.hf.schemas[endpoint]; sch != nil {
		// Check the databag as it will be after the write.
		var cur map[string]string
		if app {
			cur, err = c.RelationAppData(rel, c.Env().AppName())
		} else {
			cur, err = c.RelationData(rel, c.Env().UnitName)
		}
		if err != nil {
			return err
		}
		next := map[string]string{}
		for k, v := range cur {
			next[k] = v
		}
		for k, v := range kv {
			if v == "" {
				delete(next, k)
			} else {
				next[k] = v
			}
		}
		side := "unit"
		if app {
			side = "app"
		}
		if err := sch.Validate(side, next); err != nil {
			if errors.Is(err, databag.ErrEmpty) {
				// ErrEmpty speaks of the remote side; here it is this one.
				return fmt.Errorf("%s: relation data does not match the schema: the write would leave the databag without data, and the schema requires some", endpoint)
			}
			return fmt.Errorf("%s: relation data does not match the schema: %w", endpoint, err)
		}
	}
	return c.SetRelationData(rel, app, kv)
}

func portCommand(c *charm.Context, sub string, args []string) error {
	if len(args) == 0 {
		return usagef("port %s <port>...", sub)
	}
	var change []charm.Port
	for _, a := range args {
		p, err := charm.ParsePort(a)
		if err != nil {
			return usagef("port %s: %v", sub, err)
		}
		change = append(change, p)
	}
	cur, err := c.OpenedPorts()
	if err != nil {
		return err
	}
	set := map[string]charm.Port{}
	for _, p := range cur {
		set[p.String()] = p
	}
	for _, p := range change {
		if sub == "open" {
			set[p.String()] = p
		} else {
			delete(set, p.String())
		}
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	next := make([]charm.Port, 0, len(keys))
	for _, k := range keys {
		next = append(next, set[k])
	}
	return c.SetPorts(next...)
}

func keyValues(args []string) (map[string]string, error) {
	m := map[string]string{}
	for i, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok || k == "" {
			// Not quoted: a value given without its key is a secret.
			return nil, usagef("content argument %d is not key=value, key=- or key@FILE", i+1)
		}
		m[k] = v
	}
	return m, nil
}

func secretCommand(c *charm.Context, sub string, args []string, out io.Writer) error {
	fs := newFlags("secret " + sub)
	label := fs.String("label", "", "secret label")
	desc := fs.String("description", "", "description")
	peek := fs.Bool("peek", false, "read the latest revision without tracking it")
	refresh := fs.Bool("refresh", false, "track the latest revision")
	rel := fs.String("r", "", "relation id")
	unit := fs.String("unit", "", "unit")
	app := fs.String("app", "", "application")
	rev := fs.Int("revision", 0, "revision")
	if err := fs.Parse(args); err != nil {
		return usagef("secret %s: %v", sub, err)
	}
	rest := fs.Args()
	needID := func() (string, error) {
		if len(rest) == 0 {
			return "", usagef("secret %s: missing secret id", sub)
		}
		return rest[0], nil
	}
	switch sub {
	case "get":
		id := ""
		if *label == "" {
			var err error
			if id, err = needID(); err != nil {
				return err
			}
			rest = rest[1:]
		}
		content, err := c.SecretGet(id, *label, *peek, *refresh)
		if err != nil {
			return err
		}
		if len(rest) > 0 {
			fmt.Fprintln(out, content[rest[0]])
			return nil
		}
		return printJSON(out, content)
	case "add":
		content, err := keyValues(rest)
		if err != nil {
			return err
		}
		id, err := c.SecretAdd(content, charm.SecretOptions{Label: *label, Description: *desc})
		if err != nil {
			return err
		}
		fmt.Fprintln(out, id)
		return nil
	case "set":
		id, err := needID()
		if err != nil {
			return err
		}
		content, err := keyValues(rest[1:])
		if err != nil {
			return err
		}
		return c.SecretSet(id, content, charm.SecretOptions{Label: *label, Description: *desc})
	case "grant":
		id, err := needID()
		if err != nil {
			return err
		}
		r, err := charm.ParseRelationID(*rel)
		if err != nil {
			return usagef("secret grant: -r endpoint:id is required")
		}
		return c.SecretGrant(id, r, *unit)
	case "revoke":
		id, err := needID()
		if err != nil {
			return err
		}
		var rp *charm.RelationID
		if *rel != "" {
			r, err := charm.ParseRelationID(*rel)
			if err != nil {
				return usagef("secret revoke: %v", err)
			}
			rp = &r
		}
		return c.SecretRevoke(id, rp, *app, *unit)
	case "remove":
		id, err := needID()
		if err != nil {
			return err
		}
		return c.SecretRemove(id, *rev)
	}
	return usagef("unknown command secret %s", sub)
}

func logCommand(c *charm.Context, args []string) error {
	fs := newFlags("log")
	level := fs.String("level", "info", "debug, info, warning or error")
	if err := fs.Parse(args); err != nil || fs.NArg() == 0 {
		return usagef("log [--level L] message...")
	}
	lv := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warning": slog.LevelWarn, "error": slog.LevelError}
	l, ok := lv[strings.ToLower(*level)]
	if !ok {
		return usagef("log: level %q: use debug, info, warning or error", *level)
	}
	c.Logger().Log(context.Background(), l, strings.Join(fs.Args(), " "))
	return nil
}
