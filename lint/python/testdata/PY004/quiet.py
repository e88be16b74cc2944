import urllib.request
import subprocess

import ops
from charms.operator_libs_linux.v1 import systemd


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        observe = framework.observe
        observe(self.on.config_changed, self._reconcile)
        observe(self.on.update_status, self._reconcile)
        observe(self.on.app_pebble_ready, self._on_pebble_ready)
        observe(self.on.restart_action, self._on_restart_action)

    def _on_pebble_ready(self, event):
        self._reconcile(event)

    def _reconcile(self, event):
        container = self.unit.get_container("app")
        if not container.can_connect():
            return
        changed = self._write_config(container)
        if changed:
            container.restart("app")
        if self._config_hash() != self._running_hash():
            systemd.service_restart("app-sidecar")
        # The ops idiom: add the layer and replan only when the plan differs.
        if container.get_plan().to_dict() != self._plan():
            container.add_layer("app", self._layer(), combine=True)
            container.replan()
        current_layer = self.unit.get_container("exporter").get_plan()
        new_layer = self._layer()
        if current_layer != new_layer:
            self.unit.get_container("exporter").add_layer("exporter", new_layer, combine=True)
            self.unit.get_container("exporter").replan()
        self._replan_sidecar()
        restart = any([self._write_config(container), self._config_hash() != self._running_hash()])
        if restart:
            container.restart("app")
        self._restart(container)
        self._restart(container, restart=self._config_hash() != self._running_hash())
        # start(), stop() and autostart() converge: Pebble does nothing
        # for a service already in that state.
        container.start("app")
        container.stop("legacy")
        container.autostart()
        # The charm's own method of that name, not ops.pebble.Client's.
        self.restart_services()

    def _restart(self, container, restart=False):
        if restart:
            container.restart("app")

    def _replan_sidecar(self):
        client = ops.pebble.Client(socket_path="/charm/containers/sidecar/pebble.socket")
        if client.get_plan().services == self._layer().get("services"):
            return
        client.add_layer("sidecar", self._layer(), combine=True)
        client.replan_services()

    def _on_restart_action(self, event):
        # An action is asked for: restarting is its job.
        subprocess.run(["systemctl", "restart", "nginx"], check=True)
        self.unit.get_container("app").restart("app")
        self.unit.get_container("app").replan()

    def _write_config(self, container):
        return False

    def _config_hash(self):
        return "a"

    def _running_hash(self):
        return "a"

    def _plan(self):
        return {}

    def restart_services(self):
        return None

    def _layer(self):
        return {}


class ReloadFallbackCharm(ops.CharmBase):
    """A restart that is the fallback when a reload failed runs on a
    failure, not on every run."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        self._reload()

    def _reload(self):
        try:
            urllib.request.urlopen("http://localhost:9115/-/reload", data=b"")
        except OSError:
            self._restart()

    def _restart(self):
        self.unit.get_container("app").restart("app")


class DeadServiceStep(ops.CharmBase):
    """A private method named like a reconciler that nothing calls is dead
    code (its only call was commented out), not a reconciler."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        pass
        # self._reconcile_service()

    def _reconcile_service(self):
        self.unit.get_container("app").replan()


class LayerHelperCharm(ops.CharmBase):
    """if self._set_layer(): restart — the helper adds the layer and
    returns True only when the plan differed: a change check."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        if self._set_layer():
            self.unit.get_container("app").restart("app")

    def _set_layer(self):
        container = self.unit.get_container("app")
        if container.get_plan().services != self._layer().services:
            container.add_layer("app", self._layer(), combine=True)
            return True
        return False

    def _layer(self):
        return ops.pebble.Layer({})


class DisabledLayerCharm(ops.CharmBase):
    """Every layer added to the container has only startup: disabled
    services: replan applies a changed definition and starts nothing, so
    it cannot bring back a service the charm stopped (loki's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("loki")
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._configure)

    @property
    def _layer(self):
        layer = ops.pebble.Layer(
            {
                "summary": "loki",
                "services": {
                    "loki": {"override": "replace", "command": "/bin/loki", "startup": "disabled"},
                },
            }
        )
        return layer

    def _configure(self, _):
        self.container.add_layer("loki", self._layer, combine=True)
        if self.config.get("paused"):
            self.container.stop("loki")
        self.container.replan()


class RepairCharm(ops.CharmBase):
    """A restart only when the service is stopped or failed is a repair,
    not churn (sysbench's run())."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        if self._is_stopped() or self._is_failed():
            systemd.service_restart("bench")

    def _is_stopped(self):
        return not systemd.service_running("bench")

    def _is_failed(self):
        return systemd.service_failed("bench")


class DefaultStartupCharm(ops.CharmBase):
    """Services with no startup key, replacing their definition, do not
    start by default: replan applies changes and the charm starts them
    itself (penpot's LayerDict)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("penpot")
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _plan(self):
        return ops.pebble.LayerDict(
            summary="penpot",
            services={"backend": {"command": "run.sh", "override": "replace"}},
        )

    def _reconcile(self, _):
        self.container.add_layer("penpot", self._plan(), combine=True)
        self.container.replan()
        self.container.start("backend")


class AutostartCharm(ops.CharmBase):
    """The reconciler autostarts every startup-enabled service right after
    the replan, unconditionally: the replan starts nothing more
    (hive-metastore's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _apply_layer(self, container):
        container.add_layer("hive", {"services": {"hive": {"command": "hive", "startup": "enabled"}}}, combine=True)
        container.replan()

    def _reconcile(self, _):
        container = self.unit.get_container("hive")
        self._apply_layer(container)
        container.autostart()


class DeadNestedRestartCharm(ops.CharmBase):
    """The restart is in a nested function nothing calls or passes: dead
    code (ceph-nfs hands charmhelpers an empty restart_functions)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._render_config)

    def _render_config(self, _):
        def daemon_reload_and_restart(service_name):
            subprocess.check_call(["systemctl", "restart", service_name])

        restart_functions = {}
        self._render(restart_functions)

    def _render(self, funcs):
        pass


class EnrollOnce(ops.CharmBase):
    """The restart comes after an early return taken once the machine is
    enrolled: it runs once per enrollment (freeipa-client)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_config_changed(self, event):
        if self._stored_installed():
            return
        subprocess.check_call(["ipa-client-install", "-U"])
        subprocess.run(["systemctl", "restart", "ssh"], check=False)

    def _stored_installed(self):
        return subprocess.run(["ipa", "status"], check=False).returncode == 0
