import secrets

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in (self.on.leader_elected, self.on.config_changed, self.on["peer"].relation_changed):
            framework.observe(event, self._reconcile)
        framework.observe(self.on.rotate_action, self._on_rotate)

    def _reconcile(self, event):
        if not self.unit.is_leader():
            return
        try:
            self.model.get_secret(label="admin")
        except ops.SecretNotFoundError:
            self.app.add_secret({"password": secrets.token_hex(16)}, label="admin")
        peers = self.model.get_relation("peer")
        if peers and "token-secret-id" not in peers.data[self.app]:
            secret = self.app.add_secret({"token": secrets.token_hex(8)})
            peers.data[self.app]["token-secret-id"] = secret.id

    def _on_rotate(self, event):
        # An action: it runs once, when asked.
        self.app.add_secret({"password": secrets.token_hex(16)})


class LookupHelperCharm(ops.CharmBase):
    """The secret is added only when the charm's own lookup helper (which
    catches SecretNotFoundError two calls down) found none (munge)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on.leader_elected]:
            framework.observe(event, self._reconcile)

    def _get_key_secret(self):
        try:
            return self.model.get_secret(label="munge-key")
        except ops.SecretNotFoundError:
            return None

    def _key_from_secret(self):
        if (secret := self._get_key_secret()) is not None:
            return secret.peek_content()
        return None

    def _reconcile(self, _):
        key = self._key_from_secret()
        if key is None and self.unit.is_leader():
            self.app.add_secret({"key": "k"}, label="munge-key")


class State:
    """The charm's inputs, read once per event (mariadb-k8s's CharmState)."""

    def __init__(self, password):
        self.password = password

    @classmethod
    def from_charm(cls, charm):
        return cls(password=cls._load_password(charm))

    @staticmethod
    def _load_password(charm):
        peer = charm.model.get_relation("peers")
        secret_id = peer.data[charm.app].get("secret-id") if peer else None
        if not secret_id:
            return None
        try:
            return charm.model.get_secret(id=secret_id).get_content()["password"]
        except ops.SecretNotFoundError:
            return None


class StateFieldCharm(ops.CharmBase):
    """The secret is added only when a field of the state object, which a
    lookup helper filled, says there is none."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on.leader_elected]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        state = State.from_charm(self)
        password = state.password
        if password is None:
            self.app.add_secret({"password": "p"}, label="root-password")


class PeerCreatedCharm(ops.CharmBase):
    """The secret is added from the peer relation-created handler, which
    runs once when the application's peer relation is made (takahe)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["peers"].relation_created, self._on_peers_created)
        framework.observe(self.on.config_changed, self._reconcile)

    def _on_peers_created(self, event):
        if not self.unit.is_leader():
            return
        secret = self.unit.add_secret({"key": secrets.token_hex(16)})
        event.relation.data[self.app]["secret-id"] = secret.id

    def _reconcile(self, event):
        pass


class LookupElseCharm(ops.CharmBase):
    """The reconciler adds the secret in the else branch of a test of what
    its lookup helper returned; an action adds a new one to rotate it, on
    purpose (sonarr)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.update_status, self._reconcile)
        framework.observe(self.on.rotate_action, self._on_rotate)

    def _get_key_secret(self):
        try:
            secret = self.model.get_secret(label="api-key")
            return secret.get_content(refresh=True)["api-key"]
        except ops.SecretNotFoundError:
            return None

    def _create_key_secret(self, key):
        return self.app.add_secret({"api-key": key}, label="api-key").id

    def _reconcile(self, _):
        data = self._get_key_secret()
        if data:
            key = data
        else:
            key = secrets.token_hex(16)
            self._create_key_secret(key)

    def _on_rotate(self, event):
        self.model.get_secret(label="api-key").remove_all_revisions()
        self._create_key_secret(secrets.token_hex(16))
