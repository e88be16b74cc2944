#!/usr/bin/env python3
"""A sidecar charm that drives Pebble only as far as something changed."""

import ops

CONFIG = "/etc/server/server.toml"


class PebbleGoodCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.server_pebble_ready, self._on_pebble_ready)
        framework.observe(self.on.exporter_pebble_ready, self._on_pebble_ready)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.upgrade_charm, self._reconcile)
        framework.observe(self.on.update_status, self._reconcile)
        framework.observe(self.on.restart_action, self._on_restart_action)
        framework.observe(self.on.stop, self._on_stop)

    def _on_pebble_ready(self, event):
        self._reconcile()

    def _reconcile(self, _event=None):
        container = self.unit.get_container("server")
        if not container.can_connect():
            return
        config_changed = self._push_config(container)
        # The ops idiom: add the layer and replan only when the plan differs.
        layer = ops.pebble.Layer(self._layer())
        if container.get_plan().services != layer.services:
            container.add_layer("server", layer, combine=True)
            container.replan()
        elif config_changed:
            container.restart("server")
        self._reconcile_exporter()

    def _push_config(self, container):
        want = f"workers = {self.config['workers']}\n"
        if container.exists(CONFIG) and container.pull(CONFIG).read() == want:
            return False
        container.push(CONFIG, want, make_dirs=True)
        return True

    def _reconcile_exporter(self):
        exporter = self.unit.containers["exporter"]
        if not exporter.can_connect():
            return
        client = exporter.pebble
        current_layer = client.get_plan().to_dict().get("services", {})
        new_layer = self._exporter_layer()
        if current_layer != new_layer["services"]:
            client.add_layer("exporter", new_layer, combine=True)
            client.replan_services()
        exporter.list_files("/etc/exporter")
        # start() converges: Pebble does nothing for a running service.
        if not exporter.get_services("exporter"):
            return
        exporter.start("exporter")

    def _on_restart_action(self, event):
        # An action is asked for: restarting and replanning are its job.
        container = self.unit.get_container("server")
        container.restart("server")
        container.replan()
        container.exec(["/bin/server", "--check"]).wait()
        event.set_results({"restarted": True})

    def _on_stop(self, _event):
        container = self.unit.get_container("server")
        if container.can_connect():
            container.stop("server")

    def _layer(self):
        return {
            "services": {
                "server": {"override": "replace", "command": "/bin/server", "startup": "enabled"},
            },
        }

    def _exporter_layer(self):
        return {
            "services": {
                "exporter": {"override": "replace", "command": "/bin/exporter", "startup": "enabled"},
            },
        }


if __name__ == "__main__":
    ops.main(PebbleGoodCharm)
