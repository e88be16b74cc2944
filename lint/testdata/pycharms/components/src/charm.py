#!/usr/bin/env python3
"""A charm split into components that observe the charm's events."""

import ops
from charms.traefik_k8s.v2.ingress import IngressPerAppRequirer


class WorkloadComponent(ops.Object):
    def __init__(self, charm):
        super().__init__(charm, "workload")
        self._charm = charm
        charm.framework.observe(self._charm.on.config_changed, self._on_config_changed)
        charm.framework.observe(self._charm.on.app_pebble_ready, self._on_config_changed)

    def _on_config_changed(self, event):
        container = self._charm.unit.get_container("app")
        container.push("/etc/app.conf", "x=1\n")
        container.restart("app")


class ComponentCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        self.workload = WorkloadComponent(self)
        self.ingress = IngressPerAppRequirer(self, port=8080)
        framework.observe(self.ingress.on.ready, self._on_ingress_ready)
        framework.observe(self.ingress.on.revoked, self._on_ingress_ready)
        framework.observe(self.on.collect_unit_status, self._on_collect_status)

    def _on_ingress_ready(self, event):
        self.unit.set_workload_version("1.0")

    def _on_collect_status(self, event):
        if not self.ingress.url:
            event.add_status(ops.WaitingStatus("waiting for ingress"))
        event.add_status(ops.ActiveStatus())


if __name__ == "__main__":
    ops.main(ComponentCharm)
