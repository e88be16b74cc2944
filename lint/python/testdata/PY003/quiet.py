from pathlib import Path

import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.upgrade_charm, self.on.app_pebble_ready]:
            framework.observe(event, self._on_event)
        framework.observe(self.on.install, self._on_install)

    def _on_event(self, event):
        container = self.unit.get_container("app")
        want = self._render()
        if container.pull("/etc/app.conf").read() != want:
            container.push("/etc/app.conf", want)
        path = Path("/etc/app/extra.conf")
        current = path.read_text()
        path.write_text("x=1\n")
        self._update_secret()
        client = ops.pebble.Client(socket_path="/charm/containers/app/pebble.socket")
        try:
            current = client.pull("/etc/app/log.conf").read()
        except ops.pebble.PathError:
            current = None
        if current != "level=info\n":
            client.push("/etc/app/log.conf", "level=info\n")

    def _update_secret(self):
        secret = self.model.get_secret(label="api")
        want = {"key": self.config["api-key"]}
        if secret.get_content(refresh=True) != want:
            secret.set_content(want)

    def _render(self):
        return "port=80\n"

    def _on_install(self, event):
        Path("/etc/app/marker").write_text("installed\n")
