import logging

import ops

logger = logging.getLogger(__name__)


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        rel = self.model.get_relation("website")
        try:
            rel.data[self.app]["url"] = "http://x"
        except ops.RelationDataAccessError:
            logger.warning("not the leader")
        try:
            rel.data[self.unit]["host"] = "10.0.0.1"
        except Exception:
            logger.exception("could not publish the host")
            raise
        try:
            value = rel.data[rel.app]["x"]
        except Exception:
            pass
