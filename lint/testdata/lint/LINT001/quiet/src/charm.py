import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        container = self.unit.get_container("app")
        container.restart("app")  # charmgen: ignore[PY004] the app re-reads its keys only on restart
