#!/usr/bin/env python3
"""A charm whose helpers in other modules are guarded by its callers."""

import ops

from src import publish
from .config_file import ConfigFile


class GuardElsewhereCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.update_status, self._reconcile)
        framework.observe(self.on.ingress_relation_changed, self._reconcile)

    @property
    def _config_file(self) -> ConfigFile:
        return ConfigFile(self.unit.get_container("app"))

    def _reconcile(self, _):
        relation = self.model.get_relation("ingress")
        if relation and self.unit.is_leader():
            publish.publish_port(self, relation)
        if self._config_file.changed(self.config.get("level", "info")):
            self._config_file.write(self.config.get("level", "info"))
            self._config_file.restart()


if __name__ == "__main__":
    ops.main(GuardElsewhereCharm)
