import ops


class FatCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on["db"].relation_changed, self._on_db_changed)
        framework.observe(self.on.app_pebble_ready, self._on_ready)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.web_pebble_ready, self._on_web_ready)
        framework.observe(self.on.leader_elected, self._on_leader_elected)
        framework.observe(self.on.upgrade_charm, self._on_upgrade)
        framework.observe(self.on["peer"].relation_changed, self._on_peer_changed)
        framework.observe(self.on.update_status, self._on_update_status)

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

    def _on_web_ready(self, event):
        container = event.workload
        if not container.can_connect():
            return
        plan = container.get_plan()
        container.add_layer("web", self._layer(plan), combine=True)  # want PY001

    def _layer(self, plan):
        return {}

    def _on_leader_elected(self, event):
        self.unit.containers["web"].restart("web")  # want PY001

    def _on_upgrade(self, event):
        client = ops.pebble.Client(socket_path="/charm/containers/web/pebble.socket")
        client.start_services(["web"])  # want PY001

    def _on_peer_changed(self, event):
        self.unit.get_container("web").pebble.replan_services()  # want PY001

    def _on_update_status(self, event):
        self.unit.get_container("web").exec(["/usr/bin/rotate-logs"])  # want PY001
