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
