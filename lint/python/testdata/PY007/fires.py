import time
import uuid
from datetime import datetime

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_joined, self._reconcile)
        framework.observe(self.on["db"].relation_changed, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        for rel in self.model.relations["db"]:
            rel.data[self.unit]["updated"] = str(time.time())  # want PY007
            stamp = datetime.now().isoformat()
            rel.data[self.unit].update({"stamp": stamp})  # want PY007
            bag = rel.data[self.unit]
            bag["nonce"] = uuid.uuid4().hex  # want PY007
        secret = self.model.get_secret(label="session")
        secret.set_content({"session": uuid.uuid4().hex})  # want PY003 PY007


class RequestOnChangeCharm(ops.CharmBase):
    """The same request sent from relation-changed goes out on every change,
    and the provider's answer changes the relation again."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["gcp"].relation_joined, self._on_gcp)
        framework.observe(self.on["gcp"].relation_changed, self._on_gcp)

    def _on_gcp(self, event):
        event.relation.data[self.unit]["requested"] = str(uuid.uuid4())  # want PY007


class OtherKeyCluster:
    """The early return reads another key: the token is new on every run."""

    def __init__(self, charm, relation):
        self._charm = charm
        self._relation = relation

    def ready(self):
        return self._relation.data[self._charm.app].get("ready") is not None

    def expose_token(self):
        if self.ready():
            return
        self._relation.data[self._charm.app]["cluster-token"] = str(uuid.uuid4())  # want PY007


class OtherKeyCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on["peers"].relation_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        OtherKeyCluster(self, self.model.get_relation("peers")).expose_token()


class UnreadGuardCharm(ops.CharmBase):
    """The token is written under a condition the linter cannot read: the
    rule is not certain it runs on every hook, so it is a warning."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on["peers"].relation_changed]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, event):
        relation = self.model.get_relation("peers")
        if self._stored.bootstrapping:
            relation.data[self.app]["token"] = str(uuid.uuid4())  # want PY007:warning PY008
        secret = self.model.get_secret(label="session")
        if rotation_due(secret):
            secret.set_content({"session": uuid.uuid4().hex})  # want PY007:warning
