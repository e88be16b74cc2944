# declared: endpoints=db,certs,grafana-auth,replicas,ingress
import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in (self.on.config_changed, self.on.app_pebble_ready, self.on["db"].relation_changed):
            framework.observe(event, self._on_any)
        framework.observe(self.on.update_status, self._reconcile)

    def _on_any(self, event):
        if not self.unit.get_container("app").can_connect():
            event.defer()  # want PY013
            return
        self._check_db(event)
        self.unit.get_container("app").replan()

    def _check_db(self, event):
        if not self.model.get_relation("db"):
            event.defer()  # want PY013

    def _reconcile(self, event):
        # Named so, and update-status runs it: the author's reconciler.
        if not self._ready():
            event.defer()  # want PY013
            return
        self.unit.get_container("app").replan()

    def _ready(self):
        return False


class ManifestClientError(Exception):
    pass


class RetryPeriodicCharm(ops.CharmBase):
    """The same retry, where update-status runs the reconciler: it comes
    back every five minutes, and the defer only piles up re-runs."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.update_status, self._update_status)
        for event in [self.on.config_changed, self.on["kube"].relation_changed, self.on["certs"].relation_changed]:
            framework.observe(event, self._merge_config)

    def _update_status(self, _):
        self._merge_config(None)

    def _merge_config(self, event):
        self.unit.get_container("app").push("/etc/app.conf", "x")
        try:
            self._apply()
        except ManifestClientError:
            event.defer()  # want PY013
            return

    def _apply(self):
        pass


class RetryPebbleCharm(ops.CharmBase):
    """A retry of a Pebble call: pebble-ready brings the container back
    and runs the reconciler, so the defer is not needed even with no
    periodic event (content-cache-k8s)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.app_pebble_ready, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, event):
        container = self.unit.get_container("app")
        try:
            container.replan()
        except ops.pebble.ConnectionError:
            event.defer()  # want PY013
            return


class EveryUnitJoin(ops.CharmBase):
    """The db events reach the reconciler on every unit, and the ingress
    library object (its relation left to its default) may bring anything:
    the next event finishes the job."""

    def __init__(self, framework):
        super().__init__(framework)
        self.db = DatabaseClient(self, relation_name="db")
        self.ingress = IngressRequirer(self, port=8080)
        framework.observe(self.on.app_pebble_ready, self._reconcile)
        framework.observe(self.db.on.database_joined, self._reconcile)
        framework.observe(self.ingress.on.ready, self._reconcile)

    def _reconcile(self, event):
        if self.model.get_relation("db") is None:
            event.defer()  # want PY013
            return
        if not self.model.get_relation("ingress"):
            event.defer()  # want PY013
            return
        self.unit.get_container("app").push("/etc/app.conf", "x")
