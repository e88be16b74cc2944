import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_changed, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.leader_elected, self._on_leader_elected)

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
