from pathlib import Path

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.upgrade_charm, self.on.app_pebble_ready]:
            framework.observe(event, self._on_event)

    def _on_event(self, event):
        container = self.unit.get_container("app")
        container.push("/etc/app.conf", self._render(), make_dirs=True)  # want PY003
        Path("/etc/app/extra.conf").write_text("x=1\n")  # want PY003
        secret = self.model.get_secret(label="api")
        secret.set_content({"key": self.config["api-key"]})  # want PY003
        self.unit.containers["app"].push("/etc/app/extra.conf", "x=1\n")  # want PY003
        client = ops.pebble.Client(socket_path="/charm/containers/app/pebble.socket")
        client.push("/etc/app/log.conf", "level=info\n")  # want PY003

    def _render(self):
        return "port=80\n"
