#!/usr/bin/env python3
"""Events addressed by string, handlers not named _on_*."""

import ops

CONTAINER = "workload"


class StringEventsCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on[CONTAINER].pebble_ready, self.start_workload)
        framework.observe(self.on["snapshot"].action, self.snapshot)
        framework.observe(self.on["restore-snapshot"].action, self.restore)
        framework.observe(self.on.upgrade_charm, self.start_workload)

    def start_workload(self, event):
        container = self.unit.get_container(CONTAINER)
        container.add_layer("workload", {"services": {}}, combine=True)
        container.replan()

    def snapshot(self, event):
        container = self.unit.get_container(CONTAINER)
        if not container.can_connect():
            event.defer()
            return
        container.exec(["/bin/snapshot"]).wait()
        event.set_results({"snapshot": "ok"})

    def restore(self, event):
        name = event.params["name"]
        self.unit.get_container(CONTAINER).exec(["/bin/restore", name]).wait()


if __name__ == "__main__":
    ops.main(StringEventsCharm)
