#!/usr/bin/env python3
"""A small ops Kubernetes charm: one reconcile for every event, through ops' own Pebble client."""

import ops

CONFIG_PATH = "/etc/web/web.conf"


class WebCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in (
            self.on.web_pebble_ready,
            self.on.config_changed,
            self.on.install,
            self.on.start,
            self.on.update_status,
            self.on.upgrade_charm,
        ):
            framework.observe(event, self._reconcile)

    def _reconcile(self, event):
        container = self.unit.get_container("web")
        if not container.can_connect():
            self.unit.status = ops.WaitingStatus("waiting for the web container")
            return
        port = int(self.config["port"])
        config = f"port={port}\n"
        changed = False
        # Push the config file only when it differs.
        try:
            current = container.pull(CONFIG_PATH).read()
        except ops.pebble.PathError:
            current = None
        if current != config:
            container.push(CONFIG_PATH, config, make_dirs=True, permissions=0o640)
            changed = True
        layer = ops.pebble.Layer(
            {
                "summary": "web layer",
                "services": {
                    "web": {
                        "override": "replace",
                        "summary": "web server",
                        "command": f"python3 -m http.server {port}",
                        "startup": "enabled",
                        "environment": {"CONFIG": CONFIG_PATH},
                    }
                },
            }
        )
        plan = container.get_plan()
        if plan.services.get("web") is None or plan.services["web"].to_dict() != layer.services["web"].to_dict():
            container.add_layer("web", layer, combine=True)
            changed = True
        if changed:
            container.replan()
        if not container.get_service("web").is_running():
            self.unit.status = ops.BlockedStatus("web is not running")
            return
        # The file the workload reads is what the charm pushed.
        if container.pull(CONFIG_PATH).read() != config:
            self.unit.status = ops.BlockedStatus("config file mismatch")
            return
        self.unit.status = ops.ActiveStatus(f"serving on :{port}")


if __name__ == "__main__":
    ops.main(WebCharm)
