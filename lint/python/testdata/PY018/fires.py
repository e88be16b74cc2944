import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        rel = self.model.get_relation("website")
        try:
            rel.data[self.app]["url"] = "http://x"
        except Exception:  # want PY018
            pass
        try:
            self.model.get_secret(label="k").set_content({"k": "v"})
        except:  # want PY018
            pass
        try:
            self._publish(rel)
        except BaseException:  # want PY018
            ...

    def _publish(self, rel):
        rel.data[self.unit]["host"] = "10.0.0.1"
