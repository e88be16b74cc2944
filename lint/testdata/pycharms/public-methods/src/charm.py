"""A charm with two public methods no code of src/ calls."""

import ops
from charms.peer_lib.v0.peer_lib import PeerLib


class PublicMethodsCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        self.peer_lib = PeerLib(self)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.update_status, self._reconcile)

    def _reconcile(self, _):
        self.unit.status = ops.ActiveStatus()

    def publish_url(self):
        # The library calls this by name (lib/charms/peer_lib): its caller
        # may check leadership, which the linter cannot see.
        rel = self.model.get_relation("website")
        rel.data[self.app]["url"] = "http://x"

    def create_credentials(self):
        # Nothing in src/ or lib/ names this method: dead code.
        rel = self.model.get_relation("website")
        rel.data[self.app]["password"] = "x"


if __name__ == "__main__":
    ops.main(PublicMethodsCharm)
