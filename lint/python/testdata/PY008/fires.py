import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_changed, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on["peer"].relation_changed, self._on_peer_changed)

    def _reconcile(self, event):
        for rel in self.model.relations["db"]:
            rel.data[self.app]["database"] = "app"  # want PY008
            rel.data[self.model.app].update({"user": "app"})  # want PY008
        self._publish()

    def _publish(self):
        rel = self.model.get_relation("website")
        if rel is not None:
            rel.data[self.app]["url"] = "http://x"  # want PY008

    def publish_elsewhere(self):
        # Called from no code in this file: a warning that says so.
        rel = self.model.get_relation("website")
        rel.data[self.app]["x"] = "y"  # want PY008:warning

    @property
    def app_peer_data(self):
        return self.model.get_relation("peer").data[self.app]

    def _on_peer_changed(self, event):
        # A bag reached through a property is still the application bag.
        self.app_peer_data["ready"] = "true"  # want PY008
