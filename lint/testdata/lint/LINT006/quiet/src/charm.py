import ops


class DemoCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        self.unit.status = ops.ActiveStatus()


if __name__ == "__main__":
    ops.main(DemoCharm)
