import subprocess
import ops


class C(ops.CharmBase):
    def __init__(self, framework):
        super().__init__(framework)
        framework.observe(self.on.config_changed, self._reconcile)
        framework.observe(self.on.install, self._on_install)
        framework.observe(self.on.start, self._on_start)

    def _reconcile(self, event):
        with open("/etc/app.conf") as f:
            current = f.read()
        if current != self._render():
            with open("/etc/app.conf", "w") as f:
                f.write(self._render())

    def _render(self):
        return "port=80\n"

    def _on_install(self, event):
        # Runs once: appending here is not a reconcile problem.
        with open("/etc/hosts", "a") as f:
            f.write("10.0.0.1 db\n")

    def _on_start(self, event):
        # The watcher's own log: a process appends its output by design.
        subprocess.Popen(["/usr/bin/watch-config"], stdout=open("/var/log/watcher.log", "a"), stderr=subprocess.STDOUT)
