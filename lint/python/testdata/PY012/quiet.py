import ops
from charmhelpers.core.hookenv import Hooks


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on["cluster"].relation_changed, self._reconcile)
        framework.observe(self.on.leader_elected, self._reconcile)

    def _reconcile(self, event):
        peers = self.model.get_relation("cluster")
        if peers and self.unit.is_leader():
            peers.data[self.app]["settings"] = "{}"


hooks = Hooks()


@hooks.hook("config-changed", "upgrade-charm")
def config_changed():
    pass


class Base(ops.CharmBase):
    """A base class (as ops_sunbeam's) whose leader_get/leader_set read and
    write the peer relation's application databag: not the hook tools."""

    def leader_get(self, key):
        return self.model.get_relation("peers").data[self.app].get(key)

    def leader_set(self, **kw):
        self.model.get_relation("peers").data[self.app].update(kw)


class D(Base):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)

    def _reconcile(self, event):
        if self.unit.is_leader() and not self.leader_get("secret"):
            self.leader_set(secret="x")
