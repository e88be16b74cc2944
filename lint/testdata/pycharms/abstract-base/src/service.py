"""The exporters' base class: configure is implemented by each exporter."""

import subprocess
from abc import ABC, abstractmethod


class BaseExporter(ABC):
    name = "exporter"

    def __init__(self, config):
        self.config = config

    @abstractmethod
    def configure(self) -> bool:
        """Write the exporter's configuration."""

    def restart(self) -> None:
        subprocess.run(["systemctl", "restart", self.name], check=True)
