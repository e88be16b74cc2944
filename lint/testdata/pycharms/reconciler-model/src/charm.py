#!/usr/bin/env python3
"""Which method is the reconciler: not a getter every handler calls, not a
method named reconcile that one event observes."""

import ops


class GetterCharm(ops.CharmBase):
    """No reconciler: the getter the handlers share does no work, and
    _reconcile_exporter only runs on one relation's events."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.update_status, self._on_update_status)
        framework.observe(self.on["dns-record"].relation_changed, self._on_dns_changed)
        framework.observe(self.on["cluster"].relation_created, self._reconcile_exporter)
        framework.observe(self.on["cluster"].relation_broken, self._reconcile_exporter)

    def _remote_data(self):
        relation = self.model.get_relation("dns-record")
        return relation.data[relation.app] if relation else None

    def _on_config_changed(self, event):
        if self._remote_data() is None:
            return
        self.unit.get_container("bind").push("/etc/bind/named.conf", self.config["zone"])

    def _on_update_status(self, event):
        self._remote_data()
        self.unit.set_workload_version("9.18")

    def _on_dns_changed(self, event):
        data = self._remote_data()
        self.model.get_relation("cluster").data[self.unit]["zones"] = str(data)

    def _reconcile_exporter(self, event):
        self.unit.get_container("exporter").replan()


class HolisticCharm(ops.CharmBase):
    """A reconciler the handlers of many events call, and the handler that
    does work beside it."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.update_status, self._on_update_status)
        framework.observe(self.on["cluster"].relation_changed, self._on_cluster_changed)
        framework.observe(self.on.leader_elected, self._on_leader_elected)

    def _on_config_changed(self, event):
        self._update(event)

    def _on_update_status(self, event):
        self._update(event)

    def _on_cluster_changed(self, event):
        self._update(event)

    def _on_leader_elected(self, event):
        self.model.get_relation("cluster").data[self.app]["leader"] = self.unit.name
        self._update(event)

    def _update(self, event):
        container = self.unit.get_container("bind")
        if not container.can_connect():
            event.defer()
            return
        container.replan()
