#!/usr/bin/env python3
"""A charm that drives exporters through an abstract base class."""

from typing import List

import ops

from exporters import NodeExporter, SmartExporter
from service import BaseExporter


class AbstractBaseCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)

    @property
    def exporters(self) -> List[BaseExporter]:
        return [NodeExporter(self.config), SmartExporter(self.config)]

    def _on_config_changed(self, event):
        for exporter in self.exporters:
            if exporter.configure():
                exporter.restart()


if __name__ == "__main__":
    ops.main(AbstractBaseCharm)
