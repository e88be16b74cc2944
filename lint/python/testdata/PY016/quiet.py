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
