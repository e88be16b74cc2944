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
)

// Rules are the Python rules, in ID order.
var Rules = []rule.Rule{
	{
		ID: ThinHandler, Name: "thin-handler", Kind: rule.Python, Severity: rule.Warning,
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
than read, a file, relation-data or secret write, a port change; setting a
status is not work) done by
a handler of a repeatable event that is not itself the reconciler (a method
named *reconcile* or observed by three or more events). Handlers of install,
stop, remove, actions, secret-rotate/-remove/-expired and collect-status may
do their own work.`,
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
whole file and write it when it differs.`,
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
check named like changed/differs/hash) or follows a read of the current content
(pull, read_text, exists, list_files...) in the same function.`,
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
systemd's service_restart, systemctl restart in a subprocess. Restart only when
the configuration changed: keep the result of the compare before the write and
branch on it. container.replan() (replan_services() on a client) restarts only
the services whose layer changed, but it also starts every startup: enabled
service that is not running: unguarded in a reconciler it brings back, on every
event, a service that an action or the operator stopped on purpose, and resets
the back-off of a crash-looping one, whose start then fails the hook with a
ChangeError. Compare get_plan() with the layer you would add, and add it and
replan only when they differ. Preconditions such as can_connect() or
is_leader() are not change checks. start(), stop() and autostart() are not
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
exist_ok=True, and container.make_dir without make_parents=True, fail too; so
does container.add_layer without combine=True once a layer with that label
exists (Pebble refuses a second one). In a reconciler the second run then
errors. Check first (an if that mentions exist, getpwnam...), catch the
"already exists" error, or use the idempotent form (combine=True for layers).`,
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
raises SecretNotFoundError when there is none) and add it only then. A guard
of is_leader() alone is not a lookup.`,
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
(when the secret is created) and read them back afterwards.`,
		Bad:  `relation.data[self.app]["updated"] = str(time.time())`,
		Good: `relation.data[self.app]["version"] = self._workload_version()`,
	},
	{
		ID: LeaderCheck, Name: "app-data-without-leader-check", Kind: rule.Python, Severity: rule.Error,
		Title: "the application databag is written without a leader check",
		Rationale: `Only the leader may write its application's databag; on any other unit the
write raises RelationDataAccessError and the hook fails. Check
self.unit.is_leader() before writing (an if around the write, or an early
return), or write from a handler that only the leader runs (leader-elected,
collect-app-status).`,
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
ModelError: pass' drops the error ops raised. Let it fail the hook (Juju
retries it) or handle the specific case.`,
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
secret's id or label instead.`,
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
application databag instead of leader settings, and COS for metrics.`,
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
event finish the job.`,
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
a collect-status handler.`,
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
A string command without shell=True fails unless it is one word. Pass an
argument list, with absolute paths.`,
		Bad:  `subprocess.run(f"systemctl restart {svc}", shell=True, check=True)`,
		Good: `subprocess.run(["/usr/bin/systemctl", "restart", svc], check=True)`,
	},
}
