#!/usr/bin/env python3
"""A charm whose work is done by an object whose class lives in another file."""

import ops

from workload import Workload


class HeldObjectCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        self.workload = Workload(self.unit.get_container("app"))
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_config_changed(self, event):
        self.workload.configure(self.config.get("level", "info"))
        self.workload.restart()


if __name__ == "__main__":
    ops.main(HeldObjectCharm)
