import logging

import ops

logger = logging.getLogger(__name__)


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        secret = self.model.get_secret(label="admin")
        logger.info("admin password is in secret %s (%s)", secret.id, secret.label)
        password_len = 16
        logger.debug("password length %d", password_len)
        token_url = "https://x/token"
        logger.info("fetching a token from %s", token_url)
        logger.info("rotated the password secret")
