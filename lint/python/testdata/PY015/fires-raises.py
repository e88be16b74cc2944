import pathlib
import subprocess

import ops


class InstallError(RuntimeError):
    """The charm's own error, a RuntimeError."""


class Installer:
    def install(self):
        if not pathlib.Path("/usr/bin/helm").exists():
            raise InstallError("helm is missing")


class OwnErrorCaught(ops.CharmBase):
    """The helper raises the charm's own subclass of RuntimeError: the
    clause runs, and nothing clears the status it sets."""

    def __init__(self, framework):
        super().__init__(framework)
        self.installer = Installer()
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        try:
            self.installer.install()
        except RuntimeError:
            self.unit.status = ops.BlockedStatus("install failed")  # want PY015


class FileStepNotRedone(ops.CharmBase):
    """The clause catches OSError, the write can raise it, and no repeatable
    code writes the file again."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_start(self, event):
        try:
            self._write_unit()
        except OSError:
            self.unit.status = ops.BlockedStatus("failed to write the unit")  # want PY015
            return
        self.unit.status = ops.ActiveStatus()

    def _write_unit(self):
        pathlib.Path("/etc/systemd/system/app.service").write_text("[Unit]\n")
        subprocess.check_call(["systemctl", "daemon-reload"])

    def _on_config_changed(self, event):
        self.unit.status = ops.ActiveStatus()


class BareRaiseOutsideExcept(ops.CharmBase):
    """A bare raise outside an except clause is a RuntimeError of its own."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        try:
            self._check()
        except RuntimeError:
            self.unit.status = ops.BlockedStatus("check failed")  # want PY015

    def _check(self):
        raise
