import os
import subprocess

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        subprocess.run(f"apt-get install -y {self.config['pkg']}", shell=True, check=True)  # want PY016
        subprocess.check_call("systemctl daemon-reload")  # want PY016
        os.system("touch " + self.config["marker"])  # want PY016
        out = subprocess.getoutput("hostname " + self.config["flag"])  # want PY016
        subprocess.run("ls " + "/srv", check=True)  # want PY016
        path = self.config["cert"]
        subprocess.check_output(f"openssl x509 -in {path} -noout", shell=True)  # want PY016


def run_shell(command):
    """One caller passes a config value: the wrapper is reported."""
    return subprocess.run(command, shell=True, check=False)  # want PY016


class WrapperCallerCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, _):
        run_shell("apt-get update")
        run_shell("apt-get install -y " + self.config["pkg"])


def reinstall(config):
    cmd = "apt-get -y update"
    subprocess.run(cmd, shell=True, check=True)
    cmd = "apt-get -y install " + config["packages"]
    subprocess.run(cmd, shell=True, check=True)  # want PY016


def export_all():
    # A list with shell=True: only "exportfs" runs, "-a" becomes $0.
    subprocess.check_call(["exportfs", "-a"], shell=True)  # want PY016
