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
