import subprocess

import ops


class SubordinateCharm(ops.CharmBase):
    """A subordinate: departed on its container-scoped relation fires only
    as the unit goes away (teardown); departed on a global relation is a
    repeatable event whose handler should hand its work to a reconciler."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.principal_relation_departed, self._on_principal_departed)
        framework.observe(self.on.registry_relation_departed, self._on_registry_departed)

    def _on_principal_departed(self, event):
        subprocess.run(["agent-config", "--disable"], check=True)

    def _on_registry_departed(self, event):
        subprocess.run(["agent-config", "--forget-registry"], check=True)


if __name__ == "__main__":
    ops.main(SubordinateCharm)
