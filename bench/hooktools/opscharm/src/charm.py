#!/usr/bin/env python3
"""The smallest ops charm: active on every repeatable event.

It does what the Go charm of bench/hooktools does (the golden
minimal-machine charm: its Reconcile returns ActiveStatus, and the runtime
sets it on the unit and, on the leader, on the application), the way an ops
charm does it.
"""

import ops


class BenchCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in (
            self.on.install,
            self.on.leader_elected,
            self.on.config_changed,
            self.on.start,
            self.on.update_status,
            self.on.upgrade_charm,
        ):
            framework.observe(event, self._reconcile)

    def _reconcile(self, event):
        self.unit.status = ops.ActiveStatus()
        if self.unit.is_leader():
            self.app.status = ops.ActiveStatus()


if __name__ == "__main__":
    ops.main(BenchCharm)
