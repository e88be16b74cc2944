import subprocess

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        subprocess.run("hostname " + self.config["flag"], shell=True, check=True)
        self.unit.get_container("app").restart("app")
