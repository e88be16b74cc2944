# declared: config=port,ca_cert actions=backup,create-user endpoints=db,cluster,kube-control
import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.backup_action, self._on_backup)
        framework.observe(self.on["create-user"].action, self._on_create_user)
        framework.observe(self.on["db"].relation_joined, self._reconcile)
        framework.observe(self.on.cluster_relation_changed, self._reconcile)
        framework.observe(self.on.kube_control_relation_broken, self._reconcile)
        self.tls = TLS(self, "certificates")
        framework.observe(self.tls.on.certificate_available, self._reconcile)

    def _reconcile(self, _):
        port = self.config["port"]
        ca = self.model.config.get("ca_cert")
        key = "port"
        port = self.config.get(key)  # not a literal: not judged
        cget = self.model.config.get
        ca = cget("ca_cert")  # declared, through the getter's alias
        lookup = {"x": 1}.get
        x = lookup("anything")  # a dict's get, not config's

    def _on_backup(self, event):
        event.set_results({"done": True})

    def _on_create_user(self, event):
        pass


class Settings:
    """Its own config dict: not the charm's."""

    def __init__(self):
        self.config = {"anything": 1}

    def get(self):
        return self.config["anything"]


class TypedConfigCharm(ops.CharmBase):
    """A config property of its own: self.config is not ops' ConfigData."""

    @property
    def config(self):
        return {"anything": 1}

    def _reconcile(self, _):
        return self.config["anything"]


class LeftoverGetter(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        self.unit.status = ops.ActiveStatus(str(self.config["port"]))

    def _get_usim_opc_from_config(self):
        # Left behind when the option was removed: nothing calls it, so
        # the read never runs (ueransim-k8s).
        return self.config.get("usim-opc")
