# charmgen: file-ignore[PY016] the commands below are constants
import subprocess

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        # charmgen: ignore[PY004] the app re-reads its keys only on restart
        self.unit.get_container("app").restart("app")
        subprocess.run("hostname " + self.config["flag"], shell=True, check=True)
