import logging

import ops

logger = logging.getLogger(__name__)
INTERNAL_USER_PASSWORD_CONFIG = "system-users"
TEST_USERS = [("johndoe", "f00bar"), ("janedoe", "f00bar")]


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
        # A sanitiser's output, a command's output, a config option's name,
        # a dict's keys are not secrets.
        logger.error("failed: %s", self.strip_off_passwords(" ".join(["mysql", "-p", self._password()])))
        result = self._run(["etcdctl", "member", "list"], password=self._password())
        logger.debug(f"members: {result}")
        logger.debug("option %s", INTERNAL_USER_PASSWORD_CONFIG)
        passwords = {"admin": self._password()}
        logger.info("users: %s", list(passwords.keys()))

    def strip_off_passwords(self, s):
        return s

    def _run(self, cmd, password):
        return ""

    def _password(self):
        return ""


class FixtureUsersCharm(ops.CharmBase):
    """A test fixture's users, with their published passwords, come from a
    module constant of literals (openidc-test-fixture)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        for username, password in TEST_USERS:
            cmd = "kcadm.sh set-password --username {} --new-password {}".format(username, password)
            logger.debug("cmd: %s", cmd)


class RedactedOutputCharm(ops.CharmBase):
    """The command's output is logged with the password replaced: the
    secret is taken out, not logged (goalert)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.add_user_action, self._on_add_user)

    def _on_add_user(self, event):
        password = event.params["password"]
        try:
            run(["add-user", "--pass", password])
        except ExecError as exc:
            output = (exc.stdout or "").replace(password, "***")
            logger.error("add-user failed: %s", output)


def pass_potato(token, peers):
    """The token is a game's record whose fields the code names (holder,
    times_passed), none of them a secret: logging it leaks nothing
    (hot-potato)."""
    token["holder"] = peers[0]
    token["times_passed"] += 1
    logger.info(f"Current token {token}:")
    return token.get("message")


class ClusterCharm(ops.CharmBase):
    def _log_state(self):
        # What is logged is the flag in_cluster, a field of the token
        # consumer's state, not the token (microovn).
        logger.debug("in_cluster: %s", self.token_consumer._stored.in_cluster)
