import subprocess

import ops


class StepRedoneByAction(ops.CharmBase):
    """Start says no certificate is acquired yet and tries to get one; the
    get-certificate action runs the same step, which sets the unit active
    when it succeeds: running the action is the operator's act, and it
    clears the status (certbot)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.get_certificate_action, self._on_get_certificate)

    def _on_start(self, event):
        self.unit.status = ops.BlockedStatus("certificate not yet acquired")
        try:
            self._get_certificate(self.config["domains"])
        except Exception:
            pass

    def _on_get_certificate(self, event):
        try:
            self._get_certificate(event.params["domains"])
        except Exception as err:
            event.fail(f"cannot get certificate: {err}")

    def _get_certificate(self, domains):
        subprocess.check_call(["certbot", "certonly", "-d", domains])
        self.unit.status = ops.ActiveStatus(f"certificate for {domains}")


class FailedStepRedoneByAction(ops.CharmBase):
    """The failed update is redone by an action whose step sets the unit
    active itself: the action handler need not."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.update_action, self._on_update_action)

    def _on_start(self, event):
        try:
            self._update()
        except subprocess.CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to update")

    def _on_update_action(self, event):
        self._update()

    def _update(self):
        subprocess.check_call(["git", "-C", "/srv/app", "pull"])
        self.unit.status = ops.ActiveStatus()
