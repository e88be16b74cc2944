import ops


class Charm(ops.CharmBase):
    """The peer handlers pass event.relation to a shared step: the peer
    relation has one instance, the one any handler gets from the model, so
    that is not the event's payload. The db handlers pass theirs to a shared
    step too, and there it is: each db relation is a different one."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on["cluster"].relation_changed, self._on_cluster_changed)
        framework.observe(self.on["cluster"].relation_departed, self._on_cluster_departed)
        framework.observe(self.on["db"].relation_joined, self._on_db_joined)
        framework.observe(self.on["db"].relation_changed, self._on_db_changed)

    def _on_config_changed(self, _):
        pass

    def _on_cluster_changed(self, event):
        self._update_addresses(event.relation)

    def _on_cluster_departed(self, event):
        if event.departing_unit == self.unit:
            return
        self._update_addresses(event.relation)

    def _update_addresses(self, relation):
        if self.unit.is_leader():
            relation.data[self.app]["addresses"] = ",".join(sorted(str(u) for u in relation.units))

    def _on_db_joined(self, event):
        self._publish(event.relation)

    def _on_db_changed(self, event):
        self._publish(event.relation)

    def _publish(self, relation):
        relation.data[self.unit]["port"] = str(self.config["port"])
