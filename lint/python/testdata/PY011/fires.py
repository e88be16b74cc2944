import logging
import sys

import ops

logger = logging.getLogger(__name__)


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        try:
            self._configure()
        except Exception:
            logger.exception("configure failed")
            sys.exit(0)  # want PY011
        try:
            self._configure()
        except RuntimeError:
            sys.exit()  # want PY011

    def _configure(self):
        pass


if __name__ == "__main__":
    try:
        ops.main(C)
    except Exception:
        exit(0)  # want PY011
