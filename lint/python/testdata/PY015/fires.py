import subprocess

import ops
from ops.model import BlockedStatus


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.start, self._on_start)

    def _on_install(self, event):
        if not self.config.get("licence"):
            self.unit.status = ops.BlockedStatus("set licence")  # want PY015

    def _on_start(self, event):
        self._check()

    def _check(self):
        if not self.model.get_relation("db"):
            self.unit.status = BlockedStatus("needs db")  # want PY015


class LiveExceptCharm(ops.CharmBase):
    """The body runs a process: CalledProcessError can come, and the blocked
    status it sets stays."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.start, self._on_start)

    def _on_start(self, event):
        try:
            subprocess.check_call(["systemctl", "start", "app"])
        except subprocess.CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to start")  # want PY015
