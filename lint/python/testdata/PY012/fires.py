import subprocess

import ops
from charmhelpers.core.hookenv import Hooks


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.leader_settings_changed, self._on_leader_settings)  # want PY012
        framework.observe(self.on.collect_metrics, self._on_collect_metrics)  # want PY012
        for ev in (self.on.pre_series_upgrade, self.on.post_series_upgrade):
            framework.observe(ev, self._on_series)  # want PY012

    def _on_leader_settings(self, event):
        subprocess.check_output(["leader-get", "password"])  # want PY012

    def _on_collect_metrics(self, event):
        event.add_metrics({"users": 3})  # want PY012

    def _on_series(self, event):
        self.model.pod.set_spec({})  # want PY012


hooks = Hooks()


@hooks.hook("config-changed", "leader-settings-changed")  # want PY012
def config_changed():
    pass


@hooks.hook("pre-series-upgrade")  # want PY012
def pre_series_upgrade():
    pass
