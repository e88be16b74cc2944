import subprocess
from pathlib import Path

import ops
from charms.lib.v0.ca_client import CAClient
from charms.lib.v0.vault_kv import VaultKvRequires

CERT = Path("/etc/app/cert.pem")
VAULT_CONF = Path("/etc/app/vault.conf")


class Charm(ops.CharmBase):
    """On a machine, files written when a library says its data is ready
    stay on disk: a handler that saves what the library holds and then
    runs the reconciler is not reported. One that writes what its event
    carries is."""

    def __init__(self, framework):
        super().__init__(framework)
        self.ca_client = CAClient(self, "certificates")
        self.vault = VaultKvRequires(self, "vault-kv")
        for event in [self.on.config_changed, self.on.update_status, self.on.upgrade_charm]:
            framework.observe(event, self._reconcile)
        framework.observe(self.ca_client.on.tls_config_ready, self._on_tls_config_ready)
        framework.observe(self.vault.on.ready, self._on_vault_ready)

    def _reconcile(self, _):
        Path("/etc/app/app.conf").write_text(f"port={self.config['port']}\n")
        subprocess.check_call(["systemctl", "reload-or-restart", "app"])

    def _on_tls_config_ready(self, event):
        CERT.write_bytes(self.ca_client.certificate)
        subprocess.check_call(["update-ca-certificates"])
        self._reconcile(event)

    def _on_vault_ready(self, event):
        VAULT_CONF.write_text(event.relation.data[event.app]["url"])
        self._reconcile(event)
