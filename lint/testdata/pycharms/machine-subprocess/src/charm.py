#!/usr/bin/env python3
"""A machine charm that shells out."""

import os
import subprocess

import ops


class MachineCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.upgrade_charm, self._reconcile)
        framework.observe(self.on["website"].relation_joined, self._reconcile)

    def _on_install(self, event):
        subprocess.run(["apt-get", "install", "-y", "nginx"], check=True)
        subprocess.run(["useradd", "--system", "app"], check=True)
        subprocess.check_call(["exportfs", "-ra"], shell=True)

    def _reconcile(self, event):
        extra = self.config["packages"]
        if extra:
            subprocess.run(f"apt-get install -y {extra}", shell=True, check=True)
        subprocess.check_call(["mkdir", "/srv/app"])
        os.makedirs("/srv/app/logs")
        with open("/etc/nginx/conf.d/app.conf", "w") as f:
            f.write(f"listen {self.config['port']};\n")
        subprocess.check_call(["systemctl", "restart", "nginx"])
        for relation in self.model.relations["website"]:
            relation.data[self.unit]["port"] = str(self.config["port"])
        self.unit.set_ports(self.config["port"])


if __name__ == "__main__":
    ops.main(MachineCharm)
