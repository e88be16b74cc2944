import ops

from keychain import Keychain


class Charm(ops.CharmBase):
    """The key is written only when the held keychain's getter, which reads
    the file through a helper, finds none: once. The certificate is written
    on every upgrade: reported."""

    def __init__(self, framework):
        super().__init__(framework)
        self.keychain = Keychain("/var/lib/app/keys")
        framework.observe(self.on.upgrade_charm, self._on_upgrade_charm)

    def _on_upgrade_charm(self, _):
        if not self.keychain.get_private_key():
            self.keychain.set_private_key("generated")
        self.keychain.set_certificate(self.config["cert"])
