# declared: endpoints=elasticsearch,node
import ops


class NeedsRelationAtStart(ops.CharmBase):
    """Start runs again after a reboot, when the relation is already there
    and brings no event: the status stays (filebeat)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.es = ElasticsearchRequires(self, "elasticsearch")
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.es.on.available, self._on_es_available)

    def _on_start(self, event):
        self.unit.status = ops.BlockedStatus("Need relation to elasticsearch")  # want PY015

    def _on_es_available(self, event):
        self.unit.status = ops.ActiveStatus()


class LeaderClearsOnly(ops.CharmBase):
    """The relation's handler returns at once on non-leaders: their
    blocked status stays."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.node_relation_joined, self._on_node_joined)

    def _on_install(self, event):
        self.unit.status = ops.BlockedStatus("waiting for node relation")  # want PY015

    def _on_node_joined(self, event):
        if not self.unit.is_leader():
            return
        self.unit.status = ops.ActiveStatus()
