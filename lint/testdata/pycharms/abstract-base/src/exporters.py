"""The exporters the charm runs."""

from pathlib import Path

from service import BaseExporter


class NodeExporter(BaseExporter):
    name = "node-exporter"

    def configure(self) -> bool:
        Path("/etc/node-exporter.yaml").write_text(f"port: {self.config['node-port']}\n")
        return True


class SmartExporter(BaseExporter):
    name = "smart-exporter"

    def configure(self) -> bool:
        return True
