import subprocess
from pathlib import Path

import ops


class EnrollOnce(ops.CharmBase):
    """The write comes after an early return taken once the machine is
    enrolled (unless the operator forces a new join): it runs until the
    enrollment is done, then later runs skip it (freeipa-client)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_config_changed(self, event):
        self._enroll()

    def _is_enrolled(self):
        return subprocess.run(["ipa", "status"], check=False).returncode == 0

    def _enroll(self):
        if self._is_enrolled() and not self.config.get("force-join"):
            return
        subprocess.check_call(["ipa-client-install", "-U"])
        self._harden_ssh()

    def _harden_ssh(self):
        Path("/etc/ssh/sshd_config.d/99-hardening.conf").write_text(self.config["sshd"])
