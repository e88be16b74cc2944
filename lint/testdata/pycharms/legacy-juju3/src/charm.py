#!/usr/bin/env python3
"""Features Juju 4 removed: leader settings, metrics, series upgrades."""

import subprocess

import ops


class LegacyCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.leader_settings_changed, self._on_leader_settings_changed)
        framework.observe(self.on.collect_metrics, self._on_collect_metrics)
        framework.observe(self.on.pre_series_upgrade, self._on_pre_series_upgrade)
        framework.observe(self.on.config_changed, self._on_config_changed)

    def _on_leader_settings_changed(self, event):
        password = subprocess.check_output(["leader-get", "password"]).decode().strip()
        self._configure(password)

    def _on_config_changed(self, event):
        if self.unit.is_leader():
            subprocess.check_call(["leader-set", "password=hunter2"])

    def _on_collect_metrics(self, event):
        event.add_metrics({"users": 42})

    def _on_pre_series_upgrade(self, event):
        subprocess.check_call(["systemctl", "stop", "app"])

    def _configure(self, password):
        pass


if __name__ == "__main__":
    ops.main(LegacyCharm)
