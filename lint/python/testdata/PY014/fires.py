import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.backup_action, self._on_backup)
        framework.observe(self.on.stop, self._on_stop)
        framework.observe(self.on["secret-rotate"].action, self._on_rotate_action)
        framework.observe(self.on.secret_rotate, self._on_secret_rotate)

    def _on_backup(self, event):
        if not self._ready():
            event.defer()  # want PY014

    def _on_stop(self, event):
        event.defer()  # want PY014

    def _on_rotate_action(self, event):
        event.defer()  # want PY014

    def _on_secret_rotate(self, event):
        event.defer()  # want PY014

    def _ready(self):
        return False
