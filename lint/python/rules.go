package python

import "github.com/charmgen/charmgen/lint/rule"

// Rule IDs of the Python rules. The numbers match the Go rule that checks
// the same thing (PY004 and GO004 both find unconditional restarts).
const (
	ThinHandler        = "PY001"
	FileAppend         = "PY002"
	WriteCompare       = "PY003"
	Restart            = "PY004"
	NonIdempotentCmd   = "PY005"
	SecretAdd          = "PY006"
	VolatileData       = "PY007"
	LeaderCheck        = "PY008"
	IgnoredError       = "PY009"
	SecretLogged       = "PY010"
	ExitZero           = "PY011"
	RemovedJuju4       = "PY012"
	DeferInReconcile   = "PY013"
	DeferNotDeferrable = "PY014"
	BlockedOnce        = "PY015"
	ShellString        = "PY016"
	WorkInInit         = "PY017"
	SwallowedWrite     = "PY018"
	Undeclared         = "PY019"
)

// Rules are the Python rules, in ID order.
var Rules = []rule.Rule{
	{
		ID: ThinHandler, Name: "thin-handler", Kind: rule.Python, Severity: rule.Info,
		Title: "a handler for a repeatable event does work itself instead of delegating to the reconciler",
		Rationale: `Juju delivers repeatable events (config-changed, relation events, pebble-ready,
update-status, upgrade-charm...) in an order the charm does not control. A
handler that acts on one event's payload leaves the unit in a state that depends
on that order. ops' holistic pattern observes every repeatable event with one
reconcile method that reads all inputs and makes the unit match them; per-event
handlers stay thin. The rule reports the first piece of work (a Pebble call that
changes the workload — add_layer, replan, restart, start, stop, autostart,
push, exec, make_dir, remove_path on a container, and ops.pebble.Client's
replan_services, restart_services, start_services, stop_services,
autostart_services; can_connect, get_plan, pull,
get_services, list_files and exists only read — a subprocess that does more
than read, a file, relation-data or secret write, a port change). Not work:
setting a status or the workload version; reads (shutil.disk_usage,
os.path.exists, systemctl status, snap list, a command run with --version
(through subprocess or a container's Pebble exec),
also through the charm's own subprocess wrapper: run_ret("systemctl cat x"));
opening the same constant ports; writing constants into relation data (literals,
UPPER_CASE constants, the charm's or application's name, the unit's host
name, a constant path's as_posix(), a constant serialised with
json.dumps (json.dumps({})), a property of a charm class that
returns one, and an attribute an object sets once in __init__ from a
parameter every construction of it passes a constant for). The rule reports it
in a handler of a repeatable event that is not itself the reconciler, and
follows the handler's calls to methods of its class, but not into the
reconciler nor into a shared helper: a method that two or more handlers call,
that no reconciler reaches, when the handler passes it nothing of its event
(self._configure_container(container) delegates;
self._store_rules(event.relation.id) acts on the event; a peer relation's
event.relation does not: the peer relation has one instance, the one the
model gives any handler). The reconciler is a
method that does work (itself, through the methods it calls, or, when it
returns no value, through objects the charm holds) and runs on many
repeatable events: it is observed for events of three or more sources; or
the handlers of three or more sources call it and it is given the event, is
named reconcile/holistic, or config-changed or update-status is among them;
or it is named reconcile/holistic and config-changed or update-status runs
it. The
events of one relation count as one source, as do those of one library
object; install, start, storage and the dedicated events count for nothing.
The name alone does not make a reconciler, nor does a single observer, and a
getter or predicate that does no work is never suggested; nor is a method
that returns at once on non-leaders and also does the unit's own work (the
leader's ingress step that also replans: on the other units it does
nothing). A custom event its emitter raises only from lifecycle handlers (an
interface's "unavailable" event emitted on relation-broken) is teardown
like relation-broken itself; one raised only under a change check or right
after writing what it announces (a peer interface's reload_nonce) is a
change signal, as a library's events are. A handler observed in a loop over the charm's relations (for rel in
self.model.relations: observe(self.on[rel].relation_changed, ...)) runs on
all of them. A pebble-ready handler that only seeds its just-started
container with files from no changing input (stored certificates) is
setup, not work kept out of the reconciler. Nor is one that sets up the
container only this handler manages from constants (a constant layer); an
action that runs a command in the container uses it and does not manage
it, and what only goes into a status message is not an input of the setup. A method handed to charms.reconciler's Reconciler(charm,
self.reconcile) observes every hook event; that library skips update-status
once reconciled, so an update-status handler beside it is not reported. A
handler observed for config-changed and another source, acting on the
charm's state rather than its event's payload, is the reconciler in all but
name (one observed for config-changed alone is not: its work misses every
other event). A leader-elected handler that only runs steps of the
reconciler that return at once on non-leaders, passing them nothing of its
event, runs the part of the reconciler that reads what leader-elected
changed, and is not reported. On a machine (a charm that drives no Pebble
container), a handler of a library's event that saves what the library
holds, reading nothing of its event, and then calls the reconciler is not
reported: the files stay on disk, and the reconciler takes the change from
there (in a sidecar charm, a restarted container loses them). When the class
has none, the message says so. Handlers of install, start, upgrade-charm,
storage-attached/-detaching, relation-broken, stop, remove, actions,
secret-rotate/-remove/-expired and collect-status may do their own work:
those events set things up or tear them down once (relation-created,
-joined and -departed are repeatable here: what their handlers publish goes
stale). The default severity is info, not warning: this is design advice, and
whether a handler's work belongs in the reconciler turns on which method the
charm means as one, on which reviewers reading the same code split. On charms
the rules had not seen (bench/lint/holdout, sets 1-30) it was right 67 times
in 118 at first sight; no kind of finding (with or without a reconciler;
config-changed, pebble-ready, relation or library events) reached 75%. So it
shows in the report and does not fail a pre-commit hook; severity: {PY001:
warning} in the settings makes it one that does.`,
		Bad: `def __init__(self, framework):
    super().__init__(framework)
    framework.observe(self.on.config_changed, self._on_config_changed)

def _on_config_changed(self, event):
    self.unit.get_container("app").push("/etc/app.conf", self._render())`,
		Good: `def __init__(self, framework):
    super().__init__(framework)
    for event in (self.on.config_changed, self.on.app_pebble_ready, self.on.db_relation_changed):
        framework.observe(event, self._reconcile)

def _reconcile(self, _event):
    ...  # read every input, write what differs`,
	},
	{
		ID: FileAppend, Name: "file-append", Kind: rule.Python, Severity: rule.Warning,
		Title: "reconcile code appends to a file",
		Rationale: `Code that runs on every repeatable event must be idempotent: running it twice on
the same inputs must leave the same result. Appending to a file (mode "a",
'>>' or 'tee -a' in a shell command) adds a line on every run. Render the
whole file and write it when it differs. A file opened for appending and
handed straight to a process as its stdout or stderr (Popen(...,
stdout=open(LOG, "a"))) is that process's log, appended to by design, and is
not reported.`,
		Bad: `with open("/etc/hosts", "a") as f:
    f.write(f"{addr} db\n")`,
		Good: `want = render_hosts(addrs)
if Path("/etc/hosts").read_text() != want:
    Path("/etc/hosts").write_text(want)`,
	},
	{
		ID: WriteCompare, Name: "write-without-compare", Kind: rule.Python, Severity: rule.Warning,
		Title: "reconcile code writes a file, a Pebble file or a secret without comparing first",
		Rationale: `A reconciler runs on every repeatable event. Writing a file, pushing to a
container (container.push, or push on an ops.pebble.Client) or setting secret
content each time churns the workload (file watchers, restarts that follow the
write) and, for secrets, creates a new revision that every consumer is told
about. Read the current content (container.pull) and write only when it
differs. The rule accepts a write that sits under a comparison (==, !=, or a
check named like changed/differs/hash), directly, through a local variable
(changed = old != new; if changed:) or through a parameter that every caller
passes such a value for; under a check that the file is missing (if not
path.exists():, write once, or if not self._certs_generated(): where the
predicate pulls or checks the file, itself or through a method of its class,
also on an object the charm holds: if not self.keychain.get_private_key():),
or that the stored value is missing or
no longer valid (if not token or not client.token_is_valid(token):), or
that the service is not running yet (if not svc.is_running():, directly
or through a predicate that returns it: the write prepares the start, and
once the service runs later events skip it). An early
return when something is missing (if not relation_exists(): return) is a
precondition, not such a check: what follows runs on every event once it
exists; an early return when what the function just pulled is already
there (if existing and is_self_signed(existing): return) is one, and so is
an early return once one-time work is done (if self._is_enrolled() and not
force_join: return; a predicate or flag named enrolled, installed,
bootstrapped, initialized, provisioned, registered or already): what
follows runs until the work is done, then later runs skip it. So does
"if not <flag>:" when the code under it, or a function it calls, sets that
flag to True (if not self._stored.site_root_created: self.build_site_root(),
which ends with self._stored.site_root_created = True). Also
accepted: a write after a read of the same path (pull, read_text,
exists... of what it writes) in the same function; or after a change check
whose result is kept (should_restart = self._has_config_changed(new)).
Scope: code reached from a reconciler or from a handler of a generic
repeatable event (config-changed, update-status, upgrade-charm,
leader-elected, relation events), which fires whether or not anything
changed. Handlers of events that themselves signal the change are left out:
a charm library's custom events (certificate_available, cert_changed),
pebble-ready and Pebble notices and checks (the container just started),
secret-changed, storage-attached/-detaching, relation-created and -joined
(once per relation or remote unit: a key or CSR generated for it is set up
once). In a sidecar charm (a module
that drives Pebble or imports ops.pebble), open() and Path.write_text write
the charm container, which no workload watches: they are reported only when
the function then runs a command on the result (update-ca-certificates). On
any substrate, a write to a relative path (a scratch file in the charm's
directory, such as a manifest rendered for kubectl apply) is not reported.
A write that only upgrade-charm runs unguarded (the charm's systemd units or
scripts, installed again on a refresh) is reported at info: reviewers split
on it, since a refresh is when what the charm ships may change (on charms the
rules had not seen, 6 such findings judged right and 8 wrong; on the corpus,
6 right); compare first when something watches the file or restarts on it.`,
		Bad: `def _reconcile(self, _):
    container.push("/etc/app.conf", self._render())`,
		Good: `def _reconcile(self, _):
    want = self._render()
    if container.pull("/etc/app.conf").read() != want:
        container.push("/etc/app.conf", want)`,
	},
	{
		ID: Restart, Name: "unconditional-restart", Kind: rule.Python, Severity: rule.Warning,
		Title: "reconcile code restarts or replans services unconditionally",
		Rationale: `A restart in reconcile code that is not guarded by a change check restarts the
workload on every event, update-status included (every five minutes by
default): container.restart(), restart_services() on an ops.pebble.Client,
systemd's service_restart, systemctl restart in a subprocess (or through the
charm's own wrapper that hands its argument to subprocess). Restart only when
the configuration changed: keep the result of the compare before the write and
branch on it. container.replan() (replan_services() on a client) restarts only
the services whose layer changed, but it also starts every startup: enabled
service that is not running: unguarded in a reconciler it brings back, on every
event, a service that an action or the operator stopped on purpose, and resets
the back-off of a crash-looping one, whose start then fails the hook with a
ChangeError. Compare get_plan() with the layer you would add, and add it and
replan only when they differ. A replan of a container whose every added layer
(resolved to a literal, a Layer or a LayerDict) declares only services that
do not start by default (startup: disabled, or no startup in a definition
that replaces) is not reported: it applies a changed definition and starts
nothing; nor is one that an unconditional autostart() follows (in its
function or after every call of it), which starts them anyway. Preconditions
such as can_connect() or
is_leader() are not change checks; a local variable or a parameter holding a
change check's result is one (restart = any([...]); if restart:), and so is a
check that something is missing (if not binary.exists(): install, then
restart), in the function or in every caller, and so is an early return
once one-time work is done, or an "if not <flag>:" whose work sets the
flag, as PY003 accepts (if self._is_enrolled(): return, then enroll and
restart). The scope is PY003's: handlers
of events that signal the change (pebble-ready, library events) are left
out. start(), stop() and autostart() are not
reported: Pebble does nothing for a service already in the state asked for, and
starting is their job, while replan()'s is applying a layer change.`,
		Bad: `def _reconcile(self, _):
    self._write_config()
    container.restart("app")
    container.add_layer("app", self._layer(), combine=True)
    container.replan()`,
		Good: `def _reconcile(self, _):
    if self._write_config():  # True when the file changed
        container.restart("app")
    layer = ops.pebble.Layer(self._layer())
    if container.get_plan().services != layer.services:
        container.add_layer("app", layer, combine=True)
        container.replan()`,
	},
	{
		ID: NonIdempotentCmd, Name: "non-idempotent-command", Kind: rule.Python, Severity: rule.Warning,
		Title: "reconcile code runs a command that fails or duplicates when run twice",
		Rationale: `useradd, groupadd, adduser and addgroup fail when the user or group exists;
mkdir without -p and os.mkdir fail when the directory exists; ln without -f
and os.symlink fail when the link exists; os.makedirs and Path.mkdir without
exist_ok=True (charmhelpers' host.mkdir checks first, and is not reported),
and container.make_dir without make_parents=True, fail too; so
does container.add_layer without combine=True once a layer with that label
exists (Pebble refuses a second one). In a reconciler the second run then
errors. Check first (an if that mentions exist, getpwnam..., in the function,
through a local or a parameter, or in every caller; or a try that looks it
up and returns, whose except clause for the lookup's error falls through),
remove what is there
first (if os.path.exists(d): shutil.rmtree(d), then os.mkdir(d)), catch the
"already exists" error, or use the idempotent form (combine=True for layers).
A command whose exit status goes nowhere (subprocess.call, or
subprocess.run without check=True, as a statement of its own) is not
reported: its second run fails and nothing looks.`,
		Bad: `subprocess.run(["useradd", "app"], check=True)
os.mkdir("/srv/app")`,
		Good: `try:
    pwd.getpwnam("app")
except KeyError:
    subprocess.run(["useradd", "app"], check=True)
os.makedirs("/srv/app", exist_ok=True)`,
	},
	{
		ID: SecretAdd, Name: "secret-add-without-lookup", Kind: rule.Python, Severity: rule.Error,
		Title: "reconcile code adds a secret without looking it up first",
		Rationale: `add_secret creates a new secret every time it runs. In code that runs on every
repeatable event the application accumulates secrets, and consumers are handed a
different one each time. Look the secret up by label first (model.get_secret
raises SecretNotFoundError when there is none) and add it only then: in the
except clause, after the lookup, or under a test of what the charm's own
lookup helper returned (data = self._data_from_secret(); if data is None:).
A guard of is_leader() alone is not a lookup. The rule is an error only when
a route from a handler reaches the add with no condition but such steady
ones (leadership, can_connect, readiness, a relation's presence); when every
route passes a condition the linter cannot read (if self._stored.bootstrapping:),
it is a warning that names the condition: it may make the add run once.`,
		Bad: `def _reconcile(self, _):
    if self.unit.is_leader():
        self.app.add_secret({"password": token_hex()}, label="admin")`,
		Good: `def _reconcile(self, _):
    try:
        self.model.get_secret(label="admin")
    except ops.SecretNotFoundError:
        self.app.add_secret({"password": token_hex()}, label="admin")`,
	},
	{
		ID: VolatileData, Name: "volatile-data", Kind: rule.Python, Severity: rule.Error,
		Title: "a timestamp or random value is written into relation data or a secret",
		Rationale: `Relation data and secret content written by reconcile code must be a function of
the inputs. A timestamp, uuid or random value differs on every run, so every
hook changes the databag, which fires relation-changed on the remote side,
whose reply fires an event here: two charms can keep each other busy forever.
For secret content it adds a revision on every hook. Generate such values once
(when the secret is created) and read them back afterwards. Not reported: a
write that runs only while its key is missing (under, or after an early
return on, a condition that reads that key, itself or through the class's
methods and properties: if self.is_token_exposed(): return), and a request
that relation-created or -joined sends once, with a fresh nonce the remote
side echoes back. The rule is an error only when a route from a handler
reaches the write with no condition but steady ones (leadership,
can_connect, readiness, a relation's presence); when every route passes a
condition the linter cannot read, it is a warning that names the
condition: it may be a write-once guard the linter does not recognise.`,
		Bad:  `relation.data[self.app]["updated"] = str(time.time())`,
		Good: `relation.data[self.app]["version"] = self._workload_version()`,
	},
	{
		ID: LeaderCheck, Name: "app-data-without-leader-check", Kind: rule.Python, Severity: rule.Error,
		Title: "the application databag is written without a leader check",
		Rationale: `Only the leader may write its application's databag; on any other unit the
write raises RelationDataAccessError and the hook fails. Check
self.unit.is_leader() before writing (an if around the write, or an early
return, in the function or in every caller), or write from a handler that only
the leader runs (leader-elected, collect-app-status). The rule is an error
only when it sees a path from a handler to the write with no leader check. A
write reached only from handlers of a charm library's custom events (an auth
proxy's config_changed, emitted by the library on the leader only: the check
is in the library) is not reported; a write in a function called from no code
of the charm that the linter resolves (callers are followed across the files
of src/) is reported as a warning that says the callers were not seen,
unless no code can call it: a private method nothing names, or a public one
that neither src/ nor the charm's lib/ names (ops calls no charm method by
name).`,
		Bad: `def _reconcile(self, _):
    for rel in self.model.relations["db"]:
        rel.data[self.app]["database"] = "app"`,
		Good: `def _reconcile(self, _):
    if self.unit.is_leader():
        for rel in self.model.relations["db"]:
            rel.data[self.app]["database"] = "app"`,
	},
	{
		ID: IgnoredError, Name: "hook-tool-error-ignored", Kind: rule.Python, Severity: rule.Warning,
		Title: "the error of a hook tool is ignored",
		Rationale: `A hook tool that fails (relation-set on a relation that is gone, status-set as a
non-leader, ...) means the hook did not do what it meant to. subprocess.run
without check=True and subprocess.call drop the exit status; 'except
ModelError: pass' around a write (a relation-data or secret write, a
state-changing hook tool, directly or in a method the try calls) drops the
error ops raised. Let it fail the hook (Juju retries it) or handle the specific
case. 'except ModelError: pass' around a read (of a relation that may be gone)
is a valid way to read and is not reported, nor is one around a Pebble call
(container.stop): ops raises ops.pebble's errors for those, never ModelError,
so their failure still fails the hook.`,
		Bad: `subprocess.call(["status-set", "active"])
try:
    rel.data[self.unit]["host"] = host
except ModelError:
    pass`,
		Good: `subprocess.run(["status-set", "active"], check=True)
self.unit.status = ops.ActiveStatus()`,
	},
	{
		ID: SecretLogged, Name: "secret-logged", Kind: rule.Python, Severity: rule.Error,
		Title: "a secret value is passed to a logger",
		Rationale: `Log lines end up in juju debug-log, in log aggregation and in bug reports.
Secret content (what get_content() returns) and values named like passwords,
tokens, API keys, private keys or credentials must not be logged. Log the
secret's id or label instead. Not secrets: a sanitiser's output
(strip_off_passwords(...), names with strip, mask, redact, sanitize,
scrub); a dict's keys (user names); a call's result, even when a secret was
among its arguments (a command run with a password returns the command's
output), unless the call only formats or joins its arguments (format, join,
str, json.dumps); a module constant bound to a string literal
(PASSWORD_CONFIG = "system-users" names a config option); a name bound by a
loop over a module constant made only of literals (a test fixture's
published users); a variable the function uses as a record whose fields it
names, none of them a secret (a game's token: token["holder"],
token.get("message")); an object whose field is what is logged
(self.token_consumer._stored.in_cluster is judged by in_cluster). A value
that comes from a secret's content is reported as
an error; one judged only by its name (password, token...) as a warning
that says so: the linter cannot see what it holds.`,
		Bad: `content = secret.get_content()
logger.info("admin password is %s", content["password"])`,
		Good: `logger.info("admin password is in secret %s", secret.id)`,
	},
	{
		ID: ExitZero, Name: "exit-zero-after-error", Kind: rule.Python, Severity: rule.Error,
		Title: "the charm exits 0 after an error",
		Rationale: `Juju commits a hook's changes and moves on when the charm exits 0; a non-zero
exit discards them, puts the unit in error and retries the hook. Exiting 0 from
an except block hides the failure and commits half-done work. Re-raise, or
exit non-zero.`,
		Bad: `try:
    self._configure()
except Exception:
    logger.exception("configure failed")
    sys.exit(0)`,
		Good: `try:
    self._configure()
except Exception:
    logger.exception("configure failed")
    raise`,
	},
	{
		ID: RemovedJuju4, Name: "removed-in-juju-4", Kind: rule.Python, Severity: rule.Warning,
		Title: "an event or hook tool that Juju 4 removed is used",
		Rationale: `Juju 4 no longer delivers leader-settings-changed, pre-/post-series-upgrade,
collect-metrics or meter-status-changed, and removed the leader-get/leader-set,
add-metric, pod-spec-*/k8s-spec-*/k8s-raw-* and payload-* hook tools. Handlers
of removed events never run; calls to removed tools fail. Use a peer relation's
application databag instead of leader settings, and COS for metrics. A call
of the charm's own self.leader_get()/self.leader_set() is a method of the charm
or of its base class (ops has none; ops_sunbeam's reads and writes the peer
relation's application databag) and is not reported; the tools themselves are
reached through charmhelpers' leader_get/leader_set or a subprocess. In a
classic charm, handlers registered with charmhelpers'
@hooks.hook('leader-settings-changed', ...) decorator are reported too. The
rules that look at one call or statement (PY009, PY010, PY011, PY012, PY016,
PY018) apply to classic charms as they are; the rules that need the observe
graph (PY001-PY007, PY013-PY015, PY017) do not see their hooks, and PY019
reads ops' self.on and self.config, which classic charms do not use.`,
		Bad:  `framework.observe(self.on.leader_settings_changed, self._on_leader_settings)`,
		Good: `framework.observe(self.on.cluster_relation_changed, self._reconcile)`,
	},
	{
		ID: DeferInReconcile, Name: "defer-in-reconcile", Kind: rule.Python, Severity: rule.Warning,
		Title: "event.defer() in a reconcile-style handler",
		Rationale: `A reconciler runs on every repeatable event and reads all inputs each time, so
the next event reconciles anyway. Deferring from it re-runs the reconciler
before every later hook, and deferred events pile up in a loop. Return early,
report a waiting or blocked status through collect-status, and let the next
event finish the job. The rule reports a defer in a reconciler or in code a
reconciler reaches, with the reconciler as PY001 defines it: a method that
does work and runs on events of three or more sources (or on config-changed
or update-status, named reconcile). A handler of one custom event (emitted
once), of install or start, or of one relation's events and leader-elected
defers to retry what no other event redoes, whatever its name: the rule
leaves it alone. So does it with a defer in an except clause that retries a call
to something other than Pebble (an API server not up yet) when no periodic
event (update-status, a Pebble check or notice) reaches the reconciler: no
event the reconciler observes says the API came up, and the deferred event
is the only retry. A failed Pebble call is still reported: pebble-ready
brings the container back and runs the reconciler. Likewise a defer whose
condition reads relations (their presence or their data, through the
charm's properties and helpers) when no handler that runs on every unit
reaches it from one of those relations' events, a library event of an
object made for one of them, or a periodic event: a handler that returns
at once on non-leaders brings nothing to the other units, and there the
deferred event is the only retry. A library object whose relation the rule
cannot name may bring any relation.`,
		Bad: `def _reconcile(self, event):
    if not self.container.can_connect():
        event.defer()
        return`,
		Good: `def _reconcile(self, event):
    if not self.container.can_connect():
        return  # pebble-ready will reconcile again`,
	},
	{
		ID: DeferNotDeferrable, Name: "defer-not-deferrable", Kind: rule.Python, Severity: rule.Error,
		Title: "event.defer() in a handler of an event that cannot be deferred",
		Rationale: `ops raises RuntimeError when an action, stop, remove, secret-rotate,
secret-expired or collect-status event is deferred: the hook fails. Handle the
event now, or fail the action with event.fail().`,
		Bad: `def _on_backup_action(self, event):
    if not self._ready():
        event.defer()`,
		Good: `def _on_backup_action(self, event):
    if not self._ready():
        event.fail("not ready, try again later")
        return`,
	},
	{
		ID: BlockedOnce, Name: "blocked-in-one-shot-hook", Kind: rule.Python, Severity: rule.Warning,
		Title: "blocked status is set only by a handler of a hook that does not repeat",
		Rationale: `A blocked status tells the operator to act. Set in install, start, stop or
remove, nothing clears it when the operator does act, because those hooks do
not run again. Compute statuses where the inputs are read, in the reconciler or
a collect-status handler. Not reported: a status set in stop or remove (the
unit goes with it); one followed by event.defer() or a raise (the hook runs
again); and one that is not about the hook's own work failing (it is not in
an except clause) when code that runs on repeatable events (the reconciler,
a handler of config-changed or update-status, a collect-status handler) sets
the unit's status back to active other than only when the current message is
one it names. In an except clause it is reported, as that repeatable code
does not redo the failed work, unless it does: every step of the try's body
that does work, and can raise what the clause catches, is, or calls a
function that is, also run on repeatable events (an install() that shares
its snap helper with the refresh() config-changed runs; a file write that
config-changed redoes, beside a systemd-library start that raises
SystemdError, not the OSError the clause catches). Nor is one in an except
clause that its try body cannot reach. The clause must catch only
CalledProcessError, SubprocessError, TimeoutExpired, OSError (and its
subclasses) or RuntimeError; followed through the charm's functions, a
process raises the process errors and OSError, a file operation OSError,
a raise statement its type (a class of the charm's through its bases; a
bare raise in an except clause re-raises what its try body raised), and
the systemd and snap libraries (charmlibs, charms.operator_libs_linux:
directly or through objects made from them, snap.SnapCache()["app"]),
ops' model (self.unit.open_port), logging and str methods raise none of
them; any other call may raise anything. A CalledProcessError clause
around the systemd library, or a RuntimeError clause around a helper that
only runs processes (manila-csi), never runs; the error fails the hook, and
Juju retries it. Nor when an action's handler runs the failed step again
and sets the unit active (itself, or in that step): that action is the
operator's fix. The same holds outside an except clause when the step that
would have set the unit active, run after the status, is one an action
runs (certbot's "certificate not yet acquired" and its get-certificate
action); an action that only runs the function that set the status is not
enough ("check juju config" stays when the operator sets the config). Nor
when the status is set in a helper whose caller then sets the unit active unconditionally: it
does not outlast the hook. Nor when install sets it with a message that
names a relation ("waiting for node relation") and a handler of that
relation's events (or of a library object made for it) that runs on every
unit sets the unit active: adding the relation is the operator's act, and
it clears the status. Start is not treated so: it runs again after a
reboot, when the relation is already there and brings no event.`,
		Bad: `def _on_install(self, _):
    if not self.config.get("licence"):
        self.unit.status = ops.BlockedStatus("set licence")`,
		Good: `def _on_collect_status(self, event):
    if not self.config.get("licence"):
        event.add_status(ops.BlockedStatus("set licence"))`,
	},
	{
		ID: ShellString, Name: "subprocess-shell-string", Kind: rule.Python, Severity: rule.Warning,
		Title: "a subprocess runs a shell command string",
		Rationale: `shell=True, os.system and os.popen hand a string to /bin/sh: config values and
relation data in it are shell code (injection), and quoting mistakes break it.
A string command without shell=True fails unless it is one word (a one-word
string, '/etc/init.d/x', is fine and not reported). Pass an argument list, with
absolute paths. A constant command with shell=True, os.system or
subprocess.getoutput (a literal,
or an f-string or concatenation of literals and UPPER_CASE constants,
directly, through a local whose every assignment that can reach the call is
one, or through a parameter every caller
passes one for: a shell wrapper) has nothing to inject and is not reported:
the rule is about strings built from values. Nor is a script the operator
gives whole in a config option and the charm runs with shell=True
(subprocess.run(self.config["pre-hardening-script"], shell=True)): nothing is
interpolated into it, and a shell is what runs a script. An argument list
with shell=True is always reported, constant or not: sh -c runs its first
item alone and passes the rest to the shell as $0, $1..., so
["exportfs", "-a"] runs exportfs without -a; drop shell=True.`,
		Bad:  `subprocess.run(f"systemctl restart {svc}", shell=True, check=True)`,
		Good: `subprocess.run(["/usr/bin/systemctl", "restart", svc], check=True)`,
	},
	{
		ID: WorkInInit, Name: "work-in-init", Kind: rule.Python, Severity: rule.Warning,
		Title: "the charm's __init__ does work",
		Rationale: `ops constructs the charm, and the components its __init__ creates, on every
event, before any handler runs. Work done there (a Pebble call that changes the
workload, a file, relation-data or secret write, a port change, a command that
does more than read, directly or in a method of the class __init__ calls) runs
on every event, those it has nothing to do with included (actions,
secret-rotate, collect-status), and before the container or the relation is
ready, so it fails or half-works on the early events. __init__ should only
create objects and observe events; move the work to the reconciler or to the
handler of the event it belongs to. Not reported: work under an existence
check (if not path.exists(), if "status" not in data) or in an except clause
for a missing secret (create once), the charm's
local file operations (os, shutil, pathlib: setup a library constructed in
__init__ may need first), and a call to a method named as a reconciler
(reconciling from __init__ on every event is a deliberate design some charms
document).`,
		Bad: `def __init__(self, framework):
    super().__init__(framework)
    self.unit.get_container("app").push("/etc/app.conf", self._render())
    framework.observe(self.on.config_changed, self._reconcile)`,
		Good: `def __init__(self, framework):
    super().__init__(framework)
    framework.observe(self.on.config_changed, self._reconcile)
    framework.observe(self.on.app_pebble_ready, self._reconcile)

def _reconcile(self, _):
    ...  # push the file here, when it differs`,
	},
	{
		ID: SwallowedWrite, Name: "write-error-swallowed", Kind: rule.Python, Severity: rule.Warning,
		Title: "every error around a relation-data or secret write is swallowed",
		Rationale: `A relation-data write fails when the unit is not the leader (application bag),
the relation is gone or the bag is too large; a secret write fails when the
secret was removed or the unit may not manage it. A bare except, or an except
Exception, whose body only passes, around such a write hides the failure: the
charm goes on as if the remote side had the data, and nothing retries. Catch
the specific error (ModelError, SecretNotFoundError) and handle it, or let the
hook fail so that Juju retries it. PY009 covers 'except ModelError: pass'.`,
		Bad: `try:
    relation.data[self.app]["endpoint"] = url
except Exception:
    pass`,
		Good: `try:
    relation.data[self.app]["endpoint"] = url
except ops.RelationDataAccessError:
    logger.warning("not the leader: the leader publishes the endpoint")`,
	},
	{
		ID: Undeclared, Name: "undeclared-name", Kind: rule.Python, Severity: rule.Warning,
		Title: "the code names a config option, action or endpoint the metadata does not declare",
		Rationale: `ops builds the charm's events and config from its metadata. Observing
self.on.<name>_action, or an event of an endpoint (self.on["db"].relation_changed),
that the metadata does not declare raises AttributeError or KeyError in
__init__, so every hook fails; self.config["x"] for an option config does not
declare raises KeyError, and self.config.get("x") returns its default forever
(the operator cannot set it). A typo, or a name left after the metadata
changed. The names are read with string literals only (also through a
local bound to the getter: cget = self.model.config.get), and a config read in
a method no code calls (a getter left after the option was removed) is not
reported: it never runs. The rule is off for a charm whose charmcraft.yaml uses an extension (the extension adds names
charmgen does not see; META023), and when the metadata could not be read.`,
		Bad: `# config.yaml declares ca_cert
ca = self.config.get("ssl_ca")`,
		Good: `ca = self.config.get("ca_cert")`,
	},
}
