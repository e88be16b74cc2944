import os
import pwd
import shutil
import subprocess
from pathlib import Path

from charmhelpers.core import host

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.start, self._reconcile)
        framework.observe(self.on.upgrade_charm, self._reconcile)
        framework.observe(self.on.install, self._on_install)

    def _reconcile(self, event):
        try:
            pwd.getpwnam("app")
        except KeyError:
            subprocess.run(["useradd", "--system", "app"], check=True)
        subprocess.check_call(["mkdir", "-p", "/srv/app"])
        subprocess.run(["ln", "-sf", "/srv/app/current", "/srv/app/live"], check=True)
        if not os.path.exists("/srv/app/data"):
            os.mkdir("/srv/app/data")
        os.makedirs("/srv/app/cache", exist_ok=True)
        dest = "/srv/app/rules"
        if os.path.exists(dest):
            shutil.rmtree(dest)
        os.mkdir(dest)
        Path("/srv/app/tmp").mkdir(parents=True, exist_ok=True)
        self.unit.get_container("app").make_dir("/srv/app", make_parents=True)
        self.unit.get_container("app").add_layer("app", {"services": {}}, combine=True)
        try:
            os.symlink("/srv/app/current", "/srv/app/link")
        except FileExistsError:
            pass

    def _on_install(self, event):
        subprocess.run(["useradd", "--system", "app"], check=True)


class TryReturnCharm(ops.CharmBase):
    """The user lookup returns from the try when the user exists; adduser
    runs only when the lookup raised KeyError."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        self._ensure_user()

    def _ensure_user(self):
        try:
            pwd.getpwnam("ddeb")
            return
        except KeyError:
            pass
        subprocess.check_call(["adduser", "--system", "ddeb"])


class StatusDroppedCharm(ops.CharmBase):
    """subprocess.run without check=True, its result unused: on the second
    run useradd fails and nothing looks (ubuntu-proposed-migration)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        subprocess.run(["useradd", "-m", "worker"])
        subprocess.call(["mkdir", "/srv/worker"])


class RemovedFirstCharm(ops.CharmBase):
    """The path is removed just before the link is made: ln -s then never
    finds it there (microcloud's /etc/ceph)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        subprocess.run(["rm", "-rf", "/etc/ceph"], check=True)
        subprocess.run(["ln", "-s", "/var/snap/microceph/current/conf/", "/etc/ceph"], check=True)
        shutil.rmtree("/srv/cache")
        subprocess.check_call(["mkdir", "/srv/cache"])


class CharmhelpersHost(ops.CharmBase):
    """charmhelpers' host.mkdir checks that the path exists before it
    makes it: it can run twice (drupal)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._configure)

    def _configure(self, event):
        host.mkdir("/srv/site", owner="root", group="www-data", perms=0o755)
