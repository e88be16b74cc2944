"""The workload: Pebble calls the charm makes through it."""

import ops


class Workload:
    def __init__(self, container: ops.Container):
        self._container = container

    def configure(self, level: str) -> None:
        self._container.push("/etc/app/app.conf", f"level={level}\n")

    def restart(self) -> None:
        self._container.restart("app")
