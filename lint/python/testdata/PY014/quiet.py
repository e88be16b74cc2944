import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.backup_action, self._on_backup)
        framework.observe(self.on["certs"].relation_changed, self._on_certs)

    def _on_backup(self, event):
        if not self._ready():
            event.fail("not ready; try again later")
            return

    def _on_certs(self, event):
        if not self._ready():
            event.defer()

    def _ready(self):
        return False
