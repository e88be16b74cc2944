#!/usr/bin/env python3
"""Handlers bound with functools.partial and lambdas."""

import functools
import json

import ops


class PartialCharm(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        for endpoint in ("db", "cache"):
            framework.observe(
                self.on[endpoint].relation_changed,
                functools.partial(self._on_backend_changed, endpoint=endpoint),
            )
        framework.observe(self.on.config_changed, lambda event: self._reconcile())
        framework.observe(self.on.leader_elected, lambda _: self._reconcile())

    def _on_backend_changed(self, event, endpoint):
        data = dict(event.relation.data[event.app])
        self._save(endpoint, data)

    def _save(self, endpoint, data):
        with open(f"/var/lib/app/{endpoint}.json", "w") as f:
            json.dump(data, f)

    def _reconcile(self):
        if self.unit.is_leader():
            for relation in self.model.relations["db"]:
                relation.data[self.app]["mode"] = self.config["mode"]


if __name__ == "__main__":
    ops.main(PartialCharm)
