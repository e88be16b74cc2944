import logging
import subprocess

import ops
from ops.model import ModelError

logger = logging.getLogger(__name__)


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        subprocess.run(["status-set", "active"], check=True)
        out = subprocess.run(["relation-get", "-r", "db:1", "-"], capture_output=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        subprocess.call(["ls", "/"])
        try:
            self.model.get_relation("db").data[self.unit]["host"] = "x"
        except ModelError as e:
            logger.warning("relation gone: %s", e)
        # Reading a bag that may be gone: nothing was meant to be written.
        data = {}
        rel = self.model.get_relation("db")
        try:
            for key in rel.data[rel.app]:
                data[key] = rel.data[rel.app][key]
        except ModelError:
            pass


class StopOrphansCharm(ops.CharmBase):
    """ModelError here can only come from get_service (the service left
    the plan): a failed Pebble stop raises ops.pebble's errors, which fail
    the hook (telemetrygen-k8s)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, _):
        container = self.unit.get_container("app")
        for name in container.get_plan().services:
            try:
                if container.get_service(name).is_running():
                    container.stop(name)
            except ops.ModelError:
                pass
