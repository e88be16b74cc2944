#!/usr/bin/env python3
"""Exit 0 after an error, secrets in logs; a blocked status in install
that config-changed recomputes (not PY015)."""

import logging
import sys

import ops

logger = logging.getLogger(__name__)


class StatusCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.start, self._on_start)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_install(self, event):
        if not self.config.get("licence-key"):
            self.unit.status = ops.BlockedStatus("set licence-key")
            return
        try:
            self._install()
        except OSError:
            logger.exception("install failed")
            sys.exit(0)

    def _on_start(self, event):
        self.unit.status = ops.ActiveStatus()

    def _on_config_changed(self, event):
        uri = self.config.get("licence-key")
        if not uri:
            self.unit.status = ops.BlockedStatus("set licence-key")
            return
        licence = self.model.get_secret(id=uri).get_content()
        logger.info("licence: %s", licence)
        self.unit.status = ops.ActiveStatus()

    def _install(self):
        pass


if __name__ == "__main__":
    ops.main(StatusCharm)
