#!/usr/bin/env python3
"""Secrets: one handled with a lookup, one added on every hook."""

import logging
import secrets

import ops

logger = logging.getLogger(__name__)


class SecretsCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in (self.on.leader_elected, self.on.config_changed, self.on["peers"].relation_changed):
            framework.observe(event, self._reconcile)
        framework.observe(self.on["db"].relation_joined, self._reconcile)
        framework.observe(self.on.rotate_password_action, self._on_rotate_password)
        framework.observe(self.on.secret_rotate, self._on_secret_rotate)

    def _reconcile(self, event):
        if not self.unit.is_leader():
            return
        admin = self._admin_secret()
        content = admin.get_content()
        logger.debug("admin password: %s", content["password"])
        api = self.app.add_secret({"api-token": secrets.token_urlsafe(32)})
        for relation in self.model.relations["db"]:
            api.grant(relation)
            relation.data[self.app]["api-secret"] = api.id

    def _admin_secret(self):
        try:
            return self.model.get_secret(label="admin")
        except ops.SecretNotFoundError:
            return self.app.add_secret({"password": secrets.token_hex(16)}, label="admin")

    def _on_rotate_password(self, event):
        self._admin_secret().set_content({"password": secrets.token_hex(16)})
        event.set_results({"rotated": "true"})

    def _on_secret_rotate(self, event):
        if event.secret.label != "admin":
            event.defer()
            return
        event.secret.set_content({"password": secrets.token_hex(16)})


if __name__ == "__main__":
    ops.main(SecretsCharm)
