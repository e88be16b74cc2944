import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_changed, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.leader_elected, self._on_leader_elected)
        # A library's custom event: the library checks leadership.
        framework.observe(self.auth_proxy.on.proxy_config_changed, self._on_proxy_config)
        framework.observe(self.auth_proxy.on.config_removed, self._on_proxy_removed)

    def _reconcile(self, event):
        for rel in self.model.relations["db"]:
            rel.data[self.unit]["host"] = "10.0.0.1"
            if self.unit.is_leader():
                rel.data[self.app]["database"] = "app"
        if not self.unit.is_leader():
            return
        self._publish()

    def _publish(self):
        rel = self.model.get_relation("website")
        if rel is not None:
            rel.data[self.app]["url"] = "http://x"

    def _on_leader_elected(self, event):
        peers = self.model.get_relation("peer")
        peers.data[self.app]["leader"] = self.unit.name

    def _on_proxy_config(self, event):
        self._set_peer("proxy", event.config)

    def _on_proxy_removed(self, event):
        if not self.unit.is_leader():
            return
        self._set_peer("proxy", "")

    def _set_peer(self, key, value):
        self.model.get_relation("peer").data[self.app][key] = value

    @property
    def app_peer_data(self):
        return self.model.get_relation("peer").data[self.app]

    @property
    def initialised(self):
        return self.app_peer_data.get("initialised") == "true"

    @initialised.setter
    def initialised(self, value):
        # A setter's call sites are the assignments to it: this one is
        # guarded where _on_start assigns it.
        self.app_peer_data["initialised"] = "true" if value else "false"

    def _on_start(self, event):
        if not self.unit.is_leader():
            return
        self.initialised = True


class LeaderFlagCharm(ops.CharmBase):
    """A leadership test kept in a local boolean (also when an except
    clause sets it too) guards the write; a private method nothing calls,
    observes or passes is dead code."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        for rel in self.model.relations["amqp"]:
            try:
                skip = not (self.unit.is_leader() and rel.app is not None)
            except ops.ModelError:
                skip = True
            if skip:
                continue
            rel.data[self.app]["hostname"] = "rabbit"

    def _unused(self):
        self.model.get_relation("amqp").data[self.app]["password"] = "x"
