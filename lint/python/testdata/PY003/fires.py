import subprocess
from pathlib import Path

import ops

UNIT = "#!/bin/sh\nexec /usr/bin/app\n"


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.upgrade_charm, self.on.app_pebble_ready]:
            framework.observe(event, self._on_event)

    def _on_event(self, event):
        container = self.unit.get_container("app")
        container.push("/etc/app.conf", self._render(), make_dirs=True)  # want PY003
        Path("/etc/app/extra.conf").write_text("x=1\n")  # want PY003
        secret = self.model.get_secret(label="api")
        secret.set_content({"key": self.config["api-key"]})  # want PY003
        self.unit.containers["app"].push("/etc/app/extra.conf", "x=1\n")  # want PY003
        client = ops.pebble.Client(socket_path="/charm/containers/app/pebble.socket")
        client.push("/etc/app/log.conf", "level=info\n")  # want PY003
        # A charm-container file counts when a command then acts on it.
        subprocess.run(["update-ca-certificates", "--fresh"], check=True)
        self._other(container)

    def _other(self, container):
        # A read of another path is no compare for this write.
        container.pull("/etc/other.conf")
        container.push("/etc/app2.conf", "x")  # want PY003
        should_restart = self._render()
        container.push("/etc/app3.conf", should_restart)  # want PY003

    def _render(self):
        return "port=80\n"


class CertsPropertyCharm(ops.CharmBase):
    """A property that says the certificates are present is not a guard
    when the write runs while they are (the positive form)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)

    @property
    def _tls_enabled(self):
        return self.config.get("tls", False)

    def _reconcile(self, _):
        if self._tls_enabled:
            self.unit.get_container("app").push("/etc/app/cert.pem", "pem")  # want PY003


class PreconditionCharm(ops.CharmBase):
    """An early return when something is missing is a precondition: the
    push after it runs on every event once the peer relation exists."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._holistic)

    def _holistic(self, _):
        if not peer_relation_exists(self):
            return
        self.unit.get_container("app").push("/etc/app/ca.pem", "CA")  # want PY003


class Manager:
    def __init__(self, container):
        self._container = container

    @property
    def installed(self):
        return self._container.exists("/usr/bin/app")

    def render(self):
        self._container.push("/etc/app.conf", "x")  # want PY003


class PropertyPreconditionCharm(ops.CharmBase):
    """An early return when a held object's property says it is not
    installed is a precondition: the render after it runs on every event."""

    def __init__(self, framework):
        super().__init__(framework)
        self._manager = Manager(self.unit.get_container("app"))
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        if not self._manager.installed:
            return
        self._manager.render()


class UpgradeOnlyCharm(ops.CharmBase):
    """A refresh installs the scripts the charm ships again: a write that only
    upgrade-charm runs unguarded is reported at info. The same helper,
    also reached from config-changed, is reported at warning."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.upgrade_charm, self._on_install)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_install(self, _):
        self.unit.get_container("app").push("/etc/app/run.sh", UNIT)  # want PY003:info
        self._render_config()

    def _on_config_changed(self, _):
        self._render_config()

    def _render_config(self):
        self.unit.get_container("app").push("/etc/app/app.conf", self.config["conf"])  # want PY003


class UpgradeGuardedElsewhereCharm(ops.CharmBase):
    """Config-changed reaches the write only under a change check, so the
    unguarded route is upgrade-charm's alone: info."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.upgrade_charm, self._on_upgrade)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_upgrade(self, _):
        self._write_unit()

    def _on_config_changed(self, _):
        if self._unit_changed():
            self._write_unit()

    def _unit_changed(self):
        return self.unit.get_container("app").pull("/etc/app/run.sh").read() != UNIT

    def _write_unit(self):
        self.unit.get_container("app").push("/etc/app/run.sh", UNIT)  # want PY003:info


class ConfigureOnceInstalled(ops.CharmBase):
    """Asked the other way round, the check lets the write run on every
    event once the package is installed: no once guard."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _is_installed(self):
        return Path("/usr/bin/app").exists()

    def _on_config_changed(self, event):
        if self._is_installed():
            Path("/etc/app.conf").write_text(self.config["conf"])  # want PY003
            return
        subprocess.check_call(["apt-get", "install", "-y", "app"])
