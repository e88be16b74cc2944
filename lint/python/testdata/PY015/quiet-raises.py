import logging
import pathlib
import subprocess
from subprocess import CalledProcessError

import ops
from charms.operator_libs_linux.v1 import systemd
from charms.operator_libs_linux.v2 import snap

logger = logging.getLogger(__name__)


class Helm:
    def install(self):
        logger.info("installing helm")
        self._install_helm()

    def _install_helm(self):
        result = subprocess.run(["which", "helm"], capture_output=True, check=False)
        if result.returncode == 0:
            logger.info("helm at %s", result.stdout.strip())
            return
        subprocess.run(["snap", "install", "helm", "--classic"], check=True)


class RuntimeErrorAroundProcesses(ops.CharmBase):
    """The clause catches RuntimeError, and the helper only runs processes,
    which raise CalledProcessError and OSError: the clause never runs, and a
    failed install fails the hook, which Juju retries (manila-csi)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.manager = Helm()
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        try:
            self.manager.install()
            self.unit.status = ops.ActiveStatus("installed")
        except RuntimeError as e:
            self.unit.status = ops.BlockedStatus(f"install failed: {e}")


class Schedule:
    def configure(self, text):
        pathlib.Path("/etc/app/schedule").write_text(text)

    def start(self):
        systemd.service_start("app.timer")


class UnreachableStepNotRedone(ops.CharmBase):
    """Of the try's steps, config-changed redoes the file write; the
    systemd library's start is not redone, but it raises SystemdError,
    which this clause does not catch, so it never sets the status. The
    status config-changed computes replaces it (ubuntu-auto-accept)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._schedule = Schedule()
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_start(self, event):
        try:
            self._schedule.configure(self.config["schedule"])
            self._schedule.start()
        except (CalledProcessError, OSError):
            self.unit.status = ops.BlockedStatus("failed to start")
            return
        self.unit.status = ops.ActiveStatus()

    def _on_config_changed(self, event):
        try:
            self._schedule.configure(self.config["schedule"])
        except OSError:
            self.unit.status = ops.BlockedStatus("failed to write the schedule")
            return
        self.unit.status = ops.ActiveStatus()


class LibraryErrorRaised(ops.CharmBase):
    """The helper raises the snap library's own error, and a bare raise in
    its except clause re-raises what its try body raised: none of it is
    CalledProcessError (ollama)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        try:
            self._install()
        except subprocess.CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to install")

    def _install(self):
        app = snap.SnapCache()["app"]
        if not app.present:
            raise snap.SnapError("app is not installed")
        try:
            systemd.service_restart("app")
        except systemd.SystemdError:
            logger.error("restart failed")
            raise
