import subprocess

import ops
from charms.operator_libs_linux.v1 import systemd


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        observe = framework.observe
        observe(self.on.config_changed, self._reconcile)
        observe(self.on.update_status, self._reconcile)
        observe(self.on.restart_action, self._on_restart_action)

    def _reconcile(self, event):
        container = self.unit.get_container("app")
        changed = self._write_config(container)
        if changed:
            container.restart("app")
        if self._config_hash() != self._running_hash():
            systemd.service_restart("app-sidecar")
        container.replan()

    def _on_restart_action(self, event):
        # An action is asked for: restarting is its job.
        subprocess.run(["systemctl", "restart", "nginx"], check=True)

    def _write_config(self, container):
        return False

    def _config_hash(self):
        return "a"

    def _running_hash(self):
        return "a"
