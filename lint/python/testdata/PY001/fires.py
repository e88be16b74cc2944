from pathlib import Path

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
        framework.observe(self.on.secret_changed, self._on_secret_changed)
        framework.observe(self.on["peer"].relation_changed, self._on_peer_changed)
        framework.observe(self.on.update_status, self._on_update_status)

    def _on_config_changed(self, event):
        container = self.unit.get_container("app")
        container.push("/etc/app.conf", self.config["port"])  # want PY001

    def _on_db_changed(self, event):
        self.unit.status = ops.MaintenanceStatus("configuring")
        self._write_db(event.relation)  # want PY001

    def _write_db(self, relation):
        relation.data[self.unit]["host"] = str(self.model.get_binding(relation).network.bind_address)

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

    def _on_secret_changed(self, event):
        client = ops.pebble.Client(socket_path="/charm/containers/web/pebble.socket")
        client.start_services(["web"])  # want PY001

    def _on_peer_changed(self, event):
        self.unit.get_container("web").pebble.replan_services()  # want PY001

    def _on_update_status(self, event):
        self.unit.get_container("web").exec(["/usr/bin/rotate-logs"])  # want PY001


class SplitCharm(ops.CharmBase):
    """A reconciler, and handlers that do work beside it."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in (self.on.config_changed, self.on.update_status, self.on["db"].relation_changed):
            framework.observe(event, self._reconcile)
        framework.observe(self.on["peer"].relation_departed, self._on_peer_departed)
        framework.observe(self.on.leader_elected, self._on_leader_elected)
        framework.observe(self.on["proxy"].relation_changed, self._on_proxy_changed)
        framework.observe(self.on["proxy"].relation_departed, self._on_proxy_departed)

    def _reconcile(self, event):
        self.unit.get_container("app").replan()
        self._set_main(self.unit.name)

    def _set_main(self, name):
        self.model.get_relation("peer").data[self.app]["main"] = name

    def _on_peer_departed(self, event):
        # The reconciler runs _set_main too: a helper it reaches is not a
        # shared step to delegate to, and failover belongs in the reconciler.
        if event.departing_unit.name == self._main():
            self._set_main(self.unit.name)  # want PY001
        self._reconcile(event)

    def _on_leader_elected(self, event):
        self._set_main(self.unit.name)  # want PY001

    def _main(self):
        return self.model.get_relation("peer").data[self.app].get("main")

    def _on_proxy_changed(self, event):
        self._store_rules(event.relation.id, event.rules)  # want PY001

    def _on_proxy_departed(self, event):
        # A helper both handlers share, but given the event's payload: it
        # acts on the event, not on the charm's state.
        self._store_rules(event.relation.id, {})  # want PY001

    def _store_rules(self, relation_id, rules):
        self.model.get_relation("peer").data[self.app][str(relation_id)] = str(rules)


class SidecarConfigCharm(ops.CharmBase):
    """A pebble-ready handler that reads configuration must run again when
    it changes: that is the reconciler's job."""

    def __init__(self, framework):
        super().__init__(framework)
        self._exporter_container = self.unit.get_container("node-exporter")
        framework.observe(self.on.node_exporter_pebble_ready, self._on_exporter_ready)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.update_status, self._reconcile)

    def _on_exporter_ready(self, _):
        self._exporter_container.add_layer("exporter", self._layer(self.config["port"]), combine=True)  # want PY001

    def _layer(self, port):
        return {"services": {"exporter": {"command": f"exporter --port {port}"}}}

    def _reconcile(self, _):
        app = self.unit.get_container("app")
        if app.get_plan().to_dict() != {}:
            app.replan()


class EventPayloadCharm(ops.CharmBase):
    """A shared step that reads the event's payload acts on the event, not
    on the charm's state."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.app_pebble_ready, self._on_app_ready)
        framework.observe(self.on["auth"].relation_changed, self._on_auth_changed)

    def _on_app_ready(self, event):
        self._update(event)  # want PY001

    def _on_auth_changed(self, event):
        self._update(event)  # want PY001

    def _update(self, event):
        if event.relation is None:
            event.defer()
            return
        self.unit.get_container("app").push("/etc/app.conf", event.relation.name)


class LeaderPublisherCharm(ops.CharmBase):
    """A leader-gated method that only publishes application data is the
    leader's reconciler of it: a handler that writes that data itself
    does work that belongs there."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.leader_elected, self._publish)
        framework.observe(self.on.upgrade_charm, self._publish)
        framework.observe(self.on["keys"].relation_created, self._publish)
        framework.observe(self.on["keys"].relation_changed, self._on_keys_changed)

    def _publish(self, _):
        if not self.unit.is_leader():
            return
        for rel in self.model.relations["keys"]:
            rel.data[self.app]["keys"] = self._keys()

    def _on_keys_changed(self, event):
        if self.unit.is_leader():
            event.relation.data[self.app]["keys"] = self._keys()  # want PY001

    def _keys(self):
        return "k"


class OnlyHandlerPayloadCharm(ops.CharmBase):
    """The one repeatable handler acts on its event's payload, not on the
    charm's state: not a reconciler."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["db"].relation_changed, self._on_db_changed)

    def _on_db_changed(self, event):
        host = event.relation.data[event.app].get("host", "")
        self.unit.get_container("app").push("/etc/app/db", host)  # want PY001


class ConfigReconcilerCharm(ops.CharmBase):
    """_on_config_changed runs on config-changed and the provider's event
    and reads only config: the reconciler; the other handler's own work
    belongs in it (nhc)."""

    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._on_config_changed)
        framework.observe(self.on["nhc"].relation_changed, self._on_config_changed)
        framework.observe(self.on["slurm"].relation_changed, self._on_slurm_info)

    def _on_config_changed(self, _):
        Path("/etc/nhc/nhc.conf").write_text(self.config.get("nhc-conf", ""))

    def _on_slurm_info(self, event):
        Path("/etc/nhc/slurm.vars").write_text(self.config.get("partition", ""))  # want PY001


class LeaderOnlyHereCharm(ops.CharmBase):
    """The leader-gated step is not one the reconciler runs: the
    leader-elected handler keeps it out of the reconciler."""

    def __init__(self, framework):
        super().__init__(framework)
        for event in [self.on.config_changed, self.on.update_status, self.on["db"].relation_changed]:
            framework.observe(event, self._reconcile)
        framework.observe(self.on.leader_elected, self._on_leader_elected)

    def _reconcile(self, _):
        self.unit.get_container("app").push("/etc/app.conf", self.config["conf"])

    def _on_leader_elected(self, event):
        self._set_main_unit()  # want PY001

    def _set_main_unit(self):
        if not self.unit.is_leader():
            return
        self.model.get_relation("peers").data[self.app]["main"] = self.unit.name


class PortProvider(ops.Object):
    def __init__(self, charm, relation_name, port=9100):
        super().__init__(charm, relation_name)
        self._port = port
        self.framework.observe(charm.on[relation_name].relation_joined, self._on_relation_joined)

    def _on_relation_joined(self, event):
        event.relation.data[self.model.unit]["port"] = str(self._port)  # want PY001


class ConfiguredProviderCharm(ops.CharmBase):
    """Built with a config value: what the provider published goes stale
    when the option changes."""

    def __init__(self, framework):
        super().__init__(framework)
        self.scrape = PortProvider(self, "scrape", port=self.config["port"])
