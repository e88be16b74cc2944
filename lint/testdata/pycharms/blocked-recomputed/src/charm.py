"""Install sets blocked; config-changed sets the status again once the
operator has acted, so install's status is not the last word, unless it
reports that install's own work failed."""

import subprocess

import ops


class BlockedRecomputedCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_install(self, event):
        if not self.config.get("licence"):
            self.unit.status = ops.BlockedStatus("set licence")
        try:
            self._install_package()
        except OSError:
            # The install itself failed: config-changed does not install,
            # so its active status never replaces this one.
            self.unit.status = ops.BlockedStatus("install failed")

    def _install_package(self):
        subprocess.check_call(["apt-get", "install", "-y", "app"])

    def _on_config_changed(self, event):
        if not self.config.get("licence"):
            self.unit.status = ops.BlockedStatus("set licence")
            return
        self.unit.status = ops.ActiveStatus()


if __name__ == "__main__":
    ops.main(BlockedRecomputedCharm)
