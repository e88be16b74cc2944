#!/usr/bin/env python3
"""A Kubernetes charm whose reconciler compares before it writes."""

import hashlib

import ops

CONFIG = "/etc/server/server.toml"


class PebbleCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        self._container = self.unit.get_container("server")
        observe = framework.observe
        observe(self.on.server_pebble_ready, self._reconcile)
        observe(self.on.config_changed, self._reconcile)
        observe(self.on.upgrade_charm, self._reconcile)
        observe(self.on.server_pebble_check_failed, self._reconcile)

    def _reconcile(self, event):
        if not self._container.can_connect():
            return
        want = f"workers = {self.config['workers']}\n"
        if self._push_if_changed(CONFIG, want):
            self._container.restart("server")
        layer = ops.pebble.Layer(self._layer(want))
        if self._container.get_plan().services != layer.services:
            self._container.add_layer("server", layer, combine=True)
            self._container.replan()

    def _push_if_changed(self, path, content):
        try:
            current = self._container.pull(path).read()
        except ops.pebble.PathError:
            current = None
        if current == content:
            return False
        self._container.push(path, content, make_dirs=True)
        return True

    def _layer(self, config):
        digest = hashlib.sha256(config.encode()).hexdigest()
        return {
            "services": {
                "server": {
                    "override": "replace",
                    "command": "/bin/server",
                    "startup": "enabled",
                    "environment": {"CONFIG_HASH": digest},
                },
            },
        }


if __name__ == "__main__":
    ops.main(PebbleCharm)
