# declared: endpoints=db,certs,kube,grafana-auth,replicas
import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in (self.on.config_changed, self.on.app_pebble_ready, self.on["db"].relation_changed):
            framework.observe(event, self._reconcile)
        framework.observe(self.on["certs"].relation_changed, self._on_certs_changed)

    def _reconcile(self, event):
        if not self.unit.get_container("app").can_connect():
            return

    def _on_certs_changed(self, event):
        # A delta handler may defer to retry a transient failure.
        if not self.unit.get_container("app").can_connect():
            event.defer()


class Events(ops.CharmBase):
    """Handlers that defer are not reconcilers, whatever their name."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(getattr(self.on, "install"), self._on_install)
        framework.observe(self.post_upgrade_event, self._reconcile_upgrade)
        framework.observe(self.db.on.database_created, self._reconcile_db)
        framework.observe(self.db.on.endpoints_changed, self._reconcile_db)
        for event in (self.on["peer"].relation_joined, self.on["peer"].relation_changed,
                      self.on["peer"].relation_departed, self.on.leader_elected):
            framework.observe(event, self._on_peer_changes)

    def _on_install(self, event):
        self.unit.get_container("app").push("/etc/app.conf", "x")
        if not self.model.get_relation("peer"):
            event.defer()

    def _reconcile_upgrade(self, event):
        # One custom event, emitted once: the defer is the retry.
        if not self._healthy():
            event.defer()
            return
        self.unit.get_container("app").restart("app")

    def _reconcile_db(self, event):
        # One library object's events: one source.
        if not self.model.get_relation("peer"):
            event.defer()
            return
        self.model.get_relation("peer").data[self.app]["db"] = event.endpoints

    def _on_peer_changes(self, event):
        # One relation's events and leader-elected: two sources.
        if not self._healthy():
            event.defer()
            return
        self.unit.get_container("app").replan()

    def _healthy(self):
        return True


class Getters(ops.CharmBase):
    """A getter that every handler calls is no reconciler."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.update_status, self._on_update_status)
        framework.observe(self.on["db"].relation_changed, self._on_db_changed)

    def _remote_data(self, event):
        if not self.model.get_relation("db"):
            event.defer()
            return None
        return self.model.get_relation("db").data

    def _on_config_changed(self, event):
        self._remote_data(event)

    def _on_update_status(self, event):
        self._remote_data(event)

    def _on_db_changed(self, event):
        self._remote_data(event)


class ManifestClientError(Exception):
    pass


class RetryOnFailureCharm(ops.CharmBase):
    """The defer retries a call to an API that is not up yet (the
    kube-apiserver), and no periodic event runs the reconciler: the
    update-status handler only reports. The deferred event is the only
    retry (openstack-cloud-controller, gcp-cloud-provider)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.update_status, self._update_status)
        for event in [self.on.config_changed, self.on["kube"].relation_changed, self.on["certs"].relation_changed]:
            framework.observe(event, self._merge_config)

    def _update_status(self, _):
        self.unit.status = ops.ActiveStatus()

    def _merge_config(self, event):
        self.unit.get_container("app").push("/etc/app.conf", "x")
        self._install_or_upgrade(event)

    def _install_or_upgrade(self, event):
        try:
            self._apply()
        except ManifestClientError:
            event.defer()
            return

    def _apply(self):
        pass


class LeaderOnlyJoin(ops.CharmBase):
    """The reconciler defers until the db relation exists and until the
    leader has shared a URL in the peer data. The only db event it observes
    runs the reconciler on the leader alone, and it observes no peer event:
    on the other units the deferred event is the only retry
    (magma-nms-magmalte)."""

    DB = "db"

    def __init__(self, framework):
        super().__init__(framework)
        self.db = DatabaseClient(self, self.DB)
        framework.observe(self.on.app_pebble_ready, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.db.on.database_joined, self._on_db_joined)

    def _on_db_joined(self, event):
        if not self.unit.is_leader():
            return
        self._reconcile(event)

    @property
    def _db_created(self):
        return self._related(self.DB)

    def _related(self, name):
        return self.model.get_relation(name) is not None

    @property
    def _shared_url(self):
        return self.model.get_relation("replicas").data[self.app].get("url")

    def _reconcile(self, event):
        if not self._db_created:
            event.defer()
            return
        if not self._shared_url:
            event.defer()
            return
        self.unit.get_container("app").push("/etc/app.conf", self._shared_url)
