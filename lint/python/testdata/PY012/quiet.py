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
