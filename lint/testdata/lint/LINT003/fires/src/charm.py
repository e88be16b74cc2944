import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        # charmgen: ignore[PY004] left over from when this restarted the app
        self.unit.get_container("app").start("app")
