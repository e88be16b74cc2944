"""The workload's configuration file; the caller compares before writing."""

import ops


class ConfigFile:
    def __init__(self, container: ops.Container):
        self._container = container

    def changed(self, level: str) -> bool:
        return self._container.pull("/etc/app/app.conf").read() != f"level={level}\n"

    def write(self, level: str) -> None:
        self._container.push("/etc/app/app.conf", f"level={level}\n")

    def restart(self) -> None:
        self._container.restart("app")
