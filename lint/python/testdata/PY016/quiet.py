import os
from pathlib import Path
import subprocess

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        subprocess.run(["/usr/bin/apt-get", "install", "-y", self.config["pkg"]], check=True)
        subprocess.check_call(["/usr/bin/systemctl", "daemon-reload"])
        subprocess.run(["ls", "/srv"], check=True, shell=False)
        # One word runs without a shell; a constant has nothing to inject.
        subprocess.check_call("/etc/init.d/qemu-hugefsdir")
        cmd = "virsh list --all"
        subprocess.check_output(cmd, shell=True)
        os.system("apt install -y nginx")
        name = subprocess.getoutput("/sbin/iscsi-iname")
        run_shell("systemctl restart apache2.service")
        run_shell(f"chown -R ubuntu:ubuntu {REPO_LOCATION}")


REPO_LOCATION = "/srv/geonames"


def run_shell(command):
    """A shell wrapper whose callers all pass commands the charm fixes."""
    return subprocess.run(command, shell=True, check=False)


class PsqlCharm(ops.CharmBase):
    """Commands reach the shell wrapper through two more wrappers and a
    loop over a local list of literals (ubuntu-geonames)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _as_postgres(self, bash_command):
        run_shell(f"sudo -u postgres {bash_command}")

    def _psql(self, psql_command):
        self._as_postgres(f'psql -c "{psql_command}"')

    def _on_install(self, _):
        cmds = ["create database geonames", "create user geouser"]
        for cmd in cmds:
            self._psql(cmd)
        script = Path(__file__).parent / "import.sh"
        run_shell(f"bash {script}")


class NhcOps:
    """The command is %-formatted only with a path the class sets once, to
    a literal (nhc's write_nhc_config)."""

    def __init__(self):
        self._conf = Path("/var/snap/nhc/common/etc/nhc/nhc.conf")

    def write_config(self):
        cmd = "nhc-genconf -c - | grep -v ' /snap/' > %s" % (str(self._conf))
        os.system(cmd)


class ConfigScriptCharm(ops.CharmBase):
    """The operator gives a whole script in a config option; a shell is
    what runs it, and nothing is interpolated into it."""

    def _pre_hardening(self):
        config = self.model.config
        script = config.get("pre-hardening-script", "")
        if script.strip():
            subprocess.run(script, shell=True, executable="/bin/bash", check=True)
        subprocess.run(self.config["post-script"], shell=True, check=True)

    def _upgrade(self):
        # The local is given a literal each time: whichever reaches the
        # call, the command is constant.
        cmd = "apt-get -y update"
        subprocess.Popen(cmd, shell=True).wait()
        cmd = "apt-get -y upgrade"
        subprocess.Popen(cmd, shell=True).wait()
