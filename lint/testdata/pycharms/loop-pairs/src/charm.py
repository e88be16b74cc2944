#!/usr/bin/env python3
"""Handlers registered from loops: (event, handler) pairs and a dict."""

from pathlib import Path

import ops


class LoopCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event, handler in [
            (self.on.install, self._on_install),
            (self.on.remove, self._on_remove),
        ]:
            framework.observe(event, handler)
        handlers = {
            self.on.config_changed: self._update_certificate,
            self.on["certificates"].relation_changed: self._update_certificate,
            self.on["metrics"].relation_joined: self._publish_metrics,
        }
        for event, handler in handlers.items():
            framework.observe(event, handler)

    def _on_install(self, event):
        Path("/etc/app").mkdir(parents=True, exist_ok=True)

    def _on_remove(self, event):
        Path("/etc/app/cert.pem").unlink(missing_ok=True)

    def _update_certificate(self, event):
        relation = self.model.get_relation("certificates")
        if relation is None:
            return
        cert = relation.data[relation.app].get("certificate", "")
        Path("/etc/app/cert.pem").write_text(cert)

    def _publish_metrics(self, event):
        event.relation.data[self.unit]["scrape_port"] = "9100"


if __name__ == "__main__":
    ops.main(LoopCharm)
