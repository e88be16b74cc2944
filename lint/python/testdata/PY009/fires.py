import subprocess

import ops
from ops.model import ModelError


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        subprocess.call(["status-set", "active"])  # want PY009
        subprocess.run(["relation-set", "-r", "db:1", "host=x"])  # want PY009
        try:
            self.model.get_relation("db").data[self.unit]["host"] = "x"
        except ModelError:  # want PY009
            pass
