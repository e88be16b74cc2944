import logging
from subprocess import CalledProcessError
import subprocess

import ops
from charms.operator_libs_linux.v1 import systemd
from charms.operator_libs_linux.v2 import snap

logger = logging.getLogger(__name__)


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.collect_unit_status, self._on_collect_status)

    def _on_install(self, event):
        self.unit.status = ops.MaintenanceStatus("installing")

    def _on_config_changed(self, event):
        if not self.config.get("licence"):
            self.unit.status = ops.BlockedStatus("set licence")

    def _on_collect_status(self, event):
        if not self.model.get_relation("db"):
            event.add_status(ops.BlockedStatus("needs db"))


class SharedInstallCharm(ops.CharmBase):
    """An install step the reconciler runs too (on config-changed) does not
    only run once: its blocked status is recomputed on the next event."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.config_changed, self._configure)

    def _on_install(self, event):
        self.install()

    def _configure(self, event):
        self.install()

    def install(self):
        if not self.config.get("snap-channel"):
            self.unit.status = ops.BlockedStatus("set snap-channel")
            return


def _install_snap(channel, refresh=False):
    snap.SnapCache()["app"].ensure(snap.SnapState.Latest, channel=channel)


def install(channel):
    _install_snap(channel)


def refresh(channel):
    _install_snap(channel, refresh=True)


class RetriedInstallCharm(ops.CharmBase):
    """install's failure status sits in an except clause, but the step it
    reports is done again by config-changed (refresh shares _install_snap),
    which sets the status from its own outcome."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_install(self, event):
        try:
            install(self.config["channel"])
        except snap.SnapError:
            self.unit.status = ops.BlockedStatus("failed to install the snap")

    def _on_config_changed(self, event):
        try:
            refresh(self.config["channel"])
        except snap.SnapError:
            self.unit.status = ops.BlockedStatus("failed to refresh the snap")
            return
        self.unit.status = ops.ActiveStatus()


class DeadExceptCharm(ops.CharmBase):
    """The systemd library raises SystemdError, never CalledProcessError:
    the except clause never runs, and a failed start fails the hook, which
    Juju retries."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.start, self._on_start)

    def _on_start(self, event):
        try:
            self._start()
        except CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to start")

    def _start(self):
        systemd.service_restart("nginx")
        logger.debug("nginx restarted")


class DeadExceptModelCharm(ops.CharmBase):
    """A snap reached through locals (SnapCache()[name]) raises SnapError,
    and ops turns a failed open-port into ModelError: neither raises
    CalledProcessError, so these clauses never run."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.start, self._on_start)

    def _on_install(self, event):
        try:
            cache = snap.SnapCache()
            app = cache["app"]
            app.ensure(state=snap.SnapState.Present)
        except CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to install")

    def _on_start(self, event):
        try:
            self.unit.open_port("tcp", 8080)
        except CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to open the port")


class Checkout:
    def update(self):
        subprocess.check_call(["git", "-C", "/srv/app", "pull"])
        return "1.0"


class ActionRedoesCharm(ops.CharmBase):
    """The start handler's failed update is redone by an action that runs
    the same step and sets the unit active again: the operator's fix
    clears the status (ubuntu-desktop-versions)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._checkout = Checkout()
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.update_checkout_action, self._on_update_checkout)

    def _on_start(self, event):
        try:
            self._checkout.update()
        except subprocess.CalledProcessError:
            self.unit.status = ops.BlockedStatus("failed to update the checkout")
            return
        self.unit.status = ops.ActiveStatus()

    def _on_update_checkout(self, event):
        try:
            event.set_results({"version": self._checkout.update()})
        except subprocess.CalledProcessError:
            event.fail("update failed")
        self.unit.status = ops.ActiveStatus()


class OverwrittenByCallerCharm(ops.CharmBase):
    """A helper sets blocked when a resource is missing, and its caller then
    sets the unit active whatever happened: the blocked status never
    outlasts the hook (minecraft-server)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        self._render_unit()
        subprocess.call(["systemctl", "daemon-reload"])
        self.unit.status = ops.ActiveStatus()

    def _render_unit(self):
        try:
            self.model.resources.fetch("server-jar")
        except ops.ModelError:
            self.unit.status = ops.BlockedStatus("resource server-jar is missing")
            return
