import ops


class ThinCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.update_status, self._on_update_status)
        framework.observe(self.on.stop, self._on_stop)
        framework.observe(self.on.backup_action, self._on_backup)
        framework.observe(self.on.app_pebble_ready, self._holistic)
        framework.observe(self.on.web_pebble_ready, self._on_web_pebble_ready)
        for event in (self.on.start, self.on.upgrade_charm, self.on["db"].relation_changed):
            framework.observe(event, self._reconcile)

    def _on_config_changed(self, event):
        # Thin: logs and delegates.
        self.unit.status = ops.MaintenanceStatus("applying config")
        self._reconcile(event)

    def _on_update_status(self, event):
        if not self._healthy():
            self.unit.status = ops.WaitingStatus("workload not responding")

    def _healthy(self):
        return True

    def _on_stop(self, event):
        self.unit.get_container("app").stop("app")

    def _on_backup(self, event):
        self.unit.get_container("app").exec(["backup"])

    def _holistic(self, event):
        self.unit.get_container("app").replan()

    def _reconcile(self, event):
        self.unit.get_container("app").replan()

    def _on_web_pebble_ready(self, event):
        # Reads are not work; the reconciler does the rest.
        container = event.workload
        if not container.can_connect():
            return
        container.get_plan()
        container.get_services("web")
        container.list_files("/etc/web")
        if container.exists("/etc/web/web.conf"):
            container.pull("/etc/web/web.conf").read()
        self._reconcile(event)
