import subprocess

import ops


class ConfigAskedActionRuns(ops.CharmBase):
    """Install asks the operator to set config; an action runs the same
    function and sets the unit active, but setting the config, the act the
    message asks for, clears nothing (charm-cis-hardening)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.harden_action, self._on_harden)

    def _on_install(self, event):
        if self.config["auto-harden"]:
            self._harden()

    def _harden(self):
        tailoring = self.config.get("tailoring-file", "")
        if not tailoring:
            self.unit.status = ops.BlockedStatus("tailoring file is not set; check juju config")  # want PY015
            return
        subprocess.check_call(["usg", "fix", "--tailoring-file", tailoring])

    def _on_harden(self, event):
        self._harden()
        self.unit.status = ops.ActiveStatus("hardened")


class StepBeforeStatusNotAfter(ops.CharmBase):
    """The step the action runs comes before the blocked status, not after
    it: nothing the action does follows from the status."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.fetch_action, self._on_fetch)

    def _on_start(self, event):
        self._fetch()
        self.unit.status = ops.BlockedStatus("add the db relation")  # want PY015

    def _on_fetch(self, event):
        self._fetch()

    def _fetch(self):
        subprocess.check_call(["curl", "-o", "/srv/app.tgz", "https://example.com/app.tgz"])
        self.unit.status = ops.ActiveStatus()
