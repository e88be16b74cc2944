import time
import uuid

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_changed, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.touch_action, self._on_touch)

    def _reconcile(self, event):
        started = time.monotonic()
        for rel in self.model.relations["db"]:
            rel.data[self.unit]["host"] = self._address()
        self._log_duration(time.monotonic() - started)

    def _on_touch(self, event):
        # Actions run once, when asked for.
        for rel in self.model.relations["db"]:
            rel.data[self.unit]["touched"] = str(uuid.uuid4())

    def _address(self):
        return "10.0.0.1"

    def _log_duration(self, d):
        pass
