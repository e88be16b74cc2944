#!/usr/bin/env python3
"""Application data: written by the leader, and once without a check."""

import time

import ops


class PeerCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.leader_elected, self._on_leader_elected)
        framework.observe(self.on["cluster"].relation_changed, self._reconcile)
        framework.observe(self.on["api"].relation_changed, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)

    def _on_leader_elected(self, event):
        peers = self.model.get_relation("cluster")
        if peers is not None:
            peers.data[self.app]["leader"] = self.unit.name

    def _reconcile(self, event):
        peers = self.model.get_relation("cluster")
        if peers is None:
            return
        peers.data[self.unit]["address"] = self._address()
        peers.data[self.unit]["heartbeat"] = str(time.time())
        members = sorted(u.name for u in peers.units)
        for relation in self.model.relations["api"]:
            relation.data[self.app]["members"] = ",".join(members)
        if self.unit.is_leader():
            peers.data[self.app]["members"] = ",".join(members)

    def _address(self):
        binding = self.model.get_binding("cluster")
        return str(binding.network.bind_address) if binding else ""


if __name__ == "__main__":
    ops.main(PeerCharm)
