#!/usr/bin/env python3
"""defer() everywhere: in the reconciler, in an action and in stop."""

import ops


class DeferCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        events = [
            self.on.app_pebble_ready,
            self.on.config_changed,
            self.on["db"].relation_changed,
            self.on.upgrade_charm,
        ]
        for event in events:
            framework.observe(event, self._on_event)
        framework.observe(self.on.migrate_action, self._on_migrate)
        framework.observe(self.on.stop, self._on_stop)

    def _on_event(self, event):
        container = self.unit.get_container("app")
        if not container.can_connect():
            event.defer()
            return
        if not self.model.get_relation("db"):
            event.defer()
            return
        container.replan()

    def _on_migrate(self, event):
        if not self.model.get_relation("db"):
            event.defer()
            return
        self.unit.get_container("app").exec(["/bin/migrate"]).wait()

    def _on_stop(self, event):
        container = self.unit.get_container("app")
        if container.can_connect():
            container.stop("app")
        else:
            event.defer()


if __name__ == "__main__":
    ops.main(DeferCharm)
