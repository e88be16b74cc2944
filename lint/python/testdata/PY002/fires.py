import subprocess

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        with open("/etc/hosts", "a") as f:  # want PY002
            f.write("10.0.0.1 db\n")
        self._log_line()
        subprocess.run(["sh", "-c", "echo started >> /var/log/app.log"], check=True)  # want PY002
        subprocess.run(["tee", "-a", "/etc/app.conf"], input=b"x", check=True)  # want PY002
        host = self.config["host"]
        subprocess.run(f"echo {host} >> /etc/hosts", shell=True, check=True)  # want PY002
        subprocess.run("echo " + host + " >> /etc/hosts", shell=True, check=True)  # want PY002

    def _log_line(self):
        with open("/var/log/app/charm.log", mode="a") as f:  # want PY002
            f.write("reconciled\n")
