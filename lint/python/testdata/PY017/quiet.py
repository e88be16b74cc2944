import json
import os
import shutil

import ops


class C(ops.CharmBase):
    _port = 9115  # a class constant: opening it is static setup

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("app")
        self.unit.set_ports(self._port)
        self.unit.set_ports(ops.Port("tcp", self._port))
        self._key = self._ensure_key()
        # Local file setup that a library constructed here needs first.
        if not os.path.isdir("/var/lib/charm/rules"):
            shutil.copytree("src/rules", "/var/lib/charm/rules")
        shutil.copy("src/alerts.yaml", "/var/lib/charm/alerts.yaml")
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.app_pebble_ready, self._reconcile)
        # Reconciling on every event from __init__ is a deliberate design.
        self.reconcile()

    def _ensure_key(self):
        try:
            return self.model.get_secret(label="key").get_content()
        except ops.SecretNotFoundError:
            return self.app.add_secret({"key": "x"}, label="key").get_content()

    def reconcile(self):
        self.container.push("/etc/app.conf", "port=80\n")

    def _reconcile(self, event):
        self.unit.set_ports(80)


class InstancePortCharm(ops.CharmBase):
    """A port bound once, in __init__, to a constant is as constant as a
    class attribute: opening it is static setup (notary's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.port = 2111
        self.unit.set_ports(self.port)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        pass


class PortSyncCharm(ops.CharmBase):
    """Opening what opened_ports() lacks and closing what it has extra
    changes nothing once they agree."""

    def __init__(self, framework):
        super().__init__(framework)
        self._sync_ports()
        framework.observe(self.on.config_changed, self._reconcile)

    def _sync_ports(self):
        planned = {ops.OpenedPort("tcp", 9091)}
        actual = self.unit.opened_ports()
        for p in actual.difference(planned):
            self.unit.close_port(p.protocol, p.port)
        for p in planned.difference(actual):
            self.unit.open_port(p.protocol, p.port)

    def _reconcile(self, event):
        pass


class PeerStatusOnceCharm(ops.CharmBase):
    """Writing a key only when the value just read lacks it is create-once:
    every later run reads it back and writes nothing (k6's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.peers = self.model.get_relation("peers")
        self._initialize()
        framework.observe(self.on.config_changed, self._reconcile)

    def _get(self):
        if not self.peers:
            return None
        raw = self.peers.data[self.unit].get("k6")
        return json.loads(raw) if raw else None

    def _set(self, data):
        if not self.peers:
            return
        self.peers.data[self.unit]["k6"] = json.dumps(data)

    def _initialize(self):
        data = self._get()
        if not data or "status" not in data:
            self._set({"status": "idle"})

    def _reconcile(self, event):
        pass
