#!/usr/bin/env python3
"""A holistic charm: one reconciler observes every repeatable event."""

import logging

import ops

logger = logging.getLogger(__name__)

CONFIG_PATH = "/etc/app/app.conf"


class HolisticCharm(ops.CharmBase):
    def __init__(self, framework: ops.Framework):
        super().__init__(framework)
        self.container = self.unit.get_container("app")
        for event in (
            self.on.install,
            self.on.config_changed,
            self.on.upgrade_charm,
            self.on.update_status,
            self.on.app_pebble_ready,
            self.on["db"].relation_changed,
            self.on["db"].relation_broken,
            self.on["ingress"].relation_changed,
            self.on["cluster"].relation_changed,
            self.on.leader_elected,
        ):
            framework.observe(event, self._reconcile)
        framework.observe(self.on.collect_unit_status, self._on_collect_status)
        framework.observe(self.on.backup_action, self._on_backup_action)
        framework.observe(self.on.stop, self._on_stop)

    def _reconcile(self, _event: ops.EventBase) -> None:
        if not self.container.can_connect():
            return
        config = self._render_config()
        current = self.container.pull(CONFIG_PATH).read() if self.container.exists(CONFIG_PATH) else ""
        if current != config:
            self.container.push(CONFIG_PATH, config, make_dirs=True)
            self.container.restart("app")
        layer = ops.pebble.Layer(self._layer())
        if self.container.get_plan().services != layer.services:
            self.container.add_layer("app", layer, combine=True)
            self.container.replan()
        self._publish_url()

    def _publish_url(self) -> None:
        relation = self.model.get_relation("ingress")
        if relation is None or not self.unit.is_leader():
            return
        relation.data[self.app]["port"] = str(self.config["port"])

    def _render_config(self) -> str:
        db = self.model.get_relation("db")
        host = db.data[db.app].get("endpoints", "") if db and db.app else ""
        return f"port={self.config['port']}\ndb={host}\n"

    def _layer(self) -> ops.pebble.LayerDict:
        return {
            "services": {
                "app": {"override": "replace", "command": "/bin/app", "startup": "enabled"},
            },
        }

    def _on_collect_status(self, event: ops.CollectStatusEvent) -> None:
        if not self.model.get_relation("db"):
            event.add_status(ops.BlockedStatus("needs a database: juju integrate"))
        if not self.container.can_connect():
            event.add_status(ops.WaitingStatus("waiting for Pebble"))
        event.add_status(ops.ActiveStatus())

    def _on_backup_action(self, event: ops.ActionEvent) -> None:
        self.container.exec(["/bin/app", "backup"]).wait()
        event.set_results({"result": "done"})

    def _on_stop(self, _event: ops.StopEvent) -> None:
        if self.container.can_connect():
            self.container.stop("app")


if __name__ == "__main__":
    ops.main(HolisticCharm)
