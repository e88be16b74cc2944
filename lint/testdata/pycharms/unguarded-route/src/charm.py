import subprocess

import ops


class Charm(ops.CharmBase):
    """The departed handler renders only when the list of peers changed; the
    config-changed handler renders every time. The findings name the
    config-changed handler, the caller that lacks the check, though the
    departed handler comes first in the file."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["publish"].relation_departed, self._on_publish_departed)
        framework.observe(self.on.config_changed, self._on_config_changed)
        self._publishes = {}

    def _on_publish_departed(self, event):
        old = dict(self._publishes)
        self._publishes.pop(event.app.name, None)
        if self._publishes != old:
            self._render()

    def _on_config_changed(self, _):
        self._render()

    def _render(self):
        with open("/etc/nginx/nginx.conf", "w") as f:
            f.write(f"listen {self.config['port']};\n")
        subprocess.check_call(["systemctl", "restart", "nginx"])
