import secrets

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in (self.on.leader_elected, self.on.config_changed, self.on["peer"].relation_changed):
            framework.observe(event, self._reconcile)

    def _reconcile(self, event):
        if self.unit.is_leader():
            self.app.add_secret({"password": secrets.token_hex(16)}, label="admin")  # want PY006
        self._unit_secret()

    def _unit_secret(self):
        self.unit.add_secret({"token": "x"})  # want PY006


class UnreadGuardCharm(ops.CharmBase):
    """The secret is added under a condition the linter cannot read: a
    stored flag may make it run once, or not. A warning that says so."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in (self.on.config_changed, self.on.update_status):
            framework.observe(event, self._reconcile)

    def _reconcile(self, event):
        if self._stored.bootstrapping:
            self.app.add_secret({"password": secrets.token_hex(16)})  # want PY006:warning


class JoinedSecretCharm(ops.CharmBase):
    """relation-joined comes once per remote unit: the secret is added
    again for each (influxdb)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_joined, self._on_joined)

    def _on_joined(self, event):
        self.model.app.add_secret({"password": secrets.token_hex(16)}, label="db-user")  # want PY006
