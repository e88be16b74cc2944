#!/usr/bin/env python3
"""observe is aliased, and events are addressed by string."""

import subprocess

import ops


class AliasedCharm(ops.CharmBase):
    def __init__(self, *args):
        super().__init__(*args)
        observe = self.framework.observe
        observe(self.on.config_changed, self.configure)
        observe(self.on["db"].relation_changed, self.configure)
        observe(self.on["db"].relation_departed, self.configure)
        observe(self.on["logging"].relation_joined, self.handle_logging)
        observe(self.on["replicas"].relation_changed, self.configure)
        observe(bound_event=self.on.update_status, observer=self.check_health)

    def configure(self, event):
        """The de facto reconciler: observed by four events."""
        self._write_config()
        subprocess.run(["systemctl", "restart", "app"], check=True)

    def handle_logging(self, event):
        with open("/etc/app/logging.conf", "w") as f:
            f.write(f"level={self.config['log-level']}\n")

    def check_health(self, event):
        result = subprocess.run(["systemctl", "is-active", "app"])
        if result.returncode != 0:
            self.unit.status = ops.MaintenanceStatus("restarting")

    def _write_config(self):
        with open("/etc/app/app.conf", "w") as f:
            f.write("configured\n")


if __name__ == "__main__":
    ops.main(AliasedCharm)
