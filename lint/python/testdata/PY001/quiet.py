import json
import os
import shutil
import shlex
import socket
import subprocess
import uuid

import ops
from charms.operator_libs_linux.v1 import systemd
from charms.operator_libs_linux.v0 import apt

CONNECTOR_TYPE = "EXTERNAL_IMPORT"


class ThinCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.update_status, self._on_update_status)
        framework.observe(self.on.stop, self._on_stop)
        framework.observe(self.on.backup_action, self._on_backup)
        for event in (self.on.app_pebble_ready, self.on.leader_elected, self.on.secret_changed):
            framework.observe(event, self._holistic)
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


class NoWorkCharm(ops.CharmBase):
    """What is not work, and events that are not repeatable."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.update_status, self._on_update_status)
        framework.observe(self.on["api"].relation_joined, self._on_api_joined)
        framework.observe(self.on.upgrade_charm, self._on_upgrade)
        framework.observe(self.on.data_storage_attached, self._on_storage_attached)
        framework.observe(self.on.data_storage_detaching, self._on_storage_detaching)
        framework.observe(self.on["db"].relation_broken, self._on_db_broken)

    def _on_update_status(self, event):
        # Metadata and reads, not work.
        self.unit.set_workload_version(self._version())
        shutil.disk_usage("/var/lib/app")
        subprocess.run(["systemctl", "status", "app"], check=False)
        subprocess.run(["snap", "list", "app"], check=False)
        subprocess.check_output(["/usr/bin/app", "--version"])

    def _version(self):
        return "1.0"

    def _on_api_joined(self, event):
        # Static data: the same constants on every run.
        if self.unit.is_leader():
            event.relation.data[self.app]["name"] = self.meta.name
            event.relation.data[self.app].update({"type": CONNECTOR_TYPE, "port": "8080"})
        self.unit.open_port("tcp", 8080)

    def _on_upgrade(self, event):
        # upgrade-charm, storage and relation-broken are lifecycle events:
        # one-time setup and cleanup belong in their handlers.
        apt.add_package("gnupg")

    def _on_storage_attached(self, event):
        os.chown("/var/lib/app", 584792, 584792)

    def _on_storage_detaching(self, event):
        self.unit.get_container("app").stop("app")

    def _on_db_broken(self, event):
        self.model.get_secret(label="db").remove_all_revisions()


class SharedHelperCharm(ops.CharmBase):
    """Handlers that call a state-driven helper they share delegate to it."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.app_pebble_ready, self._on_app_pebble_ready)
        framework.observe(self.on.secret_changed, self._on_secret_changed)

    def _on_app_pebble_ready(self, event):
        self._configure_container("app")

    def _on_secret_changed(self, event):
        self._configure_container("app")

    def _configure_container(self, name):
        container = self.unit.get_container(name)
        if container.get_plan().to_dict() != self._layer():
            container.add_layer("app", self._layer(), combine=True)
            container.replan()

    def _layer(self):
        return {}


class SidecarCharm(ops.CharmBase):
    """A sidecar's pebble-ready handler that sets up that container alone,
    from constants, when no reconciler or other handler touches it, is the
    container's only manager (observing the event with _reconcile would
    drop the work)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._exporter_container = self.unit.get_container("node-exporter")
        framework.observe(self.on.node_exporter_pebble_ready, self._on_exporter_ready)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.update_status, self._reconcile)
        framework.observe(self.on["db"].relation_changed, self._reconcile)

    def _on_exporter_ready(self, _):
        self._exporter_container.add_layer("exporter", {"services": {}}, combine=True)
        self._exporter_container.replan()

    def _reconcile(self, _):
        app = self.unit.get_container("app")
        if app.get_plan().to_dict() != {}:
            app.add_layer("app", {}, combine=True)
            app.replan()


class DeferOnlyCharm(ops.CharmBase):
    """Handlers that pass their event to a shared step only so that it can
    defer it hand nothing of the event over: they delegate."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.app_pebble_ready, self._on_app_ready)
        framework.observe(self.on["auth"].relation_changed, self._on_auth_changed)

    def _on_app_ready(self, event):
        self._update(event)

    def _on_auth_changed(self, event):
        self._update(event)

    def _update(self, event):
        container = self.unit.get_container("app")
        if not container.can_connect():
            event.defer()
            return
        container.push("/etc/app.conf", "x")


class CoslCharm(ops.CharmBase):
    """cosl.reconciler.observe_events(self, all_events, handler) observes
    every event; its handler only wraps reconcile(), so reconcile is the
    reconciler, and a handler that calls it delegates."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.slos.on.slos_changed, self._on_slos_changed)
        cosl.reconciler.observe_events(self, cosl.reconciler.all_events, self._on_reconcile_event)

    def _on_reconcile_event(self, event):
        try:
            self.reconcile()
        except Exception as e:
            logger.error("reconcile failed: %s", e)

    def _on_slos_changed(self, event):
        logger.info("SLOs changed")
        self.reconcile()

    def reconcile(self):
        self.unit.get_container("app").push("/etc/app/slos.yaml", "x")


class LeaderIngressCharm(ops.CharmBase):
    """The method most events observe returns on non-leaders and also
    replans the workload: it is the leader's ingress step, not the unit's
    reconciler; the handlers that call the change-guarded workload step
    themselves are thin (foxglove's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.container = self.unit.get_container("studio")
        framework.observe(self.on["ingress"].relation_joined, self._configure_ingress)
        framework.observe(self.on.leader_elected, self._configure_ingress)
        framework.observe(self.on.config_changed, self._configure_ingress)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.studio_pebble_ready, self._update_layer)
        framework.observe(self.on["ingress"].relation_changed, self._on_ingress_ready)

    def _on_config_changed(self, _):
        self._update_layer(None)

    def _on_ingress_ready(self, _):
        self._update_layer(None)

    def _configure_ingress(self, _):
        if not self.unit.is_leader():
            return
        self._update_layer(None)
        self.model.get_relation("ingress").data[self.app]["route"] = "x"

    def _update_layer(self, _):
        if self.container.get_plan().services != self._layer().services:
            self.container.add_layer("studio", self._layer(), combine=True)
            self.container.restart("studio")

    def _layer(self):
        return ops.pebble.Layer({"services": {"studio": {"command": "studio", "startup": "enabled"}}})


class LibraryReconcilerCharm(ops.CharmBase):
    """charms.reconciler's Reconciler observes every hook event with
    reconcile and skips update-status once reconciled: the update-status
    handler is the charm's designed refresh (coredns's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.reconciler = Reconciler(self, self.reconcile)
        framework.observe(self.on.update_status, self._on_update_status)

    def reconcile(self, event):
        self._provide_dns()
        self.unit.get_container("dns").push("/etc/coredns/Corefile", "x")

    def _on_update_status(self, _):
        self._provide_dns()

    def _provide_dns(self):
        for rel in self.model.relations["dns-provider"]:
            rel.data[self.unit].update({"sdn-ip": self._address()})

    def _address(self):
        return "10.0.0.1"


NGINX_NAME = "web-nginx"


class ConstantSidecarCharm(ops.CharmBase):
    """The sidecar's pebble-ready handler sets up that container, named by
    a module constant, and nothing else touches it (maubot's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.web_nginx_pebble_ready, self._on_nginx_ready)
        for event in [self.on.config_changed, self.on.update_status, self.on.web_pebble_ready]:
            framework.observe(event, self._reconcile)

    def _on_nginx_ready(self, _):
        container = self.unit.get_container(NGINX_NAME)
        container.add_layer("nginx", {"services": {"nginx": {"command": "nginx", "startup": "enabled"}}}, combine=True)
        container.replan()

    def _reconcile(self, _):
        self.unit.get_container("web").push("/etc/web.conf", self.config.get("x", ""))


class PathsComponent(ops.Object):
    """Writes the charm's constant paths into its unit's bag: a property
    that returns an UPPER_CASE path's as_posix() is a constant
    (license-manager-agent's prolog/epilog idiom)."""

    def __init__(self, charm, relation_name):
        super().__init__(charm, relation_name)
        self._charm = charm
        self.framework.observe(charm.on[relation_name].relation_changed, self._on_changed)

    def _on_changed(self, event):
        event.relation.data[self.model.unit]["prolog"] = self._charm.prolog_path


class PathsCharm(ops.CharmBase):
    PROLOG_PATH = pathlib.Path("/srv/venv/bin/prolog")

    def __init__(self, framework):
        super().__init__(framework)
        self.paths = PathsComponent(self, "prolog-epilog")
        for event in [self.on.config_changed, self.on.update_status, self.on.leader_elected]:
            framework.observe(event, self._reconcile)

    @property
    def prolog_path(self):
        return self.PROLOG_PATH.as_posix()

    def _reconcile(self, _):
        self.unit.get_container("app").push("/etc/app.conf", self.config.get("x", ""))


class OnlyHandlerCharm(ops.CharmBase):
    """The charm's one handler of repeatable events, observed for
    config-changed and the core's relation, ignores its event and
    re-derives everything from config: it is the reconciler in all but
    name (srs-enb-ue's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.config_changed, self.config_changed)
        framework.observe(self.on["lte-core"].relation_changed, self.config_changed)

    def _on_install(self, _):
        subprocess.check_call(["apt-get", "install", "-y", "ubuntu-pro-client"])

    def config_changed(self, _):
        if self.config.get("ppa"):
            subprocess.check_call(["add-apt-repository", "-y", self.config["ppa"]])


class PassedOnCharm(ops.CharmBase):
    """Both handlers hand their event to a shared step that passes it on to
    methods that never read it: the call is thin (squid-ingress-cache)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.squid_pebble_ready, self._on_ready)
        framework.observe(self.on["ingress"].relation_changed, self._on_ingress)

    def _on_ready(self, event):
        self._configure(event)

    def _on_ingress(self, event):
        self._configure(event)

    def _configure(self, event):
        if self._assess(event):
            self._configure_pebble(event)

    def _assess(self, event):
        return self.model.get_relation("ingress") is not None

    def _configure_pebble(self, event):
        container = self.unit.get_container("squid")
        if not container.can_connect():
            event.defer()
            return
        container.push("/etc/squid/squid.conf", "x")


class SeededContainerCharm(ops.CharmBase):
    """The reconciler is observed for config-changed and, in a loop, every
    relation's relation-changed; the pebble-ready handler seeds the
    just-started container with stored certs, then runs the reconciler
    (seldon-core's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._container_name = "seldon-core"
        self._container = self.unit.get_container(self._container_name)
        self.framework.observe(self.on.config_changed, self._on_event)
        for rel in self.model.relations.keys():
            self.framework.observe(self.on[rel].relation_changed, self._on_event)
        self.framework.observe(self.on.seldon_core_pebble_ready, self._on_pebble_ready)

    @property
    def container(self):
        return self._container

    def _on_pebble_ready(self, event):
        if not self._upload_certs():
            return
        self._on_event(event)

    def _upload_certs(self):
        if not self.container.can_connect():
            return False
        self.container.push("/certs/tls.crt", self._stored.cert, make_dirs=True)
        return True

    def _on_event(self, event):
        self.container.add_layer("seldon", {"services": {"seldon": {"command": "x", "startup": "enabled"}}}, combine=True)


class ControllerRequires(ops.Object):
    """Emits controller_unavailable only when the relation breaks."""

    on = ControllerEvents()

    def __init__(self, charm, relation_name):
        super().__init__(charm, relation_name)
        self.framework.observe(charm.on[relation_name].relation_broken, self._on_relation_broken)

    def _on_relation_broken(self, event):
        self.on.controller_unavailable.emit()


class TeardownEventCharm(ops.CharmBase):
    """A custom event its emitter raises only on relation-broken is
    teardown: stopping the service there is not work kept out of the
    reconciler (slurmd's slurmctld_unavailable)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._controller = ControllerRequires(self, "controller")
        framework.observe(self._controller.on.controller_unavailable, self._on_controller_unavailable)
        for event in [self.on.config_changed, self.on.update_status, self.on.leader_elected]:
            framework.observe(event, self._reconcile)

    def _on_controller_unavailable(self, _):
        systemd.service_stop("slurmd")

    def _reconcile(self, _):
        systemd.service_restart("slurmd")


def run_ret(cmd):
    """The charm's own wrapper: runs the words of a command string."""
    return subprocess.run(shlex.split(cmd), check=False).returncode


class ReadThroughWrapperCharm(ops.CharmBase):
    """The handlers only read through the charm's subprocess wrapper
    (systemctl cat / is-active) before delegating: not work
    (ubuntu-debuginfod's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.leader_elected, self.on["db"].relation_changed]:
            framework.observe(event, self._configure)
        framework.observe(self.on.update_status, self._on_update_status)

    def _on_update_status(self, _):
        if run_ret("systemctl is-active debuginfod.service") != 0:
            self.unit.status = ops.BlockedStatus("debuginfod is not running")

    def _configure(self, _):
        subprocess.run(["systemctl", "restart", "debuginfod"], check=True)


class DashboardSidecarCharm(ops.CharmBase):
    """The pebble-ready handler sets up its own container through a method
    of the class, from constants, and nothing else touches it
    (kubernetes-dashboard's idiom)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.dashboard_pebble_ready, self._dashboard_ready)
        for event in [self.on.config_changed, self.on.update_status, self.on.leader_elected]:
            framework.observe(event, self._reconcile)

    def _dashboard_ready(self, event):
        if not self._configure_dashboard():
            event.defer()

    def _configure_dashboard(self):
        container = self.unit.get_container("dashboard")
        if not container.can_connect():
            return False
        container.add_layer("dashboard", {"services": {"dashboard": {"command": "/dashboard", "startup": "enabled"}}}, combine=True)
        container.start("dashboard")
        return True

    def _reconcile(self, _):
        self.unit.get_container("scraper").push("/etc/scraper.conf", self.config.get("x", ""))


class HostnameComponent(ops.Object):
    """Publishes the unit's host name, which does not change under it
    (elasticsearch's relation-created handler)."""

    def __init__(self, charm, relation_name):
        super().__init__(charm, relation_name)
        self.framework.observe(charm.on[relation_name].relation_changed, self._on_changed)

    def _on_changed(self, event):
        event.relation.data[self.model.unit]["host"] = socket.gethostname().split(".")[0]


class EmptyTokenMap(ops.CharmBase):
    """The leader seeds the cluster relation with an empty token map, a
    constant serialised (incus)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.cluster_relation_created, self._on_created)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.cluster_relation_changed, self._reconcile)

    def _on_created(self, event):
        if self.unit.is_leader():
            event.relation.data[self.app]["tokens"] = json.dumps({})

    def _reconcile(self, _):
        self.unit.get_container("incus").push("/etc/incus.yaml", self.config.get("x", ""))


class PeerSignals(ops.Object):
    """Emits reload_nonce only when the nonce changed, or right after
    writing a new one; departing only for the unit that leaves."""

    on = PeerEvents()

    def __init__(self, charm, relation_name):
        super().__init__(charm, relation_name)
        self._stored.set_default(nonce="")
        self.framework.observe(charm.on[relation_name].relation_changed, self._on_changed)
        self.framework.observe(charm.on[relation_name].relation_departed, self._on_departed)

    def _on_changed(self, event):
        nonce = event.relation.data[event.app].get("nonce", "")
        if self._stored.nonce != nonce:
            self.on.reload_nonce.emit()
        self._stored.nonce = nonce

    def _on_departed(self, event):
        if os.environ.get("JUJU_DEPARTING_UNIT") == self.model.unit.name:
            self.on.departing.emit()

    def trigger_reload(self):
        self.model.get_relation("peers").data[self.model.app]["nonce"] = str(uuid.uuid4())
        self.on.reload_nonce.emit()


class SignalledCharm(ops.CharmBase):
    """Handlers of the interface's change signals act on the change, as
    handlers of a library's events do (ceph-nfs)."""

    def __init__(self, framework):
        super().__init__(framework)
        self.peers = PeerSignals(self, "peers")
        framework.observe(self.peers.on.reload_nonce, self._on_reload_nonce)
        framework.observe(self.peers.on.departing, self._on_departing)
        for event in [self.on.config_changed, self.on.update_status, self.on.leader_elected]:
            framework.observe(event, self._reconcile)

    def _on_reload_nonce(self, _):
        subprocess.call(["systemctl", "reload", "nfs-ganesha"])

    def _on_departing(self, _):
        subprocess.check_call(["ganesha-rados-grace", "remove", self.unit.name])

    def _reconcile(self, _):
        subprocess.check_call(["systemctl", "restart", "nfs-ganesha"])


class ChainedNameSidecarCharm(ops.CharmBase):
    """A helper container's pebble-ready handler adds a constant layer. The
    container's name reaches get_container through a chained assignment from
    a class constant, and the main container's handler only asks, over HTTP,
    whether the helper is up (a property named after it): that reads the
    workload, it does not manage the helper's container."""

    HELPER_NAME = "helper-server"

    def __init__(self, framework):
        super().__init__(framework)
        self._helper_container_name = (self._helper_layer_name) = self._helper_service_name = self.HELPER_NAME
        self._helper_container = self.unit.get_container(self._helper_container_name)
        self._main = self.unit.get_container("main")
        framework.observe(self.on.helper_server_pebble_ready, self._on_helper_server_pebble_ready)
        framework.observe(self.on.main_pebble_ready, self._reconcile)
        framework.observe(self.on.config_changed, self._reconcile)

    def _on_helper_server_pebble_ready(self, event):
        if self._helper_container.can_connect():
            self._start_helper()

    def _start_helper(self):
        layer = ops.pebble.Layer({"services": {"helper": {"override": "replace", "command": "nginx", "startup": "enabled"}}})
        if self._helper_container.get_plan().services != layer.services:
            self._helper_container.add_layer(self._helper_layer_name, layer, combine=True)
            self._helper_container.replan()

    @property
    def _helper_server_running(self):
        return socket.create_connection(("localhost", 80)) is not None

    def _reconcile(self, event):
        if not self._helper_server_running:
            return
        self._main.add_layer("main", ops.pebble.Layer({"services": {"main": {"command": self.config["cmd"]}}}), combine=True)
        self._main.replan()


class LeaderStepCharm(ops.CharmBase):
    """The leader-elected handler runs the one step of the reconciler that
    reads leadership (it returns on every unit but the leader), passing
    nothing of its event: that is the reconciler's own logic, run when
    what it depends on changed."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._on_event)
        framework.observe(self.on.leader_elected, self._on_leader_elected)

    def _on_event(self, _):
        self._reconcile()

    def _reconcile(self):
        self._publish_certificates()
        self.unit.get_container("app").push("/etc/app.conf", self.config["conf"])

    def _on_leader_elected(self, event):
        self._publish_certificates()

    def _publish_certificates(self):
        if not self.unit.is_leader():
            return
        relation = self.model.get_relation("server")
        if relation is None:
            return
        relation.data[self.app]["ca"] = self.config["ca"]


class VersionExecCharm(ops.CharmBase):
    """Asking the workload its version through Pebble exec reads: the
    handler only sets the workload version."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)
        framework.observe(self.on.leader_elected, self._set_version)

    def _reconcile(self, _):
        self.unit.get_container("app").push("/etc/app.conf", self.config["conf"])

    def _set_version(self, _):
        container = self.unit.get_container("app")
        process = container.exec([str(self._binary), "--version"])
        out, _ = process.wait_output()
        self.unit.set_workload_version(out.strip())


class ActionUsesContainerCharm(ops.CharmBase):
    """The pebble-ready handler sets up its container from constants; an
    action runs a command in it, which uses the container and does not set
    it up. A status naming a config value is not setup either."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.radosgw_pebble_ready, self._on_radosgw_pebble_ready)
        framework.observe(self.on.create_user_action, self._on_create_user_action)

    def _on_radosgw_pebble_ready(self, event):
        container = event.workload
        container.add_layer("radosgw", {"services": {"radosgw": {"override": "replace", "command": "/usr/bin/radosgw", "startup": "enabled"}}}, combine=True)
        container.autostart()
        self.unit.status = ops.ActiveStatus(f"access via {self.config['external-hostname']}")

    def _on_create_user_action(self, event):
        self.unit.get_container("radosgw").exec(["radosgw-admin", "user", "create", event.params["username"]]).wait()


class ScrapeProvider(ops.Object):
    """Keeps what it was built with and publishes it on relation-joined."""

    def __init__(self, charm, relation_name, hostname="", port=9100, metrics_path="/metrics"):
        super().__init__(charm, relation_name)
        self._hostname = hostname
        self._port = port
        self._metrics_path = metrics_path
        self.framework.observe(charm.on[relation_name].relation_joined, self._on_relation_joined)

    def _on_relation_joined(self, event):
        event.relation.data[self.model.unit]["hostname"] = self._hostname
        event.relation.data[self.model.unit]["port"] = str(self._port)
        event.relation.data[self.model.unit]["metrics_path"] = str(self._metrics_path)


class ConstantProviderCharm(ops.CharmBase):
    """Built with the unit's host name and a literal port: what the provider
    publishes never changes."""

    def __init__(self, framework):
        super().__init__(framework)
        self.scrape = ScrapeProvider(self, "scrape", socket.getfqdn(), port=9252)


class OsSystemProbeCharm(ops.CharmBase):
    """os.system of a systemctl is-active probe only reads (lxd-dashboard)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.update_status, self._on_update_status)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.upgrade_charm, self._reconcile)
        framework.observe(self.on["web"].relation_changed, self._reconcile)

    def _reconcile(self, _):
        subprocess.check_call(["systemctl", "reload", "nginx"])

    def _on_update_status(self, _):
        if os.system("systemctl is-active nginx.service") != 0:
            self.unit.status = ops.BlockedStatus("nginx is not active")
        else:
            self.unit.status = ops.ActiveStatus()


class LibraryEventsCharm(ops.CharmBase):
    """observe_events(self, reconcilable_events_k8s, self._reconcile): a
    library's list of the events to reconcile on (charmarr's) makes the
    handler the reconciler. It returns early on non-leaders, but only after
    adding their own readiness check: it works on every unit, so it is
    still the reconciler, and its work is its own."""

    def __init__(self, framework):
        super().__init__(framework)
        self._container = self.unit.get_container("app")
        self._media = MediaManagerRequirer(self, "media-manager")
        observe_events(self, reconcilable_events_k8s, self._reconcile)
        framework.observe(self._media.on.changed, self._reconcile)

    def _reconcile(self, _):
        if not self.unit.is_leader():
            if self._container.can_connect():
                self._container.add_layer("app-check", {"checks": {}}, combine=True)
            return
        if not self._container.can_connect():
            return
        self._container.add_layer("app", {"services": {}}, combine=True)
        self.unit.set_ports(8080)


class LeaderOnlyCatchAllCharm(ops.CharmBase):
    """observe_events(self, reconcilable_events_k8s, self._reconcile) on
    every event, returning on non-leaders first: still the reconciler, as
    no other handler runs on those events (charmarr's gluetun)."""

    def __init__(self, framework):
        super().__init__(framework)
        self._container = self.unit.get_container("app")
        observe_events(self, reconcilable_events_k8s, self._reconcile)

    def _push_rules(self):
        self._container.push("/iptables/post-rules.txt", "rules", make_dirs=True)

    def _reconcile(self, _):
        if not self.unit.is_leader():
            return
        if not self._container.can_connect():
            return
        self._push_rules()
        self._container.add_layer("app", {"services": {}}, combine=True)


class ReadyWrapperCharm(ops.CharmBase):
    """The config-changed handler only runs _restart once Pebble is up (and
    defers otherwise): _restart is the reconciler's whole job, so the
    pebble-ready handler that calls it delegates (mongo-express)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.app_pebble_ready, self._on_app_pebble_ready)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on.update_status, self._on_config_changed)
        framework.observe(self.on["db"].relation_changed, self._on_config_changed)

    def _on_app_pebble_ready(self, _):
        self._restart()

    def _on_config_changed(self, event):
        if self.container.can_connect():
            self._restart()
        else:
            logger.info("pebble not ready, deferring")
            event.defer()
            self.unit.status = ops.MaintenanceStatus("waiting for pebble")

    def _restart(self):
        container = self.unit.get_container("app")
        container.add_layer("app", {"services": {}}, combine=True)
        container.restart("app")
