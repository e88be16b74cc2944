import subprocess
from pathlib import Path

import ops
from charms.operator_libs_linux.v2 import snap

import workload


class Charm(ops.CharmBase):
    """install's failure status is not reported: config-changed runs
    workload.refresh, which shares _install_snap with workload.install, and
    sets the status from its own outcome. start's is: nothing repeatable
    starts the service again, and config-changed's active status hides the
    failure."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_install(self, event):
        try:
            workload.install(self.config["channel"])
        except snap.SnapError:
            self.unit.status = ops.BlockedStatus("failed to install the snap")

    def _on_start(self, event):
        try:
            workload.start()
        except subprocess.CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to start")

    def _on_config_changed(self, event):
        try:
            workload.refresh(self.config["channel"])
        except snap.SnapError:
            self.unit.status = ops.BlockedStatus("failed to refresh the snap")
            return
        Path("/etc/app.conf").write_text(self.config["conf"])
        self.unit.status = ops.ActiveStatus()
