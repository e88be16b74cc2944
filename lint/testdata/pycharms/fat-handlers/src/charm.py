#!/usr/bin/env python3
"""A delta charm: every event has a fat handler of its own."""

import logging

import ops

logger = logging.getLogger(__name__)


class FatCharm(ops.CharmBase):
    _stored = ops.StoredState()

    def __init__(self, framework):
        super().__init__(framework)
        self._stored.set_default(db_host=None)
        framework.observe(self.on.web_pebble_ready, self._on_web_pebble_ready)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.db_relation_joined, self._on_db_relation_joined)
        framework.observe(self.on.db_relation_changed, self._on_db_relation_changed)
        framework.observe(self.on.db_relation_broken, self._on_db_relation_broken)

    def _on_web_pebble_ready(self, event):
        container = event.workload
        container.add_layer("web", self._layer(), combine=True)
        container.replan()
        self.unit.status = ops.ActiveStatus()

    def _on_config_changed(self, event):
        container = self.unit.get_container("web")
        if not container.can_connect():
            event.defer()
            return
        container.push("/etc/nginx/site.conf", self._site_config())
        container.restart("web")
        self.unit.open_port("tcp", self.config["port"])

    def _on_db_relation_joined(self, event):
        event.relation.data[self.unit]["database"] = self.config["site-name"]

    def _on_db_relation_changed(self, event):
        host = event.relation.data[event.app].get("host")
        if not host:
            self.unit.status = ops.WaitingStatus("waiting for db")
            return
        self._stored.db_host = host
        self._write_db_config(host)

    def _on_db_relation_broken(self, event):
        self._stored.db_host = None
        self.unit.get_container("web").remove_path("/etc/nginx/db.conf")

    def _write_db_config(self, host):
        self.unit.get_container("web").push("/etc/nginx/db.conf", f"host={host}\n")

    def _site_config(self):
        return f"listen {self.config['port']};\n"

    def _layer(self):
        return {"services": {"web": {"override": "replace", "command": "nginx", "startup": "enabled"}}}


if __name__ == "__main__":
    ops.main(FatCharm)
