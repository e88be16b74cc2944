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


class ActionNoActiveCharm(ops.CharmBase):
    """An action runs the step again but leaves the status alone: the
    blocked status stays after the fix."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.update_action, self._on_update_action)

    def _on_start(self, event):
        try:
            self._update()
        except subprocess.CalledProcessError:
            self.unit.status = BlockedStatus("failed to update")  # want PY015

    def _on_update_action(self, event):
        self._update()

    def _update(self):
        subprocess.check_call(["git", "-C", "/srv/app", "pull"])


class ActiveOnlyOnSuccessCharm(ops.CharmBase):
    """The caller sets active only when the helper succeeded: the blocked
    status stays."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        if self._render_unit():
            self.unit.status = ops.ActiveStatus()

    def _render_unit(self):
        try:
            self.model.resources.fetch("server-jar")
        except ops.ModelError:
            self.unit.status = BlockedStatus("resource server-jar is missing")  # want PY015
            return False
        return True
