import subprocess

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)

    def _on_install(self, event):
        # charmgen: ignore[PY16] the command is a constant
        subprocess.run("apt-get update", shell=True, check=True)
        # charmgen: ignore[] nothing named
        subprocess.run(["true"], check=True)
        # charmgen: ignore[LINT003] suppressions cannot be suppressed
        subprocess.run(["true"], check=True)
