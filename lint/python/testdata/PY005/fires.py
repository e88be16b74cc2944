import os
import pwd
import shutil
import subprocess
from subprocess import run
from pathlib import Path

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.start, self._reconcile)
        framework.observe(self.on.upgrade_charm, self._reconcile)

    def _reconcile(self, event):
        subprocess.run(["useradd", "--system", "app"], check=True)  # want PY005
        subprocess.check_call(["mkdir", "/srv/app"])  # want PY005
        subprocess.run(["ln", "-s", "/srv/app/current", "/srv/app/live"], check=True)  # want PY005
        os.mkdir("/srv/app/data")  # want PY005
        if os.path.exists("/srv/app/old"):
            shutil.rmtree("/srv/app/old")
        os.mkdir("/srv/app/new")  # want PY005
        os.makedirs("/srv/app/cache")  # want PY005
        Path("/srv/app/tmp").mkdir()  # want PY005
        self.unit.get_container("app").make_dir("/srv/app")  # want PY005
        self.unit.get_container("app").add_layer("app", {"services": {}})  # want PY005


class TryNoReturnCharm(ops.CharmBase):
    """The lookup's try does not return: adduser runs whether or not the
    user exists."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        try:
            pwd.getpwnam("ddeb")
        except KeyError:
            pass
        subprocess.check_call(["adduser", "--system", "ddeb"])  # want PY005


class ImportedRunCharm(ops.CharmBase):
    """run imported from subprocess is subprocess.run."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        run(["useradd", "--system", "worker"], check=True)  # want PY005


class RemovedOtherCharm(ops.CharmBase):
    """What is removed first is another path: the link still fails on the
    second run."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        subprocess.run(["rm", "-rf", "/etc/ceph.old"], check=True)
        subprocess.run(["ln", "-s", "/var/snap/microceph/current/conf/", "/etc/ceph"], check=True)  # want PY005
