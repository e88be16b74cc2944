import secrets
import time
import uuid

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_changed, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.touch_action, self._on_touch)

    def _reconcile(self, event):
        started = time.monotonic()
        for rel in self.model.relations["db"]:
            rel.data[self.unit]["host"] = self._address()
        self._log_duration(time.monotonic() - started)

    def _on_touch(self, event):
        # Actions run once, when asked for.
        for rel in self.model.relations["db"]:
            rel.data[self.unit]["touched"] = str(uuid.uuid4())

    def _address(self):
        return "10.0.0.1"

    def _log_duration(self, d):
        pass


class CreateOnceSecretCharm(ops.CharmBase):
    """The random key is made once, when the stored secret id is missing;
    later runs read the secret back (penpot's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        peer = self.model.get_relation("peer")
        secret_id = peer.data[self.app].get("secrets")
        if secret_id is None:
            if self.unit.is_leader():
                content = {"key": secrets.token_urlsafe(64)}
                secret = self.app.add_secret(content)
                secret.set_content(content)
                peer.data[self.app]["secrets"] = secret.id


class Requires:
    """An integrator's requirer (gcp-integration): a request carries a fresh
    nonce, which the provider echoes back when it has done the work."""

    def __init__(self, charm):
        self._charm = charm

    def request(self, relation):
        relation.data[self._charm.unit]["enable-inspection"] = "true"
        relation.data[self._charm.unit]["requested"] = str(uuid.uuid4())


class RequestOnJoinCharm(ops.CharmBase):
    """The request goes out once per remote unit, on relation-joined."""

    def __init__(self, framework):
        super().__init__(framework)
        self._integration = Requires(self)
        framework.observe(self.on["gcp"].relation_joined, self._on_gcp_joined)

    def _on_gcp_joined(self, event):
        self._integration.request(event.relation)


class Cluster:
    """The leader exposes a cluster token once; later runs see it in the
    peer application databag and return (etcd-operator)."""

    def __init__(self, charm, relation):
        self._charm = charm
        self._relation = relation

    @property
    def cluster_token(self):
        return self._relation.data[self._charm.app].get("cluster-token")

    def is_token_exposed(self):
        return self.cluster_token is not None

    def expose_token(self):
        if self.is_token_exposed():
            return False
        self._relation.data[self._charm.app]["cluster-token"] = str(uuid.uuid4())
        return True


class ClusterCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on["peers"].relation_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        if self.unit.is_leader():
            Cluster(self, self.model.get_relation("peers")).expose_token()
