"""Blocked statuses in one-shot hooks: which ones stay, which do not."""

import ops


def clear_status(unit, message):
    # Clears only the message it names: not a recomputation.
    if unit.status.message == message:
        unit.status = ops.ActiveStatus()


class BlockedOnceCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.remove, self._on_remove)
        framework.observe(self.on.stop, self._on_stop)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _on_install(self, event):
        if not self._install_packages():
            # Deferred: install runs again before the next hook.
            self.unit.status = ops.BlockedStatus("package install failed")
            event.defer()
            return
        try:
            self._write_units()
        except OSError:
            # Re-raised: the hook fails and Juju retries it.
            self.unit.status = ops.BlockedStatus("cannot write units")
            raise

    def _on_start(self, event):
        if not self._licence_ok():
            # Stays: the reconciler clears only its own message.
            self.unit.status = ops.BlockedStatus("licence rejected")

    def _on_stop(self, event):
        if not self._cleanup():
            # Teardown: the unit goes (or its pod restarts and start runs).
            self.unit.status = ops.BlockedStatus("cleanup failed")

    def _on_remove(self, event):
        if not self._cleanup():
            # The unit is going away, and its status with it.
            self.unit.status = ops.BlockedStatus("cleanup failed")

    def _reconcile(self, event):
        clear_status(self.unit, "waiting for config")

    def _install_packages(self):
        return True

    def _write_units(self):
        pass

    def _licence_ok(self):
        return True

    def _cleanup(self):
        return True


if __name__ == "__main__":
    ops.main(BlockedOnceCharm)
