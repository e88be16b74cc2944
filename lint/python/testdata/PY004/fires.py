import shlex
import subprocess

import ops
from charms.operator_libs_linux.v1 import systemd


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        observe = framework.observe
        observe(self.on.config_changed, self._reconcile)
        observe(self.on.update_status, self._reconcile)

    def _reconcile(self, event):
        container = self.unit.get_container("app")
        if not container.can_connect():
            return
        container.restart("app")  # want PY004
        systemd.service_restart("app-sidecar")  # want PY004
        subprocess.run(["systemctl", "restart", "nginx"], check=True)  # want PY004
        container.add_layer("app", self._layer(), combine=True)
        container.replan()  # want PY004
        self.unit.get_container("exporter").replan()  # want PY004
        container.pebble.restart_services(["app"])  # want PY004
        self._replan_sidecar()
        if self.unit.is_leader():
            # A precondition is not a change check.
            self.unit.containers["leader"].replan()  # want PY004

    def _replan_sidecar(self):
        client = ops.pebble.Client(socket_path="/charm/containers/sidecar/pebble.socket")
        client.add_layer("sidecar", self._layer(), combine=True)
        client.replan_services()  # want PY004

    def _layer(self):
        return {}


class PredicateCharm(ops.CharmBase):
    """A predicate that compares but changes nothing (is this the main
    unit?) is not a change check."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        if self._is_main():
            self.unit.get_container("app").restart("app")  # want PY004

    def _is_main(self):
        return self.unit.name == "app/0"


class EnabledLayerCharm(ops.CharmBase):
    """One service of the layers added to this container is startup:
    enabled: replan starts it again after the charm stopped it."""

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("loki")
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._configure)

    def _configure(self, _):
        self.container.add_layer("loki", {"services": {"loki": {"command": "/bin/loki", "startup": "disabled"}}}, combine=True)
        self.container.add_layer("side", {"services": {"side": {"command": "/bin/side", "startup": "enabled"}}}, combine=True)
        if self.config.get("paused"):
            self.container.stop("loki")
        self.container.replan()  # want PY004


def process_helper(args, hide_errors=False):
    """The charm's own wrapper: args is the command subprocess runs."""
    p = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    out, _ = p.communicate()
    return p.returncode == 0 or hide_errors


class WrapperCharm(ops.CharmBase):
    """A restart through the charm's subprocess wrapper is a restart."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        if process_helper(["landscape-config", "--is-registered"], hide_errors=True):
            process_helper(["systemctl", "restart", "landscape-client"])  # want PY004


class MergedStartupCharm(ops.CharmBase):
    """A merged definition keeps the startup another layer gave it."""

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("app")
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        self.container.add_layer("app", {"services": {"app": {"command": "app", "override": "merge"}}}, combine=True)
        self.container.replan()  # want PY004


def run_check(cmd):
    """A wrapper that splits its command string into words."""
    subprocess.run(shlex.split(cmd), check=True)


class SplitWrapperCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status]:
            framework.observe(event, self._reconcile)

    def _reconcile(self, _):
        run_check("systemctl restart debuginfod")  # want PY004
