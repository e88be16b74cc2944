import ops


class FatCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on["db"].relation_changed, self._on_db_changed)
        framework.observe(self.on.app_pebble_ready, self._on_ready)
        framework.observe(self.on.install, self._on_install)

    def _on_config_changed(self, event):
        container = self.unit.get_container("app")
        container.push("/etc/app.conf", self.config["port"])  # want PY001

    def _on_db_changed(self, event):
        self.unit.status = ops.MaintenanceStatus("configuring")
        self._write_db(event.relation)  # want PY001

    def _write_db(self, relation):
        relation.data[self.unit]["host"] = "db"

    def _on_ready(self, event):
        event.workload.replan()  # want PY001

    def _on_install(self, event):
        # install does not repeat: a handler of its own may do the work.
        event.workload.push("/x", "y")
