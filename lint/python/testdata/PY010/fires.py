import logging

import ops

logger = logging.getLogger(__name__)


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        secret = self.model.get_secret(label="admin")
        content = secret.get_content()
        logger.info("admin credentials: %s", content)  # want PY010
        logger.debug("password is %s", content["password"])  # want PY010
        password = self._password()
        logger.info(f"generated {password}")  # want PY010:warning
        print(self.config["api-token"])  # want PY010:warning
        logger.info("cmd: %s", " ".join(["login", secret.get_content()["pw"]]))  # want PY010

    def _password(self):
        return "x"


class GeneratedUsersCharm(ops.CharmBase):
    """Passwords from a loop over what the charm generates are secrets."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _users(self):
        return [("admin", self.model.get_secret(label="admin").get_content()["password"])]

    def _reconcile(self, event):
        for username, password in self._users():
            logger.debug("setting %s to %s", username, password)  # want PY010:warning


def redacts_the_wrong_thing(password, token):
    # The replace takes out the token, not the password the text holds.
    text = f"login with {password}".replace(token, "***")
    logger.info("%s", text)  # want PY010:warning


def refresh(token):
    """A mapping with a field named like a secret is still one."""
    expiry = token["expires_at"]
    logger.info("refreshing %s (expires %s)", token, expiry)  # want PY010:warning
    return token["access_token"]


class TrimmedCharm(ops.CharmBase):
    def _log(self):
        logger.info("using %s", self._stored.password.encode())  # want PY010:warning
