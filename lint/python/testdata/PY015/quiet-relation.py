# declared: endpoints=node
import ops


class WaitsForPrincipal(ops.CharmBase):
    """Install asks for the node relation; its created and joined handlers
    set the unit active on every unit, so adding the relation clears the
    status (hpc-node). Install runs once: nothing sets it blocked again."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.node_relation_created, self._on_node_relation_created)
        framework.observe(self.on.node_relation_joined, self._on_node_relation_joined)

    def _on_install(self, event):
        self.unit.status = ops.BlockedStatus("waiting for node relation")

    def _on_node_relation_created(self, event):
        self.unit.status = ops.ActiveStatus()

    def _on_node_relation_joined(self, event):
        self.unit.status = ops.ActiveStatus()
