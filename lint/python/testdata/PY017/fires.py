import subprocess

import ops


class C(ops.CharmBase):
    _port = 8080  # a default the charm replaces below: not a constant

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("app")
        self.container.push("/etc/app.conf", "port=80\n")  # want PY017
        self.unit.set_ports(self.config["port"])  # want PY017
        self._port = int(self.config["port"])
        self.unit.set_ports(self._port)  # want PY017
        self._publish()  # want PY017
        subprocess.run(["systemctl", "enable", "app"], check=True)  # want PY017
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _publish(self):
        rel = self.model.get_relation("website")
        if rel is not None:
            rel.data[self.unit]["url"] = "http://x"

    def _on_config_changed(self, event):
        pass


class Component(ops.Object):
    def __init__(self, charm):
        super().__init__(charm, "component")
        charm.app.add_secret({"key": "x"}, label="k")  # want PY017


class ChangingPortCharm(ops.CharmBase):
    """A port that a method assigns again is not a constant."""

    def __init__(self, framework):
        super().__init__(framework)
        self.port = 2111
        self.unit.set_ports(self.port)  # want PY017
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        self.port = int(self.config["port"])
