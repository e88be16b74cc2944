#!/usr/bin/env python3
"""A sidecar charm that drives Pebble on every event, whatever changed."""

import ops

CONFIG = "/etc/server/server.toml"


class PebbleBadCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.server_pebble_ready, self._reconcile)
        framework.observe(self.on.upgrade_charm, self._reconcile)
        framework.observe(self.on.update_status, self._reconcile)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.exporter_pebble_ready, self._on_exporter_ready)

    def _on_config_changed(self, event):
        # Work in a handler of one repeatable event.
        self.unit.get_container("server").push(CONFIG, self._render())

    def _on_exporter_ready(self, event):
        event.workload.exec(["/bin/exporter", "--init"]).wait()

    def _reconcile(self, _event):
        container = self.unit.get_container("server")
        if not container.can_connect():
            return
        container.push(CONFIG, self._render(), make_dirs=True)
        container.add_layer("server", self._layer(), combine=True)
        container.replan()
        container.restart("server")
        self.unit.get_container("exporter").add_layer("exporter", self._layer())
        self.unit.get_container("exporter").replan()
        self.unit.containers["exporter"].push("/etc/exporter.yaml", "port: 9100\n")
        self._bounce_sidecar()

    def _bounce_sidecar(self):
        client = ops.pebble.Client(socket_path="/charm/containers/exporter/pebble.socket")
        client.push("/etc/sidecar.conf", "x=1\n")
        client.restart_services(["sidecar"])
        client.replan_services()

    def _render(self):
        return f"workers = {self.config['workers']}\n"

    def _layer(self):
        return {
            "services": {
                "server": {"override": "replace", "command": "/bin/server", "startup": "enabled"},
            },
        }


if __name__ == "__main__":
    ops.main(PebbleBadCharm)
