import subprocess

import ops
from charms.operator_libs_linux.v1 import systemd


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        observe = framework.observe
        observe(self.on.config_changed, self._reconcile)
        observe(self.on.update_status, self._reconcile)

    def _reconcile(self, event):
        container = self.unit.get_container("app")
        if not container.can_connect():
            return
        container.restart("app")  # want PY004
        systemd.service_restart("app-sidecar")  # want PY004
        subprocess.run(["systemctl", "restart", "nginx"], check=True)  # want PY004
