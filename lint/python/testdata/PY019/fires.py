# declared: config=port,ca_cert actions=backup endpoints=db,cluster
import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.fortune_action, self._on_fortune)  # want PY019
        framework.observe(self.on["website"].relation_joined, self._reconcile)  # want PY019
        framework.observe(self.on.ingress_relation_changed, self._reconcile)  # want PY019

    def _reconcile(self, _):
        ca = self.config.get("ssl_ca")  # want PY019
        host = self.model.config["external_hostname"]  # want PY019
        config = self.model.config
        name = config.get("backend-name", "nfs")  # want PY019
        cget = self.model.config.get
        prefix = cget("account-prefix")  # want PY019

    def _on_fortune(self, event):
        event.set_results({"fortune": "ok"})


class Component(ops.Object):
    def __init__(self, charm):
        super().__init__(charm, "component")
        self._charm = charm

    def url(self):
        return self._charm.config["web_external_url"]  # want PY019
